"""What a reader abroad needs from an LED credential besides the plain facts: which kind of
record it is, how precisely its date is known, how the Flemish system classifies it, and which
of LED's own terms it uses (the report explains each of them in one line).

Read from the LED profiles (``vc_led.led.profiles``): the credential ``type`` names the kind
(``LedQualificationCredential``, ``LedIntermediateProofCredential``, ``LedCompetenceCredential``,
``LedSelfDeclaredCredential``, ``LedEquivalenceCredential``); the record node carries
``awardedOn`` with ``awardedOnPrecision`` (``day``, ``month``, ``year`` or ``unknown``; an
unknown date is listed in ``notAvailable`` and has no ``awardedOn``), ``category``, ``grade``,
``educationForm``, ``proofType``, ``studyProgramme``, ``selfDeclarationKind`` (``onHonour`` /
``verified``) and, for an equivalence, ``originalInstitution`` and ``foreignCountry``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "GLOSSARY_TERMS",
    "AwardDate",
    "award_date",
    "education",
    "glossary_terms",
    "record_kind",
    "self_declaration",
]

_KINDS = (
    ("LedSelfDeclaredCredential", "self_declared"),
    ("LedEquivalenceCredential", "equivalence"),
    ("LedCompetenceCredential", "competence"),
    ("LedQualificationCredential", "qualification"),
)
_INTERMEDIATE = "LedIntermediateProofCredential"
_ISO = re.compile(r"\A(\d{4})(-\d{2})?(-\d{2})?")
_PRECISIONS = ("day", "month", "year", "unknown")
#: Terms the glossary explains (``glossary`` in the texts), by the claim that names them.
_FORMS = ("ASO", "TSO", "KSO", "BSO", "DBSO", "A", "B")
_CATEGORIES = (
    "Secundair onderwijs",
    "Hoger onderwijs",
    "Hoger beroepsonderwijs",
    "Volwassenenonderwijs",
    "Ondernemersopleidingen",
    "Ervaringsbewijzen",
    "Beroepsopleiding",
    "Certificaten",
)
_GRADES = (
    "Licentiaat",
    "Kandidaat",
    "Gegradueerde",
    "Graduaat",
    "Doctor",
    "Academische bachelor",
    "Professionele bachelor",
)
_PROOF_TYPES = (
    "Diploma",
    "Getuigschrift",
    "Studiegetuigschrift",
    "Attest",
    "Deelcertificaat",
    "Certificaat",
    "Wettelijk certificaat",
    "Ervaringsbewijs",
)

#: Every key :func:`glossary_terms` can return (each has a line in both languages' texts).
GLOSSARY_TERMS: tuple[str, ...] = (
    "LED",
    "eigen_verklaring_on_honour",
    "eigen_verklaring_verified",
    "tussenbewijs",
    "gelijkwaardigheid",
    "NARIC",
    "EVC",
    "graad",
    "BuSO",
    "VKS",
    "EQF",
    *_CATEGORIES,
    *_GRADES,
    *_FORMS,
    *_PROOF_TYPES,
)


def _types(doc: Mapping[str, Any]) -> list[str]:
    value = doc.get("type")
    values = value if isinstance(value, list) else [value]
    return [v for v in values[:16] if isinstance(v, str)]


def record_kind(doc: Mapping[str, Any], node: Mapping[str, Any]) -> tuple[str | None, bool]:
    """The LED record kind named by the credential's ``type`` (``None`` for other credentials),
    and whether it is an intermediate certificate (``Tussenbewijs``)."""
    types = _types(doc)
    kind = next((k for t, k in _KINDS if t in types), None)
    intermediate = _INTERMEDIATE in types or node.get("isIntermediate") is True
    return kind, intermediate and kind is not None


def self_declaration(node: Mapping[str, Any], stated: str | None) -> str | None:
    """``on_honour`` or ``verified`` for a self-declared record (the authenticity the issuer
    check read wins over ``selfDeclarationKind``), else ``None``."""
    text = (stated or "").strip().lower()
    if text.startswith("eigen verklaring"):
        return "verified" if text.endswith("geverifieerd") else "on_honour"
    kind = node.get("selfDeclarationKind")
    if kind == "onHonour":
        return "on_honour"
    return "verified" if kind == "verified" else None


@dataclass(frozen=True, slots=True)
class AwardDate:
    """The award date as the credential records it.

    Attributes:
        value: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``None`` when unknown).
        precision: ``day``, ``month``, ``year`` or ``unknown``.
    """

    value: str | None
    precision: str


def _listed(node: Mapping[str, Any], term: str) -> bool:
    missing = node.get("notAvailable")
    return isinstance(missing, list) and term in missing[:64]


def award_date(node: Mapping[str, Any], value: Any) -> AwardDate | None:
    """The award date of ``node`` given the raw ``value`` found for it; ``None`` when the
    credential says nothing about it. An unknown date stays unknown: it is never replaced by
    the issue date or ``validFrom``."""
    stated = node.get("awardedOnPrecision")
    if stated == "unknown" or (value is None and _listed(node, "awardedOn")):
        return AwardDate(None, "unknown")
    if not isinstance(value, str):
        return None
    match = _ISO.match(value.strip())
    if match is None:
        return AwardDate(value.strip()[:40], "day")
    year, month, day = match.groups()
    found = "day" if day else "month" if month else "year"
    precision = max(found, stated if stated in _PRECISIONS else found, key=_PRECISIONS.index)
    text = {"year": year, "month": year + (month or "")}.get(precision, match.group(0))
    return AwardDate(text, precision)


def _real(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def education(node: Mapping[str, Any]) -> str | None:
    """How the Flemish system classifies the record: category, grade and education form
    (``Secundair onderwijs, 3de graad, ASO``), as far as the credential states them."""
    parts = [_real(node.get(k)) for k in ("category", "grade", "educationForm")]
    joined = ", ".join(p for p in parts if p)
    return joined or None


def _term_of(value: str | None, known: Sequence[str]) -> str | None:
    return value if value in known else None


def glossary_terms(
    *,
    kind: str | None,
    intermediate: bool,
    declared: str | None,
    node: Mapping[str, Any],
    level: bool,
) -> tuple[str, ...]:
    """The glossary keys for the LED terms this credential uses, in reading order."""
    if kind is None:
        return ("EQF",) if level else ()
    terms: list[str | None] = ["LED"]
    terms.append({"self_declared": f"eigen_verklaring_{declared or 'on_honour'}"}.get(kind))
    terms.append("tussenbewijs" if intermediate else None)
    if kind == "equivalence":
        terms += ["gelijkwaardigheid", "NARIC"]
    if kind == "competence" and node.get("obtainedViaEvc") is True:
        terms.append("EVC")
    grade = _real(node.get("grade")) or ""
    proof_type = _real(node.get("proofType"))
    category = _real(node.get("category"))
    if not (category == "Ervaringsbewijzen" and proof_type == "Ervaringsbewijs"):
        terms.append(_term_of(category, _CATEGORIES))
    terms.append("graad" if "graad" in grade else None)
    terms.append("BuSO" if grade.startswith("OV") else _term_of(grade, _GRADES))
    terms.append(_term_of(_real(node.get("educationForm")), _FORMS))
    terms.append(_term_of(proof_type, _PROOF_TYPES))
    if level:
        terms += ["VKS", "EQF"]
    return tuple(dict.fromkeys(t for t in terms if t))
