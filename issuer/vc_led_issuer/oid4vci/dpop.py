"""DPoP proofs (RFC 9449): sender-constrained access tokens.

A DPoP proof is a compact JWS with ``typ: dpop+jwt``, an allowed asymmetric ``alg`` and the
public key in ``jwk``; its claims ``htm`` (the request method), ``htu`` (the request URL
without query and fragment), ``iat`` (recent), ``jti`` (never seen before: the caller records
it) and, with an access token, ``ath`` (base64url SHA-256 of the token). The result is the
key's RFC 7638 thumbprint (``jkt``), which the access token is bound to.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from vc_led.errors import InputError
from vc_led.jose import JoseError, parse_public_jwk, unverified_header, verify_compact

from .proofs import ProofError, check_iat

__all__ = ["DPOP_TYP", "DpopError", "DpopProof", "access_token_hash", "verify_dpop"]

DPOP_TYP = "dpop+jwt"
MAX_JTI_CHARS = 200


class DpopError(InputError):
    """A refused DPoP proof; ``reason`` is stable (``code`` ``oid4vci.dpop_<reason>``)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class DpopProof:
    """A verified DPoP proof: the key thumbprint and the proof id."""

    jkt: str
    jti: str


def access_token_hash(token: str) -> str:
    """The ``ath`` of an access token: base64url(SHA-256), unpadded."""
    digest = hashlib.sha256(token.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _htu(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, "", ""))


def verify_dpop(
    token: str,
    *,
    method: str,
    url: str,
    now: datetime,
    max_age: timedelta,
    skew: timedelta,
    access_token: str | None = None,
) -> DpopProof:
    """Check a DPoP proof for this request (see the module docstring).

    Raises:
        DpopError: ``malformed``, ``alg_not_allowed``, ``wrong_typ``, ``bad_key``,
            ``signature_invalid``, ``wrong_method``, ``wrong_url``, ``no_iat``,
            ``iat_stale``, ``iat_future``, ``no_jti``, ``wrong_ath``.
    """
    try:
        header = unverified_header(token)
        if header.get("typ") != DPOP_TYP:
            raise DpopError("wrong_typ", f"the DPoP proof's typ must be {DPOP_TYP}")
        key = parse_public_jwk(header.get("jwk"))
        claims = verify_compact(token, key, header=header).claims
        check_iat(claims.get("iat"), now=now, max_age=max_age, skew=skew)
    except (JoseError, ProofError) as exc:
        raise DpopError(exc.reason, str(exc)) from None
    if claims.get("htm") != method:
        raise DpopError("wrong_method", "the DPoP proof is for another HTTP method")
    htu = claims.get("htu")
    if not isinstance(htu, str) or _htu(htu) != _htu(url):
        raise DpopError("wrong_url", "the DPoP proof is for another URL")
    jti = claims.get("jti")
    if not isinstance(jti, str) or not 0 < len(jti) <= MAX_JTI_CHARS:
        raise DpopError("no_jti", "the DPoP proof has no usable jti")
    if access_token is not None and claims.get("ath") != access_token_hash(access_token):
        raise DpopError("wrong_ath", "the DPoP proof is not for this access token")
    return DpopProof(jkt=key.thumbprint(), jti=jti)
