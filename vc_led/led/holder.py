"""The holder of a LED record, kept apart from the record content.

LED identifies a person only by the INSZ (``PersoonUitgereikt/INSZ``, the Belgian national
or BIS number). It must never reach a credential, a log line, an exception message or a
``repr``. That is why it lives in :class:`HolderIdentity`, separate from
:class:`~vc_led.led.model.LedRecord`: a credential profile that receives a record has no INSZ
to copy by accident.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = [
    "INSZ_GROUPS",
    "INSZ_SHAPE",
    "HolderIdentity",
    "insz_checksum_ok",
    "is_synthetic_insz",
    "mask_insz",
    "synthetic_insz",
]

_INSZ = re.compile(r"^\d{11}$")
_SEP = r"(?:[ \u00a0]?[./\-][ \u00a0]?|[ \u00a0])?"
INSZ_GROUPS = rf"[0-9]{{2}}{_SEP}[0-9]{{2}}{_SEP}[0-9]{{2}}{_SEP}[0-9]{{3}}{_SEP}[0-9]{{2}}"
INSZ_SHAPE = re.compile(rf"(?<![0-9]){INSZ_GROUPS}(?![0-9])")
"""Eleven digits grouped 2-2-2-3-2 as people write an INSZ: each group optionally after one
separator (a dot, dash or slash, with or without a space around it, or a space alone):
``85073003328``, ``85.07.30-033.28``, ``85 07 30 033 28``."""
_MASK = "<INSZ>"


def insz_checksum_ok(insz: str) -> bool:
    """True when ``insz`` is 11 digits with a valid mod-97 check number.

    The check number is ``97 - (first nine digits mod 97)``; for people born in 2000 or
    later the nine digits are prefixed with ``2`` first. Both forms are accepted.

    Args:
        insz: the candidate number, digits only.

    Returns:
        Whether the number is well formed.
    """
    if not _INSZ.match(insz):
        return False
    body, check = int(insz[:9]), int(insz[9:])
    return check in (97 - body % 97, 97 - (2_000_000_000 + body) % 97)


def is_synthetic_insz(insz: str) -> bool:
    """True for a checksum-valid INSZ whose month is 61-72 (the synthetic range).

    Real INSZ use months 01-12 (+20 or +40 for BIS numbers, 00 when unknown); the MAGDA mock
    data and our generator use month + 60, which cannot belong to a real person.
    """
    return insz_checksum_ok(insz) and 61 <= int(insz[2:4]) <= 72


def synthetic_insz(birth: date, counter: int) -> str:
    """Build a synthetic INSZ (birth month + 60, valid mod-97 check number).

    Args:
        birth: the birth date.
        counter: the daily serial number, 1-998.

    Returns:
        An 11-digit string that passes :func:`insz_checksum_ok` and :func:`is_synthetic_insz`.

    Raises:
        ValueError: for a counter outside 1-998.
    """
    if not 1 <= counter <= 998:
        raise ValueError("counter must be 1-998")
    body = f"{birth.year % 100:02d}{birth.month + 60:02d}{birth.day:02d}{counter:03d}"
    number = int(body) + (2_000_000_000 if birth.year >= 2000 else 0)
    return f"{body}{97 - number % 97:02d}"


def mask_insz(text: str) -> str:
    """Replace anything shaped like an INSZ (:data:`INSZ_SHAPE`, checksum or not) in ``text``.

    For log lines and messages. Full-width digits count: when the NFKC form of ``text``
    holds such a number, that form is masked and returned.
    """
    normal = unicodedata.normalize("NFKC", text)
    if normal != text and INSZ_SHAPE.search(normal):
        text = normal
    return INSZ_SHAPE.sub(_MASK, text)


@dataclass(frozen=True, slots=True, repr=False)
class HolderIdentity:
    """Who a LED record was issued to (``PersoonUitgereikt``).

    The INSZ is only for the registry database (look-ups go through a peppered HMAC). The
    ``repr`` and ``str`` never show it.

    Attributes:
        insz: the INSZ as delivered, 11 digits.
    """

    insz: str

    def __post_init__(self) -> None:
        if not _INSZ.match(self.insz):
            raise ValueError("an INSZ is 11 digits")  # never echo the value

    def __repr__(self) -> str:
        return "HolderIdentity(insz=<masked>)"

    __str__ = __repr__
