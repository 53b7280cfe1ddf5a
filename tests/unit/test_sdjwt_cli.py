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


def test_verify_with_x5c_anchor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vc_led.x509 import issue_leaf, make_root_ca, pem_of, x5c_of

    root_key, key = KeyPair.generate(KeyType.P256), KeyPair.generate(KeyType.P256)
    day = timedelta(days=1)
    root = make_root_ca(name="root", key=root_key, not_before=NOW - day, not_after=NOW + 9 * day)
    leaf = issue_leaf(
        ca=root,
        ca_key=root_key,
        subject_key=key.public,
        name="LED",
        not_before=NOW - day,
        not_after=NOW + 9 * day,
        uri=ISS,
    )
    (tmp_path / "root.pem").write_bytes(pem_of([root]))
    sd = issue_sd_jwt_vc(
        vct="https://led.example.be/vct/q",
        claims={"a": 1},
        disclosable=[("a",)],
        issuer=ISS,
        key=key,
        issued_at=NOW - day,
        x5c=x5c_of([leaf]),
    )
    (tmp_path / "cred.sdjwt").write_text(sd)
    args = ["verify", "--json", "--trust-issuer", ISS, str(tmp_path / "cred.sdjwt")]
    assert main([*args[:-1], "--x5c-anchor", str(tmp_path / "root.pem"), args[-1]]) == 0
    capsys.readouterr()
    assert main(args) == 2  # no anchors: issuer.certificate_chain_not_checked
    codes = [c["code"] for c in json.loads(capsys.readouterr().out)["checks"]]
    assert "issuer.certificate_chain_not_checked" in codes
