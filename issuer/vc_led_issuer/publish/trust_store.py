"""The trust registry in the database: seeded from :func:`vc_led.trust.default_led_registry`,
read back as a :class:`vc_led.trust.TrustRegistry` with the registry's keys and their
validity windows (from the ``keys`` table), changed by registry operations (audited).

Rows map one to one: an ``issuers`` row is an :class:`~vc_led.trust.AccreditedIssuer`, an
``accreditations`` row an :class:`~vc_led.trust.AccreditationScope` (see
:class:`vc_led_issuer.models.Accreditation` for ``scope_kind``). A retired key keeps its window
(``created_at`` .. ``retired_at``), so a proof it makes after retirement fails
``proof.key_retired`` while older credentials keep verifying.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from vc_led.trust import (
    AccreditationScope,
    AccreditedIssuer,
    IssuerKey,
    IssuerStatus,
    TrustRegistry,
    default_led_registry,
)

from .. import crud
from ..models import Accreditation, Issuer, KeyRecord

__all__ = ["add_accredited_issuer", "load_trust_registry", "seed_trust_registry"]


def seed_trust_registry(
    session: Session, *, registry_did: str, actor: str, now: datetime | None = None
) -> int:
    """Store the default LED registry (the registry itself and the suppliers of the LED table)
    when the ``issuers`` table is empty.

    Args:
        session: a write session.
        registry_did: the registry's DID.
        actor: who, for the audit log.
        now: the time.

    Returns:
        How many issuers were stored (0 when the table was not empty).
    """
    if session.exec(select(Issuer.id).limit(1)).first() is not None:
        return 0
    issuers = default_led_registry(registry_did=registry_did).issuers
    for issuer in issuers:
        add_accredited_issuer(session, issuer=issuer, actor=actor, now=now)
    return len(issuers)


def add_accredited_issuer(
    session: Session, *, issuer: AccreditedIssuer, actor: str, now: datetime | None = None
) -> Issuer:
    """Store an :class:`~vc_led.trust.AccreditedIssuer` with its scopes (audited).

    Its ``keys`` are not stored: the registry's keys come from the ``keys`` table.

    Returns:
        The new ``issuers`` row.

    Raises:
        sqlalchemy.exc.IntegrityError: a DID or name that is taken.
    """
    row = crud.add_issuer(
        session,
        did=issuer.did,
        name=issuer.name,
        role=issuer.role,
        aliases=issuer.aliases,
        signs_on_behalf=issuer.signs_on_behalf,
        actor=actor,
        now=now,
    )
    for scope in issuer.scopes:
        crud.add_accreditation(
            session,
            issuer=row,
            scope_kind="scope",
            scope=scope.description or _describe(scope),
            categories=scope.categories,
            credential_types=scope.credential_types,
            self_declared=scope.self_declared,
            coverage_start=scope.coverage_start,
            actor=actor,
            now=now,
        )
    if issuer.status is IssuerStatus.SUSPENDED:
        crud.set_issuer_status(
            session,
            did=issuer.did or issuer.name,
            status="suspended",
            actor=actor,
            reason="registered suspended",
            now=now,
        )
    return row


def _describe(scope: AccreditationScope) -> str:
    return ", ".join(sorted(scope.categories | scope.credential_types)) or "any credential"


def load_trust_registry(session: Session) -> TrustRegistry:
    """The trust registry as stored, with key windows for every issuer that has keys.

    Returns:
        The :class:`~vc_led.trust.TrustRegistry`.

    Raises:
        ConfigurationError: the stored rows do not make a consistent registry (duplicates).
    """
    accreditations: dict[int | None, list[Accreditation]] = {}
    for row in session.exec(select(Accreditation).order_by(col(Accreditation.id))):
        accreditations.setdefault(row.issuer_id, []).append(row)
    keys: dict[str, list[KeyRecord]] = {}
    query = select(KeyRecord).order_by(col(KeyRecord.created_at), col(KeyRecord.id))
    for key in session.exec(query):
        keys.setdefault(key.controller, []).append(key)
    issuers = session.exec(select(Issuer).order_by(col(Issuer.id))).all()
    return TrustRegistry(
        _issuer(i, accreditations.get(i.id, []), keys.get(i.did or "", [])) for i in issuers
    )


def _issuer(
    row: Issuer, scopes: Sequence[Accreditation], keys: Iterable[KeyRecord]
) -> AccreditedIssuer:
    return AccreditedIssuer(
        name=row.name,
        did=row.did,
        role=row.role,
        aliases=frozenset(row.aliases),
        scopes=tuple(_scope(a) for a in scopes if a.status == "active"),
        status=IssuerStatus(row.status),
        keys=tuple(
            IssuerKey(id=k.id, valid_from=k.created_at, retired_at=k.retired_at) for k in keys
        ),
        signs_on_behalf=row.signs_on_behalf,
    )


def _scope(row: Accreditation) -> AccreditationScope:
    categories, types = set(row.categories), set(row.credential_types)
    if row.scope_kind == "category":
        categories.add(row.scope)
    elif row.scope_kind == "type":
        types.add(row.scope)
    return AccreditationScope(
        description=row.scope if row.scope_kind == "scope" else "",
        credential_types=frozenset(types),
        categories=frozenset(categories),
        coverage_start=row.coverage_start,
        self_declared=row.self_declared,
    )
