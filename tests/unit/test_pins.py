"""Which pin a command trusted, and where it came from: ``--pinned-key``, ``$VCLED_...``, the
user's pin file (written by running the demo), the INSECURE demo pin; the old ``VC_LED_``
spelling of the trust variables is refused, never ignored."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vc_led.bundle import (
    DEMO_REGISTRY_PIN,
    add_pin,
    default_pin_file,
    insecure_demo_registry_key,
    read_pin_file,
)
from vc_led.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import build_world

NOW = datetime(2026, 1, 1, tzinfo=UTC)
AT = "2026-01-01T00:00:00Z"


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path | str]:
    world = build_world(now=NOW)
    bundle, credential = tmp_path / "bundle.json", tmp_path / "credential.json"
    bundle.write_text(world.bundle().to_json())
    credential.write_text(json.dumps(world.credentials["registry_ok"]))
    return {
        "bundle": bundle,
        "credential": credential,
        "pin": world.registry_key.public.multibase,
        "did": world.registry_key.controller,
    }


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def verify(capsys, inputs, *extra: object) -> tuple[int, str, str]:
    return run(capsys, "verify", "--bundle", inputs["bundle"], "--now", AT, *extra,
               inputs["credential"])  # fmt: skip


def test_verify_names_the_key_and_the_pinned_key_option(capsys, inputs):
    code, out, err = verify(capsys, inputs, "--pinned-key", inputs["pin"])
    assert code == 0 and "VERIFIED" in out
    line = next(x for x in err.splitlines() if x.startswith("trust:"))
    assert f"bundle of {inputs['did']} signed by registry key {inputs['pin']}" in line
    assert line.endswith("pinned by --pinned-key")


def test_verify_names_a_key_file_and_the_environment(capsys, inputs, tmp_path, monkeypatch):
    keyfile = tmp_path / "pin.txt"
    keyfile.write_text(f"{inputs['pin']}\n")
    _, _, err = verify(capsys, inputs, "--pinned-key", keyfile)
    assert f"pinned by --pinned-key {keyfile}" in err
    monkeypatch.setenv("VCLED_PINNED_REGISTRY_KEY", str(inputs["pin"]))
    code, _, err = verify(capsys, inputs)
    assert code == 0 and "pinned by $VCLED_PINNED_REGISTRY_KEY" in err


def test_the_pin_file_is_read_when_nothing_else_pins(capsys, inputs):
    code, out, err = verify(capsys, inputs)
    assert code == 2 and "no registry key is pinned" in err and str(default_pin_file()) in err
    assert add_pin(default_pin_file(), key=str(inputs["pin"]), note="test")
    code, out, err = verify(capsys, inputs)
    assert code == 0 and "VERIFIED" in out
    assert f"pinned by the pin file {default_pin_file()}" in err


def test_bundle_show_names_the_insecure_demo_pin(capsys, tmp_path):
    demo = build_world(now=NOW, registry_key=insecure_demo_registry_key())
    bundle = tmp_path / "demo-bundle.json"
    bundle.write_text(demo.bundle().to_json())
    code, _, err = run(capsys, "bundle", "show", bundle, "--insecure-demo-pin", "--now", AT)
    assert code == 0
    assert f"registry key {DEMO_REGISTRY_PIN}, pinned by the INSECURE demo pin" in err


def test_verifier_serve_names_its_pin(capsys, tmp_path, monkeypatch):
    pytest.importorskip("fastapi")
    import vc_led_verifier.app

    world = build_world(now=datetime.now(UTC))  # serve checks the bundle as of now
    inputs = {"bundle": tmp_path / "fresh.json", "pin": world.registry_key.public.multibase}
    inputs["bundle"].write_text(world.bundle().to_json())
    served: list[object] = []
    monkeypatch.setattr(
        vc_led_verifier.app, "serve", lambda settings, **kw: served.append(settings)
    )
    code, _, err = run(capsys, "verifier", "serve", "--bundle", inputs["bundle"],
                       "--pinned-key", inputs["pin"], "--no-trust-state")  # fmt: skip
    assert code == 0 and len(served) == 1
    assert f"signed by registry key {inputs['pin']}, pinned by --pinned-key" in err


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("VC_LED_PINNED_REGISTRY_KEY", "VCLED_PINNED_REGISTRY_KEY"),
        ("VC_LED_INSECURE_DEMO_PIN", "VCLED_INSECURE_DEMO_PIN"),
        ("VC_LED_TRUST_STATE", "VCLED_TRUST_STATE"),
    ],
)
def test_an_old_variable_name_is_refused_with_its_new_name(capsys, inputs, monkeypatch, old, new):
    monkeypatch.setenv(old, str(inputs["pin"]))
    code, out, err = verify(capsys, inputs, "--pinned-key", inputs["pin"])
    assert code == 2 and "VERIFIED" not in out
    assert f"${old} is no longer read: rename it to ${new}" in err
    code, _, err = run(capsys, "bundle", "show", inputs["bundle"], "--now", AT)
    assert code == 2 and f"rename it to ${new}" in err


def test_pin_file_comments_order_and_idempotent_add(tmp_path):
    path = tmp_path / "state" / "pins"
    assert read_pin_file(path) == ()
    assert add_pin(path, key="z6MkA", note="first\nline")
    assert add_pin(path, key="z6MkB", note="second")
    assert not add_pin(path, key="z6MkA", note="again")
    text = path.read_text()
    assert text == "# first line\nz6MkA\n# second\nz6MkB\n"
    path.write_text(text + "z6MkC  # trailing comment\n\n")
    assert read_pin_file(path) == ("z6MkA", "z6MkB", "z6MkC")


def test_default_pin_file_follows_xdg_state_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_pin_file() == tmp_path / "vc-led" / "pinned-registry-keys"
    assert os.environ["XDG_STATE_HOME"] == str(tmp_path)


def test_demo_serve_pins_its_registry_key_and_says_so(capsys):
    pytest.importorskip("sqlmodel")
    from vc_led_issuer.commands.serve import _pin_demo_key

    _pin_demo_key("did:web:localhost%3A8000", "z6MkDemoKey", "http://localhost:8000")
    err = capsys.readouterr().err
    assert read_pin_file(default_pin_file()) == ("z6MkDemoKey",)
    assert (
        "pinned this demo registry's key z6MkDemoKey" in err and "because you ran the demo" in err
    )
    assert "did:web:localhost%3A8000" in default_pin_file().read_text()
    _pin_demo_key("did:web:localhost%3A8000", "z6MkDemoKey", "http://localhost:8000")
    assert "already pinned" in capsys.readouterr().err
