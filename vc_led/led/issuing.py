"""Issue a LED credential in one call: pick the profile, build, check, sign.

    >>> from vc_led import Holder, issue_credential, load_key_file
    >>> signed = issue_credential(
    ...     record=record,
    ...     holder=Holder(given_name="An", family_name="Peeters", did="did:key:z6Mk..."),
    ...     issuer_key=load_key_file("registry-key.json"),
    ... )

The credential is checked against its JSON Schema and, while it is signed, in JSON-LD safe
mode (every term defined by the shipped contexts): a credential that would not verify is never
signed. Nor is one with a national number (INSZ) in any of its texts, in any written form
(:mod:`vc_led.led.insz_text`): ``structure.contains_insz``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .._schema_check import validate_with_schema
from .._time import utcnow
from ..errors import SigningError
from ..issue import default_cryptosuite, sign_credential
from ..keys import SigningKey
from ..results import ErrorCode
from .insz_text import insz_paths
from .model import LedRecord
from .profiles import CredentialProfile, Holder, build_credential

__all__ = ["issue_credential"]


def _suite(key: SigningKey, cryptosuite: str | None) -> str:
    if cryptosuite is not None:
        return cryptosuite
    return default_cryptosuite(key)


def _refuse_insz(credential: Mapping[str, Any]) -> None:
    found = next(insz_paths(credential), None)
    if found is not None:
        raise SigningError(
            ErrorCode.STRUCTURE_CONTAINS_INSZ,
            f"the credential holds a national number (INSZ) at {found}; it is not signed",
            {"path": found[:200]},
        )


def issue_credential(
    *,
    record: LedRecord,
    holder: Holder,
    issuer_key: SigningKey,
    issuer: str | Mapping[str, Any] | None = None,
    credential_id: str | None = None,
    status_entries: Sequence[Mapping[str, Any]] = (),
    created: datetime | None = None,
    now: datetime | None = None,
    cryptosuite: str | None = None,
) -> dict[str, Any]:
    """Build, check and sign the credential of a LED record.

    Args:
        record: the LED record (see :func:`vc_led.led.profiles.select_profile` for the
            profile it gets).
        holder: name and birth date from the login and/or the holder's wallet DID. The INSZ
            never enters a credential.
        issuer_key: the signing key (its controller is the default issuer id).
        issuer: the ``issuer`` (a DID, or an object with ``id`` and ``name``); default: the
            LED registry, ``{"id": <key controller>, "name": "AHOVOKS - ..."}``.
        credential_id: the credential ``id`` (default: a new ``urn:uuid:``).
        status_entries: ``credentialStatus`` entries
            (:func:`vc_led.status.build_status_entry`); the Open Badges (competence)
            credential takes at most one.
        created: the proof's ``created`` time (default: ``now``).
        now: the issuance time (default: the current UTC time); ``validFrom`` never lies
            after its day.
        cryptosuite: default ``eddsa-rdfc-2022`` for Ed25519 keys, ``ecdsa-rdfc-2019`` else.

    Returns:
        The signed credential (a new dict). The Open Badges credential carries its proof as a
        one-element list, as the Open Badges 3.0 schema requires.

    Raises:
        RecordNotIssuableError: the record is cancelled (status 10).
        SigningError: ``structure.contains_insz`` (details: the first ``path``) when a text
            holds a national number; ``structure.schema_invalid`` (details: schema, pointer,
            keyword) when the credential does not match its JSON Schema; a ``context.*`` code
            when a term is not defined; a ``proof.*`` code when the key does not suit the
            cryptosuite.
        ValueError: for a naive ``now``.
    """
    moment = now or utcnow()
    profile, credential = build_credential(
        record=record,
        holder=holder,
        issuer_id=issuer_key.controller,
        issuer=issuer,
        credential_id=credential_id or f"urn:uuid:{uuid.uuid4()}",
        status_entries=status_entries,
        issued_at=moment,
    )
    _refuse_insz(credential)
    validate_with_schema(credential, profile.schema_id)
    signed = sign_credential(
        credential,
        key=issuer_key,
        cryptosuite=_suite(issuer_key, cryptosuite),
        created=created or moment,
    )
    if profile is CredentialProfile.COMPETENCE and isinstance(signed.get("proof"), dict):
        signed["proof"] = [signed["proof"]]
    return signed
