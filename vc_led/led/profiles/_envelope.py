"""The VC 2.0 envelope every LED profile shares: contexts, issuer, validity, evidence,
schema reference, status entries, and the list of sensitive claims.

Dates: ``validFrom`` is the LED issue date (midnight UTC) -- for a year- or month-only date the
last day it can stand for, never after the issuance day; for LED's "unknown" year 1800 the
issuance time. The date as LED has it stays a claim (``awardedOn`` + ``awardedOnPrecision``).
``validUntil`` is ``validFrom``'s day plus the ``Vervalperiode`` when that parses
(``5 jaar``, ``6 maanden``); otherwise there is no ``validUntil`` and the text stays a claim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..._time import format_datetime
from ..model import LedRecord
from ..values import led_text, parse_validity_period
from ..vocab import CONTEXT_URL
from ._claims import DESCRIPTION_TYPE

__all__ = [
    "DEFAULT_ISSUER_NAME",
    "INTERMEDIATE_TYPE",
    "OB3_CONTEXT",
    "V2_CONTEXT",
    "IssueContext",
    "display_title",
    "envelope",
    "issuer_object",
    "sensitive_pointers",
    "validity",
]

V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
INTERMEDIATE_TYPE = "LedIntermediateProofCredential"
DEFAULT_ISSUER_NAME = "AHOVOKS - Leer- en ervaringsbewijzendatabank (LED)"
_DEFAULT_ADDRESS = {
    "type": ["Address"],
    "addressCountry": "België",
    "addressCountryCode": "BE",
    "addressRegion": "Vlaanderen",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueContext:
    """What a profile needs besides the record and the holder.

    Attributes:
        issuer: the issuer as given (``None``: the LED registry, named by the key's controller).
        controller: the signing key's controller DID.
        credential_id: the credential's ``id``.
        status_entries: ``credentialStatus`` entries.
        issued_at: the issuance time (timezone-aware).
    """

    issuer: str | Mapping[str, Any] | None
    controller: str
    credential_id: str
    status_entries: tuple[Mapping[str, Any], ...]
    issued_at: datetime


def issuer_object(ctx: IssueContext, *, open_badges: bool) -> dict[str, Any]:
    """The ``issuer`` object; an Open Badges ``Profile`` for the Open Badges credential."""
    if ctx.issuer is None:
        issuer: dict[str, Any] = {"id": ctx.controller, "name": DEFAULT_ISSUER_NAME}
        if open_badges:
            issuer["address"] = dict(_DEFAULT_ADDRESS)
    elif isinstance(ctx.issuer, str):
        issuer = {"id": ctx.issuer}
    else:
        issuer = dict(ctx.issuer)
    if open_badges:
        issuer = {"id": issuer.get("id"), "type": ["Profile"]} | issuer
    return issuer


def _midnight(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def validity(record: LedRecord, issued_at: datetime) -> tuple[str, str | None]:
    """``(validFrom, validUntil or None)`` for a record issued at ``issued_at``."""
    issue = record.basis.issue_date
    if issue.is_placeholder:
        return format_datetime(issued_at), None
    anchor = min(issue.latest(), issued_at.date())
    period = parse_validity_period(record.basis.validity_period)
    if period is None:
        return _midnight(anchor), None
    try:
        return _midnight(anchor), _midnight(period.add_to(anchor))
    except (ValueError, OverflowError):  # beyond year 9999: keep the text, invent nothing
        return _midnight(anchor), None


def _source_record(record: LedRecord, *, open_badges: bool) -> dict[str, Any]:
    return {
        "type": ["Evidence", "LedSourceRecord"] if open_badges else ["LedSourceRecord"],
        "supplier": record.supplier.name,
        "authenticity": led_text(record.basis.authenticity),
        "registeredOn": record.modified_at.date().isoformat(),
    }


def display_title(record: LedRecord) -> str | None:
    """The best human title of a record: VolledigeNaam, else its Bewijs omschrijving, else the
    study programme or subject name (None when LED has none of them)."""
    basis = record.basis
    for value in (
        basis.full_title,
        basis.additional(DESCRIPTION_TYPE),
        basis.study_programme.name if basis.study_programme else None,
        basis.subject.name,
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def envelope(
    ctx: IssueContext,
    record: LedRecord,
    *,
    types: Sequence[str],
    schema_id: str,
    subject: dict[str, Any],
    name: str,
    description: str | None = None,
) -> dict[str, Any]:
    """The complete unsigned credential around ``subject``.

    Args:
        ctx: issuer, id, status entries and issuance time.
        record: the record (validity and evidence come from it).
        types: the credential types after ``VerifiableCredential``.
        schema_id: the ``credentialSchema`` id.
        subject: the ``credentialSubject``.
        name: the credential's display name. description: its description, if any.

    Returns:
        The credential.
    """
    open_badges = "OpenBadgeCredential" in types
    contexts = [V2_CONTEXT, OB3_CONTEXT, CONTEXT_URL] if open_badges else [V2_CONTEXT, CONTEXT_URL]
    valid_from, valid_until = validity(record, ctx.issued_at)
    doc: dict[str, Any] = {
        "@context": contexts,
        "id": ctx.credential_id,
        "type": ["VerifiableCredential", *types],
        "name": name,
    }
    if description:
        doc["description"] = description
    doc |= {"issuer": issuer_object(ctx, open_badges=open_badges), "validFrom": valid_from}
    if valid_until is not None:
        doc["validUntil"] = valid_until
    doc["credentialSubject"] = subject
    doc["evidence"] = [_source_record(record, open_badges=open_badges)]
    doc["credentialSchema"] = [{"id": schema_id, "type": "JsonSchema"}]
    entries = [dict(e) for e in ctx.status_entries]
    if entries:
        doc["credentialStatus"] = entries[0] if len(entries) == 1 else entries
    return doc


_SENSITIVE: Mapping[str, tuple[str, ...]] = {
    "basis.school_type": ("schoolType",),
    "basis.grade": ("grade",),
    "basis.education_form": ("educationForm",),
    "basis.full_title": ("title", "name"),
    "basis.institution": ("awardingBody/name", "originalInstitution/name"),
    "basis.study_programme": ("studyProgramme", "studyProgrammeCode"),
    "basis.additional_info": ("additionalInformation", "description"),
}


def _has(node: Mapping[str, Any], path: str) -> bool:
    value: Any = node
    for part in path.split("/"):
        if not isinstance(value, Mapping) or part not in value:
            return False
        value = value[part]
    return True


def sensitive_pointers(record: LedRecord, node: Mapping[str, Any], base: str) -> list[str]:
    """JSON Pointers (under ``base``) of the claims of ``node`` that reveal special-needs
    education (:attr:`~vc_led.led.LedRecord.special_needs_fields`); empty for other records."""
    out: list[str] = []
    for field in record.special_needs_fields:
        out += [f"{base}/{rel}" for rel in _SENSITIVE.get(field, ()) if _has(node, rel)]
    return list(dict.fromkeys(out))
