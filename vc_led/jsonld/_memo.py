"""Memoized JSON-LD context processing for pyld (3.3.x).

pyld caches a processed context per *active context*, but a type-scoped context (which does
not propagate) is applied to a fresh clone of the active context on every node, so the cache
never hits and the same scoped contexts are re-processed for every document (most of the
cost of canonicalizing a credential). :class:`MemoProcessor` memoizes ``_process_context`` on
``(active context identity, local context identity, flags)``:

* active contexts are immutable (pyld freezes them) and each carries a unique ``_uuid``;
* local contexts are memoized in the shared memo only when they are URL strings or come from
  documents served by our own loader (kept alive in the memo, so their identity cannot be
  reused); inline contexts written in the document being processed (including the scoped
  contexts of its own term definitions) are memoized for that one expansion only, so a
  type-scoped context with thousands of terms is processed once per active context, not once
  per node, and nothing a document wrote outlives its expansion.

Context processing is also metered (:class:`ContextMeter`): every term definition created,
every active-context entry cloned and every inline context resolved is charged, and a document
whose contexts need more than ``Limits.max_context_work`` is refused with
``context.processing_too_costly``.

The canonical output is checked to equal plain pyld's on the W3C vectors and every fixture
(``tests/unit/test_canon.py``).
"""

from __future__ import annotations

import json
import threading
from typing import Any

from cachetools import LRUCache
from frozendict import frozendict
from pyld import jsonld

from ..errors import ContextError, LimitExceededError
from ..results import ErrorCode

__all__ = ["PROCESSING_TOO_COSTLY", "ContextMemo", "ContextMeter", "MemoProcessor", "json_copy"]

PROCESSING_TOO_COSTLY = ErrorCode.CONTEXT_PROCESSING_TOO_COSTLY
# Work units, weighted so a unit costs about the same time: a term definition (1), this many
# active-context entries cloned, this many characters of an inline context resolved (pyld
# canonicalizes it to find it in its cache).
_CLONED_PER_UNIT = 32
# Term definitions being created inside one another (a term whose IRI uses another term as a
# prefix, a scoped context's terms): pyld recurses for each, so the chain is bounded well
# below Python's recursion limit.
_MAX_TERM_DEPTH = 128
_CHARS_PER_UNIT = 64


class ContextMeter:
    """The context-processing work of one expansion, against a budget.

    Args:
        budget: the most work units allowed (``Limits.max_context_work``).
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0

    def charge(self, units: int) -> None:
        """Add ``units``.

        Raises:
            LimitExceededError: ``context.processing_too_costly`` past the budget.
        """
        self.used += units
        if self.used > self.budget:
            raise LimitExceededError(
                PROCESSING_TOO_COSTLY,
                "the document's contexts need more processing than allowed",
                {"limit": self.budget},
            )


class ContextMemo:
    """A bounded, thread-safe memo of processed contexts and of IRI expansions against them,
    plus the identities that are safe to memoize (context documents our loader served)."""

    def __init__(self, maxsize: int = 2048, iri_maxsize: int = 65536) -> None:
        self._entries: LRUCache[tuple[Any, ...], tuple[Any, Any]] = LRUCache(maxsize=maxsize)
        self._served: dict[int, Any] = {}
        self._lock = threading.Lock()
        # (id(active_ctx), value, base, vocab) -> (active_ctx, expanded IRI); a plain dict,
        # emptied when full (cheaper than an LRU on this hot path)
        self.iris: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        self.iri_maxsize = iri_maxsize

    def mark_served(self, document: Any) -> None:
        """Remember every dict inside a served context document as safe to memoize."""
        stack = [document]
        with self._lock:
            while stack:
                item = stack.pop()
                if isinstance(item, dict):
                    self._served[id(item)] = item
                    stack.extend(item.values())
                elif isinstance(item, list):
                    stack.extend(item)

    def key_part(self, local_ctx: Any) -> Any:
        """A memo key for ``local_ctx``, or ``None`` when it must not be memoized."""
        if isinstance(local_ctx, str):
            return ("url", local_ctx)
        if isinstance(local_ctx, dict | list):
            items = local_ctx if isinstance(local_ctx, list) else [local_ctx]
            parts: list[str | int] = []
            for item in items:
                if isinstance(item, str):
                    parts.append(item)
                elif isinstance(item, dict) and self._served.get(id(item)) is item:
                    parts.append(id(item))
                else:
                    return None
            return ("ids", id(local_ctx) if isinstance(local_ctx, list) else None, tuple(parts))
        return None

    def get(self, key: tuple[Any, ...], active_ctx: Any, local_ctx: Any) -> Any:
        with self._lock:
            hit = self._entries.get(key)
        if hit is None or hit[0][0] is not active_ctx or hit[0][1] is not local_ctx:
            return None
        return hit[1]

    def put(self, key: tuple[Any, ...], active_ctx: Any, local_ctx: Any, result: Any) -> None:
        with self._lock:
            self._entries[key] = ((active_ctx, local_ctx), result)


class MemoProcessor(jsonld.JsonLdProcessor):  # type: ignore[misc]
    """A pyld processor whose context processing is memoized in a :class:`ContextMemo`."""

    def __init__(self, memo: ContextMemo, meter: ContextMeter, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._memo = memo
        self._meter = meter
        # (id(active_ctx), id(local_ctx), flags) -> (active_ctx, local_ctx, result), for the
        # inline contexts of the document being expanded; dropped with the processor
        self._inline: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}
        self._term_depth = 0

    def expand(self, input_: Any, options: Any) -> Any:
        """Expand a JSON-LD document (a mapping; never a URL to load).

        Same steps as ``JsonLdProcessor.expand`` for an in-memory document without
        ``expandContext``, but the input is copied with a JSON-specific copier instead of
        ``copy.deepcopy`` (several times faster).
        """
        options = dict(options)
        options.setdefault("isFrame", False)
        options.setdefault("keepFreeFloatingNodes", False)
        options.setdefault("processingMode", "json-ld-1.1")
        options.setdefault("extractAllScripts", False)
        active_ctx = self._get_initial_context(options)
        expanded = self._expand(active_ctx, None, json_copy(input_), options, inside_list=False)
        if isinstance(expanded, dict) and "@graph" in expanded and len(expanded) == 1:
            expanded = expanded["@graph"]
        elif expanded is None:
            expanded = []
        return expanded if isinstance(expanded, list) else [expanded]

    def _expand_iri(
        self,
        active_ctx: Any,
        value: Any,
        base: Any = None,
        vocab: bool = False,
        local_ctx: Any = None,
        defined: Any = None,
    ) -> Any:
        if (
            local_ctx is not None
            or defined is not None
            or not isinstance(value, str)
            or not _frozen(active_ctx)
        ):
            return super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        key = (id(active_ctx), value, base, vocab)
        hit = self._memo.iris.get(key)
        if hit is not None and hit[0] is active_ctx:
            return hit[1]
        result = super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        if len(self._memo.iris) >= self._memo.iri_maxsize:
            self._memo.iris.clear()
        self._memo.iris[key] = (active_ctx, result)
        return result

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        part = self._memo.key_part(local_ctx)
        uuid = active_ctx.get("_uuid") if isinstance(active_ctx, dict) else None
        flags = (override_protected, propagate, validate_scoped)
        if part is None and _frozen(active_ctx) and isinstance(local_ctx, dict | list):
            return self._process_inline(active_ctx, local_ctx, options, flags, cycles)
        if part is None or uuid is None or not _frozen(active_ctx):
            return self._process(active_ctx, local_ctx, options, flags, cycles)
        key = (uuid, id(active_ctx), part, *flags)
        hit = self._memo.get(key, active_ctx, local_ctx)
        if hit is not None:
            return hit
        result = self._process(active_ctx, local_ctx, options, flags, cycles)
        if _frozen(result):
            self._memo.put(key, active_ctx, local_ctx, result)
        return result

    def _process_inline(
        self, active_ctx: Any, local_ctx: Any, options: Any, flags: tuple[bool, ...], cycles: Any
    ) -> Any:
        key = (id(active_ctx), id(local_ctx), *flags)
        hit = self._inline.get(key)
        if hit is not None and hit[0] is active_ctx and hit[1] is local_ctx:
            return hit[2]
        self._meter.charge(_size(local_ctx) // _CHARS_PER_UNIT)
        result = self._process(active_ctx, local_ctx, options, flags, cycles)
        if _frozen(result):
            self._inline[key] = (active_ctx, local_ctx, result)
        return result

    def _process(
        self, active_ctx: Any, local_ctx: Any, options: Any, flags: tuple[bool, ...], cycles: Any
    ) -> Any:
        override_protected, propagate, validate_scoped = flags
        return super()._process_context(
            active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
        )

    def _create_term_definition(self, *args: Any, **kwargs: Any) -> Any:
        self._meter.charge(1)
        if self._term_depth >= _MAX_TERM_DEPTH:  # pyld recurses for each term a term uses
            raise ContextError(
                ErrorCode.CONTEXT_INVALID, "term definitions depend on each other too deeply"
            )
        self._term_depth += 1
        try:
            return super()._create_term_definition(*args, **kwargs)
        finally:
            self._term_depth -= 1

    def _clone_active_context(self, active_ctx: Any) -> Any:
        self._meter.charge(1 + len(active_ctx["mappings"]) // _CLONED_PER_UNIT)
        return super()._clone_active_context(active_ctx)


def _size(local_ctx: Any) -> int:
    try:
        return len(json.dumps(local_ctx, default=str))
    except (TypeError, ValueError, RecursionError):
        return 0


def json_copy(value: Any) -> Any:
    """Deep copy of parsed JSON (dicts, lists, scalars) — much faster than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) for v in value]
    return value


def _frozen(ctx: Any) -> bool:
    return isinstance(ctx, frozendict)
