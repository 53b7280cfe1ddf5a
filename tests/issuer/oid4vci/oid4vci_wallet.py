"""A minimal wallet for the in-process tests: keys, key proofs and DPoP proofs signed with
jwcrypto, and a presentation signed by the wallet key (the real npm wallet library is driven
in tests/wallet/)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from issuer_helpers import NOW
from jwcrypto import jwk, jws

from vc_led import sign_presentation
from vc_led.keys import KeyPair

ISSUER = "https://registry.example"
PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_jwt(key: jwk.JWK, header: dict[str, Any], claims: dict[str, Any]) -> str:
    token = jws.JWS(json.dumps(claims).encode())
    token.add_signature(key, alg=header["alg"], protected=json.dumps(header))
    return str(token.serialize(compact=True))


def unsigned_jwt(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    parts = [b64(json.dumps(header).encode()), b64(json.dumps(claims).encode()), b64(signature)]
    return ".".join(parts)


@dataclass
class Wallet:
    """One wallet key (Ed25519 did:key) and one DPoP key (P-256)."""

    key: jwk.JWK = field(default_factory=lambda: jwk.JWK.generate(kty="OKP", crv="Ed25519"))
    dpop_key: jwk.JWK = field(default_factory=lambda: jwk.JWK.generate(kty="EC", crv="P-256"))
    at: int = int(NOW.timestamp())  # the registry's fixed clock in the tests

    @property
    def pair(self) -> KeyPair:
        return KeyPair(self.key.get_op_key("sign"))

    @property
    def did(self) -> str:
        return self.pair.public.did_key

    def proof(self, nonce: str | None, **overrides: Any) -> str:
        header = {"typ": "openid4vci-proof+jwt", "alg": "EdDSA", "kid": self.pair.id}
        header |= overrides.pop("header", {})
        claims: dict[str, Any] = {"aud": ISSUER, "iat": self.at, "nonce": nonce}
        signer = overrides.pop("key", None) or self.key
        claims |= overrides
        return sign_jwt(signer, header, claims)

    def dpop(
        self, url: str, *, method: str = "POST", token: str | None = None, **extra: Any
    ) -> str:
        public = json.loads(self.dpop_key.export_public())
        header = {"typ": "dpop+jwt", "alg": "ES256", "jwk": public}
        claims: dict[str, Any] = {
            "htm": method,
            "htu": url,
            "iat": self.at,
            "jti": secrets.token_urlsafe(12),
        }
        if token is not None:
            claims["ath"] = b64(hashlib.sha256(token.encode()).digest())
        return sign_jwt(self.dpop_key, header, claims | extra)

    def present(self, credential: dict[str, Any], *, challenge: str = "c-1") -> dict[str, Any]:
        presentation = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
            "holder": self.did,
            "verifiableCredential": [credential],
        }
        return sign_presentation(
            presentation, key=self.pair, challenge=challenge, domain=ISSUER, created=NOW
        )
