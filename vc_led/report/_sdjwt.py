"""The generic lines of an SD-JWT VC in a report: every claim the holder disclosed (and the
always-visible ones), by claim path, nothing else. The verifier's ``document`` of an SD-JWT VC
holds only those claims (:mod:`vc_led.sdjwt`), so what was withheld cannot appear here. An LED
type's own summary may replace these lines (helper for the LED claim mapping)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._facts import FieldLine

__all__ = ["disclosed_lines", "is_sd_jwt_vc"]

#: Technical claims a reader does not need as facts (the checks report on them).
_TECHNICAL = frozenset({"iat", "nbf", "exp", "cnf", "status", "vct#integrity", "_sd_alg"})
_MAX_LINES = 200


def is_sd_jwt_vc(document: Mapping[str, Any] | None) -> bool:
    """Whether ``document`` is the processed payload of an SD-JWT VC (``vct``, no
    ``credentialSubject``)."""
    return document is not None and "vct" in document and "credentialSubject" not in document


def _flatten(value: Any, path: str, out: list[tuple[str, str]]) -> None:
    if len(out) >= _MAX_LINES:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list) and any(isinstance(v, Mapping | list) for v in value):
        for index, item in enumerate(value):
            _flatten(item, f"{path}[{index}]", out)
    elif isinstance(value, list):
        out.append((path, ", ".join(str(v) for v in value)))
    else:
        out.append((path, value if isinstance(value, str) else json.dumps(value)))


def disclosed_lines(document: Mapping[str, Any], *, claimed: bool) -> tuple[FieldLine, ...]:
    """One line per disclosed claim path (``qualification.title``), in document order.

    Args:
        document: the verifier's document of an SD-JWT VC.
        claimed: the verification did not succeed, so every value is only claimed.

    Returns:
        The lines (keys ``claim:<path>``; the label is the path).
    """
    rows: list[tuple[str, str]] = []
    _flatten({k: v for k, v in document.items() if k not in _TECHNICAL}, "", rows)
    return tuple(FieldLine(f"claim:{p}", p, v[:500], False, claimed) for p, v in rows)
