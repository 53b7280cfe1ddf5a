"""A citizen's LED records as the portal shows them, and access to one of them.

Only records of the citizen's own holder row are ever read (every query filters on
``holder_id``); cancelled records are not offered. Each card names the credential the portal
offers for it: the newest one issued from the record that is neither revoked nor suspended.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, select

from vc_led.led.formats.codec import record_from_dict
from vc_led.led.model import LedRecord
from vc_led.led.profiles import CredentialProfile, select_profile
from vc_led.led.values import DatePrecision, is_pseudo, led_text

from ..models import IssuedCredential, Record, RecordState

__all__ = ["Group", "RecordCard", "citizen_records", "owned_record"]


class Group(StrEnum):
    """The portal's groups, in display order."""

    QUALIFICATIONS = "qualifications"
    COMPETENCES = "competences"
    EQUIVALENCES = "equivalences"
    SELF_DECLARED = "self-declared"


_GROUPS = {
    CredentialProfile.QUALIFICATION: Group.QUALIFICATIONS,
    CredentialProfile.COMPETENCE: Group.COMPETENCES,
    CredentialProfile.EQUIVALENCE: Group.EQUIVALENCES,
    CredentialProfile.SELF_DECLARED: Group.SELF_DECLARED,
}


@dataclass(frozen=True, slots=True)
class RecordCard:
    """One record as the citizen sees it (LED's own words, in Dutch)."""

    record_id: int
    group: Group
    title: str
    proof_type: str
    category: str
    institution: str
    supplier: str
    date: str | None  # ISO, as precise as LED knows it; None when unknown
    year: int | None
    intermediate: bool
    self_declared: bool
    authenticity: str
    credential_id: str | None  # the credential offered; None when there is none (yet)


def _title(record: LedRecord) -> str:
    """The full title; for a record without one (``Niet beschikbaar``), what it is and the
    study programme or subject, as LED has them."""
    basis = record.basis
    if not is_pseudo(basis.full_title):
        return led_text(basis.full_title)
    what = led_text(basis.proof_type)
    topic = basis.study_programme.name if basis.study_programme else None
    return f"{what}: {topic}" if topic else what


def _card(row: Record, record: LedRecord, credential_id: str | None) -> RecordCard:
    basis = record.basis
    date = basis.issue_date
    known = date.precision is not DatePrecision.UNKNOWN
    assert row.id is not None
    return RecordCard(
        record_id=row.id,
        group=_GROUPS[select_profile(record)],
        title=_title(record),
        proof_type=led_text(basis.proof_type),
        category=led_text(basis.category),
        institution=led_text(basis.institution.name),
        supplier=record.supplier.name,
        date=date.iso() if known else None,
        year=date.year if known else None,
        intermediate=record.is_intermediate,
        self_declared=record.is_self_declared,
        authenticity=led_text(basis.authenticity),
        credential_id=credential_id,
    )


def _offered(session: Session, record_ids: list[int]) -> dict[int, str]:
    if not record_ids:
        return {}
    query = (
        select(IssuedCredential.record_id, IssuedCredential.credential_id)
        .where(col(IssuedCredential.record_id).in_(record_ids))
        .where(IssuedCredential.format == "ldp_vc")  # the downloadable rendition
        .where(col(IssuedCredential.revoked_at).is_(None))
        .where(col(IssuedCredential.suspended).is_(False))
        .order_by(col(IssuedCredential.id))
    )
    return {record_id: credential_id for record_id, credential_id in session.exec(query)}


def citizen_records(session: Session, *, holder_id: int) -> list[RecordCard]:
    """The citizen's records that are not cancelled, newest first."""
    query = (
        select(Record)
        .where(col(Record.holder_id) == holder_id)
        .where(col(Record.state) != RecordState.CANCELLED.value)
    )
    rows = list(session.exec(query))
    offered = _offered(session, [r.id for r in rows if r.id is not None])
    cards = [_card(r, record_from_dict(r.content), offered.get(r.id or 0)) for r in rows]
    return sorted(cards, key=lambda c: (c.date or "", c.record_id), reverse=True)


def owned_record(session: Session, *, holder_id: int, record_id: int) -> RecordCard | None:
    """The record ``record_id`` if it is the citizen's and not cancelled, else None (the
    caller answers 404 either way: another citizen's record looks like no record)."""
    row = session.get(Record, record_id)
    if row is None or row.holder_id != holder_id or row.state == RecordState.CANCELLED.value:
        return None
    assert row.id is not None
    offered = _offered(session, [row.id])
    return _card(row, record_from_dict(row.content), offered.get(row.id))
