"""vc_led.jose: compact JWS signed through a SigningKey verifies with jwcrypto, for every key
type; the checks refuse what they must."""

from __future__ import annotations

import pytest

from vc_led import KeyPair, KeyType
from vc_led.jose import (
    JoseError,
    alg_of,
    jwk_of_public,
    public_key_of_jwk,
    sign_compact,
    unverified_header,
    verify_compact,
)


@pytest.mark.parametrize("key_type", list(KeyType))
def test_signed_with_a_signing_key_verifies_with_jwcrypto(key_type: KeyType) -> None:
    key = KeyPair.generate(key_type)
    token = sign_compact({"typ": "example+jwt"}, {"sub": "x", "n": "é"}, key=key)
    header = unverified_header(token)
    assert header == {"typ": "example+jwt", "alg": alg_of(key_type)}
    signed = verify_compact(token, jwk_of_public(key.public), header=header)
    assert signed.claims == {"sub": "x", "n": "é"}
    assert public_key_of_jwk(jwk_of_public(key.public)) == key.public


def test_a_tampered_payload_or_another_key_does_not_verify() -> None:
    key, other = KeyPair.generate(KeyType.P256), KeyPair.generate(KeyType.P256)
    token = sign_compact({}, {"sub": "x"}, key=key)
    head, _, sig = token.split(".")
    forged = f"{head}.{sign_compact({}, {'sub': 'y'}, key=key).split('.')[1]}.{sig}"
    for candidate, public in ((forged, key.public), (token, other.public)):
        with pytest.raises(JoseError) as info:
            verify_compact(candidate, jwk_of_public(public), header=unverified_header(candidate))
        assert info.value.reason == "signature_invalid"


def test_the_header_cannot_name_another_algorithm() -> None:
    with pytest.raises(ValueError, match="signs ES256"):
        sign_compact({"alg": "HS256"}, {}, key=KeyPair.generate(KeyType.P256))
