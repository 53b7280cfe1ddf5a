"""Find an INSZ written into free text, in any of the ways people write it.

LED keeps the holder's INSZ apart (:class:`~vc_led.led.holder.HolderIdentity`), but a
supplier can still type one into a title, a description, additional information or even its
own name. This module finds such numbers so that nothing carrying one is imported or signed:

- :func:`find_insz` / :func:`contains_insz`: the 11 digits with or without separators
  (``85073003328``, ``85.07.30-033.28``, ``85 07 30 033 28``, ``850730-033-28``;
  full-width digits count too), **checksum-valid** (both the pre-2000 and the post-2000
  mod-97 variants) and with a plausible date part (month 0-12, +20/+40 for BIS numbers, +60
  for synthetic numbers; day 0-31), standing apart from letters and digits (an ``_`` or any
  punctuation may touch it), so a random 11-digit run inside a UUID or a key is not taken
  for one.
- :func:`redact_insz`: the same numbers replaced by ``<INSZ>``.
- :func:`insz_paths`: every string in a nested value (dataclasses, mappings, sequences) that
  contains one, by path; used by :func:`~vc_led.led.validation.validate_record` (code
  ``record.insz_in_text``) and by :func:`~vc_led.led.issuing.issue_credential` (signing
  error ``structure.contains_insz``).

:func:`~vc_led.led.holder.mask_insz` is the blunter tool for log lines: it masks every
INSZ-*shaped* number, valid or not.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator, Mapping

from .holder import INSZ_GROUPS, insz_checksum_ok

__all__ = ["contains_insz", "find_insz", "insz_paths", "redact_insz"]
_OVERLAPPING = re.compile(rf"(?=(?<![^\W_])({INSZ_GROUPS})(?![^\W_]))")
_MASK = "<INSZ>"
_MONTHS = {*range(0, 13), *range(20, 33), *range(40, 53), *range(60, 73)}


def _plausible(digits: str) -> bool:
    month, day, serial = int(digits[2:4]), int(digits[4:6]), int(digits[6:9])
    return month in _MONTHS and day <= 31 and 1 <= serial <= 998 and insz_checksum_ok(digits)


def find_insz(text: str) -> tuple[tuple[int, int], ...]:
    """Where ``text`` holds a checksum-valid INSZ.

    Args:
        text: any text; it is NFKC-normalised first (full-width digits become digits), so
            the spans are those of the normalised text when that differs.

    Returns:
        ``(start, end)`` of every INSZ found, in order, not overlapping.
    """
    text = unicodedata.normalize("NFKC", text)
    spans: list[tuple[int, int]] = []
    for match in _OVERLAPPING.finditer(text):
        start, end = match.start(1), match.end(1)
        if spans and start < spans[-1][1]:
            continue
        if _plausible(re.sub(r"[^0-9]", "", match.group(1))):
            spans.append((start, end))
    return tuple(spans)


def contains_insz(text: str) -> bool:
    """True when ``text`` holds a checksum-valid INSZ in any written form."""
    return bool(find_insz(text))


def redact_insz(text: str) -> str:
    """``text`` with every checksum-valid INSZ replaced by ``<INSZ>`` (NFKC-normalised)."""
    text = unicodedata.normalize("NFKC", text)
    for start, end in reversed(find_insz(text)):
        text = text[:start] + _MASK + text[end:]
    return text


def insz_paths(value: object, *, path: str = "") -> Iterator[str]:
    """The paths of the strings in ``value`` that contain an INSZ.

    Args:
        value: a string, a dataclass, a mapping (keys and values), a list or tuple, nested.
        path: the prefix of the reported paths.

    Yields:
        Dotted paths (``basis.full_title``, ``credentialSubject.name``, ``supplements.0.name``).
    """
    if isinstance(value, str):
        if contains_insz(value):
            yield path or "."
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from insz_paths(getattr(value, item.name), path=_join(path, item.name))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and contains_insz(key):
                yield _join(path, "<key>")
            yield from insz_paths(item, path=_join(path, redact_insz(str(key))))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from insz_paths(item, path=_join(path, str(index)))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
