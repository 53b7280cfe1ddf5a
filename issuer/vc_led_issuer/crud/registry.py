"""Trust registry and afnemer protocols: data functions (re-exported by ``crud``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from .. import audit
from ..db import require_write_session
from ..errors import NotFoundError
from ..models import Accreditation, AfnemerProtocol, Issuer

__all__ = [
    "add_accreditation",
    "add_issuer",
    "add_protocol",
    "get_protocol",
    "list_issuers",
    "set_issuer_status",
]


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


# ---------------------------------------------------------------- issuers


def add_issuer(
    session: Session,
    *,
    did: str | None,
    name: str,
    role: str = "Leverancier",
    aliases: Iterable[str] = (),
    signs_on_behalf: bool = False,
    actor: str,
    now: datetime | None = None,
) -> Issuer:
    """Register an issuer (audited).

    Args:
        session: a write session.
        did: its DID (unique), or None for a supplier the registry signs for.
        name: its name (unique).
        role: its LED role (``Leverancier``, ``Register``).
        aliases: other names credentials may use for it.
        signs_on_behalf: it signs for the suppliers a credential names (the registry).
        actor: who, for the audit log.
        now: the time (default: now, UTC).

    Returns:
        The new row.
    """
    require_write_session(session)
    issuer = Issuer(
        did=did,
        name=name,
        role=role,
        aliases=sorted(set(aliases)),
        signs_on_behalf=signs_on_behalf,
        created_at=_now(now),
    )
    session.add(issuer)
    session.flush()
    audit.append(session, actor=actor, action="issuer.add", target=did or name, now=now)
    return issuer


def add_accreditation(
    session: Session,
    *,
    issuer: Issuer,
    scope: str,
    coverage_start: date | None,
    scope_kind: str = "category",
    categories: Iterable[str] = (),
    credential_types: Iterable[str] = (),
    self_declared: bool = False,
    coverage_end: date | None = None,
    actor: str,
    now: datetime | None = None,
) -> Accreditation:
    """Accredit an issuer for a scope from a date (``None``: announced, not covered yet).

    ``scope_kind`` ``category`` or ``type``: ``scope`` is one LED category or credential type.
    ``scope``: ``scope`` is a description; ``categories`` and ``credential_types`` say what it
    covers (empty: anything).

    Returns:
        The new row.
    """
    require_write_session(session)
    if issuer.id is None:
        raise ValueError("the issuer is not stored yet")
    row = Accreditation(
        issuer_id=issuer.id,
        scope_kind=scope_kind,
        scope=scope,
        categories=sorted(set(categories)),
        credential_types=sorted(set(credential_types)),
        self_declared=self_declared,
        coverage_start=coverage_start,
        coverage_end=coverage_end,
    )
    session.add(row)
    session.flush()
    details = {
        "scope_kind": scope_kind,
        "scope": scope,
        "from": coverage_start.isoformat() if coverage_start else None,
    }
    audit.append(
        session,
        actor=actor,
        action="issuer.accredit",
        target=issuer.did or issuer.name,
        details=details,
        now=now,
    )
    return row


def set_issuer_status(
    session: Session, *, did: str, status: str, actor: str, reason: str, now: datetime | None = None
) -> Issuer:
    """Suspend (``suspended``) or reactivate (``active``) an issuer (audited).

    Args:
        session: a write session.
        did: the issuer's DID, or its name (for a supplier without a DID).
        status: ``active`` or ``suspended``.
        actor: who, for the audit log.
        reason: why, for the audit log.
        now: the time (default: now, UTC).

    Raises:
        NotFoundError: unknown DID or name.
        ValueError: an unknown status.
    """
    require_write_session(session)
    if status not in ("active", "suspended"):
        raise ValueError("status must be 'active' or 'suspended'")
    query = select(Issuer).where(sa.or_(col(Issuer.did) == did, col(Issuer.name) == did))
    issuer = session.exec(query.with_for_update()).first()
    if issuer is None:
        raise NotFoundError("no such issuer")
    issuer.status = status
    session.add(issuer)
    session.flush()
    audit.append(
        session, actor=actor, action=f"issuer.{status}", target=did, reason=reason, now=now
    )
    return issuer


def list_issuers(session: Session) -> list[tuple[Issuer, list[Accreditation]]]:
    """Every issuer with its accreditations, by DID."""
    issuers = list(session.exec(select(Issuer).order_by(col(Issuer.did))))
    accreditations = list(session.exec(select(Accreditation).order_by(col(Accreditation.id))))
    return [(i, [a for a in accreditations if a.issuer_id == i.id]) for i in issuers]


# ---------------------------------------------------------------- afnemer protocols


def add_protocol(
    session: Session,
    *,
    code: str,
    afnemer: str,
    legal_basis: str,
    purpose: str,
    allowed_fields: Iterable[str],
    record_filters: Mapping[str, Any],
    retention_days: int,
    valid_from: date,
    valid_until: date | None = None,
    actor: str,
    now: datetime | None = None,
) -> AfnemerProtocol:
    """Register an afnemer protocol (who, legal basis, purpose, fields, filters, retention).

    Returns:
        The new row.
    """
    require_write_session(session)
    row = AfnemerProtocol(
        code=code,
        afnemer=afnemer,
        legal_basis=legal_basis,
        purpose=purpose,
        allowed_fields=list(allowed_fields),
        record_filters=dict(record_filters),
        retention_days=retention_days,
        valid_from=valid_from,
        valid_until=valid_until,
        created_at=_now(now),
    )
    session.add(row)
    session.flush()
    audit.append(session, actor=actor, action="protocol.add", target=code, now=now)
    return row


def get_protocol(session: Session, *, code: str) -> AfnemerProtocol | None:
    """The protocol with this code, or None."""
    return session.exec(select(AfnemerProtocol).where(AfnemerProtocol.code == code)).first()
