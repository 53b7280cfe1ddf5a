"""The SD-JWT VC rendition of a LED record, issued to a wallet (issue 12).

The same record, holder and checks as the W3C rendition (:func:`.issuing.load_issuable`, with
the registry's trust list); the library recipe
:func:`vc_led.led.issuing_sdjwt.issue_sd_jwt_credential` (claims, ``vct`` and disclosable paths
of :mod:`vc_led.led.profiles.sdjwt`, every claim selectively disclosable, the INSZ refusal)
signs it with the registry's current issuing key (ES256 for a P-256 key, as HAIP 1.0 asks;
EdDSA for Ed25519), its X.509 chain as ``x5c`` (:func:`vc_led_issuer.keys.x509.issuing_chain`),
``iss`` the registry's issuer identifier, ``vct#integrity`` of the shipped Type Metadata,
``cnf.jwk`` the wallet's key from its ``jwt`` proof and ``status.status_list`` a fresh Token
Status List entry.

It is stored as its own ``issued_credentials`` row (``format`` ``dc+sd-jwt``, the text as
issued) linked to the same record, with only the Token Status List entry: revoking, suspending
or cancelling the record flips it together with the record's other issuances
(:func:`vc_led_issuer.crud.set_credential_status`).
"""

from __future__ import annotations

import uuid

from vc_led.errors import SigningError
from vc_led.keys import PublicKey
from vc_led.led.issuing_sdjwt import issue_sd_jwt_credential
from vc_led.led.profiles.holder import Holder as LedHolder
from vc_led.x509 import x5c_of

from .. import audit, crud
from ..context import Registry
from ..jobs.credentials import NotIssuableCode, NotIssuableError
from ..keys.x509 import issuer_identifier, issuing_chain
from .issuing import load_issuable, token_status_entry
from .metadata_sdjwt import SD_JWT_FORMAT

__all__ = ["issue_sd_jwt_to_wallet"]


def issue_sd_jwt_to_wallet(
    registry: Registry,
    *,
    record_id: int,
    holder_id: int,
    holder_key: PublicKey,
    actor: str,
    channel: str = "oid4vci",
) -> str:
    """Issue the SD-JWT VC of one of the holder's registered records, bound to ``holder_key``.

    Args:
        registry: the registry.
        record_id: the record.
        holder_id: its holder (another holder's record is ``record.gone``).
        holder_key: the wallet key (``cnf.jwk``).
        actor: the audit actor.
        channel: the audit entry's channel.

    Returns:
        The SD-JWT VC (compact, ending with ``~``).

    Raises:
        NotIssuableError: as :func:`.issuing.load_issuable`, or the library refused it
            (``structure.contains_insz``...).
        NotFoundError: the registry has no key.
        ConfigurationError: the issuing key has no X.509 chain (``VCLED_X509_CHAIN``).
    """
    src = load_issuable(registry, record_id=record_id, holder_id=holder_id)
    now, settings = registry.now(), registry.settings
    holder = LedHolder(
        given_name=src.holder.given_name,
        family_name=src.holder.family_name,
        birth_date=src.holder.birth_date,
    )
    signer = registry.signer(src.key)
    chain = issuing_chain(settings, key_id=signer.id, public=signer.public, now=now)
    with registry.write() as session:
        token = token_status_entry(registry, session, now=now)
    try:  # the registry's trust list was applied by load_issuable (issuer: the registry DID)
        text = issue_sd_jwt_credential(
            record=src.led,
            holder=holder,
            issuer_key=signer,
            issuer=issuer_identifier(settings),
            holder_key=holder_key,
            status=token.status_claim(),
            x5c=x5c_of(chain),
            kid=signer.id,
            now=now,
        )
    except SigningError as exc:  # the index stays allocated and unused, as for ldp_vc
        raise NotIssuableError(exc.code, "the library refused to sign it") from None
    except ValueError as exc:  # RecordNotIssuableError
        raise NotIssuableError(NotIssuableCode.RECORD_NOT_ISSUABLE, type(exc).__name__) from None
    credential_id = f"urn:uuid:{uuid.uuid4()}"
    with registry.write() as session:
        crud.record_issued_credential(
            session,
            credential_id=credential_id,
            record_id=record_id,
            key_id=src.key.id,
            document=text,
            status={},
            token_status=token,
            format=SD_JWT_FORMAT,
            record_revision=src.record.revision,
            now=now,
        )
        audit.append(
            session,
            actor=actor,
            action="credential.issue",
            target=credential_id,
            details={"record": record_id, "channel": channel, "format": SD_JWT_FORMAT},
            now=now,
        )
    return text
