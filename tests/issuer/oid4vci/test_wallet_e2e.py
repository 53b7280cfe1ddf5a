"""End to end with a real wallet library: the OpenWallet Foundation's OpenID4VCI client
(``@openid4vc/openid4vci`` + ``@openid4vc/oauth2``, pinned in tests/wallet/package.json)
against the gateway on real uvicorn, both backends. The wallet receives the credentials; vc-led
verifies each in a presentation signed by the wallet key, with holder binding passed."""

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
from _server import free_port, serving
from conftest import citizen_with_records
from issuer_helpers import generated, import_named, make_registry, registry_verifier
from jwcrypto import jwk
from sqlalchemy import Engine

from issuer.api.main import create_app
from issuer.context import Registry, system_clock
from issuer.jobs import worker
from issuer.oid4vci.config import Oid4vciSettings
from issuer.oid4vci.offers import create_offer
from vc_led import sign_presentation
from vc_led.keys import KeyPair

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


def assert_bound_and_verified(running: Running, result: dict[str, Any], key: jwk.JWK) -> None:
    pair = KeyPair(key.get_op_key("sign"))
    assert result["holder"] == pair.public.did_key
    verifier = registry_verifier(running.registry)
    for credential in result["credentials"]:
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
    assert len(result["credentials"]) == len(running.record_ids)
    assert_bound_and_verified(running, result, key)
