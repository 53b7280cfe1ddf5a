"""Holders and LED records: data functions (re-exported by :mod:`vc_led_issuer.crud`).

Records are stored idempotently on (supplier, supplier reference). Every change of content or
state bumps the record's ``revision`` and revokes the credentials issued from earlier
revisions: a cancellation (LED status 10) or a correction makes them wrong. Bulk issuance
then issues one credential for the new revision (if the record is registered).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from vc_led.led.formats.codec import record_to_dict
from vc_led.led.model import LedRecord

from ..db import require_write_session
from ..errors import HolderMismatchError
from ..models import Holder, Record, RecordState, StatusPurpose
from ..privacy import InszHasher
from ._credentials import credentials_for_record, set_credential_status
from ._upsert import insert_ignore

__all__ = [
    "UpsertOutcome",
    "content_hash",
    "find_holder",
    "get_or_create_holder",
    "list_records",
    "upsert_led_record",
    "upsert_record",
]


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


# ---------------------------------------------------------------- holders


def find_holder(session: Session, *, insz: str, hasher: InszHasher) -> Holder | None:
    """The holder with this INSZ, looked up by its peppered HMAC.

    Raises:
        ValueError: for a malformed INSZ (the value is not echoed).
    """
    digest = hasher.digest(insz)
    return session.exec(select(Holder).where(Holder.insz_hash == digest)).first()


def get_or_create_holder(
    session: Session,
    *,
    insz: str,
    hasher: InszHasher,
    given_name: str | None = None,
    family_name: str | None = None,
    birth_date: date | None = None,
    now: datetime | None = None,
) -> Holder:
    """The holder with this INSZ, created if new; names and birth date update it if given.

    Args:
        session: a write session.
        insz: the INSZ (stored only as HMAC).
        hasher: the peppered hasher.
        given_name: the holder's given name (from the login), for credentials.
        family_name: the holder's family name (from the login), for credentials.
        birth_date: the holder's birth date (from the login), for credentials.
        now: the time (default: now, UTC).

    Returns:
        The holder row.

    Raises:
        ValueError: for a malformed INSZ.
    """
    require_write_session(session)
    digest = hasher.digest(insz)
    table = Holder.__table__  # type: ignore[attr-defined]
    insert_ignore(session, table, {"insz_hash": digest, "created_at": _now(now)})
    query = select(Holder).where(Holder.insz_hash == digest).with_for_update()
    holder = session.exec(query.execution_options(populate_existing=True)).one()
    wanted = {"given_name": given_name, "family_name": family_name, "birth_date": birth_date}
    changes = {k: v for k, v in wanted.items() if v is not None and getattr(holder, k) != v}
    if changes:
        for name, value in changes.items():
            setattr(holder, name, value)
        session.add(holder)
        session.flush()
    return holder


# ---------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class UpsertOutcome:
    """What :func:`upsert_record` did.

    Attributes:
        record: the stored record.
        created: it was new.
        changed: its content or state changed (False for a repeated import).
        revoked: ids of credentials revoked because the record was cancelled or corrected.
    """

    record: Record
    created: bool
    changed: bool
    revoked: tuple[str, ...] = ()


def content_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of a record's canonical JSON: equal content, equal hash."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def upsert_record(
    session: Session,
    *,
    supplier: str,
    supplier_reference: str,
    content: Mapping[str, Any],
    state: RecordState,
    holder: Holder,
    led_reference: str | None = None,
    actor: str = "import",
    now: datetime | None = None,
) -> UpsertOutcome:
    """Store a record idempotently on (supplier, supplier reference).

    The same content and state twice changes nothing. A change bumps ``revision`` and revokes
    every credential issued from the record (audited, irreversible): a cancelled record
    (status 10) must not verify, and a corrected one is issued anew.

    Args:
        session: a write session.
        supplier: the supplier (``Leverancier/Naam``).
        supplier_reference: the supplier's reference (``Bewijsreferte``).
        content: the record as JSON (no INSZ: see :func:`vc_led.led.formats.codec.record_to_dict`).
        state: registered or cancelled.
        holder: the holder row.
        led_reference: LED's own reference.
        actor: who, for the audit log.
        now: the time (default: now, UTC).

    Returns:
        An :class:`UpsertOutcome`.

    Raises:
        HolderMismatchError: when the record would move to another holder (a ValueError).
    """
    require_write_session(session)
    now, digest = _now(now), content_hash(content)
    key = {"supplier": supplier, "supplier_reference": supplier_reference}
    values: dict[str, Any] = {
        **key,
        "led_reference": led_reference,
        "state": state.value,
        "content": content,
    }
    values |= {"content_hash": digest, "holder_id": holder.id, "created_at": now}
    values |= {"updated_at": now, "cancelled_at": now if state is RecordState.CANCELLED else None}
    created = insert_ignore(session, Record.__table__, values)  # type: ignore[attr-defined]
    query = select(Record).filter_by(**key).with_for_update()
    record = session.exec(query.execution_options(populate_existing=True)).one()
    changed = created
    if not created:
        if record.holder_id != holder.id:
            raise HolderMismatchError(
                "a record cannot move to another holder; cancel and register anew"
            )
        changed = record.content_hash != digest or record.state != state.value
        if changed:
            _update_record(record, content, digest, state, led_reference, now)
            session.add(record)
            session.flush()
    revoked: tuple[str, ...] = ()
    if changed and not created:
        reason = "LED record cancelled" if state is RecordState.CANCELLED else "LED record changed"
        revoked = _revoke_all(session, record=record, actor=actor, reason=reason, now=now)
    return UpsertOutcome(record, created, changed, revoked)


def _update_record(
    record: Record,
    content: Mapping[str, Any],
    digest: str,
    state: RecordState,
    led_reference: str | None,
    now: datetime,
) -> None:
    if state is RecordState.CANCELLED and record.state != state.value:
        record.cancelled_at = now
    elif state is RecordState.REGISTERED:
        record.cancelled_at = None
    record.content, record.content_hash, record.state = dict(content), digest, state.value
    record.revision += 1
    record.led_reference = led_reference if led_reference is not None else record.led_reference
    record.updated_at = now


def _revoke_all(
    session: Session, *, record: Record, actor: str, reason: str, now: datetime
) -> tuple[str, ...]:
    creds = credentials_for_record(session, record_id=record.id)
    live = [
        c
        for c in creds
        if c.revoked_at is None
        and (c.revocation_list_id is not None or c.token_status_list_id is not None)
    ]
    for cred in live:
        if cred.revoked_at is None:  # not already revoked with another rendition of its issuance
            set_credential_status(
                session,
                credential_id=cred.credential_id,
                purpose=StatusPurpose.REVOCATION,
                value=True,
                actor=actor,
                reason=reason,
                now=now,
            )
    return tuple(c.credential_id for c in live if c.revoked_at is not None)


def upsert_led_record(
    session: Session,
    *,
    record: LedRecord,
    holder: Holder,
    actor: str = "import",
    now: datetime | None = None,
) -> UpsertOutcome:
    """:func:`upsert_record` for a parsed :class:`~vc_led.led.model.LedRecord`.

    Raises:
        ValueError: as :func:`upsert_record`.
    """
    return upsert_record(
        session,
        supplier=record.supplier.name,
        supplier_reference=record.supplier.reference,
        content=record_to_dict(record),
        state=RecordState(record.status.value),
        holder=holder,
        led_reference=record.led_reference,
        actor=actor,
        now=now,
    )


def list_records(
    session: Session,
    *,
    holder_id: int | None = None,
    state: RecordState | None = None,
    supplier: str | None = None,
    after_id: int = 0,
    limit: int = 100,
) -> list[Record]:
    """Records in id order, filtered; keyset pagination with ``after_id`` (for resumable jobs)."""
    query = select(Record).where(col(Record.id) > after_id)
    if holder_id is not None:
        query = query.where(Record.holder_id == holder_id)
    if state is not None:
        query = query.where(Record.state == state.value)
    if supplier is not None:
        query = query.where(Record.supplier == supplier)
    return list(session.exec(query.order_by(col(Record.id)).limit(limit)))
