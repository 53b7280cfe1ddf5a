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

Nor is one the trust registry would refuse: issuance applies the verifier's scope and coverage
rules (:func:`vc_led.trust.checks.check_accreditation`, by default on the LED table of
:func:`vc_led.trust.default_led_registry`). LED holds authentic records of a supplier only from
the date its row of the table says ("Opgenomen vanaf": secondary education from school year
2001-2002, ...), so an authentic record issued before it is not signed
(``issuer.before_coverage``), nor one of a kind its supplier is not accredited for
(``issuer.out_of_scope``); a registry issues it once its trust list covers it. Self-declared
records have no coverage date.
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
from ..results import CheckStatus, ErrorCode
from ..trust.checks import check_accreditation
from ..trust.model import TrustRegistry
from ..trust.scope import default_scope_extractor
from ..trust.seeds import default_led_registry
from .insz_text import insz_paths
from .model import LedRecord
from .profiles import CredentialProfile, Holder, build_credential

__all__ = ["check_record_issuable", "issue_credential", "refuse_out_of_coverage"]


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


def _issuer_id(credential: Mapping[str, Any]) -> str:
    issuer = credential.get("issuer")
    return str(issuer.get("id") if isinstance(issuer, Mapping) else issuer)


def refuse_out_of_coverage(
    credential: Mapping[str, Any], *, trust: TrustRegistry | None = None
) -> None:
    """Refuse a credential the trust registry would refuse: the ``issuer`` check's scope and
    coverage rules, applied before signing (the issuer's own key is not looked at).

    Args:
        credential: the unsigned credential.
        trust: the registry (default: the LED table, :func:`default_led_registry`, with the
            credential's issuer as the registry signing on behalf of its suppliers).

    Raises:
        SigningError: with the ``issuer`` check's code (``issuer.before_coverage``,
            ``issuer.out_of_scope``, ``issuer.not_accredited``, ``issuer.suspended``) and
            its details.
    """
    issuer = _issuer_id(credential)
    registry = trust if trust is not None else default_led_registry(registry_did=issuer)
    verdict = check_accreditation(
        credential,
        issuer=issuer,
        signing_methods=(),
        trust=registry,
        extractor=default_scope_extractor,
    )
    if verdict is None:
        raise SigningError(
            ErrorCode.ISSUER_NOT_ACCREDITED,
            "the trust registry does not list the issuer; it is not signed",
            {"issuer": issuer[:200]},
        )
    if verdict.status is CheckStatus.FAILED and verdict.code is not None:
        raise SigningError(
            verdict.code,
            f"{verdict.message}: the trust registry would refuse it, so it is not signed",
            dict(verdict.details),
        )


def check_record_issuable(
    record: LedRecord, *, issuer_id: str, now: datetime, trust: TrustRegistry | None = None
) -> None:
    """Refuse, before any status index or signature is spent on it, a record whose credential
    the trust registry would refuse (:func:`refuse_out_of_coverage`) or that is cancelled.

    Args:
        record: the LED record.
        issuer_id: the issuer's DID (the registry's).
        now: the issuance time (the ``validFrom`` of a record whose date LED does not know).
        trust: the registry (default: the LED table with ``issuer_id`` as the registry).

    Raises:
        SigningError: ``issuer.before_coverage``, ``issuer.out_of_scope``... (see
            :func:`refuse_out_of_coverage`).
        RecordNotIssuableError: the record is cancelled (status 10).
    """
    _, credential = build_credential(
        record=record,
        holder=Holder(given_name="-", family_name="-"),
        issuer_id=issuer_id,
        credential_id="urn:uuid:00000000-0000-4000-8000-000000000000",
        issued_at=now,
    )
    refuse_out_of_coverage(credential, trust=trust)


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
    trust: TrustRegistry | None = None,
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
        trust: the trust registry whose scope and coverage rules the credential must meet
            (default: the LED table with the issuer as the registry; see
            :func:`refuse_out_of_coverage`).

    Returns:
        The signed credential (a new dict). The Open Badges credential carries its proof as a
        one-element list, as the Open Badges 3.0 schema requires.

    Raises:
        RecordNotIssuableError: the record is cancelled (status 10).
        SigningError: ``issuer.before_coverage`` / ``issuer.out_of_scope`` (details as the
            verifier's ``issuer`` check gives them) when the trust registry would refuse the
            credential; ``structure.contains_insz`` (details: the first ``path``) when a text
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
    refuse_out_of_coverage(credential, trust=trust)
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
