"""The bundle's constants, its duration values and the reading of its payload parts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from ..limits import Limits
from ._errors import BundleError, BundleErrorCode

__all__ = [
    "BUNDLE_CONTEXT",
    "BUNDLE_CONTEXT_V2",
    "BUNDLE_FORMAT",
    "BUNDLE_FORMAT_V2",
    "BUNDLE_LIMITS",
    "BUNDLE_SUBJECT_TYPE",
    "BUNDLE_TYPE",
    "DEFAULT_MAX_AGE",
    "MAX_DOCUMENTS",
    "format_duration",
    "keyed_by_id",
    "parse_duration",
    "unique_documents",
]

BUNDLE_CONTEXT = "https://w3id.org/vc-led/bundle/v1"
BUNDLE_TYPE = "LedTrustBundleCredential"
BUNDLE_SUBJECT_TYPE = "LedTrustBundle"
#: The terms format 2 adds (X.509 anchors, Token Status List tokens, JWT VC issuer metadata),
#: listed after :data:`BUNDLE_CONTEXT`.
BUNDLE_CONTEXT_V2 = "https://w3id.org/vc-led/bundle/v2"
#: The payload format of a bundle without the SD-JWT VC members (what older versions read).
BUNDLE_FORMAT = "1"
#: The payload format of a bundle with any of them (written only then; both are read).
BUNDLE_FORMAT_V2 = "2"
#: The recommended maximum age a bundle carries unless its maker says otherwise.
DEFAULT_MAX_AGE = timedelta(days=7)
#: Most DID documents, and most status lists, in one bundle.
MAX_DOCUMENTS = 10_000
#: Bounds for reading a bundle: larger than a credential's (it carries every status list).
BUNDLE_LIMITS = Limits(max_bytes=64 * 1024 * 1024, max_depth=48)

_DURATION = re.compile(r"P(?:(\d{1,6})D)?(?:T(?:(\d{1,8})H)?(?:(\d{1,10})M)?(?:(\d{1,12})S)?)?\Z")


def format_duration(value: timedelta) -> str:
    """An ``xsd:duration`` of whole days (``P7D``) or seconds (``PT3600S``).

    Raises:
        ValueError: for a duration that is not positive.
    """
    seconds = int(value.total_seconds())
    if seconds <= 0:
        raise ValueError("a maximum age must be positive")
    return f"P{seconds // 86400}D" if seconds % 86400 == 0 else f"PT{seconds}S"


def parse_duration(text: Any) -> timedelta | None:
    """Read the ``P<d>DT<h>H<m>M<s>S`` subset of ``xsd:duration``; ``None`` if it is not one
    (or is zero)."""
    match = _DURATION.match(text) if isinstance(text, str) and text not in ("P", "PT") else None
    if match is None or text.endswith("T"):
        return None
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    value = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    return value if value > timedelta(0) else None


def keyed_by_id(items: Any, what: str) -> dict[str, Mapping[str, Any]]:
    """A list of JSON objects, each with a unique string ``id``, keyed by it.

    Raises:
        BundleError: ``bundle.content_invalid`` when it is not such a list.
    """
    if not isinstance(items, list) or len(items) > MAX_DOCUMENTS:
        raise _content(f"{what} must be a list of at most {MAX_DOCUMENTS} objects")
    out: dict[str, Mapping[str, Any]] = {}
    for item in items:
        ident = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(ident, str) or not ident:
            raise _content(f"every entry of {what} must be an object with an id")
        if ident in out:
            raise _content(f"{what} lists {ident[:120]!r} twice")
        out[ident] = item
    return out


def unique_documents(items: Iterable[Mapping[str, Any]], what: str) -> dict[str, Mapping[str, Any]]:
    """:func:`keyed_by_id` for the maker's inputs.

    Raises:
        BundleError: ``bundle.content_invalid``.
    """
    return keyed_by_id([dict(i) if isinstance(i, Mapping) else i for i in items], what)


def _content(message: str) -> BundleError:
    return BundleError(BundleErrorCode.CONTENT_INVALID, message)
