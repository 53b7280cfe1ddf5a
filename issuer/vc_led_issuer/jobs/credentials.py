"""From a stored record to a signed credential: the one place bulk issuance calls the library,
:func:`vc_led.issue_credential` (the LED profiles), with the registry's signer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from vc_led import ErrorCode, Holder, SigningError, issue_credential
from vc_led.errors import InputError
from vc_led.keys import SigningKey
from vc_led.led import CredentialProfile, select_profile
from vc_led.led.issuing import check_record_issuable
from vc_led.led.model import LedRecord
from vc_led.trust import TrustRegistry

from ..models import StatusPurpose
from ..publish.trust_store import load_trust_registry

__all__ = [
    "HolderClaims",
    "NotIssuableCode",
    "NotIssuableError",
    "check_issuable",
    "issue_record_credential",
    "registry_trust_list",
    "status_purposes",
]


class NotIssuableCode(StrEnum):
    """Why the registry does not issue a record now. Released codes are never renamed."""

    HOLDER_NO_NAME = "holder.no_name"
    HOLDER_INVALID_NAME = "holder.invalid_name"
    RECORD_NOT_ISSUABLE = "record.not_issuable"
    RECORD_GONE = "record.gone"
    RECORD_CHANGED = "record.changed"


class NotIssuableError(InputError):
    """A record that cannot be issued now; ``code`` is stable: a :class:`NotIssuableCode`, or
    the library's :class:`~vc_led.ErrorCode` when it refused to sign."""

    def __init__(self, code: NotIssuableCode | ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class HolderClaims:
    """What the credential says about its holder (from the login, never the INSZ), and the
    wallet DID it is bound to (``credentialSubject.id``) when issued to a wallet."""

    given_name: str | None
    family_name: str | None
    birth_date: date | None
    did: str | None = None


def status_purposes(record: LedRecord) -> tuple[StatusPurpose, ...]:
    """The status entries a record's credential gets: revocation and suspension, or only
    revocation for the Open Badges (competence) profile, which takes one entry."""
    if select_profile(record) is CredentialProfile.COMPETENCE:
        return (StatusPurpose.REVOCATION,)
    return (StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION)


def registry_trust_list(session: Session, registry_did: str) -> TrustRegistry | None:
    """The registry's trust list from the database, or ``None`` (the LED table's defaults)
    while it does not list the registry itself (not seeded yet)."""
    trust = load_trust_registry(session)
    return trust if trust.by_did(registry_did) is not None else None


def check_issuable(
    record: LedRecord, *, issuer_id: str, now: datetime, trust: TrustRegistry | None = None
) -> None:
    """Refuse a record whose credential the registry's trust list would refuse, before a status
    index is allocated for it: LED holds authentic records only from the coverage date of
    their supplier's row ("Opgenomen vanaf"), so one from before is left unissued with the
    verifier's code (``issuer.before_coverage``; ``issuer.out_of_scope``...).

    Args:
        record: the record.
        issuer_id: the registry's DID.
        now: the issuance time.
        trust: the registry's trust list (default: the LED table).

    Raises:
        NotIssuableError: with the ``issuer`` check's code, or ``record.not_issuable``.
    """
    try:
        check_record_issuable(record, issuer_id=issuer_id, now=now, trust=trust)
    except SigningError as exc:
        raise NotIssuableError(exc.code, exc.message) from None
    except ValueError as exc:  # RecordNotIssuableError
        raise NotIssuableError(NotIssuableCode.RECORD_NOT_ISSUABLE, type(exc).__name__) from None


def issue_record_credential(
    *,
    record: LedRecord,
    holder: HolderClaims,
    key: SigningKey,
    credential_id: str,
    status_entries: Sequence[Mapping[str, Any]],
    now: datetime,
    trust: TrustRegistry | None = None,
) -> dict[str, Any]:
    """Build and sign the credential of a stored record.

    Args:
        record: the record (read back from its stored form).
        holder: name and birth date.
        key: the registry's signer.
        credential_id: the credential ``id``.
        status_entries: its ``credentialStatus`` entries.
        now: the issuance time.
        trust: the registry's trust list, whose scope and coverage rules the credential must
            meet (default: the LED table; see :func:`check_issuable`).

    Returns:
        The signed credential.

    Raises:
        NotIssuableError: the holder has no name, the record cannot be issued, or the library
            refused to sign it (``code`` is then the library's, e.g.
            ``structure.schema_invalid``).
    """
    if holder.given_name is None or holder.family_name is None:
        raise NotIssuableError(NotIssuableCode.HOLDER_NO_NAME, "the holder's name is not known yet")
    try:
        subject = Holder(
            given_name=holder.given_name,
            family_name=holder.family_name,
            birth_date=holder.birth_date,
            did=holder.did,
        )
    except ValueError:
        raise NotIssuableError(
            NotIssuableCode.HOLDER_INVALID_NAME, "the holder's name is not usable"
        ) from None
    try:
        signed = issue_credential(
            record=record,
            holder=subject,
            issuer_key=key,
            credential_id=credential_id,
            status_entries=list(status_entries),
            now=now,
            trust=trust,
        )
    except SigningError as exc:  # reported with the library's stable code; the run goes on
        raise NotIssuableError(exc.code, "the library refused to sign it") from None
    except ValueError as exc:  # RecordNotIssuableError and other refusals of the record
        raise NotIssuableError(NotIssuableCode.RECORD_NOT_ISSUABLE, type(exc).__name__) from None
    return signed
