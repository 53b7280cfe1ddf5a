"""Every afnemer access, written to the hash-chained audit log and read back per holder.

One entry per access (a direct ``/afnemers/v1/records`` call or an OpenID4VP presentation the
citizen made): ``actor`` is ``afnemer:<code>``, ``action`` is :data:`ACCESS_ACTION`, ``target``
is ``holder:<peppered INSZ HMAC>`` (never the INSZ), ``reason`` the protocol's purpose, and
``details`` the protocol code, its legal basis, the channel and the record ids and fields
returned. The citizen's "who looked at my data" page and ``vc-led audit report`` read these
entries back with :func:`accesses`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from .. import audit
from ..models import AfnemerProtocol, AuditEntry

__all__ = [
    "ACCESS_ACTION",
    "Access",
    "Channel",
    "accesses",
    "afnemer_actor",
    "holder_target",
    "record_access",
]

ACCESS_ACTION = "afnemer.access"
_AFNEMER = "afnemer:"
_HOLDER = "holder:"


class Channel(StrEnum):
    """How the afnemer got the data."""

    API = "api"  # POST /afnemers/v1/records, the INSZ in the body
    OPENID4VP = "openid4vp"  # the citizen presented it from her wallet


def afnemer_actor(code: str) -> str:
    """The audit ``actor`` of an afnemer."""
    return _AFNEMER + code


def holder_target(insz_hash: str) -> str:
    """The audit ``target`` of a holder: her peppered INSZ HMAC (:class:`~..models.Holder`)."""
    return _HOLDER + insz_hash


@dataclass(frozen=True, slots=True)
class Access:
    """One access as the citizen and the data protection officer see it."""

    seq: int
    at: datetime
    afnemer: str
    protocol: str
    legal_basis: str
    purpose: str
    channel: str
    record_ids: tuple[int, ...]
    fields: tuple[str, ...]


def record_access(
    session: Session,
    *,
    afnemer_code: str,
    protocol: AfnemerProtocol,
    insz_hash: str,
    record_ids: Sequence[int],
    fields: Sequence[str],
    channel: Channel,
    now: datetime | None = None,
) -> AuditEntry:
    """Write one access to the audit log (in the caller's write transaction).

    An access that returned nothing is written too: that the afnemer asked is itself
    something the citizen may see.

    Args:
        session: a write session.
        afnemer_code: who asked.
        protocol: under which protocol (its purpose and legal basis are copied).
        insz_hash: whose data (the peppered HMAC, never the INSZ).
        record_ids: the registry ids of the records returned.
        fields: the fields returned.
        channel: direct API call or OpenID4VP.
        now: the time (default: now, UTC).

    Returns:
        The audit entry.
    """
    details = {
        "protocol": protocol.code,
        "legalBasis": protocol.legal_basis,
        "channel": channel.value,
        "records": sorted(record_ids),
        "fields": sorted(set(fields)),
    }
    return audit.append(
        session,
        actor=afnemer_actor(afnemer_code),
        action=ACCESS_ACTION,
        target=holder_target(insz_hash),
        reason=protocol.purpose,
        details=details,
        now=now,
    )


def accesses(
    session: Session,
    *,
    insz_hash: str | None = None,
    afnemer_code: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
) -> list[Access]:
    """The accesses of one holder and/or one afnemer, oldest first.

    Args:
        session: a read session.
        insz_hash: only this holder's.
        afnemer_code: only this afnemer's.
        since: from this time on (inclusive).
        until: before this time (exclusive).
        limit: at most this many (the oldest).

    Returns:
        The accesses.
    """
    query = select(AuditEntry).where(AuditEntry.action == ACCESS_ACTION)
    if insz_hash is not None:
        query = query.where(AuditEntry.target == holder_target(insz_hash))
    if afnemer_code is not None:
        query = query.where(AuditEntry.actor == afnemer_actor(afnemer_code))
    if since is not None:
        query = query.where(col(AuditEntry.at) >= since)
    if until is not None:
        query = query.where(col(AuditEntry.at) < until)
    rows = session.exec(query.order_by(col(AuditEntry.seq)).limit(limit)).all()
    return [_access(row) for row in rows]


def _access(row: AuditEntry) -> Access:
    details = json.loads(row.details)
    return Access(
        seq=row.seq,
        at=row.at,
        afnemer=row.actor.removeprefix(_AFNEMER),
        protocol=str(details.get("protocol", "")),
        legal_basis=str(details.get("legalBasis", "")),
        purpose=row.reason or "",
        channel=str(details.get("channel", "")),
        record_ids=tuple(int(r) for r in details.get("records", [])),
        fields=tuple(str(f) for f in details.get("fields", [])),
    )
