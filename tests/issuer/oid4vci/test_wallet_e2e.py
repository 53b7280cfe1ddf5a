"""End to end with a real wallet library: the OpenWallet Foundation's OpenID4VCI client
(``@openid4vc/openid4vci`` + ``@openid4vc/oauth2``, pinned in tests/wallet/package.json)
against the gateway on real uvicorn, both backends. The wallet receives the credentials in both
formats; vc-led verifies each ``ldp_vc`` in a presentation signed by the wallet key, with holder
binding passed, and each ``dc+sd-jwt`` with its published X.509 anchors and Token Status List,
as npm ``@sd-jwt/sd-jwt-vc`` does (:mod:`oid4vci_sdjwt`)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from issuer_helpers import generated, import_named, make_registry, registry_verifier
from jwcrypto import jwk
from oid4vci_sdjwt import verify_with_peer, verify_with_vc_led
from oid4vci_server import free_port, serving
from oid4vci_support import citizen_with_records
from sqlalchemy import Engine

from vc_led import sign_presentation
from vc_led.keys import KeyPair, KeyType
from vc_led.sdjwt import decode_sd_jwt
from vc_led_issuer.api.main import create_app
from vc_led_issuer.context import Registry, system_clock
from vc_led_issuer.jobs import worker
from vc_led_issuer.lifecycle import rotate_registry_key
from vc_led_issuer.oid4vci.config import Oid4vciSettings
from vc_led_issuer.oid4vci.offers import create_offer

WALLET = Path(__file__).resolve().parents[2] / "wallet"
pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


@dataclass
class Running:
    base: str
    registry: Registry
    holder_id: int
    record_ids: list[int]


@pytest.fixture
def running(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Running]:
    if shutil.which("node") is None or not (WALLET / "node_modules").is_dir():
        pytest.fail("node and tests/wallet/node_modules are needed (scripts/setup installs them)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    registry = make_registry(engine, database_url, tmp_path, public_url=base)
    import_named(registry, generated(tmp_path, persons=3))
    registry.clock = system_clock  # the wallet library signs with the real time
    holder_id, record_ids = citizen_with_records(registry)
    app = create_app(registry, admin_token="t" * 40, oid4vci=Oid4vciSettings())
    with serving(app, port):
        yield Running(base, registry, holder_id, record_ids)
    worker.close_registries()


def run_wallet(flow: str, payload: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        ["node", str(WALLET / "wallet.mjs"), flow],
        input=json.dumps(payload) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def assert_sd_jwt_bound_and_verified(base: str, text: str, key: jwk.JWK, alg: str) -> None:
    """A received dc+sd-jwt: bound to the proof key, verified by vc-led and @sd-jwt/sd-jwt-vc."""
    header, claims, _ = decode_sd_jwt(text)
    assert header["typ"] == "dc+sd-jwt" and header["alg"] == alg and header["x5c"]
    assert claims["cnf"]["jwk"]["x"] == key.get("x") and claims["iss"] == base
    ours = verify_with_vc_led(base, text)
    assert ours.verified, ours.to_dict()
    assert ours.check("status").status.value == "passed", ours.to_dict()
    theirs = verify_with_peer(base, text)
    assert theirs["ok"], theirs
    assert theirs["payload"]["vct"] == claims["vct"] and theirs["vctValues"] == [claims["vct"]]


def assert_bound_and_verified(
    running: Running, result: dict[str, Any], key: jwk.JWK, *, alg: str = "EdDSA"
) -> None:
    pair = KeyPair(key.get_op_key("sign"))
    assert result["holder"] == pair.public.did_key
    verifier = registry_verifier(running.registry)
    formats = result["formats"]
    assert formats.count("dc+sd-jwt") == formats.count("ldp_vc") > 0  # both renditions
    for credential, fmt in zip(result["credentials"], formats, strict=True):
        if fmt == "dc+sd-jwt":
            assert_sd_jwt_bound_and_verified(running.base, credential, key, alg)
            continue
        assert credential["credentialSubject"]["id"] == pair.public.did_key
        presentation = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
            "holder": pair.public.did_key,
            "verifiableCredential": [credential],
        }
        signed = sign_presentation(presentation, key=pair, challenge="e2e", domain=running.base)
        outcome = verifier.verify_presentation(signed, challenge="e2e", domain=running.base)
        assert outcome.check("proof").status.value == "passed", outcome.to_dict()
        assert outcome.check("holder_binding").status.value == "passed", outcome.to_dict()


@pytest.mark.parametrize("dpop", [True, False], ids=["dpop", "bearer"])
def test_pre_authorized_code_flow_with_the_openid4vc_wallet_library(
    running: Running, dpop: bool
) -> None:
    if dpop:  # HAIP 1.0: ES256 with a P-256 registry key; the bearer run keeps Ed25519 (EdDSA)
        rotate_registry_key(running.registry, actor="t", reason="haip", key_type=KeyType.P256)
    with running.registry.write() as session:
        offer = create_offer(
            session,
            issuer=running.base,
            holder_id=running.holder_id,
            record_ids=running.record_ids,
            pepper=running.registry.settings.pepper_bytes(),
            now=running.registry.now(),
            valid_for=timedelta(minutes=10),
            tx_length=6,
        )
    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    payload = {"offer": offer.uri, "txCode": offer.tx_code, "proofJwk": key.export(as_dict=True)}
    result = run_wallet("pre-authorized", payload | {"dpop": dpop})
    assert result["tokenType"] == ("DPoP" if dpop else "Bearer")
    assert len(result["credentials"]) == 2 * len(running.record_ids)  # ldp_vc and dc+sd-jwt
    assert_bound_and_verified(running, result, key, alg="ES256" if dpop else "EdDSA")


def _browser_login(authorization_url: str, base: str, citizen: Any) -> str:
    """Play the citizen's browser: the gateway sends her to the OpenID Provider's login, asks
    her consent and then sends her to the wallet's redirect URI with the code; that URI."""
    import re

    import httpx2
    from gateway_support import op_login

    with httpx2.Client(follow_redirects=False, timeout=30) as browser:
        response = browser.get(authorization_url)
        assert response.status_code == 303, response.text[:300]
        login = browser.get(base + response.headers["location"])  # /login?next=...
        assert login.status_code == 302, login.text[:300]
        back = browser.get(op_login(login.headers["location"], citizen))  # /auth/callback
        assert back.status_code == 303, back.text[:300]
        page = browser.get(base + back.headers["location"])  # /oid4vci/authorize: consent
        assert page.status_code == 200 and "vc-led-test-wallet" in page.text, page.text[:300]
        fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
        form = {k: fields[k] for k in ("csrf_token", "client_id", "request_uri")}
        allowed = browser.post(f"{base}/oid4vci/authorize", data=form | {"decision": "allow"})
        assert allowed.status_code == 303, allowed.text[:300]
        return str(allowed.headers["location"])


@pytest.mark.parametrize("dpop", [True, False], ids=["dpop", "bearer"])
def test_authorization_code_flow_with_par_pkce_and_the_citizen_login(
    engine: Engine, database_url: str, tmp_path: Path, dpop: bool
) -> None:
    from gateway_support import DEMO_PERSONS, gateway_settings, running_op

    from vc_led.led.synthetic import write_generated

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    registry = make_registry(engine, database_url, tmp_path, public_url=base)
    data = tmp_path / "led.jsonl"
    write_generated(persons=DEMO_PERSONS, seed=1, fmt="jsonl", out=data)
    import_named(registry, data)
    registry.clock = system_clock
    with running_op(tmp_path / "op", gateway_url=base) as op:
        settings = gateway_settings(op, tmp_path)
        app = create_app(
            registry, admin_token="t" * 40, gateway=settings, oid4vci=Oid4vciSettings()
        )
        with serving(app, port):
            key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
            wallet = subprocess.Popen(
                ["node", str(WALLET / "wallet.mjs"), "authorization-code"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            assert wallet.stdin is not None and wallet.stdout is not None
            request = {
                "issuer": base,
                "configurations": [
                    "LedQualificationCredential",
                    "LedCompetenceCredential",
                    "LedQualificationSdJwt",
                ],
                "proofJwk": key.export(as_dict=True),
                "dpop": dpop,
                "redirectUri": "https://wallet.example/callback",
            }
            wallet.stdin.write(json.dumps(request) + "\n")
            wallet.stdin.flush()
            started = wallet.stdout.readline()
            assert started, wallet.stderr.read() if wallet.stderr else ""
            url = json.loads(started)["authorizationRequestUrl"]
            assert url.startswith(f"{base}/oid4vci/authorize?") and "request_uri=" in url
            redirect = _browser_login(url, base, op.citizens[0])
            assert redirect.startswith("https://wallet.example/callback?code=")
            output, errors = wallet.communicate(redirect + "\n", timeout=120)
            assert wallet.returncode == 0, errors[-3000:]
            result = json.loads(output.strip().splitlines()[-1])
            assert result["tokenType"] == ("DPoP" if dpop else "Bearer")
            assert result["credentials"], "the citizen's records were issued"
            running = Running(base, registry, 0, [])
            assert_bound_and_verified(running, result, key)  # the gateway serves the status
    worker.close_registries()
