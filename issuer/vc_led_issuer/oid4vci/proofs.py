"""``jwt`` key proofs of the credential request (OpenID4VCI 1.0 §8.2.1.1 and Appendix F.1).

A proof is a compact JWS with ``typ: openid4vci-proof+jwt``, an allowed asymmetric ``alg``,
and the key as exactly one of ``kid`` (a ``did:key`` or ``did:jwk`` DID URL) or ``jwk``
(``x5c`` is not supported). Its claims: ``aud`` = the credential issuer identifier, ``iat``
not older than the configured maximum age nor further in the future than the clock skew,
``nonce`` = a ``c_nonce`` from the nonce endpoint (checked and spent by the caller). The
signature must verify with the key the header names. The credential is bound to the key's DID:
the ``kid``'s DID, or the ``did:key`` of a ``jwk``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from jwcrypto import jwk

from vc_led.errors import InputError
from vc_led.jose import (
    JoseError,
    did_of_jwk,
    jwk_of_did_url,
    parse_public_jwk,
    public_key_of_jwk,
    unverified_header,
)
from vc_led.jose import verify_compact as _verify
from vc_led.keys import PublicKey

__all__ = ["PROOF_TYP", "KeyProof", "ProofError", "check_iat", "verify_key_proof"]

PROOF_TYP = "openid4vci-proof+jwt"


class ProofError(InputError):
    """A refused key proof; ``reason`` is stable (``code`` ``oid4vci.proof_<reason>``)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class KeyProof:
    """A verified key proof: the holder's DID, its public key (``cnf.jwk`` of an SD-JWT VC)
    and the (unspent) nonce it carries."""

    holder_did: str
    nonce: str
    holder_key: PublicKey


def verify_key_proof(
    token: object,
    *,
    audience: str,
    now: datetime,
    max_age: timedelta,
    skew: timedelta,
) -> KeyProof:
    """Check a ``jwt`` key proof (see the module docstring); the nonce is left to the caller.

    Raises:
        ProofError: ``malformed``, ``alg_not_allowed``, ``wrong_typ``, ``bad_key``,
            ``signature_invalid``, ``wrong_audience``, ``no_iat``, ``iat_stale``,
            ``iat_future``, ``no_nonce``.
    """
    if not isinstance(token, str):
        raise ProofError("malformed", "a jwt proof must be a string")
    try:
        header = unverified_header(token)
        if header.get("typ") != PROOF_TYP:
            raise ProofError("wrong_typ", f"the proof's typ must be {PROOF_TYP}")
        did, key = _key(header)
        signed = _verify(token, key, header=header)
        holder_key = public_key_of_jwk(key)
    except JoseError as exc:
        raise ProofError(exc.reason, str(exc)) from None
    claims = signed.claims
    aud = claims.get("aud")
    if aud != audience and not (isinstance(aud, list) and aud == [audience]):
        raise ProofError("wrong_audience", "the proof's aud is not this credential issuer")
    check_iat(claims.get("iat"), now=now, max_age=max_age, skew=skew)
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise ProofError("no_nonce", "the proof has no c_nonce (use the nonce endpoint)")
    return KeyProof(holder_did=did, nonce=nonce, holder_key=holder_key)


def _key(header: dict[str, Any]) -> tuple[str, jwk.JWK]:
    kid, key = header.get("kid"), header.get("jwk")
    if "x5c" in header:
        raise ProofError("bad_key", "x5c key proofs are not supported (use kid or jwk)")
    if (kid is None) == (key is None):
        raise ProofError("bad_key", "name the key with exactly one of kid or jwk")
    if key is not None:
        parsed = parse_public_jwk(key)
        return did_of_jwk(parsed), parsed
    if not isinstance(kid, str):
        raise ProofError("bad_key", "kid must be a DID URL")
    return jwk_of_did_url(kid)


def check_iat(value: object, *, now: datetime, max_age: timedelta, skew: timedelta) -> None:
    """``iat`` is a number within ``[now - max_age, now + skew]``.

    Raises:
        ProofError: ``no_iat``, ``iat_stale``, ``iat_future``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProofError("no_iat", "iat is missing or not a number")
    at = now.timestamp()
    if value > at + skew.total_seconds():
        raise ProofError("iat_future", "iat lies in the future")
    if value < at - max_age.total_seconds():
        raise ProofError("iat_stale", "the proof is too old")
