"""Bounded JSON parsing: the nesting depth is measured on the raw text before ``json.loads``.

Python's ``json`` module recurses once per nested array or object, so a document nested a few
thousand deep raises ``RecursionError`` (in the parser, or in whatever walks the result).
:func:`loads_bounded` measures the depth first, in linear time and without recursion (string
contents are skipped, so brackets inside strings do not count), and refuses with
``structure.too_deep`` before anything recurses.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from .errors import DocumentError
from .results import ErrorCode

__all__ = ["loads_bounded", "text_depth"]

# A string, with its closing quote optional so an unterminated one ends at the end of the text
# (each character is read once: no backtracking, even on broken input).
_STRING = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"?')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 read as signed bytes


def text_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (``{}`` is 1; 0 for a
    scalar). For text that is not JSON it is a number that ``json.loads`` would not exceed."""
    skeleton = _NOT_A_BRACKET.sub("", _STRING.sub("", text)).encode("ascii")
    if not skeleton:
        return 0
    return max(0, max(accumulate(memoryview(skeleton.translate(_STEPS)).cast("b"))))


def loads_bounded(data: str | bytes | bytearray, *, max_depth: int) -> Any:
    """``json.loads`` that refuses text nested deeper than ``max_depth`` before parsing it.

    Duplicate keys and ``NaN``/``Infinity`` are refused too (I-JSON).

    Raises:
        DocumentError: ``structure.too_deep`` or ``structure.malformed_json``.
    """
    try:
        text = data if isinstance(data, str) else _decode(bytes(data))
    except UnicodeDecodeError:
        raise DocumentError(ErrorCode.STRUCTURE_MALFORMED_JSON, "not valid UTF-8") from None
    if text_depth(text) > max_depth:
        raise DocumentError(
            ErrorCode.STRUCTURE_TOO_DEEP, "document is nested too deeply", {"limit": max_depth}
        )
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except ValueError as exc:  # JSONDecodeError, duplicate keys, NaN
        raise DocumentError(
            ErrorCode.STRUCTURE_MALFORMED_JSON, f"not valid JSON: {str(exc)[:120]}"
        ) from None


def _decode(data: bytes) -> str:
    """What ``json.loads`` does with bytes: detect UTF-8/16/32, keep lone surrogates."""
    return data.decode(json.detect_encoding(data), "surrogatepass")


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
