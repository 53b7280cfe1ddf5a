"""Safe-mode JSON-LD canonicalization (RDFC-1.0 / URDNA2015) with cached processed contexts.

:class:`Canonicalizer` turns a JSON-LD document into canonical N-Quads. It runs JSON-LD
expansion in *safe mode*: any property the contexts do not define (expansion would drop it),
any relative ``@type``/``@id``, any protected-term redefinition and any mix of the VC v1 and
v2 base contexts raises :class:`~vc_led.errors.ContextError` with a stable code. It bounds the
total work of RDFC-1.0 (dataset poisoning; :mod:`vc_led.jsonld._rdfc`) with
:class:`~vc_led.limits.Limits`.

Processed contexts are cached per canonicalizer (not in pyld's process-wide cache);
:func:`shared_canonicalizer` gives the one canonicalizer of a context registry (and limits),
so every signing and verification with the same registry reuses the processed contexts.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver
from pyld.identifier_issuer import IdentifierIssuer

from ..errors import ContextError, DocumentError, LimitExceededError
from ..limits import DEFAULT_LIMITS, Limits, json_depth
from ..results import ErrorCode
from ._memo import ContextMemo, ContextMeter, MemoProcessor
from ._nodemap import node_map
from ._rdfc import Rdfc
from .loader import ContextRegistry, StrictDocumentLoader, default_registry

__all__ = [
    "V1_CONTEXT",
    "V2_CONTEXT",
    "CanonicalForm",
    "Canonicalizer",
    "WorkBudget",
    "shared_canonicalizer",
]

V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"

_PYLD_CODES = {
    "protected term redefinition": ErrorCode.CONTEXT_PROTECTED_TERM_REDEFINITION,
    "loading remote context failed": ErrorCode.CONTEXT_NOT_AVAILABLE_OFFLINE,
    "loading document failed": ErrorCode.CONTEXT_NOT_AVAILABLE_OFFLINE,
}


@dataclass(frozen=True, slots=True)
class CanonicalForm:
    """The canonical N-Quads of a document and how many blank nodes it has."""

    nquads: str
    blank_nodes: int
    hash_name: str = "sha256"


@dataclass(slots=True)
class WorkBudget:
    """The work units left for one verification, spent across every canonicalization it does
    (a credential and its proofs, or a presentation and every credential it embeds)."""

    canonicalization: int
    context: int


class Canonicalizer:
    """Safe-mode RDFC-1.0 canonicalization with a strict loader and a processed-context cache.

    Args:
        loader: the document loader (default: the shipped contexts only).
        limits: denial-of-service limits.
    """

    def __init__(
        self, loader: StrictDocumentLoader | None = None, *, limits: Limits = DEFAULT_LIMITS
    ):
        self.loader = loader or StrictDocumentLoader()
        self.limits = limits
        self._cache: LRUCache[str, Any] = LRUCache(maxsize=256)
        self._lock = threading.Lock()
        self._memo = ContextMemo()
        self.budget: WorkBudget | None = None

    def with_budget(self) -> Canonicalizer:
        """A view of this canonicalizer (same loader, limits and caches) whose work limits
        (``max_canonicalization_work``, ``max_context_work``) are one budget spent across all
        its calls, instead of a fresh budget per call. One per verification; not thread-safe.
        """
        twin = copy.copy(self)
        twin.budget = WorkBudget(
            self.limits.max_canonicalization_work, self.limits.max_context_work
        )
        return twin

    def _options(self) -> dict[str, Any]:
        loader = _MarkingLoader(self.loader, self._memo)
        return {
            "documentLoader": loader,
            "contextResolver": ContextResolver(_LockedCache(self._cache, self._lock), loader),
            "base": None,  # keep relative IRIs relative (pyld would resolve "" against example.org)
            "processingMode": "json-ld-1.1",
        }

    def expand(self, document: Mapping[str, Any]) -> list[Any]:
        """Expand ``document`` in safe mode.

        Raises:
            ContextError: on an undefined term or type, a relative IRI, a protected-term
                redefinition, mixed v1/v2 contexts, or a context not available offline.
            LimitExceededError: ``structure.too_deep`` (nested deeper than the limits allow) or
                ``context.processing_too_costly`` (contexts too costly to process).
        """
        if json_depth(document, limit=self.limits.max_depth) > self.limits.max_depth:
            raise LimitExceededError(  # before anything below recurses
                ErrorCode.STRUCTURE_TOO_DEEP,
                "document is nested too deeply",
                {"limit": self.limits.max_depth},
            )
        check_context_versions(document)
        dropped: list[str] = []
        meter = ContextMeter(
            self.limits.max_context_work if self.budget is None else self.budget.context
        )
        processor = MemoProcessor(
            self._memo, meter, on_property_dropped=lambda p: dropped.append(str(p))
        )
        try:
            expanded = processor.expand(dict(document), self._options())
        except Exception as exc:  # pyld raises more than JsonLdError on odd input (bugs)
            raise _translate(exc) from None
        finally:
            if self.budget is not None:
                self.budget.context = max(0, meter.budget - meter.used)
        if dropped:
            term = dropped[0] if dropped[0] != "None" else "(a keyword-like key)"
            raise ContextError(
                ErrorCode.CONTEXT_UNDEFINED_TERM,
                f"term {term!r} is not defined by the document's contexts",
                {"term": term[:200]},
            )
        _check_iris(expanded)
        return list(expanded)

    def canonicalize(
        self, document: Mapping[str, Any], *, hash_name: str = "sha256"
    ) -> CanonicalForm:
        """Return the RDFC-1.0 canonical N-Quads of ``document`` (safe mode, bounded work).

        Args:
            document: the JSON-LD document.
            hash_name: the RDFC-1.0 hash function (``sha256`` or ``sha384``).

        Raises:
            ContextError: as :meth:`expand`.
            LimitExceededError: as :meth:`canonicalize_expanded`.
        """
        expanded = self.expand(document)
        return self.canonicalize_expanded(expanded, hash_name=hash_name)

    def canonicalize_expanded(
        self, expanded: list[Any], *, hash_name: str = "sha256"
    ) -> CanonicalForm:
        """Canonicalize an already expanded (and checked) document.

        Raises:
            LimitExceededError: ``context.too_many_blank_nodes`` or
                ``context.canonicalization_too_costly``.
        """
        try:
            dataset = _to_dataset(expanded)
        except Exception as exc:
            raise _translate(exc) from None
        blanks = _count_blank_nodes(dataset)
        if blanks > self.limits.max_blank_nodes:
            raise LimitExceededError(
                ErrorCode.CONTEXT_TOO_MANY_BLANK_NODES,
                f"document has {blanks} blank nodes (limit {self.limits.max_blank_nodes})",
                {"blank_nodes": blanks, "limit": self.limits.max_blank_nodes},
            )
        if hash_name not in ("sha256", "sha384"):
            raise ValueError(f"unsupported RDFC-1.0 hash {hash_name!r}")
        budget = self.budget
        max_work = (
            self.limits.max_canonicalization_work if budget is None else budget.canonicalization
        )
        rdfc = Rdfc(
            hash_name=hash_name,
            max_work=max_work,
            max_calls_per_node=max(blanks, 1) ** self.limits.max_deep_iterations_factor,
        )
        try:
            nquads = rdfc.canonicalize(dataset)
        finally:
            if budget is not None:
                budget.canonicalization = max(0, max_work - rdfc.work)
        return CanonicalForm(nquads=nquads, blank_nodes=blanks, hash_name=hash_name)


def shared_canonicalizer(
    registry: ContextRegistry | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> Canonicalizer:
    """The canonicalizer of ``registry`` and ``limits``, kept with the registry (see
    :meth:`ContextRegistry.derived`): every call with the same registry object gets the same
    canonicalizer, so contexts are processed once, not once per call. Thread-safe; another
    registry (even one with the same URLs) gets its own.

    Args:
        registry: the contexts (default: the shipped ones, :func:`default_registry`).
        limits: denial-of-service limits.

    Returns:
        The shared canonicalizer (use :meth:`Canonicalizer.with_budget` for a budgeted view).
    """
    reg = registry if registry is not None else default_registry()
    return reg.derived(
        ("canonicalizer", limits),
        lambda: Canonicalizer(StrictDocumentLoader(reg), limits=limits),
    )


def _to_dataset(expanded: list[Any]) -> dict[str, list[dict[str, Any]]]:
    """The RDF dataset of an already expanded document (JSON-LD 1.1 Deserialize, §8.1).

    ``JsonLdProcessor.to_rdf`` would expand (and deep-copy) the document a second time; this
    runs the node-map step (:mod:`._nodemap`, linear) and pyld's graph-to-RDF step directly.
    pyld is pinned to 3.3.x, and ``tests/unit/test_canon.py`` checks the result equals
    ``jsonld.normalize`` on every fixture.
    """
    processor = jsonld.JsonLdProcessor()
    issuer = IdentifierIssuer("_:b")
    graphs = node_map(expanded, issuer)  # pyld's _create_node_map is quadratic in array size
    options = {
        "produceGeneralizedRdf": False,
        "rdfDirection": None,
        "processingMode": "json-ld-1.1",
    }
    dataset: dict[str, list[dict[str, Any]]] = {}
    for graph_name, graph in sorted(graphs.items()):
        if graph_name == "@default" or _is_absolute(graph_name):
            dataset[graph_name] = processor._graph_to_rdf(graph, issuer, options)
    return dataset


class _MarkingLoader:
    """Wraps the loader so the memo knows which context objects came from it."""

    def __init__(self, loader: StrictDocumentLoader, memo: ContextMemo) -> None:
        self._loader = loader
        self._memo = memo

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        remote = self._loader(url, options)
        self._memo.mark_served(remote["document"])
        return remote


class _LockedCache:
    """Minimal mapping wrapper so several threads can share one processed-context cache."""

    def __init__(self, cache: LRUCache[str, Any], lock: threading.Lock) -> None:
        self._cache = cache
        self._lock = lock

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            return self._cache.get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        with self._lock:
            self._cache[key] = value


def _count_blank_nodes(dataset: Mapping[str, list[dict[str, Any]]]) -> int:
    seen: set[str] = set()
    for graph, triples in dataset.items():
        if graph.startswith("_:"):
            seen.add(graph)
        for triple in triples:
            for part in ("subject", "object"):
                if triple[part]["type"] == "blank node":
                    seen.add(triple[part]["value"])
    return len(seen)


def _iter_contexts(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                yield from item if isinstance(item, list) else [item]
            else:
                yield from _iter_contexts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _iter_contexts(item)


def check_context_versions(document: Mapping[str, Any]) -> None:
    """Refuse a document that uses both the VC v1 and v2 base contexts anywhere, or that
    references a context by a relative URL.

    Raises:
        ContextError: ``context.mixed_versions`` or ``context.not_available_offline``.
    """
    urls = {c for c in _iter_contexts(dict(document)) if isinstance(c, str)}
    for url in urls:
        if not _is_absolute(url) or url.startswith("_:"):
            raise ContextError(
                ErrorCode.CONTEXT_NOT_AVAILABLE_OFFLINE,
                f"context reference {url[:80]!r} is not an absolute URL",
                {"url": url[:200]},
            )
    if V1_CONTEXT in urls and V2_CONTEXT in urls:
        raise ContextError(
            ErrorCode.CONTEXT_MIXED_VERSIONS,
            "the document mixes the VC 1.1 and VC 2.0 base contexts",
        )


def _is_absolute(iri: str) -> bool:
    if iri.startswith("_:"):
        return True
    scheme, sep, _ = iri.partition(":")
    return bool(sep) and scheme[:1].isalpha() and all(c.isalnum() or c in "+-." for c in scheme)


def _check_iris(expanded: Any) -> None:
    stack = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        types = item.get("@type", [])
        for t in types if isinstance(types, list) else [types]:
            if isinstance(t, str) and not _is_absolute(t) and "@value" not in item:
                raise ContextError(
                    ErrorCode.CONTEXT_UNDEFINED_TYPE,
                    f"type {t!r} is not defined by the document's contexts",
                    {"type": t[:200]},
                )
        node_id = item.get("@id")
        if isinstance(node_id, str) and not _is_absolute(node_id):
            raise ContextError(
                ErrorCode.CONTEXT_RELATIVE_IRI,
                f"identifier {node_id!r} is not an absolute IRI",
                {"id": node_id[:200]},
            )
        for key in item:
            if key.startswith("_:"):
                raise ContextError(
                    ErrorCode.CONTEXT_UNDEFINED_TERM,
                    f"property {key!r} is a blank node, which RDF drops (unsigned claim)",
                    {"term": key[:200]},
                )
        stack.extend(v for k, v in item.items() if k not in ("@value", "@type", "@id"))


def _translate(exc: Exception) -> DocumentError:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DocumentError):
            return cause
        code = getattr(cause, "code", None)
        if code in _PYLD_CODES:
            return ContextError(_PYLD_CODES[code], f"JSON-LD error: {code}")
        cause = cause.__cause__ or cause.__context__
    code = getattr(exc, "code", None) or getattr(exc, "type", None) or type(exc).__name__
    return ContextError(ErrorCode.CONTEXT_INVALID, f"JSON-LD processing failed: {str(code)[:80]}")
