"""Signing keys of the registry: creation, rotation, the DID document, signers.

A key row holds the public key, its verification method id and where the private key is
kept. Rotation creates a new key and sets ``retired_at`` on the previous ones: new credentials
use the new key; the DID document keeps retired keys under ``assertionMethod`` so credentials
they signed keep verifying, and ``retired_at`` is the end of their validity window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from vc_led.dids import did_web_document
from vc_led.keys import KeyType, PublicKey, decode_multikey

from .. import audit
from ..db import serialize
from ..errors import NotFoundError
from ..models import KeyRecord
from .custody import KeyCustody, Signer

__all__ = [
    "Rotation",
    "current_key",
    "did_document",
    "keys_of",
    "load_signer",
    "register_key",
    "rotate_key",
]


def _vm_id(controller: str) -> Any:
    def id_for(public: PublicKey) -> str:
        return (
            public.did_key_vm
            if controller.startswith("did:key")
            else (f"{controller}#{public.multibase}")
        )

    return id_for


def register_key(
    session: Session,
    *,
    custody: KeyCustody,
    controller: str,
    key_type: KeyType = KeyType.ED25519,
    actor: str,
    now: datetime | None = None,
) -> KeyRecord:
    """Create a key in ``custody`` and list it (without retiring others).

    Args:
        session: a write session.
        custody: where the private key is created and kept.
        controller: the DID (``did:web:...``); the method id is ``<DID>#<publicKeyMultibase>``.
        key_type: Ed25519 (default), P-256 or P-384.
        actor: who, for the audit log.
        now: the time (default: now, UTC).

    Returns:
        The new key row.

    Raises:
        KeyCustodyError: the custody backend failed.
    """
    serialize(session, name=f"vc-led:keys:{controller}")
    now = (now or datetime.now(UTC)).astimezone(UTC)
    created = custody.create(key_type=key_type, id_for=_vm_id(controller))
    row = KeyRecord(
        id=_vm_id(controller)(created.public),
        controller=controller,
        key_type=created.public.key_type.value,
        public_multibase=created.public.multibase,
        custody=custody.kind,
        reference=created.reference,
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit.append(session, actor=actor, action="key.create", target=row.id, now=now)
    return row


@dataclass(frozen=True, slots=True)
class Rotation:
    """The result of :func:`rotate_key`: the new key and the keys it retired."""

    new: KeyRecord
    retired: tuple[KeyRecord, ...]


def rotate_key(
    session: Session,
    *,
    custody: KeyCustody,
    controller: str,
    key_type: KeyType = KeyType.ED25519,
    actor: str,
    reason: str,
    now: datetime | None = None,
) -> Rotation:
    """Create a new key for ``controller`` and retire the current ones (audited).

    Serialized per controller, so two concurrent rotations cannot leave two current keys.

    Returns:
        A :class:`Rotation`.

    Raises:
        KeyCustodyError: the custody backend failed (nothing is retired then).
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    new = register_key(
        session, custody=custody, controller=controller, key_type=key_type, actor=actor, now=now
    )
    current = session.exec(
        select(KeyRecord).where(
            KeyRecord.controller == controller,
            col(KeyRecord.retired_at).is_(None),
            KeyRecord.id != new.id,
        )
    ).all()
    for key in current:
        key.retired_at = now
        session.add(key)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="key.rotate",
        target=new.id,
        reason=reason,
        details={"retired": [k.id for k in current]},
        now=now,
    )
    return Rotation(new, tuple(current))


def keys_of(session: Session, *, controller: str) -> list[KeyRecord]:
    """Every key of ``controller``, oldest first (current and retired)."""
    query = select(KeyRecord).where(KeyRecord.controller == controller)
    return list(session.exec(query.order_by(col(KeyRecord.created_at), col(KeyRecord.id))))


def current_key(session: Session, *, controller: str) -> KeyRecord:
    """The newest key of ``controller`` that is not retired.

    Raises:
        NotFoundError: the controller has no current key.
    """
    current = [k for k in keys_of(session, controller=controller) if k.retired_at is None]
    if not current:
        raise NotFoundError("no current key for this controller")
    return current[-1]


def did_document(session: Session, *, did: str) -> dict[str, Any]:
    """The ``did:web`` document of ``did``: current keys, and retired ones for verification.

    Returns:
        The DID document (see :func:`vc_led.dids.did_web_document`).
    """
    keys = keys_of(session, controller=did)
    current = [decode_multikey(k.public_multibase) for k in keys if k.retired_at is None]
    retired = [decode_multikey(k.public_multibase) for k in keys if k.retired_at is not None]
    return did_web_document(did, keys=current, retired=retired)


def load_signer(key: KeyRecord, *, custodies: Mapping[str, KeyCustody]) -> Signer:
    """The signer of a key row, from the custody backend named in it.

    Args:
        key: the key row.
        custodies: custody kind (``encrypted-file``, ``pkcs11``) -> backend.

    Returns:
        A :class:`~vc_led_issuer.keys.custody.Signer` to pass as ``key`` to
        :func:`vc_led.sign_credential`.

    Raises:
        NotFoundError: no backend for the key's custody kind.
        KeyCustodyError: the backend cannot load the key.
    """
    custody = custodies.get(key.custody)
    if custody is None:
        raise NotFoundError(f"no custody backend {key.custody!r} configured")
    public = decode_multikey(key.public_multibase)
    return custody.signer(
        reference=key.reference, public=public, id=key.id, controller=key.controller
    )
