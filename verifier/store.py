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
    """A verification result and when it was made."""

    result: VerificationResult
    verified_at: datetime


class ResultStore:
    """A bounded, expiring, thread-safe map from unguessable ids to results.

    Args:
        ttl: how long a result is kept.
        max_entries: most results kept (the oldest are dropped first).
    """

    def __init__(self, *, ttl: timedelta, max_entries: int) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._items: OrderedDict[str, StoredResult] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, result: VerificationResult, *, now: datetime) -> str:
        """Keep ``result``; return its new id."""
        key = secrets.token_urlsafe(18)
        with self._lock:
            self._expire(now)
            self._items[key] = StoredResult(result, now)
            while len(self._items) > self._max:
                self._items.popitem(last=False)
        return key

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
