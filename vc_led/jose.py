"""Compact JWS on jwcrypto (no hand-rolled JWS verification): the checks the gateway's
OpenID4VCI key proofs and DPoP proofs share, and signing for the JOSE renditions (SD-JWT VC,
Token Status List) through :class:`~vc_led.keys.SigningKey`, so a custody or HSM key signs too.

Only asymmetric algorithms from an allowlist are accepted — ``EdDSA`` (Ed25519), ``ES256``
(P-256), ``ES384`` (P-384) — each with the curve it names; ``none`` and every HMAC algorithm
are refused before any key is looked at. Keys are public JWKs (a private member is refused),
``did:key`` or ``did:jwk`` DID URLs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from ._multibase import b64url_decode, b64url_encode
from .errors import InputError, KeyFormatError
from .keys import KeyType, PublicKey, SigningKey, decode_multikey

__all__ = [
    "ALLOWED_ALGS",
    "JoseError",
    "SignedJwt",
    "alg_of",
    "did_of_jwk",
    "jwk_of_did_url",
    "jwk_of_public",
    "parse_public_jwk",
    "public_key_of_jwk",
    "sign_compact",
    "unverified_header",
    "verify_compact",
]

ALLOWED_ALGS: dict[str, str] = {"EdDSA": "Ed25519", "ES256": "P-256", "ES384": "P-384"}
"""Accepted ``alg`` values and the curve each needs."""
MAX_JWT_CHARS = 8_000
_PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "k", "oth"}


class JoseError(InputError):
    """A JWT that is refused; ``reason`` is a stable snake_case word."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SignedJwt:
    """A JWT whose signature was checked: its header and claims."""

    header: dict[str, Any]
    claims: dict[str, Any]


def _b64json(part: str) -> dict[str, Any]:
    try:
        value = json.loads(b64url_decode(part))
    except (ValueError, UnicodeError) as exc:
        raise JoseError("malformed", "the JWT is not three base64url JSON parts") from exc
    if not isinstance(value, dict):
        raise JoseError("malformed", "a JWT part is not a JSON object")
    return value


def unverified_header(token: str) -> dict[str, Any]:
    """The protected header of a compact JWS, after shape and algorithm checks.

    Raises:
        JoseError: ``malformed``; ``alg_not_allowed`` for ``none``, HMAC or anything else
            outside :data:`ALLOWED_ALGS`.
    """
    if not isinstance(token, str) or len(token) > MAX_JWT_CHARS or token.count(".") != 2:
        raise JoseError("malformed", "not a compact JWS")
    header = _b64json(token.split(".", 1)[0])
    if header.get("alg") not in ALLOWED_ALGS:
        raise JoseError("alg_not_allowed", "the algorithm is not allowed (asymmetric only)")
    if "crit" in header:
        raise JoseError("malformed", "critical header parameters are not supported")
    return header


def parse_public_jwk(value: Any) -> jwk.JWK:
    """A public JWK of an allowed curve.

    Raises:
        JoseError: ``bad_key`` for a private, symmetric, malformed or unsupported key.
    """
    if not isinstance(value, dict) or _PRIVATE_MEMBERS & set(value):
        raise JoseError("bad_key", "the key must be a public JWK")
    if value.get("kty") not in ("OKP", "EC") or value.get("crv") not in ALLOWED_ALGS.values():
        raise JoseError("bad_key", "the key type or curve is not supported")
    try:
        return jwk.JWK(**value)
    except (JWException, ValueError, TypeError) as exc:
        raise JoseError("bad_key", "the JWK cannot be read") from exc


def public_key_of_jwk(key: jwk.JWK) -> PublicKey:
    """The :class:`~vc_led.keys.PublicKey` of a public JWK of an allowed curve.

    Raises:
        JoseError: ``bad_key`` for another key type.
    """
    pyca = key.get_op_key("verify")
    if isinstance(pyca, ed25519.Ed25519PublicKey):
        raw = pyca.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return PublicKey(KeyType.ED25519, raw)
    if isinstance(pyca, ec.EllipticCurvePublicKey):
        point = pyca.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        )
        kind = KeyType.P256 if pyca.curve.name == "secp256r1" else KeyType.P384
        return PublicKey(kind, point)
    raise JoseError("bad_key", "the key type is not supported")


def did_of_jwk(key: jwk.JWK) -> str:
    """The ``did:key`` DID of a public JWK (every allowed curve has one)."""
    return public_key_of_jwk(key).did_key


def jwk_of_public(public: PublicKey) -> jwk.JWK:
    """The public JWK of a key."""
    if public.key_type is KeyType.ED25519:
        return jwk.JWK.from_pyca(ed25519.Ed25519PublicKey.from_public_bytes(public.raw))
    curve = ec.SECP256R1() if public.key_type is KeyType.P256 else ec.SECP384R1()
    return jwk.JWK.from_pyca(ec.EllipticCurvePublicKey.from_encoded_point(curve, public.raw))


def jwk_of_did_url(kid: str) -> tuple[str, jwk.JWK]:
    """``(DID, key)`` of a ``did:key`` or ``did:jwk`` DID URL.

    Raises:
        JoseError: ``bad_key`` for another method, a fragment that names another key, or a
            key that cannot be read.
    """
    did, _, fragment = kid.partition("#")
    try:
        if did.startswith("did:key:"):
            public = decode_multikey(did.removeprefix("did:key:"))
            if fragment and fragment != public.multibase:
                raise JoseError("bad_key", "the DID URL's fragment names another key")
            return did, jwk_of_public(public)
        if did.startswith("did:jwk:"):
            value = _b64json(did.removeprefix("did:jwk:"))
            if fragment not in ("", "0"):
                raise JoseError("bad_key", "a did:jwk DID URL has the fragment #0")
            return did, parse_public_jwk(value)
    except (KeyFormatError, ValueError) as exc:
        if isinstance(exc, JoseError):
            raise
        raise JoseError("bad_key", "the DID's key cannot be read") from exc
    raise JoseError("bad_key", "only did:key and did:jwk keys are supported")


def verify_compact(token: str, key: jwk.JWK, *, header: dict[str, Any]) -> SignedJwt:
    """Check a compact JWS with ``key`` (whose curve must suit ``alg``); header and claims.

    Raises:
        JoseError: ``bad_key`` for a key that does not suit the algorithm,
            ``signature_invalid``, ``malformed`` claims.
    """
    alg = header["alg"]
    if key.get("crv") != ALLOWED_ALGS[alg]:
        raise JoseError("bad_key", "the key does not suit the algorithm")
    checker = jws.JWS()
    try:
        checker.deserialize(token)
        checker.allowed_algs = [alg]
        checker.verify(key)
    except (JWException, ValueError, TypeError) as exc:
        raise JoseError("signature_invalid", "the signature does not verify") from exc
    claims = _b64json(token.split(".")[1])
    return SignedJwt(header=header, claims=claims)


_ALG_OF_KEY = {KeyType.ED25519: "EdDSA", KeyType.P256: "ES256", KeyType.P384: "ES384"}


def alg_of(key_type: KeyType) -> str:
    """The JWS ``alg`` of a key type (``EdDSA``, ``ES256``, ``ES384``)."""
    return _ALG_OF_KEY[key_type]


def sign_compact(header: dict[str, Any], claims: dict[str, Any], *, key: SigningKey) -> str:
    """A compact JWS of ``claims`` signed with ``key``; ``alg`` is set from the key type
    (ECDSA signatures are raw ``r||s``, as JWS wants them).

    Raises:
        ValueError: ``header`` names another ``alg`` than the key's.
    """
    alg = alg_of(key.key_type)
    if header.get("alg", alg) != alg:
        raise ValueError(f"the key signs {alg}, not {header['alg']}")
    protected = b64url_encode(json.dumps({**header, "alg": alg}, separators=(",", ":")).encode())
    payload = b64url_encode(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
    signing_input = f"{protected}.{payload}"
    return f"{signing_input}.{b64url_encode(key.sign(signing_input.encode('ascii')))}"
