"""Admission to expensive work: a per-client rate limit in bounded memory (a token bucket per
client key), and a bound on how many requests may be under way at once.

Framework-free (no ASGI, no FastAPI), so any service can use it: ask :meth:`RateLimiter.take`
before expensive work and answer 429 with ``Retry-After`` when it returns a wait; enter a
:class:`ConcurrencyLimit` before reading a request's body and answer 503 when it is full.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["ConcurrencyLimit", "RateLimiter", "client_key"]


def client_key(host: str | None) -> str:
    """The key a client is limited under: its IPv4 address, or its IPv6 /64 network (one
    subscriber usually holds a whole /64)."""
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return host or ""
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address.ipv4_mapped or address) if address.version == 6 else str(address)


class RateLimiter:
    """``per_minute`` requests per client on average, ``burst`` at once.

    Args:
        per_minute: the sustained rate (tokens added per minute), at least 1.
        burst: the bucket's size (requests allowed at once), at least 1.
        max_clients: most clients remembered; the least recently seen is forgotten first
            (memory stays bounded; a forgotten client starts again with a full bucket).
        clock: monotonic seconds (injectable for tests).
    """

    def __init__(
        self,
        *,
        per_minute: int,
        burst: int,
        max_clients: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = max(1, per_minute) / 60.0
        self._burst = float(max(1, burst))
        self._max = max(1, max_clients)
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> int | None:
        """Spend one request of ``client``.

        Returns:
            ``None`` when it may proceed, else the whole seconds to wait (``Retry-After``).
        """
        now = self._clock()
        with self._lock:
            tokens, seen = self._buckets.pop(client, (self._burst, now))
            tokens = min(self._burst, tokens + (now - seen) * self._rate)
            wait = None if tokens >= 1 else max(1, math.ceil((1 - tokens) / self._rate))
            self._buckets[client] = (tokens - 1 if wait is None else tokens, now)
            while len(self._buckets) > self._max:
                self._buckets.popitem(last=False)
        return wait

    def __len__(self) -> int:
        return len(self._buckets)


class ConcurrencyLimit:
    """At most ``limit`` holders at once; no queue (a caller that finds it full is refused).

    Args:
        limit: how many may hold it at once, at least 1.
    """

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._held = 0
        self._lock = threading.Lock()

    def try_enter(self) -> bool:
        """Take a place if one is free."""
        with self._lock:
            if self._held >= self.limit:
                return False
            self._held += 1
            return True

    def leave(self) -> None:
        """Give a place back."""
        with self._lock:
            self._held = max(0, self._held - 1)
