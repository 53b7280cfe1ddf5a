"""JSON-LD processing for vc-led: a strict offline document loader and safe-mode canonicalization.

Everything here passes its own ``documentLoader`` and context cache to pyld; nothing calls
``jsonld.set_document_loader`` or touches pyld's process-wide caches.
"""

from __future__ import annotations

from .canon import CanonicalForm, Canonicalizer
from .loader import ContextRegistry, StrictDocumentLoader, default_registry

__all__ = [
    "CanonicalForm",
    "Canonicalizer",
    "ContextRegistry",
    "StrictDocumentLoader",
    "default_registry",
]
