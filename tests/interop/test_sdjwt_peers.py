"""SD-JWT VC interop: ours verify in @sd-jwt/sd-jwt-vc 0.19.0 (tests/sdjwt-peer/sdjwt.mjs) and
in PyPI sd-jwt 0.10.4; theirs verify in ours; a tampered presentation fails in both."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from jwcrypto import jwk

from vc_led import VerificationPolicy, Verifier
from vc_led.jose import jwk_of_public, parse_public_jwk, public_key_of_jwk
from vc_led.keys import KeyPair, KeyType
from vc_led.sdjwt import issue_sd_jwt_vc, present_sd_jwt

pytestmark = pytest.mark.interop

PEER = Path(__file__).resolve().parents[1] / "sdjwt-peer" / "sdjwt.mjs"
ISS = "https://led.example.be"
VCT = "https://led.example.be/vct/qualification"
CLAIMS = {
    "birth_date": "2000-01-02",
    "qualification": {"title": "Bachelor in de verpleegkunde", "level": 6},
    "competences": ["zorg", "ethiek"],
}
PATHS = [("birth_date",), ("qualification",), ("qualification", "title"), ("competences", None)]


@pytest.fixture(scope="module", autouse=True)
def _node_ready() -> None:
    assert shutil.which("node"), "node is needed (scripts/setup installs it)"
    assert (PEER.parent / "node_modules" / "@sd-jwt" / "sd-jwt-vc").is_dir(), "run scripts/setup"


def _peer(tmp: Path, command: str, request: dict[str, Any]) -> dict[str, Any]:
    path = tmp / f"{command}.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    out = subprocess.run(
        ["node", str(PEER), command, str(path)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _ours(issuer: KeyPair, holder: KeyPair, now: datetime) -> tuple[str, str]:
    sd = issue_sd_jwt_vc(
        vct=VCT,
        claims=CLAIMS,
        disclosable=PATHS,
        issuer=ISS,
        key=issuer,
        issued_at=now - timedelta(minutes=1),
        valid_until=now + timedelta(days=1),
        holder_key=holder.public,
    )
    shown = present_sd_jwt(
        sd, disclose=["qualification.title"], holder_key=holder, aud="A", nonce="N", now=now
    )
    return sd, shown


def test_ours_verify_in_sd_jwt_js_and_tampering_fails(tmp_path: Path) -> None:
    issuer, holder = KeyPair.generate(KeyType.P256), KeyPair.generate(KeyType.P256)
    now = datetime.now(UTC)
    sd, shown = _ours(issuer, holder, now)
    base = {
        "issuerJwk": jwk_of_public(issuer.public).export_public(as_dict=True),
        "now": int(now.timestamp()),
    }
    whole = _peer(tmp_path, "verify", {**base, "sdjwt": sd})
    assert whole["ok"], whole
    assert whole["payload"]["competences"] == ["zorg", "ethiek"]
    result = _peer(tmp_path, "verify", {**base, "sdjwt": shown, "nonce": "N", "requireKb": True})
    assert result["ok"], result
    assert result["payload"]["qualification"]["title"] == CLAIMS["qualification"]["title"]
    assert "birth_date" not in result["payload"]
    assert result["kb"]["aud"] == "A"
    extra = present_sd_jwt(sd, disclose=["birth_date"]).split("~")[1]
    jwt, *rest = shown.split("~")
    tampered = "~".join([jwt, extra, *rest])
    assert not _peer(tmp_path, "verify", {**base, "sdjwt": tampered, "nonce": "N"})["ok"]
    ours = Verifier(
        VerificationPolicy(trusted_issuers=frozenset({ISS})), issuer_keys={ISS: [issuer.public]}
    )
    assert not ours.verify(tampered, challenge="N", domain="A", now=now).verified


def test_theirs_verify_in_ours(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    frame = {
        "_sd": ["birth_date", "qualification"],
        "qualification": {"_sd": ["title"]},
        "competences": {"_sd": [0, 1]},
        "_sd_decoy": 2,
    }
    theirs = _peer(
        tmp_path,
        "issue",
        {
            "iss": ISS,
            "vct": VCT,
            "claims": CLAIMS,
            "frame": frame,
            "aud": "A",
            "nonce": "N",
            "presentationFrame": {"qualification": {"title": True}, "competences": {"1": True}},
            "now": int(now.timestamp()),
        },
    )
    key = public_key_of_jwk(parse_public_jwk(theirs["issuerJwk"]))
    verifier = Verifier(
        VerificationPolicy(trusted_issuers=frozenset({ISS})), issuer_keys={ISS: [key]}
    )
    issued = verifier.verify(theirs["sdjwt"], now=now)
    assert issued.verified, issued.to_dict()
    assert issued.document is not None and issued.document["birth_date"] == "2000-01-02"
    shown = verifier.verify(theirs["presentation"], challenge="N", domain="A", now=now)
    assert shown.verified, shown.to_dict()
    assert shown.document is not None and "birth_date" not in shown.document
    assert shown.document["qualification"]["title"] == CLAIMS["qualification"]["title"]
    assert shown.document["competences"] == ["ethiek"]
    assert shown.check("holder_binding").details["binding"] == "holder_key"
    wrong = verifier.verify(theirs["presentation"], challenge="other", domain="A", now=now)
    assert wrong.check("holder_binding").code is not None


def test_ours_verify_in_pypi_sd_jwt() -> None:
    from sd_jwt.verifier import SDJWTVerifier

    issuer, holder = KeyPair.generate(KeyType.P256), KeyPair.generate(KeyType.P256)
    now = datetime.now(UTC)
    sd, shown = _ours(issuer, holder, now)
    issuer_jwk = jwk_of_public(issuer.public)
    payload = SDJWTVerifier(shown, lambda iss, header: issuer_jwk, "A", "N").get_verified_payload()
    assert payload["qualification"]["title"] == CLAIMS["qualification"]["title"]
    assert "birth_date" not in payload
    whole = SDJWTVerifier(sd, lambda iss, header: issuer_jwk).get_verified_payload()
    assert whole["competences"] == ["zorg", "ethiek"]
    with pytest.raises(Exception):  # noqa: B017 - any refusal from the peer
        SDJWTVerifier(shown, lambda iss, header: issuer_jwk, "A", "other")


def test_pypi_sd_jwt_verify_in_ours() -> None:
    from sd_jwt.common import SDObj
    from sd_jwt.holder import SDJWTHolder
    from sd_jwt.issuer import SDJWTIssuer

    issuer_jwk = jwk.JWK.generate(kty="EC", crv="P-256")
    holder_jwk = jwk.JWK.generate(kty="EC", crv="P-256")
    claims = {
        "iss": ISS,
        "iat": int(datetime.now(UTC).timestamp()) - 60,
        "vct": VCT,
        SDObj("birth_date"): "2000-01-02",
        "qualification": {SDObj("title"): "Bachelor in de verpleegkunde", "level": 6},
        "competences": [SDObj("zorg"), SDObj("ethiek")],
    }
    issued = SDJWTIssuer(
        claims,
        issuer_jwk,
        holder_jwk,
        sign_alg="ES256",
        extra_header_parameters={"typ": "dc+sd-jwt"},
    ).sd_jwt_issuance
    holder = SDJWTHolder(issued)
    holder.create_presentation(
        {"qualification": {"title": True}, "competences": [False, True]},
        "N",
        "A",
        holder_jwk,
        "ES256",
    )
    shown = holder.sd_jwt_presentation
    key = public_key_of_jwk(parse_public_jwk(issuer_jwk.export_public(as_dict=True)))
    verifier = Verifier(
        VerificationPolicy(trusted_issuers=frozenset({ISS})), issuer_keys={ISS: [key]}
    )
    result = verifier.verify(shown, challenge="N", domain="A")
    assert result.verified, result.to_dict()
    assert result.document is not None and "birth_date" not in result.document
    assert result.document["competences"] == ["ethiek"]
    assert verifier.verify(issued).verified
