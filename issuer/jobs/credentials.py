"""From a stored record to a signed credential: the one place bulk issuance calls the library.

:func:`vc_led.issue_credential` (the LED profiles) does the work. While it is not part of
the installed ``vc_led``, :func:`_placeholder_credential` stands in: a small VC 2.0
credential with the examples context, clearly typed ``LedPlaceholderCredential``, so that
the registry's machinery (status entries, signing, storage, export) can run end to end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import vc_led
import vc_led.led as vc_led_led
from vc_led import sign_credential
from vc_led.keys import SigningKey
from vc_led.led.codec import record_from_dict
from vc_led.led.model import LedRecord
from vc_led.led.values import led_text

from ..models import StatusPurpose

__all__ = [
    "HolderClaims",
    "NotIssuableError",
    "issue_record_credential",
    "library_has_profiles",
    "status_purposes",
]


class NotIssuableError(ValueError):
    """A record that cannot be issued now; ``code`` is stable (``holder.no_name``...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class HolderClaims:
    """What the credential says about its holder (from the login, never the INSZ)."""

    given_name: str | None
    family_name: str | None
    birth_date: date | None


def _library(name: str) -> Any:
    """A part of the LED profiles API of ``vc_led``, or None while it is not installed."""
    return getattr(vc_led, name, None) or getattr(vc_led_led, name, None)


def library_has_profiles() -> bool:
    """Whether the installed ``vc_led`` has :func:`vc_led.issue_credential`."""
    return _library("issue_credential") is not None


def status_purposes(record: LedRecord) -> tuple[StatusPurpose, ...]:
    """The status entries a record's credential gets: revocation and suspension, or only
    revocation for the Open Badges (competence) profile, which takes one entry."""
    select = _library("select_profile")
    if select is not None and str(select(record)) == "competence":
        return (StatusPurpose.REVOCATION,)
    return (StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION)


def issue_record_credential(
    *,
    content: Mapping[str, Any],
    holder: HolderClaims,
    key: SigningKey,
    credential_id: str,
    status_entries: Sequence[Mapping[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    """Build and sign the credential of a stored record.

    Args:
        content: the record as stored (:func:`vc_led.led.codec.record_to_dict` form).
        holder: name and birth date.
        key: the registry's signer.
        credential_id: the credential ``id``.
        status_entries: its ``credentialStatus`` entries.
        now: the issuance time.

    Returns:
        The signed credential.

    Raises:
        NotIssuableError: the holder has no name, or the record cannot be issued.
        SigningError: the library refused to sign (a profile or schema problem).
    """
    if holder.given_name is None or holder.family_name is None:
        raise NotIssuableError("holder.no_name", "the holder's name is not known yet")
    record = record_from_dict(content)
    if not library_has_profiles():
        return _placeholder_credential(record, holder, key, credential_id, status_entries, now)
    try:
        subject = _library("Holder")(
            given_name=holder.given_name,
            family_name=holder.family_name,
            birth_date=holder.birth_date,
        )
    except ValueError:
        raise NotIssuableError("holder.invalid_name", "the holder's name is not usable") from None
    try:
        signed: dict[str, Any] = _library("issue_credential")(
            record=record,
            holder=subject,
            issuer_key=key,
            credential_id=credential_id,
            status_entries=list(status_entries),
            now=now,
        )
    except vc_led.SigningError:
        raise
    except ValueError as exc:  # RecordNotIssuableError and other refusals of the record
        raise NotIssuableError("record.not_issuable", type(exc).__name__) from None
    return signed


def _placeholder_credential(
    record: LedRecord,
    holder: HolderClaims,
    key: SigningKey,
    credential_id: str,
    status_entries: Sequence[Mapping[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    """Stand-in until :func:`vc_led.issue_credential` is installed (see the module docstring)."""
    if record.status.value == "cancelled":
        raise NotIssuableError("record.not_issuable", "the record is cancelled")
    subject: dict[str, Any] = {
        "name": f"{holder.given_name} {holder.family_name}",
        "achievement": {
            "category": led_text(record.basis.category),
            "title": led_text(record.basis.full_title),
        },
    }
    if holder.birth_date is not None:
        subject["birthDate"] = holder.birth_date.isoformat()
    doc: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "id": credential_id,
        "type": ["VerifiableCredential", "LedPlaceholderCredential"],
        "issuer": key.controller,
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": subject,
        "evidence": [{"type": ["LedSupplierEvidence"], "supplier": record.supplier.name}],
    }
    if status_entries:
        entries = [dict(e) for e in status_entries]
        doc["credentialStatus"] = entries[0] if len(entries) == 1 else entries
    return sign_credential(doc, key=key, created=now)
