"""``vc-led present`` and ``vc-led verify`` on SD-JWT VCs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from vc_led.cli import main
from vc_led.jose import jwk_of_public
from vc_led.keys import KeyPair, KeyType
from vc_led.sdjwt import issue_sd_jwt_vc

ISS = "https://led.example.be"
NOW = datetime.now(UTC).replace(microsecond=0)


def _files(tmp: Path) -> tuple[Path, Path, Path]:
    issuer, holder = KeyPair.generate(KeyType.P256), KeyPair.generate(KeyType.P256)
    holder.save(tmp / "holder.json")
    (tmp / "issuer.jwk").write_text(
        json.dumps(jwk_of_public(issuer.public).export_public(as_dict=True))
    )
    sd = issue_sd_jwt_vc(
        vct="https://led.example.be/vct/q",
        claims={"birth_date": "2000-01-02", "qualification": {"title": "Bachelor"}},
        disclosable=[("birth_date",), ("qualification", "title")],
        issuer=ISS,
        key=issuer,
        issued_at=NOW - timedelta(days=1),
        holder_key=holder.public,
    )
    (tmp / "cred.sdjwt").write_text(sd + "\n")
    return tmp / "cred.sdjwt", tmp / "holder.json", tmp / "issuer.jwk"


def test_present_then_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cred, holder, issuer = _files(tmp_path)
    args = ["present", "--disclose", "qualification.title", "--holder-key", str(holder)]
    code = main([*args, "--aud", "A", "--nonce", "N", str(cred)])
    out = capsys.readouterr().out.strip()
    assert code == 0 and out.count("~") == 2
    (tmp_path / "shown.sdjwt").write_text(out)
    verify = ["verify", "--json", "--trust-issuer", ISS, "--issuer-key", f"{ISS}={issuer}"]
    code = main([*verify, "--aud", "A", "--nonce", "N", str(tmp_path / "shown.sdjwt")])
    result = json.loads(capsys.readouterr().out)
    assert code == 0, result
    code = main([*verify, "--aud", "A", "--nonce", "X", str(tmp_path / "shown.sdjwt")])
    result = json.loads(capsys.readouterr().out)
    assert code == 1
    assert "holder_binding.nonce_mismatch" in [c["code"] for c in result["checks"]]


def test_report_shows_only_disclosed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cred, _, issuer = _files(tmp_path)
    main(["present", "--disclose", "qualification.title", str(cred)])
    (tmp_path / "shown.sdjwt").write_text(capsys.readouterr().out)
    code = main(
        [
            "verify",
            "--trust-issuer",
            ISS,
            "--issuer-key",
            f"{ISS}={issuer}",
            str(tmp_path / "shown.sdjwt"),
        ]
    )
    report = capsys.readouterr().out
    assert code == 0, report
    assert "2000-01-02" not in report


def test_present_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cred, holder, _ = _files(tmp_path)
    assert main(["present", "--disclose", "nope", str(cred)]) == 2
    assert main(["present", "--holder-key", str(holder), str(cred)]) == 2
    assert "vc-led present" in capsys.readouterr().err
