"""LED code lists: observed taxonomy values, ISCED fields and levels, VKS and EQF.

LED validates its dimensions (Categorie, Graad, Bewijstype, ...) against the "LED
Taxonomie", which is not published. The lists here are the values **observed** in the MAGDA
mock data, plus values named in the seed documents or XSD annotations and a few
provisional ones, each tagged with its :class:`ValueSource` (see
``data/codelists.json``). They are not complete: an unknown value is not an error.

Classifications, with EU vocabulary URIs:

- ISCED-F 2013 fields: :func:`isced_f_name`, :func:`isced_f_uri`
  (``http://data.europa.eu/snb/isced-f/<code>``).
- LED's ISCED-97 fields and levels, and the crosswalk: :func:`isced_f_for_isced97`,
  :func:`isced_2011_for_isced97`, :func:`isced97_field_for_subject`.
- VKS (Vlaamse kwalificatiestructuur) ↔ EQF, one-to-one (referenced in 2011):
  :func:`eqf_for_vks`, :func:`vks_for_eqf`, :func:`eqf_uri` (``http://data.europa.eu/snb/eqf/<n>``).
- ESCO skills of competence titles (``data/esco.json``, real ESCO URIs only): :func:`esco_skill`,
  :func:`esco_skills`, :func:`esco_skill_label`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .values import PseudoValue, Text

__all__ = [
    "EQF_BASE",
    "ISCED_F_BASE",
    "CodeValue",
    "Dimension",
    "Isced97Field",
    "ValueSource",
    "dimension_values",
    "eqf_for_vks",
    "eqf_uri",
    "esco_skill",
    "esco_skill_label",
    "esco_skills",
    "is_known_value",
    "isced97_field",
    "isced97_field_for_subject",
    "isced97_level_name",
    "isced_2011_for_isced97",
    "isced_2011_name",
    "isced_f_for_isced97",
    "isced_f_name",
    "isced_f_uri",
    "known_subjects",
    "vks_for_eqf",
]

ISCED_F_BASE = "http://data.europa.eu/snb/isced-f/"
EQF_BASE = "http://data.europa.eu/snb/eqf/"
_DATA = Path(__file__).parent / "data"


class Dimension(StrEnum):
    """The LED dimensions and attributes with a (taxonomy) code list."""

    SUPPLIER = "supplier"  # Leverancier
    AUTHENTICITY = "authenticity"  # Authenticiteit
    CATEGORY = "category"  # Categorie
    GRADE = "grade"  # Graad
    EDUCATION_FORM = "education_form"  # Onderwijsvorm
    PROOF_TYPE = "proof_type"  # Bewijstype
    PROOF_STATE = "proof_state"  # Bewijsstaat
    AUTHORITY = "authority"  # Instantie
    AUTHORITY_ROLE = "authority_role"  # Instantierol
    ADDITIONAL_INFO_TYPE = "additional_info_type"  # BijkomendeInformatie/Naam
    SCHOOL_TYPE = "school_type"  # Schooltype
    COUNTRY = "country"  # Land
    LANGUAGE = "language"  # Taal
    ISCED_LEVEL_97 = "isced_level_97"  # ISCEDNiveau
    VKS_EDUCATIONAL = "vks_educational"  # VKSNiveauOnderwijskwalificatie
    VKS_PROFESSIONAL = "vks_professional"  # VKSNiveauBeroepskwalificatie


class ValueSource(StrEnum):
    """Where a code value comes from."""

    OBSERVED = "observed"  # in the MAGDA mock records
    SEED = "seed"  # named in the AHOVOKS / VTC seed documents
    DOCUMENTED = "documented"  # named in an XSD annotation
    INFERRED = "inferred"  # provisional, seen nowhere


@dataclass(frozen=True, slots=True)
class CodeValue:
    """One value of a dimension.

    Attributes:
        value: the exact LED string.
        source: where it comes from.
        count: how many of the 93 distinct mock record contents carry it (observed only).
        note: a remark, if any.
    """

    value: str
    source: ValueSource
    count: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Isced97Field:
    """An ISCED-97 field of study as LED stores it (``ISCEDStudiegebied``).

    Attributes:
        code: 3 digits. name: the Dutch name LED uses. isced_f_2013: the 4-digit
        ISCED-F 2013 field it maps to. source: observed in the samples or inferred.
    """

    code: str
    name: str
    isced_f_2013: str
    source: ValueSource


@functools.cache
def _load(name: str) -> Any:
    with open(_DATA / name, encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def _dimensions() -> Mapping[Dimension, tuple[CodeValue, ...]]:
    raw = _load("codelists.json")["dimensions"]
    return MappingProxyType(
        {
            Dimension(key): tuple(
                CodeValue(v["value"], ValueSource(v["source"]), v.get("count"), v.get("note"))
                for v in entry["values"]
            )
            for key, entry in raw.items()
        }
    )


def dimension_values(dimension: Dimension) -> tuple[CodeValue, ...]:
    """All known values of ``dimension``, observed ones first (most frequent first)."""
    return _dimensions()[dimension]


def is_known_value(dimension: Dimension, value: Text) -> bool:
    """True when ``value`` is a known value of ``dimension`` (pseudo-values always are)."""
    if isinstance(value, PseudoValue):
        return True
    return any(v.value == value for v in _dimensions()[dimension])


@functools.cache
def esco_skills() -> Mapping[str, str]:
    """Competence title -> its ESCO skill URI (``http://data.europa.eu/esco/skill/<uuid>``)."""
    return MappingProxyType(dict(_load("esco.json")["competences"]))


def esco_skill(title: str) -> str | None:
    """The ESCO skill URI of a competence title, or None when none is known."""
    return esco_skills().get(title)


def esco_skill_label(uri: str) -> str | None:
    """The English ESCO preferred label of a skill URI of the list, or None."""
    label = _load("esco.json")["skills"].get(uri)
    return None if label is None else str(label)


def known_subjects() -> tuple[tuple[str, str, str], ...]:
    """``(onderwerp code, onderwerp name, ISCED-97 field)`` triples seen or named."""
    return tuple(
        (s["code"], s["name"], s["iscedField97"]) for s in _load("codelists.json")["subjects"]
    )


def isced97_field_for_subject(subject_code: str) -> str | None:
    """The 3-digit ISCED-97 field LED derives from an ``Onderwerp`` code.

    Subject codes are the field + a 3-digit serial (``481001`` → ``481``); LED drops a
    leading zero (``10001`` → ``010``).
    """
    if not re.fullmatch(r"\d{5,6}", subject_code):
        return None
    return subject_code.zfill(6)[:3]


def isced97_field(code: str) -> Isced97Field | None:
    """The ISCED-97 field ``code`` as LED knows it, or None."""
    entry = _load("isced.json")["isced97Fields"].get(code)
    if entry is None:
        return None
    return Isced97Field(code, entry["name"], entry["iscedF2013"], ValueSource(entry["source"]))


def isced_f_for_isced97(code: str) -> str | None:
    """The ISCED-F 2013 detailed field for an ISCED-97 field (``481`` → ``0613``), or None."""
    field = isced97_field(code)
    return None if field is None else field.isced_f_2013


def isced97_level_name(code: str) -> str | None:
    """LED's Dutch name of an ISCED-97 level (``3C`` → ``BSO Secundair onderwijs``)."""
    entry = _load("isced.json")["isced97Levels"].get(code)
    return None if entry is None else str(entry["name"])


_GRADE_2011 = {
    "Master": "7",
    "Licentiaat": "7",
    "Master-na-master": "7",
    "Doctor": "8",
    "Academische bachelor": "6",
    "Professionele bachelor": "6",
    "Bachelor-na-bachelor": "6",
    "Kandidaat": "6",
    "Graduaat": "5",
    "Gegradueerde": "6",
}


def isced_2011_for_isced97(level: str, *, grade: str | None = None) -> str | None:
    """The ISCED 2011 level for a LED ISCED-97 level.

    Args:
        level: the ISCED-97 code (``2``, ``3A``, ``3C``, ``4``, ``5A``, ``5B``, ``6``).
        grade: the record's ``Graad``; needed for ``5A`` (bachelor → 6, master → 7) and
            used for ``5B`` (a professional bachelor is 6, a graduaat 5).

    Returns:
        ``0``-``8``, or None when it cannot be decided (unknown level, ``5A`` without grade).
    """
    if level in ("5A", "5B") and grade in _GRADE_2011:
        return _GRADE_2011[grade]
    entry = _load("isced.json")["isced97Levels"].get(level)
    return None if entry is None or entry["isced2011"] is None else str(entry["isced2011"])


def isced_2011_name(level: str) -> str | None:
    """The English name of an ISCED 2011 level (``6`` → ``Bachelor's or equivalent level``)."""
    name = _load("isced.json")["isced2011Levels"].get(level)
    return None if name is None else str(name)


def isced_f_name(code: str) -> str | None:
    """The English name of an ISCED-F 2013 code (broad, narrow or detailed).

    Codes not listed are derived from their parent when they follow the classification's
    conventions: ``...0`` "not further defined", ``...8`` "inter-disciplinary", ``...9``
    "not elsewhere classified".
    """
    table: dict[str, str] = _load("isced.json")["iscedF2013"]
    if code in table:
        return table[code]
    if not re.fullmatch(r"\d{3,4}", code) or code[:-1] not in table:
        return None
    parent = table[code[:-1]]
    suffix = {"0": "not further defined", "8": "inter-disciplinary programmes and qualifications"}
    suffix["9"] = "not elsewhere classified"
    return f"{parent} {suffix[code[-1]]}" if code[-1] in suffix else None


def isced_f_uri(code: str) -> str:
    """``http://data.europa.eu/snb/isced-f/<code>`` for a known ISCED-F 2013 code.

    Raises:
        ValueError: for a code :func:`isced_f_name` does not know (no URI is invented).
    """
    if isced_f_name(code) is None:
        raise ValueError(f"unknown ISCED-F 2013 code {code!r}")
    return ISCED_F_BASE + code


def eqf_for_vks(level: Text | int) -> int | None:
    """The EQF level of a VKS level: the same number (VKS and EQF both have 8 levels).

    Args:
        level: ``1``-``8`` as int or string; pseudo-values (``NBS``, ``NVT``) give None.
    """
    if isinstance(level, PseudoValue):
        return None
    text = str(level).strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 8 else None


def vks_for_eqf(level: int) -> int | None:
    """The VKS level of an EQF level (one-to-one), or None outside 1-8."""
    return level if 1 <= level <= 8 else None


def eqf_uri(level: int) -> str:
    """``http://data.europa.eu/snb/eqf/<n>`` for EQF level 1-8.

    Raises:
        ValueError: outside 1-8.
    """
    if not 1 <= level <= 8:
        raise ValueError(f"EQF levels are 1-8, not {level}")
    return f"{EQF_BASE}{level}"
