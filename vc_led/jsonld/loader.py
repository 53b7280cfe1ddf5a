"""The context registry (contexts/ + manifest.json) and the strict offline document loader.

Only contexts shipped in ``contexts/`` (hash-checked against ``manifest.json``) and contexts a
caller registers explicitly are served. Any other URL raises
:class:`~vc_led.errors.ContextError` with code ``context.not_available_offline``: never a fetch.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections.abc import Callable, Hashable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

from cachetools import LRUCache

from ..errors import ConfigurationError, ContextError
from ..results import ErrorCode

__all__ = [
    "CONTEXT_NOT_AVAILABLE",
    "ContextRegistry",
    "StrictDocumentLoader",
    "contexts_dir",
    "default_registry",
]

CONTEXT_NOT_AVAILABLE = ErrorCode.CONTEXT_NOT_AVAILABLE_OFFLINE
#: Objects derived from one registry and kept with it (canonicalizers, one per ``Limits``).
MAX_DERIVED = 8
_T = TypeVar("_T")


def contexts_dir() -> Path:
    """The folder holding the shipped contexts: ``vc_led/_contexts`` in a wheel, else the
    repository's ``contexts/``.

    Raises:
        ConfigurationError: when neither exists.
    """
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_contexts", here.parent / "contexts"):
        if (candidate / "manifest.json").is_file():
            return candidate
    raise ConfigurationError("contexts/manifest.json not found: vc-led is not installed correctly")


class ContextRegistry:
    """URL -> parsed JSON-LD context document. Thread-safe; documents are stored parsed.

    A registry also keeps what is derived from it (:meth:`derived`): the canonicalizer whose
    processed-context cache serves every signing and verification that passes this registry
    object (:func:`vc_led.jsonld.canon.shared_canonicalizer`). Registries never share it: a URL
    two registries define differently is processed once per registry.

    Args:
        documents: initial URL -> document mapping.
    """

    def __init__(self, documents: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._docs: dict[str, Mapping[str, Any]] = dict(documents or {})
        self._lock = threading.Lock()
        self._derived: LRUCache[Hashable, Any] = LRUCache(maxsize=MAX_DERIVED)
        self._derived_lock = threading.Lock()

    def derived(self, key: Hashable, build: Callable[[], _T]) -> _T:
        """The object ``build()`` made for ``key`` on the first call, kept with this registry
        (at most :data:`MAX_DERIVED` keys, least recently used dropped). Thread-safe: ``build``
        runs at most once per key while the key is kept.

        Args:
            key: what the object depends on besides the registry (e.g. the limits).
            build: makes the object; it must depend on nothing but this registry and ``key``.

        Returns:
            The kept object.
        """
        with self._derived_lock:
            if key not in self._derived:
                self._derived[key] = build()
            return cast(_T, self._derived[key])

    @classmethod
    def from_directory(cls, folder: Path, *, check_hashes: bool = True) -> ContextRegistry:
        """Load every context listed in ``folder/manifest.json``.

        Raises:
            ConfigurationError: when a file is missing or its SHA-256 differs from the manifest.
        """
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        docs: dict[str, Mapping[str, Any]] = {}
        for entry in manifest["contexts"]:
            raw = (folder / entry["file"]).read_bytes()
            if check_hashes and hashlib.sha256(raw).hexdigest() != entry["sha256"]:
                raise ConfigurationError(f"context {entry['url']} does not match its manifest hash")
            docs[entry["url"]] = json.loads(raw)
        return cls(docs)

    def register(self, url: str, document: Mapping[str, Any]) -> None:
        """Serve ``document`` for ``url`` from now on (explicit caller opt-in).

        Raises:
            ConfigurationError: if ``url`` is already registered with a different document.
        """
        if not isinstance(document, Mapping) or "@context" not in document:
            raise ConfigurationError(f"{url}: a context document must be an object with @context")
        with self._lock:
            existing = self._docs.get(url)
            if existing is not None and existing != document:
                raise ConfigurationError(f"{url} is already registered with another document")
            self._docs[url] = copy.deepcopy(dict(document))

    def copy(self) -> ContextRegistry:
        """An independent registry with the same documents (to register more without sharing)."""
        with self._lock:
            return ContextRegistry(self._docs)

    def get(self, url: str) -> Mapping[str, Any] | None:
        """The document for ``url``, or ``None``."""
        return self._docs.get(url)

    def __contains__(self, url: object) -> bool:
        return url in self._docs

    def urls(self) -> list[str]:
        """Every URL served, sorted."""
        return sorted(self._docs)


@cache
def default_registry() -> ContextRegistry:
    """The registry of contexts shipped with vc-led (hash-checked once per process)."""
    return ContextRegistry.from_directory(contexts_dir())


class StrictDocumentLoader:
    """A pyld document loader that serves only the contexts of a :class:`ContextRegistry`.

    Args:
        registry: the registry to serve from (default: the shipped contexts).
    """

    def __init__(self, registry: ContextRegistry | None = None) -> None:
        self.registry = registry or default_registry()

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Return the pyld remote-document form for ``url``.

        Raises:
            ContextError: ``context.not_available_offline`` for any URL not in the registry.
        """
        doc = self.registry.get(url)
        if doc is None:
            raise ContextError(
                CONTEXT_NOT_AVAILABLE,
                f"context {url!r} is not available offline",
                {"url": url[:200]},
            )
        # "static" lets pyld keep the resolved context in our per-canonicalizer cache;
        # the copy protects the registry from pyld's in-place URL resolution.
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": copy.deepcopy(dict(doc)),
            "tag": "static",
        }
