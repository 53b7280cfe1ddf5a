"""LED SD-JWT VCs in the peers: the rendition of a competence record (nested objects, array
elements whose members are disclosable one by one, vct#integrity) verifies in
@sd-jwt/sd-jwt-vc 0.19.0 (tests/sdjwt-peer/sdjwt.mjs, helper sdjwt's driver) and in PyPI
sd-jwt 0.10.4, with the same claims as ours; a presentation of one competence title too."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vc_led.jose import jwk_of_public
from vc_led.keys import KeyPair, KeyType
from vc_led.led.issuing_sdjwt import issue_sd_jwt_credential
from vc_led.led.profiles.sdjwt import sd_jwt_rendition
from vc_led.sdjwt import present_sd_jwt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "led"))
from sdjwt_led_support import HOLDER, full, one_per_profile

pytestmark = pytest.mark.interop

PEER = Path(__file__).resolve().parents[1] / "sdjwt-peer" / "sdjwt.mjs"
ISS = "https://led.example.be"


def _peer(tmp: Path, request: dict[str, Any]) -> dict[str, Any]:
    assert shutil.which("node"), "node is needed (scripts/setup installs it)"
    path = tmp / "verify.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    out = subprocess.run(
        ["node", str(PEER), "verify", str(path)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _issued(now: datetime) -> tuple[KeyPair, KeyPair, str, dict[str, Any]]:
    issuer, holder = KeyPair.generate(KeyType.P256), KeyPair.generate(KeyType.P256)
    record = full(one_per_profile()[("competence", False)])
    at = now - timedelta(minutes=1)
    text = issue_sd_jwt_credential(
        record=record, holder=HOLDER, issuer_key=issuer, issuer=ISS,
        holder_key=holder.public, now=at,
    )  # fmt: skip
    claims = sd_jwt_rendition(record=record, holder=HOLDER, profile="competence", issued_at=at)
    return issuer, holder, text, claims.claims


def test_an_led_sd_jwt_vc_verifies_in_sd_jwt_js(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    issuer, holder, text, claims = _issued(now)
    base = {"issuerJwk": jwk_of_public(issuer.public).export_public(as_dict=True)}
    base["now"] = int(now.timestamp())
    whole = _peer(tmp_path, {**base, "sdjwt": text})
    assert whole["ok"], whole
    for name, value in claims.items():
        assert whole["payload"][name] == value, name
    title = claims["competences"][0]["title"]
    shown = present_sd_jwt(
        text, disclose=["competences[0].title"], holder_key=holder, aud="A", nonce="N", now=now
    )
    result = _peer(tmp_path, {**base, "sdjwt": shown, "nonce": "N", "requireKb": True})
    assert result["ok"], result
    assert result["payload"]["competences"] == [{"title": title}]
    assert "qualification" not in result["payload"] and "birthdate" not in result["payload"]


def test_an_led_sd_jwt_vc_verifies_in_pypi_sd_jwt() -> None:
    from sd_jwt.verifier import SDJWTVerifier

    issuer, _, text, claims = _issued(datetime.now(UTC))
    key = jwk_of_public(issuer.public)
    payload = SDJWTVerifier(text, lambda iss, header: key).get_verified_payload()
    for name, value in claims.items():
        assert payload[name] == value, name
