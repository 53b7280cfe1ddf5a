"""The SD-JWT VC examples of draft-ietf-oauth-sd-jwt-vc (tests/vectors/sd-jwt-vc/SOURCE.md)
verify with vc-led, and show exactly the claims the draft says the verifier gets."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from vc_led import VerificationPolicy, Verifier
from vc_led._multibase import b64url_decode
from vc_led.jose import parse_public_jwk, public_key_of_jwk
from vc_led.results import ErrorCode
from vc_led.sdjwt import decode_sd_jwt

HERE = Path(__file__).resolve().parents[1] / "vectors" / "sd-jwt-vc"
KEY = public_key_of_jwk(parse_public_jwk(json.loads((HERE / "issuer-key.json").read_text())))
NAMES = ["issuance", "presentation-kb", "presentation-no-kb", "pid-issuance", "pid-presentation-kb"]


def _verify(name: str, **kw: Any) -> Any:
    text = (HERE / f"{name}.txt").read_text()
    _, payload, _ = decode_sd_jwt(text)
    kb = text.strip().rsplit("~", 1)[1]
    claims = json.loads(b64url_decode(kb.split(".")[1])) if kb else {}
    now = datetime.fromtimestamp(claims.get("iat", payload["iat"]), tz=UTC)
    verifier = Verifier(
        VerificationPolicy(trusted_issuers=frozenset({payload["iss"]})),
        issuer_keys={payload["iss"]: [KEY]},
    )
    args = {"challenge": claims.get("nonce"), "domain": claims.get("aud"), "now": now} | kw
    return verifier.verify(text, **args)


@pytest.mark.parametrize("name", NAMES)
def test_draft_example_verifies(name: str) -> None:
    result = _verify(name)
    assert result.verified, result.to_dict()


def test_presentation_shows_what_the_draft_lists() -> None:
    doc = _verify("presentation-kb").document
    assert doc["is_over_65"] is True
    assert doc["address"]["locality"] == "Anytown"
    for hidden in ("given_name", "family_name", "email", "birthdate", "_sd", "_sd_alg"):
        assert hidden not in doc
    bare = _verify("presentation-no-kb").document
    assert set(bare) == {"iss", "iat", "exp", "vct", "is_over_65", "address"}


def test_draft_presentation_with_another_nonce_fails() -> None:
    result = _verify("presentation-kb", challenge="another")
    assert result.check("holder_binding").code is ErrorCode.HOLDER_BINDING_NONCE_MISMATCH
