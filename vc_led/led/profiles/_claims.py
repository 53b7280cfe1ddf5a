"""The record claims every profile shares: a LED record -> the properties of a record node
(``LedQualification``, ``LedSelfDeclaredQualification``, ``LedEquivalenceDecision``,
``LedCompetenceRecord``).

A LED pseudo-value never becomes text that looks like data: the claim is left out and its
term is listed in ``notAvailable`` (``Niet beschikbaar``) or ``notApplicable`` (``Niet van
toepassing``) of the node. Nothing here reads the supplier reference or the LED references.
"""

from __future__ import annotations

import re
from typing import Any

from ..codelists import (
    eqf_for_vks,
    eqf_uri,
    isced_2011_for_isced97,
    isced_2011_name,
    isced_f_for_isced97,
    isced_f_name,
    isced_f_uri,
)
from ..model import LedRecord, RecordBasis
from ..parts import AdditionalInfo, AlternativeAuthority, CodedValue, Institution, NamedCode
from ..values import DatePrecision, PseudoKind, PseudoValue, Text, led_text

__all__ = ["DESCRIPTION_TYPE", "ClaimSet", "awarded_on", "organisation", "record_claims"]

DESCRIPTION_TYPE = "Bewijs omschrijving"
_LEVEL_2011 = re.compile(r"[0-8]\Z")


class ClaimSet:
    """Claims of one node, with the terms LED marks as not available / not applicable."""

    def __init__(self, node_type: str | list[str]) -> None:
        self.data: dict[str, Any] = {"type": node_type}
        self.not_available: list[str] = []
        self.not_applicable: list[str] = []

    def text(self, term: str, value: Text | None) -> None:
        """Set ``term`` to ``value``; a pseudo-value is listed instead; None is left out."""
        if isinstance(value, PseudoValue):
            available = value.kind is PseudoKind.NOT_AVAILABLE
            (self.not_available if available else self.not_applicable).append(term)
        elif value is not None and value.strip():
            self.data[term] = value.strip()

    def value(self, term: str, value: Any) -> None:
        """Set ``term`` to a plain value when it is not None."""
        if value is not None:
            self.data[term] = value

    def done(self) -> dict[str, Any]:
        """The node, with its ``notAvailable`` / ``notApplicable`` lists when not empty."""
        out = dict(self.data)
        if self.not_available:
            out["notAvailable"] = list(dict.fromkeys(self.not_available))
        if self.not_applicable:
            out["notApplicable"] = list(dict.fromkeys(self.not_applicable))
        return out


def organisation(institution: Institution, authority: Text | None) -> dict[str, Any]:
    """A ``LedOrganisation`` node for an institution and its class of authority."""
    org = ClaimSet("LedOrganisation")
    org.text("name", institution.name)
    org.value("institutionNumber", institution.number)
    org.text("authorityClass", authority)
    return org.done()


def _alternative(item: AlternativeAuthority) -> dict[str, Any] | None:
    role, authority = item.role, item.authority
    if isinstance(role, PseudoValue) or isinstance(authority, PseudoValue):
        return None
    return {"type": "LedAlternativeAuthority", "role": role, "authorityClass": authority}


def awarding_body(basis: RecordBasis) -> dict[str, Any]:
    """The awarding body of a record: its institution, authority class, alternative ones."""
    body = organisation(basis.institution, basis.authority_class)
    others = [a for a in map(_alternative, basis.alternative_authorities) if a is not None]
    if others:
        body["alternativeAuthorities"] = others
    return body


def _additional(item: AdditionalInfo) -> dict[str, Any] | None:
    if isinstance(item.type, PseudoValue) or isinstance(item.content, PseudoValue):
        return None
    return {"type": "LedAdditionalInformation", "infoType": item.type, "content": item.content}


def awarded_on(claims: ClaimSet, record: LedRecord) -> None:
    """``awardedOn`` with the precision LED has, and ``awardedOnPrecision``."""
    issue = record.basis.issue_date
    claims.value("awardedOnPrecision", issue.precision.value)
    if issue.precision is DatePrecision.UNKNOWN:
        claims.not_available.append("awardedOn")
    else:
        claims.value("awardedOn", issue.iso())


def _named(claims: ClaimSet, term: str, value: NamedCode | None) -> None:
    if value is not None:
        claims.text(term, value.name)
        claims.text(f"{term}Code", value.code)


def _coded(claims: ClaimSet, term: str, value: CodedValue | None) -> None:
    if value is not None:
        claims.text(term, value.code)
        claims.text(f"{term}Name", value.name)


def _isced(claims: ClaimSet, record: LedRecord) -> None:
    derived = record.derived
    _coded(claims, "iscedField97", derived.isced_field_97)
    _coded(claims, "iscedLevel97", derived.isced_level_97)
    given = derived.isced_field_2013.code if derived.isced_field_2013 else None
    field97 = derived.isced_field_97.code
    code, source = (given, "led") if isinstance(given, str) and isced_f_name(given) else (None, "")
    if code is None and isinstance(field97, str):
        code, source = isced_f_for_isced97(field97), "crosswalk"
    if code is not None and isced_f_name(code) is not None:
        claims.value("iscedF2013", isced_f_uri(code))
        claims.value("iscedF2013Code", code)
        claims.value("iscedF2013Name", isced_f_name(code))
        claims.value("iscedF2013Source", source)
    _isced_2011(claims, record)


def _isced_2011(claims: ClaimSet, record: LedRecord) -> None:
    given = record.derived.isced_level_2011
    if given is not None and isinstance(given.code, str) and _LEVEL_2011.match(given.code):
        claims.value("iscedLevel2011", given.code)
        claims.text("iscedLevel2011Name", given.name or isced_2011_name(given.code))
        claims.value("iscedLevel2011Source", "led")
        return
    level97, grade = record.derived.isced_level_97.code, record.basis.grade
    if isinstance(level97, str):
        level = isced_2011_for_isced97(level97, grade=led_text(grade))
        if level is not None:
            claims.value("iscedLevel2011", level)
            claims.value("iscedLevel2011Name", isced_2011_name(level))
            claims.value("iscedLevel2011Source", "crosswalk")


def _vks(claims: ClaimSet, term: str, value: CodedValue) -> int | None:
    level = eqf_for_vks(value.code)
    if level is not None:
        claims.value(term, level)
    elif isinstance(value.code, PseudoValue):
        claims.text(term, value.code)
    claims.text(f"{term}Name", value.name if level is not None else None)
    return level


def _levels(claims: ClaimSet, record: LedRecord) -> None:
    educational = _vks(claims, "vksLevel", record.derived.vks_educational)
    professional = _vks(claims, "vksProfessionalLevel", record.derived.vks_professional)
    eqf = educational if educational is not None else professional
    if eqf is not None:
        claims.value("eqfLevel", eqf_uri(eqf))


def record_claims(
    record: LedRecord, node_type: str | list[str], *, foreign: bool = False
) -> ClaimSet:
    """The claims of a record node (call :meth:`ClaimSet.done` after adding more).

    Args:
        record: the LED record.
        node_type: the node's ``type``.
        foreign: an equivalence decision: ``Land``/``Taal`` become ``foreignCountry`` /
            ``foreignLanguage``; the awarding body is left to the caller.

    Returns:
        The claim set.
    """
    basis = record.basis
    claims = ClaimSet(node_type)
    claims.text("title", basis.full_title)
    claims.text("description", basis.additional(DESCRIPTION_TYPE))
    for term in ("category", "grade", "education_form", "finality", "proof_type", "proof_state"):
        claims.text(_camel(term), getattr(basis, term))
    claims.value("isIntermediate", record.is_intermediate)
    claims.value("obtainedViaEvc", basis.obtained_via_evc)
    claims.text("authenticity", basis.authenticity)
    claims.text("subjectCode", basis.subject.code)
    claims.text("subjectName", basis.subject.name)
    claims.value("ledSubjectNumber", basis.subject.led_subject_number)
    _named(claims, "studyProgramme", basis.study_programme)
    _named(claims, "specialisation", basis.specialisation)
    _named(claims, "detailSubject", basis.detail_subject)
    _isced(claims, record)
    _levels(claims, record)
    claims.text("foreignLanguage" if foreign else "language", basis.language)
    claims.text("foreignCountry" if foreign else "country", basis.country)
    if not foreign:
        claims.value("awardingBody", awarding_body(basis))
    claims.text("schoolType", basis.school_type)
    claims.text("validityPeriod", basis.validity_period)
    claims.value("adultEducationHours", basis.adult_education_hours)
    infos = [i for i in map(_additional, basis.additional_info) if i is not None]
    claims.value("additionalInformation", infos or None)
    awarded_on(claims, record)
    return claims


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
