"""The real server: ``vc-led verifier serve`` on 127.0.0.1 with a trust bundle file, driven
over HTTP -- the report, and bad inputs answered 4xx with a clear message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _server import post_file, post_form, request, running_server
from _world import World

from vc_led import KeyPair, TrustBundle, sign_presentation

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


@pytest.fixture(scope="module")
def server(world: World, bundle: TrustBundle, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("server") / "led-trust-bundle.json"
    path.write_text(bundle.to_json())
    with running_server(bundle=path, pin=world.registry_key.public.multibase) as base:
        yield base


def test_verify_over_http(server, world):
    credential = json.dumps(world.credentials["led_diploma"]).encode()
    status, headers, _ = post_file(f"{server}/verify?lang=nl", credential, lang="nl")
    assert status == 303
    status, headers, body = request(server + headers["location"])
    page = body.decode()
    assert status == 200 and "GEVERIFIEERD" in page and "Master of Science in de sociologie" in page
    assert "default-src 'none'" in headers["content-security-policy"]


def test_bad_inputs_over_http(server, world):
    status, _, body = post_form(f"{server}/verify", {"document": "not json at all"})
    assert status == 400 and b"This is not a JSON credential" in body
    huge = b'{"x": "' + b"a" * (5 * 1024 * 1024) + b'"}'
    status, _, body = post_file(f"{server}/verify", huge)
    assert status == 413 and b"too large" in body
    status, headers, body = request(
        f"{server}/api/verify", data=huge, headers={"Content-Type": "application/json"}
    )
    assert status == 413 and headers["content-type"] == "application/problem+json"
    holder = KeyPair.generate()
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder.controller,
        "verifiableCredential": [world.credentials["registry_ok"]],
    }
    signed = json.dumps(sign_presentation(vp, key=holder, challenge="right"))
    status, headers, _ = post_form(f"{server}/verify", {"document": signed, "challenge": "wrong"})
    assert status == 303
    page = request(server + headers["location"])[2].decode()
    assert "NOT VERIFIED" in page and "proof.challenge_mismatch" in page
    assert request(f"{server}/result/unknown-id-unknown-id-1")[0] == 404
    assert request(f"{server}/static/verifier.css")[0] == 200


def test_serve_refuses_a_bad_bundle(tmp_path, world, bundle):
    path = tmp_path / "bundle.json"
    path.write_text(bundle.to_json().replace("Hoger onderwijs", "Hoger onderwijz", 1))
    command = [sys.executable, "-m", "vc_led.cli", "verifier", "serve", "--bundle", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no registry key is pinned" in done.stderr  # no default pin
    command.insert(-2, "--insecure-demo-pin")  # the world's registry is the demo registry
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "[bundle.signature_invalid]" in done.stderr
    missing = subprocess.run(
        [*command[:-1], str(Path(tmp_path / "missing.json"))], capture_output=True, text=True
    )
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_serve_refuses_a_bundle_older_than_one_accepted(tmp_path, world):
    from datetime import timedelta

    from vc_led.cli import main

    newer, older, state = tmp_path / "newer.json", tmp_path / "older.json", tmp_path / "s.json"
    newer.write_text(world.bundle().to_json())
    older.write_text(world.bundle(now=world.now - timedelta(hours=2)).to_json())
    pin = world.registry_key.public.multibase
    assert (
        main(["bundle", "show", str(newer), "--pinned-key", pin, "--trust-state", str(state)]) == 0
    )
    command = [
        sys.executable, "-m", "vc_led.cli", "verifier", "serve", "--bundle", str(older),
        "--pinned-key", pin, "--trust-state", str(state),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "[bundle.rolled_back]" in done.stderr
