"""The vc-led command line contract: names, options, output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vc_led.cli import main

V = Path(__file__).resolve().parent.parent / "vectors" / "w3c"
V2 = "https://www.w3.org/ns/credentials/v2"
EX = "https://www.w3.org/ns/credentials/examples/v2"
NOW = "2026-01-01T00:00:00Z"


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def issuer(tmp_path, capsys):
    code, out, _ = _run(
        capsys, "keys", "generate", "--type", "ed25519", "--out", str(tmp_path / "k.json")
    )
    assert code == 0
    vm = out.strip()
    assert vm.startswith("did:key:z6Mk") and "#" in vm
    return tmp_path / "k.json", vm.split("#")[0]


def _credential(tmp_path: Path, did: str) -> Path:
    doc = {
        "@context": [V2, EX],
        "type": ["VerifiableCredential"],
        "issuer": did,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"alumniOf": "VUB"},
    }
    path = tmp_path / "vc.json"
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize(
    ("kind", "prefix"), [("ed25519", "z6Mk"), ("p256", "zDn"), ("p384", "z82")]
)
def test_keys_generate_types_and_secret_not_printed(tmp_path, capsys, kind, prefix):
    code, out, err = _run(
        capsys, "keys", "generate", "--type", kind, "--out", str(tmp_path / "k.json")
    )
    assert code == 0 and out.strip().split("#")[1].startswith(prefix)
    secret = json.loads((tmp_path / "k.json").read_text())["secretKeyMultibase"]
    assert secret not in out + err


def test_keys_generate_did_web_and_refuses_overwrite(tmp_path, capsys):
    args = [
        "keys",
        "generate",
        "--out",
        str(tmp_path / "k.json"),
        "--did-web",
        "led.example.org",
        "--did-document",
        str(tmp_path / "did.json"),
    ]
    code, out, _ = _run(capsys, *args)
    assert code == 0 and out.startswith("did:web:led.example.org#z6Mk")
    assert json.loads((tmp_path / "did.json").read_text())["id"] == "did:web:led.example.org"
    code, _, err = _run(capsys, *args)
    assert code == 2 and "refusing to overwrite" in err


def _sign_at_fixed_time(capsys, key, path):
    """``vc-led sign`` with ``--created 2025-06-01T00:00:00Z``: (exit code, stdout, stderr)."""
    return _run(capsys, "sign", "--key", str(key), "--created", "2025-06-01T00:00:00Z", str(path))


def test_sign_and_verify_exit_codes(tmp_path, capsys, issuer):
    key, did = issuer
    code, signed, _ = _sign_at_fixed_time(capsys, key, _credential(tmp_path, did))
    assert code == 0 and json.loads(signed)["proof"]["created"] == "2025-06-01T00:00:00Z"
    (tmp_path / "signed.json").write_text(signed)
    code, out, _ = _run(
        capsys, "verify", "--trust-issuer", did, "--now", NOW, str(tmp_path / "signed.json")
    )
    assert code == 0 and out.startswith("VERIFIED")
    code, out, _ = _run(capsys, "verify", "--json", "--now", NOW, str(tmp_path / "signed.json"))
    result = json.loads(out)
    assert code == 2 and result["verified"] is False
    assert [c["code"] for c in result["checks"] if c["code"]] == ["issuer.no_trust_policy"]
    tampered = json.loads(signed)
    tampered["credentialSubject"]["alumniOf"] = "Forged"
    (tmp_path / "bad.json").write_text(json.dumps(tampered))
    code, out, _ = _run(capsys, "verify", "--any-issuer", "--json", str(tmp_path / "bad.json"))
    assert code == 1 and json.loads(out)["checks"][2]["code"] == "proof.signature_invalid"


def test_sign_reproduces_the_eddsa_vector(capsys):
    code, out, _ = _run(
        capsys,
        "sign",
        "--key",
        str(V / "vc-di-eddsa" / "keyPair.json"),
        "--created",
        "2023-02-24T23:36:38Z",
        str(V / "vc-di-eddsa" / "unsigned.json"),
    )
    expected = json.loads(
        (V / "vc-di-eddsa" / "eddsa-rdfc-2022" / "signedDataInt.json").read_text()
    )
    assert code == 0 and json.loads(out) == expected


def test_presentation_sign_and_verify(tmp_path, capsys, issuer):
    key, did = issuer
    _, signed_vc, _ = _sign_at_fixed_time(capsys, key, _credential(tmp_path, did))
    vp = {
        "@context": [V2],
        "type": ["VerifiablePresentation"],
        "holder": did,
        "verifiableCredential": [json.loads(signed_vc)],
    }
    (tmp_path / "vp.json").write_text(json.dumps(vp))
    code, out, _ = _run(
        capsys,
        "sign",
        "--key",
        str(key),
        "--challenge",
        "c1",
        "--domain",
        "d1",
        "--created",
        "2025-06-01T00:00:00Z",
        str(tmp_path / "vp.json"),
    )
    assert code == 0 and json.loads(out)["proof"]["proofPurpose"] == "authentication"
    (tmp_path / "svp.json").write_text(out)
    base = ["verify", "--trust-issuer", did, "--now", NOW, "--domain", "d1"]
    assert _run(capsys, *base, "--challenge", "c1", str(tmp_path / "svp.json"))[0] == 0
    assert _run(capsys, *base, "--challenge", "c2", str(tmp_path / "svp.json"))[0] == 1
    assert _run(capsys, *base, str(tmp_path / "svp.json"))[0] == 2


@pytest.mark.parametrize(
    "args",
    [
        ["verify"],
        ["verify", "--now", "yesterday", "x.json"],
        ["verify", "/nonexistent/file.json"],
        ["sign", "--key", "/nonexistent/key.json", "x.json"],
        ["keys", "generate", "--type", "rsa", "--out", "k.json"],
    ],
)
def test_usage_errors_exit_2(capsys, args):
    try:
        code = main(args)
    except SystemExit as exc:  # argparse
        code = exc.code
    assert code == 2


def test_sign_refuses_bad_document(tmp_path, capsys, issuer):
    key, did = issuer
    doc = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": did,
        "credentialSubject": {"undefinedTerm": 1},
    }
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    code, out, err = _run(capsys, "sign", "--key", str(key), str(tmp_path / "bad.json"))
    assert code == 1 and out == "" and "context.undefined_term" in err


def test_verify_reads_stdin(tmp_path, capsys, monkeypatch, issuer):
    import io
    import sys

    key, did = issuer
    _, signed, _ = _run(capsys, "sign", "--key", str(key), str(_credential(tmp_path, did)))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(signed.encode())))
    assert _run(capsys, "verify", "--trust-issuer", did, "-")[0] == 0
