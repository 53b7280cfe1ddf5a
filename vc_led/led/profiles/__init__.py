"""Credential profiles: a LED record -> an unsigned W3C VC 2.0 credential.

:func:`select_profile` picks one, in this order:

1. **self-declared** (``Authenticiteit`` ``Eigen verklaring - ...``): ``LedSelfDeclaredCredential``;
2. **equivalence** (``Bewijstype`` ``Gelijkwaardigheid``, or supplier NARIC):
   ``LedEquivalenceCredential``;
3. **competence** (learning outcomes, professional or partial qualifications):
   ``OpenBadgeCredential`` + ``LedCompetenceCredential``;
4. **qualification**: ``LedQualificationCredential``.

A ``Tussenbewijs`` also gets ``LedIntermediateProofCredential``. Every credential uses the
LED context (``https://w3id.org/vc-led/v1``), references its JSON Schema in
``credentialSchema`` and names its supplier in ``evidence`` (``LedSourceRecord``). No profile
reads the INSZ (it is not on :class:`~vc_led.led.LedRecord`), the LED references or the
supplier reference.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from ...errors import InputError
from ..model import LedRecord
from ..values import led_text
from ..vocab.schemas import schema_id
from ._envelope import DEFAULT_ISSUER_NAME, IssueContext
from .competence import build_competence, has_competences
from .holder import Holder
from .qualification import build_equivalence, build_qualification, build_self_declared

__all__ = [
    "DEFAULT_ISSUER_NAME",
    "CredentialProfile",
    "Holder",
    "RecordNotIssuableError",
    "build_credential",
    "select_profile",
]


class RecordNotIssuableError(InputError):
    """A record no credential may be issued from (a cancelled record)."""


class CredentialProfile(StrEnum):
    """The LED credential profiles; the value is the JSON Schema's name."""

    QUALIFICATION = "qualification"
    COMPETENCE = "competence"
    EQUIVALENCE = "equivalence"
    SELF_DECLARED = "self-declared"

    @property
    def schema_id(self) -> str:
        """The ``credentialSchema`` id (``https://w3id.org/vc-led/schemas/<name>/v1``)."""
        return schema_id(self.value)


_NARIC = ("NARIC Vlaanderen", "NARIC")


def select_profile(record: LedRecord) -> CredentialProfile:
    """The profile for ``record`` (see the module docstring for the order)."""
    if record.is_self_declared:
        return CredentialProfile.SELF_DECLARED
    proof_type = led_text(record.basis.proof_type)
    if proof_type == "Gelijkwaardigheid" or record.supplier.name in _NARIC:
        return CredentialProfile.EQUIVALENCE
    if has_competences(record):
        return CredentialProfile.COMPETENCE
    return CredentialProfile.QUALIFICATION


_Builder = Callable[[LedRecord, Holder, IssueContext], dict[str, Any]]
_BUILDERS: Mapping[CredentialProfile, _Builder] = {
    CredentialProfile.QUALIFICATION: build_qualification,
    CredentialProfile.COMPETENCE: build_competence,
    CredentialProfile.EQUIVALENCE: build_equivalence,
    CredentialProfile.SELF_DECLARED: build_self_declared,
}


def build_credential(
    *,
    record: LedRecord,
    holder: Holder,
    issuer_id: str,
    issuer: str | Mapping[str, Any] | None = None,
    credential_id: str,
    status_entries: Sequence[Mapping[str, Any]] = (),
    issued_at: datetime,
) -> tuple[CredentialProfile, dict[str, Any]]:
    """Build the unsigned credential of ``record`` (no schema check, no proof).

    Args:
        record: the LED record (not cancelled).
        holder: who it is about.
        issuer_id: the signing key's controller (the default issuer's ``id``).
        issuer: the issuer (a DID, or an object with ``id``); default: the LED registry.
        credential_id: the credential ``id``.
        status_entries: ``credentialStatus`` entries.
        issued_at: the issuance time (timezone-aware).

    Returns:
        ``(profile, credential)``.

    Raises:
        RecordNotIssuableError: for a cancelled record (status 10).
        ValueError: for a naive ``issued_at``.
    """
    if record.is_cancelled:
        raise RecordNotIssuableError("the record is cancelled (status 10): issue nothing from it")
    if issued_at.tzinfo is None:
        raise ValueError("issued_at must be timezone-aware")
    profile = select_profile(record)
    ctx = IssueContext(
        issuer=issuer,
        controller=issuer_id,
        credential_id=credential_id,
        status_entries=tuple(status_entries),
        issued_at=issued_at,
    )
    return profile, _BUILDERS[profile](record, holder, ctx)
