"""The competence record profile: an EU micro-credential that is also an Open Badges 3.0
``OpenBadgeCredential``.

A LED record with learning outcomes (``GeneriekSupplement/Leeruitkomsten``), professional
qualifications or partial qualifications becomes a credential of types
``OpenBadgeCredential`` and ``LedCompetenceCredential``. ``credentialSubject`` is an Open Badges
``AchievementSubject`` (and ``LedLearner``); its ``achievement`` (``Achievement`` and
``LedCompetenceRecord``) carries the Open Badges fields a badge wallet shows (``name``,
``description``, ``criteria.narrative`` listing the competences, ``alignment`` to ESCO skills
and the EQF level) and every LED claim, with the competences as ``LedCompetence`` objects.

``microCredentialElements`` lists the 11 mandatory elements of the Council Recommendation of
16 June 2022 (Annex I), each with the JSON Pointers of the claims that hold it or
``notAvailableInLed``. LED has no ECTS, assessment type, form of participation or quality
assurance type: those are marked, never invented (the generator's synthetic enrichment is
not used here).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from ..codelists import esco_skill
from ..model import LedRecord
from ..vocab.schemas import schema_id
from ._claims import record_claims
from ._elements import micro_credential_elements
from ._envelope import INTERMEDIATE_TYPE, IssueContext, display_title, envelope
from ._subject import learner
from .holder import Holder

__all__ = ["SkillLookup", "build_competence", "default_skill_lookup", "has_competences"]

SkillLookup = Callable[[str], str | None]
"""Maps a competence title to an ESCO skill URI, or None when none is known."""

_ESCO = re.compile(r"http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}\Z")
_ACHIEVEMENT_NS = uuid.UUID("6f1f0a52-3b0e-5d4e-9a51-4c45442d7631")


def default_skill_lookup(title: str) -> str | None:
    """The ESCO skill URI known for ``title`` (the code list ``data/esco.json``), if any.

    Only ``http://data.europa.eu/esco/skill/...`` URIs are returned.
    """
    link = esco_skill(title)
    return link if link is not None and _ESCO.match(link) else None


def has_competences(record: LedRecord) -> bool:
    """True when the record has learning outcomes, professional or partial qualifications."""
    basis = record.basis
    outcomes = any(s.learning_outcomes for s in basis.supplements)
    return outcomes or bool(basis.professional_qualifications or basis.partial_qualifications)


def _qualifications(record: LedRecord) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    basis = record.basis
    for kind, items in (
        ("professionalQualification", basis.professional_qualifications),
        ("partialQualification", basis.partial_qualifications),
    ):
        for item in items:
            comp: dict[str, Any] = {"type": "LedCompetence", "competenceKind": kind}
            comp["competenceCode"] = item.code
            if item.name:
                comp["title"] = item.name
            out.append(comp)
    return out


def competences(record: LedRecord, lookup: SkillLookup) -> list[dict[str, Any]]:
    """The record's competences as ``LedCompetence`` objects, qualifications first."""
    out = _qualifications(record)
    for supplement in record.basis.supplements:
        for outcome in supplement.learning_outcomes:
            comp: dict[str, Any] = {"type": "LedCompetence", "competenceKind": "learningOutcome"}
            comp["title"] = outcome.title
            if outcome.type is not None:
                comp |= {"outcomeType": outcome.type.name, "outcomeTypeCode": outcome.type.code}
            if outcome.extra_info:
                comp["extraInformation"] = outcome.extra_info
            skill = lookup(outcome.title)
            if skill is not None:
                comp["escoSkill"] = skill
            comp["supplementName"] = supplement.name
            out.append(comp)
    return out


def _label(comp: Mapping[str, Any]) -> str:
    return str(comp.get("title") or comp["competenceCode"])


def _alignment(comps: list[dict[str, Any]], eqf: str | None) -> list[dict[str, Any]]:
    out = [
        {
            "type": ["Alignment"],
            "targetName": _label(c),
            "targetUrl": c["escoSkill"],
            "targetFramework": "ESCO",
        }
        for c in comps
        if "escoSkill" in c
    ]
    if eqf is not None:
        level = eqf.rsplit("/", 1)[-1]
        out.append(
            {
                "type": ["Alignment"],
                "targetName": f"EQF level {level}",
                "targetUrl": eqf,
                "targetFramework": "European Qualifications Framework",
                "targetCode": level,
            }
        )
    return out


def _achievement_id(record: LedRecord, comps: list[dict[str, Any]]) -> str:
    """A stable id from what defines the achievement (never from LED or supplier references)."""
    basis = record.basis
    defining = [
        repr(basis.full_title),
        repr(basis.category),
        record.supplier.name,
        repr(basis.institution),
        [_label(c) for c in comps],
    ]
    digest = hashlib.sha256(json.dumps(defining, ensure_ascii=False).encode()).hexdigest()
    return f"urn:uuid:{uuid.uuid5(_ACHIEVEMENT_NS, digest)}"


def _achievement(record: LedRecord, lookup: SkillLookup) -> dict[str, Any]:
    comps = competences(record, lookup)
    claims = record_claims(record, ["Achievement", "LedCompetenceRecord"])
    claims.value("competences", comps)
    node = claims.done()
    title = (None if record.is_special_needs else display_title(record)) or "Competentiebewijs"
    head: dict[str, Any] = {"id": _achievement_id(record, comps), "type": node.pop("type")}
    head["name"] = title
    head["description"] = node.pop("description", None) or f"LED-competentiebewijs: {title}"
    narrative = "\n".join(f"- {_label(c)}" for c in comps)
    head["criteria"] = {"narrative": f"Competenties:\n{narrative}"}
    head["achievementType"] = "MicroCredential"
    alignment = _alignment(comps, node.get("eqfLevel"))
    if alignment:
        head["alignment"] = alignment
    if "iscedF2013Name" in node:
        head["fieldOfStudy"] = node["iscedF2013Name"]
    if re.fullmatch(r"[a-z]{2,4}", str(node.get("language", ""))):
        head["inLanguage"] = node["language"]
    return head | node


def build_competence(
    record: LedRecord,
    holder: Holder,
    ctx: IssueContext,
    *,
    skill_lookup: SkillLookup = default_skill_lookup,
) -> dict[str, Any]:
    """The unsigned competence credential (micro-credential + Open Badges 3.0).

    Args:
        record: a record with competences (:func:`has_competences`).
        holder: the holder.
        ctx: issuer, id, status entries, issuance time.
        skill_lookup: ESCO skill URIs for competence titles.

    Returns:
        The credential, without proof.
    """
    achievement = _achievement(record, skill_lookup)
    extra: dict[str, Any] = {"achievement": achievement}
    if holder.full_name is not None:
        identity = {"type": "IdentityObject", "identityType": "name", "hashed": False}
        extra["identifier"] = [identity | {"identityHash": holder.full_name}]
    subject_type = ["AchievementSubject", "LedLearner"]
    subject = learner(holder, record, subject_type, extra, "achievement")
    types = ["OpenBadgeCredential", "LedCompetenceCredential"]
    if record.is_intermediate:
        types.append(INTERMEDIATE_TYPE)
    prefix = "Tussenbewijs (geen eindbewijs): " if record.is_intermediate else ""
    doc = envelope(
        ctx,
        record,
        types=types,
        schema_id=schema_id("competence"),
        subject=subject,
        name=prefix + achievement["name"],
    )
    achievement["microCredentialElements"] = micro_credential_elements(doc)
    return doc
