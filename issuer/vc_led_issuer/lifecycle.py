"""Registry operations shared by the command line and the admin API: status changes (with
the list republished at once), registry initialisation and key rotation. Every change is
audited by the data functions it calls."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from vc_led.errors import ConfigurationError
from vc_led.keys import KeyType

from . import audit, crud
from .context import Registry
from .errors import KeyCustodyError, NotFoundError
from .keys import keyring
from .models import IssuedCredential, StatusPurpose
from .publish import status_list_document, token_status_list_document
from .publish.trust_store import seed_trust_registry

__all__ = [
    "MAX_REASON_CHARS",
    "InitReport",
    "StatusAction",
    "StatusChange",
    "change_status",
    "check_reason",
    "init_registry",
    "rotate_registry_key",
]

log = logging.getLogger("issuer")
MAX_REASON_CHARS = 500


class StatusAction(StrEnum):
    """What an operator can do to a credential's status."""

    REVOKE = "revoke"
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"


_PLAN = {
    StatusAction.REVOKE: (StatusPurpose.REVOCATION, True),
    StatusAction.SUSPEND: (StatusPurpose.SUSPENSION, True),
    StatusAction.UNSUSPEND: (StatusPurpose.SUSPENSION, False),
}


@dataclass(frozen=True, slots=True)
class StatusChange:
    """The outcome of :func:`change_status`.

    Attributes:
        credential_id: the credential.
        action: what was asked.
        changed: False when the bit already had that value (nothing written).
        status: the credential's bits afterwards (``revocation``, ``suspension``).
    """

    credential_id: str
    action: StatusAction
    changed: bool
    status: dict[str, bool]


def check_reason(reason: str) -> str:
    """A status change reason, stripped.

    Raises:
        ValueError: empty, longer than 500 characters, or holding control characters.
    """
    text = reason.strip()
    if not text or len(text) > MAX_REASON_CHARS:
        raise ValueError(f"a reason is 1-{MAX_REASON_CHARS} characters")
    if any(ord(c) < 32 for c in text):
        raise ValueError("a reason holds no control characters")
    return text


def change_status(
    registry: Registry, *, credential_id: str, action: StatusAction, reason: str, actor: str
) -> StatusChange:
    """Revoke, suspend or unsuspend a credential and the other renditions of its issuance
    (audited), then republish their lists and Token Status Lists (all flipped in the one
    transaction of the change).

    Raises:
        ValueError: a bad reason.
        NotFoundError: unknown credential.
        StatusChangeError: un-revoking, or no entry for that purpose.
    """
    purpose, value = _PLAN[action]
    reason = check_reason(reason)
    with registry.write() as session:
        changed = crud.set_credential_status(
            session,
            credential_id=credential_id,
            purpose=purpose,
            value=value,
            actor=actor,
            reason=reason,
            now=registry.now(),
        )
        status = crud.credential_status(session, credential_id=credential_id)
        family = crud.issuance_family(session, credential_id=credential_id)
    if changed:  # every list the change touched: this credential's and its other renditions'
        for list_id in sorted({i for c in family if (i := _list_of(c, purpose)) is not None}):
            _republish(registry, list_id)
        tokens = {c.token_status_list_id for c in family if c.token_status_list_id is not None}
        for token_list in sorted(tokens):
            _republish_token(registry, token_list)
    return StatusChange(credential_id, action, changed, {p.value: b for p, b in status.items()})


def _list_of(cred: IssuedCredential, purpose: StatusPurpose) -> int | None:
    if purpose is StatusPurpose.REVOCATION:
        return cred.revocation_list_id
    return cred.suspension_list_id


def _republish(registry: Registry, list_id: int) -> None:
    """Sign the changed list now; if that fails, the next request for it signs it."""
    try:
        status_list_document(registry, list_id=list_id)
    except (NotFoundError, KeyCustodyError) as exc:
        log.warning("status list %s not republished: %s", list_id, type(exc).__name__)


def _republish_token(registry: Registry, list_id: int) -> None:
    """Sign the changed Token Status List now; if that fails, the next request signs it."""
    try:
        token_status_list_document(registry, list_id=list_id)
    except (NotFoundError, KeyCustodyError, ConfigurationError) as exc:
        log.warning("token status list %s not republished: %s", list_id, type(exc).__name__)


@dataclass(frozen=True, slots=True)
class InitReport:
    """What :func:`init_registry` did: the key id and whether it is new, issuers seeded."""

    key_id: str
    key_created: bool
    issuers_seeded: int


def init_registry(
    registry: Registry, *, actor: str, key_type: KeyType = KeyType.ED25519
) -> InitReport:
    """Give the registry a key (if it has none), seed the trust registry (if empty) and,
    with an audit key configured, start the keyed audit chain (if not yet).

    Idempotent. Raises:
        ConfigurationError: the key custody is not configured.
        KeyCustodyError: the key cannot be created.
    """
    now = registry.now()
    with registry.write() as session:
        try:
            key, created = registry.current_key(session), False
        except NotFoundError:
            key = keyring.register_key(
                session,
                custody=registry.custody(),
                controller=registry.did,
                key_type=key_type,
                actor=actor,
                now=now,
            )
            created = True
        seeded = seed_trust_registry(session, registry_did=registry.did, actor=actor, now=now)
        audit.start_keyed_chain(session, actor=actor, now=now)
    return InitReport(key.id, created, seeded)


def rotate_registry_key(
    registry: Registry, *, actor: str, reason: str, key_type: KeyType = KeyType.ED25519
) -> keyring.Rotation:
    """A new current key for the registry; the old ones are retired (kept for verification).

    Raises:
        ValueError: a bad reason. KeyCustodyError: the key cannot be created.
    """
    reason = check_reason(reason)
    with registry.write() as session:
        return keyring.rotate_key(
            session,
            custody=registry.custody(),
            controller=registry.did,
            key_type=key_type,
            actor=actor,
            reason=reason,
            now=registry.now(),
        )
