"""Data functions over the OpenID4VCI tables. Single use is one conditional ``UPDATE`` (``...
WHERE used_at IS NULL AND expires_at > now``), so two concurrent requests can never both
redeem a code, a nonce or a token, on either backend.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ..db import require_write_session
from .models import ArtifactKind, Oid4vciArtifact, Oid4vciOffer

__all__ = [
    "artifact_hash",
    "consume_artifact",
    "find_artifact",
    "purge_expired",
    "put_artifact",
    "remember_once",
    "sha256_hex",
    "tx_code_hash",
]

PURGE_GRACE = timedelta(hours=1)


def sha256_hex(value: str) -> str:
    """SHA-256 of a high-entropy secret (a code or token), hex."""
    return hashlib.sha256(value.encode()).hexdigest()


def artifact_hash(kind: ArtifactKind, value: str) -> str:
    """The stored key of an artefact: SHA-256 of ``<kind>:<value>``."""
    return sha256_hex(f"{kind.value}:{value}")


def tx_code_hash(pepper: bytes, *, offer_id: str, tx_code: str) -> str:
    """The peppered HMAC of an offer's PIN (a PIN alone is too short for a plain hash)."""
    message = f"oid4vci-tx-code:{offer_id}:{tx_code}".encode()
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()


def put_artifact(
    session: Session,
    *,
    kind: ArtifactKind,
    value: str,
    now: datetime,
    lifetime: timedelta,
    holder_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Oid4vciArtifact:
    """Store a new artefact (its hash) valid for ``lifetime``."""
    row = Oid4vciArtifact(
        hash=artifact_hash(kind, value),
        kind=kind.value,
        holder_id=holder_id,
        data=data or {},
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return row


def find_artifact(
    session: Session, *, kind: ArtifactKind, value: str, now: datetime
) -> Oid4vciArtifact | None:
    """A live (unexpired, unused) artefact, or None."""
    row = session.get(Oid4vciArtifact, artifact_hash(kind, value))
    if row is None or row.kind != kind.value or row.used_at is not None or row.expires_at <= now:
        return None
    return row


def consume_artifact(
    session: Session, *, kind: ArtifactKind, value: str, now: datetime
) -> Oid4vciArtifact | None:
    """Mark a live artefact used and return it; None when it is unknown, expired or used
    (then nothing changes). Needs a write session."""
    require_write_session(session)
    key = artifact_hash(kind, value)
    table = Oid4vciArtifact.__table__  # type: ignore[attr-defined]
    stmt = (
        sa.update(table)
        .where(table.c.hash == key, table.c.kind == kind.value)
        .where(table.c.used_at.is_(None), table.c.expires_at > now)
        .values(used_at=now)
    )
    if session.execute(stmt).rowcount != 1:  # type: ignore[attr-defined]
        return None
    return session.get(Oid4vciArtifact, key, populate_existing=True)


def remember_once(
    session: Session, *, kind: ArtifactKind, value: str, now: datetime, lifetime: timedelta
) -> bool:
    """Record that ``value`` was seen (a DPoP proof id); False when it was seen before.

    The insert runs in a savepoint, so a concurrent duplicate is refused by the primary key
    without spoiling the caller's transaction.
    """
    key = artifact_hash(kind, value)
    if session.get(Oid4vciArtifact, key) is not None:
        return False
    try:
        with session.begin_nested():
            put_artifact(session, kind=kind, value=value, now=now, lifetime=lifetime)
    except IntegrityError:
        return False
    return True


def purge_expired(session: Session, *, now: datetime) -> int:
    """Delete artefacts that expired more than an hour ago; how many."""
    table = Oid4vciArtifact.__table__  # type: ignore[attr-defined]
    stmt = sa.delete(table).where(table.c.expires_at < now - PURGE_GRACE)
    return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


def live_offer(session: Session, *, code: str, now: datetime) -> Oid4vciOffer | None:
    """The unexpired, unredeemed, unrevoked offer of a pre-authorized code, locked for the
    rest of the transaction; or None."""
    query = select(Oid4vciOffer).where(Oid4vciOffer.code_hash == sha256_hex(code))
    offer = session.exec(query.with_for_update()).first()
    if offer is None or offer.redeemed_at is not None or offer.revoked_at is not None:
        return None
    return offer if offer.expires_at > now else None


def offers_of_batch(session: Session, *, batch: str) -> list[Oid4vciOffer]:
    """The offers of a bulk run."""
    return list(session.exec(select(Oid4vciOffer).where(col(Oid4vciOffer.batch) == batch)))
