"""Results kept in memory for a short while, so a result page has its own URL (post, redirect,
get) that can be reloaded, printed or opened in another tab. Nothing is written to disk."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from vc_led import VerificationResult

__all__ = ["ResultStore", "StoredResult"]


@dataclass(frozen=True, slots=True)
class StoredResult:
    """A verification result, when it was made, and the size of the document verified."""

    result: VerificationResult
    verified_at: datetime
    size: int = 0


class ResultStore:
    """A bounded, expiring, thread-safe map from unguessable ids to results.

    A result holds the parsed document (the report shows its claims), so the store is bounded
    by the documents' total size as well as by their number.

    Args:
        ttl: how long a result is kept.
        max_entries: most results kept (the oldest are dropped first).
        max_bytes: most bytes of verified documents kept (the oldest are dropped first; the
            newest result is always kept).
    """

    def __init__(self, *, ttl: timedelta, max_entries: int, max_bytes: int | None = None) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._max_bytes = max_bytes
        self._bytes = 0
        self._items: OrderedDict[str, StoredResult] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, result: VerificationResult, *, now: datetime, size: int = 0) -> str:
        """Keep ``result`` (of a document of ``size`` bytes); return its new id."""
        key = secrets.token_urlsafe(18)
        with self._lock:
            self._expire(now)
            self._items[key] = StoredResult(result, now, size)
            self._bytes += size
            while len(self._items) > self._max or self._over_bytes():
                self._bytes -= self._items.popitem(last=False)[1].size
        return key

    def _over_bytes(self) -> bool:
        limit = self._max_bytes
        return limit is not None and self._bytes > limit and len(self._items) > 1

    def get(self, key: str, *, now: datetime) -> StoredResult | None:
        """The result kept under ``key``, unless it expired."""
        with self._lock:
            self._expire(now)
            return self._items.get(key)

    def _expire(self, now: datetime) -> None:
        while self._items:
            key, item = next(iter(self._items.items()))
            if now - item.verified_at <= self._ttl:
                break
            del self._items[key]
            self._bytes -= item.size
