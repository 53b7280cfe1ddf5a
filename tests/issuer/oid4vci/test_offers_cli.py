"""``vc-led offer create|revoke`` in process, both backends: one offer per citizen with its
URI, QR code and (separate) PIN; the offer works once with its PIN; revocation by batch."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from issuer_helpers import generated
from oid4vci_support import refused
from oid4vci_wallet import PRE_AUTH
from sqlalchemy import Engine
from sqlmodel import select

from vc_led.cli import main
from vc_led_issuer.context import open_registry
from vc_led_issuer.oid4vci.models import Oid4vciOffer
from vc_led_issuer.settings import load_settings


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_offer_create_and_revoke(
    cli_env: Path, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    from urllib.parse import parse_qs, urlsplit

    from vc_led_issuer.api.main import create_app

    assert run(capsys, "registry", "init")[0] == 0
    data = generated(tmp_path, persons=3)
    assert run(capsys, "import", "--demo-names", "--quiet", str(data))[0] == 0
    out = tmp_path / "letters"
    code, batch, err = run(capsys, "offer", "create", "--out", str(out), "--valid-days", "14")
    assert code == 0, err
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(r["given_name"] and r["family_name"] for r in rows)
    first = rows[0]["offer_id"]
    uri = (out / "offers" / f"{first}.txt").read_text().strip()
    assert uri.startswith("openid-credential-offer://?credential_offer=")
    assert (out / "offers" / f"{first}.png").read_bytes().startswith(b"\x89PNG")
    pin = (out / "pins" / f"{first}.txt").read_text().strip()
    assert len(pin) == 6 and pin.isdigit() and pin not in uri
    assert (out / "pins" / f"{first}.txt").stat().st_mode & 0o077 == 0
    offer = json.loads(parse_qs(urlsplit(uri).query)["credential_offer"][0])
    code_value = offer["grants"][PRE_AUTH]["pre-authorized_code"]
    registry = open_registry(load_settings(), engine=engine, upgrade=False)
    with registry.read() as session:
        stored = session.exec(select(Oid4vciOffer)).all()
    assert len(stored) == len(rows) and all(o.origin == "bulk" for o in stored)
    assert all(code_value not in (o.code_hash, o.tx_code_hash) for o in stored)
    client = TestClient(create_app(registry, admin_token="t" * 40), raise_server_exceptions=False)
    form = {"grant_type": PRE_AUTH, "pre-authorized_code": code_value, "tx_code": pin}
    assert client.post("/oid4vci/token", data=form).status_code == 200
    code, _, err = run(capsys, "offer", "revoke", "--batch", batch.strip())
    assert code == 0 and f"{len(rows) - 1} offer(s) revoked" in err
    second = json.loads(
        parse_qs(urlsplit((out / "offers" / f"{rows[1]['offer_id']}.txt").read_text()).query)[
            "credential_offer"
        ][0]
    )
    pin2 = (out / "pins" / f"{rows[1]['offer_id']}.txt").read_text().strip()
    form2 = {"grant_type": PRE_AUTH, "tx_code": pin2}
    form2["pre-authorized_code"] = second["grants"][PRE_AUTH]["pre-authorized_code"]
    refused(client.post("/oid4vci/token", data=form2), "invalid_grant", "oid4vci.code_invalid")
    assert run(capsys, "offer", "revoke")[0] == 2
    assert run(capsys, "offer", "create", "--out", str(out), "--where", "colour=red")[0] == 2
    registry.engine.dispose()
