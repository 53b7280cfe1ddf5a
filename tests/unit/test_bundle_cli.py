"""``vc-led bundle create | fetch | show | link-key`` and ``vc-led verify --bundle``: files in,
a clear report or a clear refusal out, exit codes 0/1/2."""

from __future__ import annotations

import http.server
import json
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vc_led import TrustBundle
from vc_led.bundle import DEMO_REGISTRY_PIN
from vc_led.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import TITLE, World, build_world, did_key

NOW = datetime(2026, 1, 1, tzinfo=UTC)
AT = "2026-01-01T00:00:00Z"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def world() -> World:
    return build_world(now=NOW)


@pytest.fixture
def files(tmp_path: Path, world: World) -> dict[str, Path]:
    out = {"registry": tmp_path / "registry.json", "key": tmp_path / "registry-key.json"}
    out["registry"].write_text(world.registry.to_json())
    world.registry_key.save(out["key"])
    for number, document in enumerate(world.did_documents):
        out[f"did{number}"] = tmp_path / f"did{number}.json"
        out[f"did{number}"].write_text(json.dumps(document))
    out["list"] = tmp_path / "list.json"
    out["list"].write_text(json.dumps(world.status_list))
    for name, credential in world.credentials.items():
        out[name] = tmp_path / f"{name}.json"
        out[name].write_text(json.dumps(credential))
    out["pin"] = world.registry_key.public.multibase  # type: ignore[assignment]
    return out


def create(capsys, files, out: Path, *extra: str) -> tuple[int, str, str]:
    dids = [a for i in range(3) for a in ("--did-document", files[f"did{i}"])]
    return run(
        capsys, "bundle", "create", "--registry", files["registry"], "--key", files["key"],
        *dids, "--status-list", files["list"], "--now", "2025-12-31T23:50:00Z",
        "--out", out, *extra,
    )  # fmt: skip


@pytest.fixture
def bundle_file(capsys, files, tmp_path) -> Path:
    out = tmp_path / "led-trust-bundle.json"
    code, stdout, err = create(capsys, files, out)
    assert code == 0, err
    assert "15 accredited issuers" in stdout and "1 status lists" in stdout
    return out


def verify(capsys, files, bundle: Path, name: str, *extra: str):
    return run(
        capsys, "verify", "--bundle", bundle, "--pinned-key", files["pin"], "--now", AT,
        *extra, files[name],
    )  # fmt: skip


def test_create_then_verify_reports_verdict_content_and_checks(capsys, files, bundle_file):
    code, out, _ = verify(capsys, files, bundle_file, "registry_ok")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "VERIFIED: credential"
    for expected in (TITLE, "Amina Peeters", "1999-04-12", "EQF 7", "Universiteit Voorbeeld"):
        assert expected in out
    assert "Authentic record" in out and "Accredited in the LED registry: Hoger onderwijs" in out
    assert "trust bundle" in out and "10 minutes old" in out


def test_report_in_dutch(capsys, files, bundle_file):
    code, out, _ = verify(capsys, files, bundle_file, "revoked", "--lang", "nl")
    assert code == 1 and out.startswith("NIET GEVERIFIEERD: bewijs")
    assert "INGETROKKEN" in out and "[status.revoked]" in out and "Kwalificatie" in out


@pytest.mark.parametrize(
    ("name", "code", "needle"),
    [
        ("revoked", 1, "REVOKED"),
        ("out_of_scope", 1, "[issuer.out_of_scope]"),
        ("retired_after", 1, "[proof.key_retired]"),
        ("self_declared", 0, "SELF-DECLARED"),
        ("retired_before", 0, "VERIFIED"),
    ],
)
def test_every_outcome_and_exit_code(capsys, files, bundle_file, name, code, needle):
    got, out, _ = verify(capsys, files, bundle_file, name)
    assert got == code and needle in out


def test_json_and_require_authentic(capsys, files, bundle_file):
    code, out, _ = verify(capsys, files, bundle_file, "self_declared", "--json")
    data = json.loads(out)
    assert code == 0 and data["authenticity"] == "self_declared"
    code, out, _ = verify(capsys, files, bundle_file, "self_declared", "--require-authentic")
    assert code == 1 and "[issuer.not_authentic]" in out


def test_a_refused_bundle_is_a_usage_error_with_a_clear_message(capsys, files, bundle_file):
    doc = json.loads(bundle_file.read_text())
    doc["credentialSubject"]["trustList"]["accreditedIssuer"][0]["name"] = "Evil"
    bundle_file.write_text(json.dumps(doc))
    code, out, err = verify(capsys, files, bundle_file, "registry_ok")
    assert code == 2 and out == ""
    assert "refused" in err and "[bundle.signature_invalid]" in err and "altered" in err
    code, _, err = verify(capsys, files, bundle_file, "registry_ok", "--lang", "nl")
    assert code == 2 and "gewijzigd" in err


def test_wrong_pin_and_age(capsys, files, bundle_file):
    code, out, err = run(capsys, "verify", "--bundle", bundle_file, "--now", AT, files["revoked"])
    assert code == 2 and "no registry key is pinned" in err and not out  # no default pin
    code, _, err = run(
        capsys, "verify", "--bundle", bundle_file, "--insecure-demo-pin", "--now", AT,
        files["revoked"],
    )  # fmt: skip
    assert code == 2 and "[bundle.untrusted_key]" in err  # the demo pin is not this registry
    assert "INSECURE DEMO registry pin" in err
    code, _, err = run(
        capsys, "verify", "--bundle", bundle_file, "--pinned-key", files["pin"],
        "--now", "2026-02-01T00:00:00Z", files["revoked"],
    )  # fmt: skip
    assert code == 2 and "[bundle.expired]" in err


def test_pin_from_a_key_file_or_the_environment(capsys, files, bundle_file, monkeypatch):
    code, _, _ = run(
        capsys, "bundle", "show", bundle_file, "--pinned-key", files["key"], "--now", AT
    )
    assert code == 0
    monkeypatch.setenv("VCLED_PINNED_REGISTRY_KEY", f"{DEMO_REGISTRY_PIN}, {files['pin']}")
    code, out, _ = run(capsys, "bundle", "show", bundle_file, "--now", AT)
    assert code == 0 and "7 days" in out


def test_create_refuses_bad_inputs(capsys, files, tmp_path):
    out = tmp_path / "b.json"
    code, _, err = create(capsys, files, out, "--status-list", files["list"])
    assert code == 2 and "[bundle.content_invalid]" in err and not out.exists()
    files["registry"].write_text("{}")
    code, _, err = create(capsys, files, out)
    assert code == 2 and "trust registry" in err


def test_key_rotation_on_the_command_line(capsys, files, world, tmp_path):
    new = did_key(world.registry_key.controller)
    new_file, chain = tmp_path / "new-key.json", tmp_path / "chain.json"
    new.save(new_file)
    code, out, _ = run(
        capsys, "bundle", "link-key", "--previous-key", files["key"], "--next-key", new_file,
        "--valid-from", "2025-12-01T00:00:00Z", "--chain", chain,
    )  # fmt: skip
    assert code == 0 and json.loads(out)["nextKey"] == new.public.multibase
    from vc_led import did_web_document

    files["did0"].write_text(
        json.dumps(
            did_web_document(new.controller, keys=[new.public], retired=[world.registry_key.public])
        )
    )
    files["key"] = new_file
    out_file = tmp_path / "rotated.json"
    code, out, err = create(capsys, files, out_file, "--key-chain", chain)
    assert code == 0 and "via the key-rotation chain" not in out, err
    code, out, err = run(
        capsys, "bundle", "show", out_file, "--pinned-key", world.registry_key.public.multibase,
        "--now", AT,
    )  # fmt: skip
    assert code == 0 and "via the key-rotation chain" in out
    assert (
        f"signed by registry key {new.public.multibase}, reached by the registry's key-rotation "
        "chain from a key pinned by --pinned-key"
    ) in err


class _Serve(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Serve)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_fetch_checks_before_saving(capsys, files, bundle_file, server, tmp_path):
    url = f"http://127.0.0.1:{server.server_port}/trust/bundle"
    out = tmp_path / "fetched.json"
    _Serve.body = bundle_file.read_bytes()
    fetch = ("bundle", "fetch", url, "--out", out, "--now", AT)
    code, stdout, err = run(capsys, *fetch, "--pinned-key", files["pin"])
    assert "accredited issuers" in stdout
    assert code == 0 and out.read_bytes() == _Serve.body, err
    assert TrustBundle.load(out.read_bytes(), pinned_keys=[files["pin"]], now=NOW)
    out.unlink()
    code, _, err = run(capsys, *fetch)  # no pin: refused before anything is downloaded
    assert code == 2 and "no registry key is pinned" in err and not out.exists()
    code, _, err = run(capsys, *fetch, "--insecure-demo-pin")  # demo pin: refused
    assert code == 1 and "[bundle.untrusted_key]" in err and "nothing saved" in err
    _Serve.body = _Serve.body.replace(b"Hoger onderwijs", b"Hoger onderwijz", 1)
    code, _, err = run(capsys, *fetch, "--pinned-key", files["pin"])
    assert code == 1 and "[bundle.signature_invalid]" in err and not out.exists()
    _Serve.body = _Serve.body[:100]
    code, _, err = run(capsys, *fetch, "--pinned-key", files["pin"])
    assert code == 1 and "[bundle.malformed]" in err and not out.exists()
    for plain in (
        "http://example.org/b",
        "http://localhost.attacker.example/b",
        "http://127.0.0.1.nip.io/b",
        "http://localhost@example.org/b",
    ):
        code, _, err = run(
            capsys, "bundle", "fetch", plain, "--out", out, "--pinned-key", files["pin"]
        )
        assert code == 2 and "https" in err and "cannot download" not in err, plain
    server.shutdown()
    server.server_close()
    code, _, err = run(capsys, *fetch, "--pinned-key", files["pin"])
    assert code == 2 and "cannot download" in err


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_fetch_refuses_to_go_back_in_time(capsys, files, server, tmp_path):
    older, newer = tmp_path / "older.json", tmp_path / "newer.json"
    assert create(capsys, files, older)[0] == 0  # made 2025-12-31T23:50
    assert create(capsys, files, newer, "--now", "2025-12-31T23:55:00Z")[0] == 0
    url = f"http://127.0.0.1:{server.server_port}/trust/bundle"
    out, state = tmp_path / "bundle.json", tmp_path / "state.json"
    fetch = ("bundle", "fetch", url, "--out", out, "--now", AT, "--pinned-key", files["pin"])
    _Serve.body = newer.read_bytes()
    assert run(capsys, *fetch, "--trust-state", state)[0] == 0
    _Serve.body = older.read_bytes()
    code, _, err = run(capsys, *fetch, "--trust-state", state)
    assert code == 1 and "[bundle.rolled_back]" in err and "nothing saved" in err
    assert out.read_bytes() == newer.read_bytes()  # the newer bundle was kept
    code, _, err = run(capsys, "verify", "--bundle", older, "--pinned-key", files["pin"],
                       "--now", AT, "--trust-state", state, files["registry_ok"])  # fmt: skip
    assert code == 2 and "[bundle.rolled_back]" in err
    assert run(capsys, *fetch, "--no-trust-state")[0] == 0  # asked for: judged on its own


def test_the_default_trust_state_is_per_user(capsys, files, bundle_file, tmp_path, monkeypatch):
    monkeypatch.delenv("VCLED_TRUST_STATE")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    code, _, _ = run(
        capsys, "bundle", "show", bundle_file, "--pinned-key", files["pin"], "--now", AT
    )
    assert code == 0
    data = json.loads((tmp_path / "xdg" / "vc-led" / "trust-state.json").read_text())
    assert list(data["registries"]) == [json.loads(bundle_file.read_text())["issuer"]]


def test_a_demo_bundle_is_refused_unless_the_demo_is_asked_for(capsys, tmp_path, monkeypatch):
    from vc_led.bundle import insecure_demo_registry_key

    demo = build_world(now=NOW, registry_key=insecure_demo_registry_key())
    forged, credential = tmp_path / "forged.json", tmp_path / "credential.json"
    forged.write_text(demo.bundle().to_json())  # anyone can sign this: the key is public
    credential.write_text(json.dumps(demo.credentials["registry_ok"]))
    command = ("verify", "--bundle", forged, "--now", AT, credential)
    code, out, err = run(capsys, *command)
    assert code == 2 and "VERIFIED" not in out and "no registry key is pinned" in err
    code, out, err = run(capsys, *command[:-1], "--insecure-demo-pin", credential)
    assert code == 0 and "VERIFIED" in out and "INSECURE DEMO registry pin" in err
    monkeypatch.setenv("VCLED_INSECURE_DEMO_PIN", "1")
    code, out, err = run(capsys, *command)
    assert code == 0 and "INSECURE DEMO registry pin" in err


def test_a_forged_key_under_the_registry_did_fails(capsys, files, bundle_file, world, tmp_path):
    from vc_led import KeyPair, sign_credential

    did = world.registry_key.controller
    thief = KeyPair.generate()
    forger = thief.with_id(id=f"{did}#{thief.public.multibase}", controller=did)
    doc = dict(world.credentials["registry_ok"])
    doc.pop("proof")
    files["forged"] = tmp_path / "forged.json"
    files["forged"].write_text(json.dumps(sign_credential(doc, key=forger, created=NOW)))
    code, out, _ = verify(capsys, files, bundle_file, "forged", "--json")
    assert code == 1  # failed, not undecided: the bundle holds the registry's DID document
    assert json.loads(out)["checks"][2]["code"] == "proof.verification_method_not_listed"


def test_a_thief_presenting_a_bound_credential_fails_unless_allowed(
    capsys, files, bundle_file, world, tmp_path
):
    from vc_led import KeyPair, sign_presentation

    thief = KeyPair.generate()
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [world.credentials["registry_ok"]],  # about did:example:holder
    }
    files["vp"] = tmp_path / "vp.json"
    files["vp"].write_text(json.dumps(sign_presentation(vp, key=thief, challenge="n", created=NOW)))
    code, out, _ = verify(capsys, files, bundle_file, "vp", "--challenge", "n")
    assert code == 1 and "[holder_binding.not_subject]" in out
    code, out, err = verify(
        capsys, files, bundle_file, "vp", "--challenge", "n", "--allow-presenter-not-subject"
    )
    assert code == 0 and "allowed only because this verifier's policy says so" in out, err
