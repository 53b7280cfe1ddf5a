"""The registry commands end to end, in process (both backends), and ``vc-led serve`` in a
subprocess on a free loopback port (SQLite, its default)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from email.message import Message
from pathlib import Path

import pytest
from issuer_helpers import generated
from sqlalchemy import Engine, text

from vc_led.cli import main

ROOT = Path(__file__).resolve().parents[2]
VC_LED = [sys.executable, "-m", "vc_led.cli"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_commands(
    cli_env: Path, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "registry", "init")[0] == 0
    data = generated(tmp_path, persons=3)
    code, _, err = run(capsys, "import", "--demo-names", "--quiet", str(data))
    assert code == 0 and "0 failed" in err
    bad = tmp_path / "01612345678.jsonl"  # shaped like an INSZ: masked in messages
    bad.write_text(data.read_text().splitlines()[0] + "\n{oops\n")
    code, _, err = run(capsys, "import", "--quiet", str(bad))
    assert code == 1 and "<INSZ>.jsonl, record 2, line 2: line.not_json" in err
    assert "01612345678" not in err
    assert run(capsys, "import", "--quiet", str(tmp_path / "missing.jsonl"))[0] == 2
    names = tmp_path / "names.csv"
    names.write_text("insz,given_name,family_name,birth_date\n12345678901,A,B,\n")
    code, _, err = run(capsys, "holders", "import", str(names))
    assert code == 1 and "line 2: holder.insz_invalid" in err and "12345678901" not in err
    names.write_text("name\n")
    assert run(capsys, "holders", "import", str(names))[0] == 2
    code, _, err = run(capsys, "issue-bulk", "--workers", "0", "--quiet")
    assert code == 0 and "0 failed" in err
    assert run(capsys, "issue-bulk", "--where", "colour=red")[0] == 2
    code, _, err = run(capsys, "export", "--out", str(tmp_path / "out"), "--quiet")
    files = sorted((tmp_path / "out").iterdir())
    assert code == 0 and files and f"{len(files)} written" in err
    documents = [json.loads(f.read_text()) for f in files]
    cid = next(d["id"] for d in documents if len(d.get("credentialStatus", [])) == 2)
    code, out, _ = run(capsys, "suspend", cid, "--reason", "inquiry")
    assert code == 0 and json.loads(out)["status"] == {"revocation": False, "suspension": True}
    assert run(capsys, "unsuspend", cid, "--reason", "cleared")[0] == 0
    code, out, _ = run(capsys, "revoke", cid, "--reason", "fraud")
    assert json.loads(out)["status"]["revocation"] is True
    assert run(capsys, "revoke", "urn:uuid:unknown", "--reason", "x")[0] == 2
    assert run(capsys, "revoke", cid, "--reason", " ")[0] == 2
    _registry_commands(capsys)
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and out.startswith("audit log intact")
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET reason = 'nothing' WHERE seq = 3"))
    code, _, err = run(capsys, "audit", "verify")
    assert code == 1 and "entry 3 (position 3): audit.entry_altered" in err


def _registry_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "registry", "list")
    assert code == 0 and "Hoger onderwijs [Leverancier, active]" in out
    add = ["registry", "add", "--name", "Vlaamse Trainersschool", "--scope", "Trainersdiploma's"]
    add += ["--category", "Trainersopleidingen", "--from", "2024-01-01"]
    assert run(capsys, *add)[0] == 0
    assert run(capsys, *add)[0] == 2  # exists
    clash = ["registry", "add", "--name", "Other", "--alias", "Hoger onderwijs"]
    assert run(capsys, *clash)[0] == 2  # an alias may not name another issuer
    suspend = ["registry", "suspend-issuer", "Vlaamse Trainersschool", "--reason", "audit"]
    assert run(capsys, *suspend)[0] == 0
    code, out, _ = run(capsys, "registry", "list", "--json")
    issuers = {i["name"]: i for i in json.loads(out)["accreditedIssuer"]}
    assert issuers["Vlaamse Trainersschool"]["issuerStatus"] == "suspended"
    assert "Other" not in issuers
    code, new_key, err = run(capsys, "keys", "rotate", "--reason", "yearly")
    assert code == 0 and new_key.startswith("did:web:registry.example#") and "retired" in err
    code, out, _ = run(capsys, "registry", "list")
    assert "(current)" in out and "retired 20" in out


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[Message, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.headers, response.read()


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_serve_in_a_subprocess(tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("VCLED_") and k != "DATABASE_URL"
    }
    env |= {"VCLED_DATA_DIR": str(tmp_path / "data"), "VCLED_PUBLIC_URL": base}
    command = [*VC_LED, "serve", "--port", str(port), "--demo-persons", "3", "--quiet"]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        health = _wait(f"{base}/health", server)
        assert health["status"] == "ok" and health["registry"] == f"did:web:127.0.0.1%3A{port}"
        _, did = _get(f"{base}/.well-known/did.json")
        assert json.loads(did)["id"] == health["registry"]
        headers, status_list = _get(f"{base}/status/1")
        assert json.loads(status_list)["id"] == f"{base}/status/1"
        assert headers["Cache-Control"] == "public, max-age=300"
        _, trust = _get(f"{base}/trust/issuers")
        assert json.loads(trust)["type"] == ["VerifiableCredential", "LedTrustListCredential"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "DEMO MODE" in output and "admin API token (shown once" in output
    assert (tmp_path / "data" / "DEMO").is_file()


def _wait(url: str, server: subprocess.Popen[bytes]) -> dict[str, str]:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, "vc-led serve exited"
        try:
            return json.loads(_get(url)[1])  # type: ignore[no-any-return]
        except OSError:
            time.sleep(0.3)
    raise AssertionError("vc-led serve did not answer in time")


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("id>=99999999999999999999999", "whole number from 0 to"),
        ("id>=²", "whole number from 0 to"),
        ("id<=\uff11\uff12", "whole number from 0 to"),  # full-width digits
        ("updated>=\uff12\uff10\uff12\uff16-01-01", "YYYY-MM-DD"),
        ("updated<9999-12-31T23:59:59-23:59", "YYYY-MM-DD"),
    ],
)
def test_a_bad_where_is_a_usage_error(
    where: str,
    says: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("VCLED_DATA_DIR", str(tmp_path / "data"))
    code, _, err = run(capsys, "issue-bulk", "--where", where)
    assert code == 2 and says in err and "Traceback" not in err and "invalid literal" not in err


def test_an_unsupported_database_url_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VCLED_MODE", "demo")
    monkeypatch.setenv("VCLED_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_URL", "mysql://user:secret@db.example/registry")
    code, _, err = run(capsys, "registry", "init")
    assert code == 2 and "DATABASE_URL must be" in err and "secret" not in err


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_demo_public_url_follows_the_port_and_is_remembered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _free_port()
    data = tmp_path / "data"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("VCLED_") and k != "DATABASE_URL"
    }
    env |= {"VCLED_DATA_DIR": str(data)}
    command = [*VC_LED, "serve", "--port", str(port), "--demo-persons", "2", "--quiet"]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    public = f"http://localhost:{port}"
    try:
        health = _wait(f"http://127.0.0.1:{port}/health", server)
        assert health["registry"] == f"did:web:localhost%3A{port}"
        _, status_list = _get(f"http://127.0.0.1:{port}/status/1")
        assert json.loads(status_list)["id"] == f"{public}/status/1"
        _, trust = _get(f"http://127.0.0.1:{port}/trust/issuers")
        assert json.loads(trust)["id"] == f"{public}/trust/issuers"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        log.close()
    assert (data / "demo" / "public-url").read_text().strip() == public
    for name in ("VCLED_PUBLIC_URL", "VCLED_MODE", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VCLED_DATA_DIR", str(data))
    other = str(port + 1 if port < 65535 else port - 1)
    code, _, err = run(capsys, "serve", "--port", other, "--quiet")  # refused before serving
    assert code == 2 and f"was made for {public}" in err and "--data-dir NEW_DIR" in err
    code, _, err = run(capsys, "registry", "init")  # idempotent; names the registry's DID
    assert code == 0 and f"registry did:web:localhost%3A{port}:" in err  # the remembered URL


def test_audit_verify_uses_the_configured_audit_key(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "registry", "init")[0] == 0  # plain entries
    monkeypatch.setenv("VCLED_AUDIT_KEY", "a" * 32)
    assert run(capsys, "registry", "init")[0] == 0  # appends audit.keyed
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and "keyed since entry" in out
    monkeypatch.delenv("VCLED_AUDIT_KEY")
    code, _, err = run(capsys, "audit", "verify")
    assert code == 1 and "audit.entry_altered" in err and "give the audit key" in err
