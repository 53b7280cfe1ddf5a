"""A LED credential issued to a wallet: the registry's existing issuing path
(:func:`vc_led_issuer.jobs.credentials.issue_record_credential`) with the holder's name and birth
date and ``credentialSubject.id`` = the wallet key's DID, fresh status entries allocated as
bulk issuance does, written to the issuance log with an audit entry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from vc_led.led.formats.codec import record_from_dict
from vc_led.led.model import LedRecord
from vc_led.status import build_status_entry
from vc_led.trust import TrustRegistry

from .. import audit, crud
from ..context import Registry
from ..jobs.credentials import (
    HolderClaims,
    NotIssuableCode,
    NotIssuableError,
    check_issuable,
    issue_record_credential,
    registry_trust_list,
)
from ..jobs.credentials import status_purposes as _purposes
from ..models import Holder, KeyRecord, Record, RecordState

__all__ = [
    "Issuable",
    "NotIssuableError",
    "issue_to_wallet",
    "load_issuable",
    "token_status_entry",
]


def token_status_entry(
    registry: Registry, session: Session, *, now: datetime
) -> crud.TokenStatusEntry:
    """One Token Status List entry for a credential issued to a wallet (taken when
    ``session`` commits), in the registry's configured lists."""
    settings = registry.settings
    return crud.allocate_token_status_indexes(
        session,
        base_url=settings.token_status_base_url,
        size=settings.status_list_size,
        rng=registry.rng,
        now=now,
    )[0]


@dataclass(frozen=True, slots=True)
class Issuable:
    """A record that may be issued to its holder now, with what issuing it needs."""

    record: Record
    holder: Holder
    led: LedRecord
    key: KeyRecord
    trust: TrustRegistry | None


def load_issuable(registry: Registry, *, record_id: int, holder_id: int) -> Issuable:
    """Load one of the holder's registered records and check that it may be issued, before any
    status index is allocated for it.

    Raises:
        NotIssuableError: the record is not the holder's or not registered (``record.gone``),
            the holder has no name yet, the registry's trust list would refuse it.
        NotFoundError: the registry has no key.
    """
    with registry.read() as session:
        query = select(Record, Holder).join(Holder, col(Holder.id) == Record.holder_id)
        row = session.exec(query.where(Record.id == record_id)).first()
        key = registry.current_key(session)
        trust = registry_trust_list(session, registry.did)
    if row is None or row[1].id != holder_id or row[0].state != RecordState.REGISTERED.value:
        raise NotIssuableError(NotIssuableCode.RECORD_GONE, "the record is no longer available")
    record, holder = row
    if holder.given_name is None or holder.family_name is None:  # no index wasted on it
        raise NotIssuableError(NotIssuableCode.HOLDER_NO_NAME, "the holder's name is not known yet")
    led = record_from_dict(record.content)
    check_issuable(led, issuer_id=registry.did, now=registry.now(), trust=trust)
    return Issuable(record, holder, led, key, trust)


def issue_to_wallet(
    registry: Registry, *, record_id: int, holder_id: int, holder_did: str, actor: str
) -> dict[str, Any]:
    """Issue the credential of one of the holder's registered records, bound to
    ``holder_did``.

    Raises:
        NotIssuableError: the record is not the holder's or not registered (``record.gone``),
            the holder has no name yet, the registry's trust list would refuse it
            (``issuer.before_coverage``...), or the library refused it.
        NotFoundError: the registry has no key.
    """
    src = load_issuable(registry, record_id=record_id, holder_id=holder_id)
    record, holder, led, key, trust = src.record, src.holder, src.led, src.key, src.trust
    now, settings = registry.now(), registry.settings
    with registry.write() as session:
        entries = {
            purpose: crud.allocate_status_indexes(
                session,
                purpose=purpose,
                base_url=settings.status_base_url,
                size=settings.status_list_size,
                rng=registry.rng,
                now=now,
            )[0]
            for purpose in _purposes(led)
        }
        token = token_status_entry(registry, session, now=now)
    claims = HolderClaims(holder.given_name, holder.family_name, holder.birth_date, holder_did)
    document = issue_record_credential(
        record=led,
        holder=claims,
        key=registry.signer(key),
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        status_entries=[
            build_status_entry(list_url=e.url, index=e.index, purpose=e.purpose.value)
            for e in entries.values()
        ],
        now=now,
        trust=trust,
    )
    with registry.write() as session:
        crud.record_issued_credential(
            session,
            credential_id=document["id"],
            record_id=record_id,
            key_id=key.id,
            document=document,
            status=entries,
            token_status=token,
            record_revision=record.revision,
            now=now,
        )
        audit.append(
            session,
            actor=actor,
            action="credential.issue",
            target=document["id"],
            details={"record": record_id, "channel": "oid4vci"},
            now=now,
        )
    return document
