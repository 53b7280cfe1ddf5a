"""The credential endpoint's work: which record, check the key proof, spend its nonce, issue.

A request names either a ``credential_configuration_id`` (the token's record of that
configuration issued least often with this token, so that a wallet asking once per offered
record gets each of them) or a ``credential_identifier`` from the token response. A token may
be used again, even for the same record (OpenID4VCI 1.0, "Multiple Accesses to the Credential
Endpoint"): each request is a fresh credential for the key it proves. A request carries exactly
one ``jwt`` key proof (no batch issuance). The proof is checked before its nonce is spent; a
nonce is accepted once.

Every record is offered in two formats: its ``ldp_vc`` configuration (identifier
``record-<id>``) and its ``dc+sd-jwt`` configuration (identifier ``record-<id>-sd-jwt``), the
latter issued by :func:`.issuing_sdjwt.issue_sd_jwt_to_wallet` with the proof's key as
``cnf.jwk``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from vc_led.led.formats.codec import record_from_dict

from ..context import Registry
from ..models import Record
from .config import Oid4vciSettings
from .errors import OAuthError
from .issuing import NotIssuableError, issue_to_wallet
from .issuing_sdjwt import issue_sd_jwt_to_wallet
from .metadata import CONFIGURATIONS, record_configuration_ids
from .metadata_sdjwt import SD_JWT_FORMAT
from .models import ArtifactKind, Oid4vciArtifact
from .proofs import ProofError, verify_key_proof
from .store import artifact_hash, consume_artifact
from .tokens import Grant

__all__ = ["credential_identifiers", "issue_credential_request", "record_configurations"]


def _bad(error: str, code: str, description: str) -> OAuthError:
    return OAuthError(error, f"oid4vci.{code}", description)


def record_configurations(
    registry: Registry, record_ids: tuple[int, ...]
) -> dict[int, tuple[str, str]]:
    """record id -> its credential configuration ids (``ldp_vc``, ``dc+sd-jwt``), for the given
    records (in id order)."""
    with registry.read() as session:
        query = select(Record.id, Record.content).where(col(Record.id).in_(list(record_ids)))
        rows = sorted(session.exec(query), key=lambda r: r[0] or 0)
    out: dict[int, tuple[str, str]] = {}
    for rid, content in rows:
        if rid is not None:
            out[rid] = record_configuration_ids(record_from_dict(content))
    return out


def _identifier(rid: int, cid: str) -> str:
    sd = CONFIGURATIONS[cid].format == SD_JWT_FORMAT
    return f"record-{rid}-sd-jwt" if sd else f"record-{rid}"


def credential_identifiers(configurations: dict[int, tuple[str, str]]) -> dict[str, list[str]]:
    """configuration id -> the credential identifiers (``record-<id>`` for ``ldp_vc``,
    ``record-<id>-sd-jwt`` for ``dc+sd-jwt``) of those records."""
    out: dict[str, list[str]] = {}
    for rid, cids in configurations.items():
        for cid in cids:
            out.setdefault(cid, []).append(_identifier(rid, cid))
    return out


def _pick(
    body: dict[str, Any], grant: Grant, configurations: dict[int, tuple[str, str]]
) -> tuple[int, str]:
    cid, ident = body.get("credential_configuration_id"), body.get("credential_identifier")
    if (cid is None) == (ident is None):
        raise _bad(
            "invalid_credential_request",
            "request_invalid",
            "name exactly one of credential_configuration_id or credential_identifier",
        )
    if ident is not None:
        wanted = {
            _identifier(rid, c): (rid, c) for rid, cids in configurations.items() for c in cids
        }
        if not isinstance(ident, str) or ident not in wanted:
            raise _bad("unknown_credential_identifier", "identifier_unknown", "unknown identifier")
        return wanted[ident]
    if not isinstance(cid, str) or cid not in CONFIGURATIONS:
        raise _bad("unknown_credential_configuration", "configuration_unknown", "unknown")
    candidates = [rid for rid, cids in configurations.items() if cid in cids]
    if not candidates:
        raise _bad(
            "unknown_credential_configuration",
            "configuration_not_granted",
            "the access token is for no record of this configuration",
        )
    chosen = min(candidates, key=lambda rid: (grant.issued.count(_identifier(rid, cid)), rid))
    return chosen, cid


def _proof(body: dict[str, Any]) -> object:
    proofs = body.get("proofs")
    if not isinstance(proofs, dict) or set(proofs) != {"jwt"}:
        raise _bad("invalid_proof", "proof_missing", "one jwt key proof is required (proofs)")
    jwts = proofs["jwt"]
    if not isinstance(jwts, list) or len(jwts) != 1:
        raise _bad("invalid_proof", "proof_count", "exactly one jwt key proof (no batches)")
    return jwts[0]


def issue_credential_request(
    registry: Registry,
    settings: Oid4vciSettings,
    *,
    token: str,
    grant: Grant,
    body: object,
) -> dict[str, Any]:
    """Answer a credential request (the response body).

    Raises:
        OAuthError: ``invalid_credential_request``, ``unknown_credential_configuration``,
            ``unknown_credential_identifier``, ``invalid_proof``, ``invalid_nonce``,
            ``credential_request_denied`` (the record can no longer be issued).
    """
    if not isinstance(body, dict):
        raise _bad("invalid_credential_request", "request_invalid", "a JSON object is required")
    configurations = record_configurations(registry, grant.record_ids)
    record_id, cid = _pick(body, grant, configurations)
    now = registry.now()
    try:
        proof = verify_key_proof(
            _proof(body),
            audience=registry.settings.public_url,
            now=now,
            max_age=timedelta(seconds=settings.proof_max_age_seconds),
            skew=timedelta(seconds=settings.clock_skew_seconds),
        )
    except ProofError as exc:
        raise _bad("invalid_proof", f"proof_{exc.reason}", str(exc)) from None
    with registry.write() as session:
        spent = consume_artifact(session, kind=ArtifactKind.NONCE, value=proof.nonce, now=now)
    if spent is None:
        raise _bad("invalid_nonce", "nonce_invalid", "the c_nonce is unknown, used or expired")
    try:
        document: dict[str, Any] | str
        if CONFIGURATIONS[cid].format == SD_JWT_FORMAT:
            document = issue_sd_jwt_to_wallet(
                registry,
                record_id=record_id,
                holder_id=grant.holder_id,
                holder_key=proof.holder_key,
                actor="wallet",
            )
        else:
            document = issue_to_wallet(
                registry,
                record_id=record_id,
                holder_id=grant.holder_id,
                holder_did=proof.holder_did,
                actor="wallet",
            )
    except NotIssuableError as exc:
        raise _bad("credential_request_denied", "not_issuable", exc.code) from None
    _mark_issued(registry, token, _identifier(record_id, cid))
    return {"credentials": [{"credential": document}]}


def _mark_issued(registry: Registry, token: str, record_id: str) -> None:
    with registry.write() as session:
        key = artifact_hash(ArtifactKind.ACCESS_TOKEN, token)
        row = session.get(Oid4vciArtifact, key, with_for_update=True)
        if row is not None:
            issued = list(row.data.get("issued", []))
            row.data = row.data | {"issued": [*issued, record_id]}
            session.add(row)
