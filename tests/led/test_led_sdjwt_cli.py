"""``vc-led issue --format dc+sd-jwt``: .sd-jwt files bound to the holder key, and the CLI
round trip issue -> present -> verify with the LED report."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from issue_support import ROOT
from led_support import LED_NOW, SAMPLES

from vc_led import VerificationPolicy, Verifier
from vc_led.cli import main
from vc_led.jose import jwk_of_public
from vc_led.keys import KeyPair, KeyType, load_key_file
from vc_led.led import load_geef_bewijs
from vc_led.sdjwt import decode_sd_jwt
from vc_led.x509 import issue_leaf, make_root_ca, pem_of

KEYS = ROOT / "tests" / "cases" / "_keys"
ISSUER_FILE, WALLET_FILE = KEYS / "p256.json", KEYS / "ed25519-other.json"
NAME = re.compile(
    r"\d{4}-(qualification|competence|equivalence|self-declared)-[0-9a-f-]{36}\.sd-jwt"
)
ONE_HOLDER = SAMPLES / "90722501082.xml"
HOLDER_ARGS = ["--given-name", "An", "--family-name", "Peeters", "--birth-date", "1990-05-01"]
WHEN = ["--now", "2026-01-01T00:00:00Z"]


def _disclosures(path: Path) -> list[list[object]]:
    return decode_sd_jwt(path.read_text(encoding="utf-8"))[2]


def _issue(out: Path, *extra: str) -> int:
    args = ["issue", "--format", "dc+sd-jwt", "--key", str(ISSUER_FILE), "--magda"]
    return main([*args, str(ONE_HOLDER), *HOLDER_ARGS, "--out", str(out), *WHEN, *extra])


def test_issue_writes_bound_sd_jwt_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _issue(tmp_path, "--holder-key", str(WALLET_FILE)) == 0
    out, err = capsys.readouterr()
    files = sorted(tmp_path.iterdir())
    parsed = load_geef_bewijs(ONE_HOLDER, now=LED_NOW)
    assert len(files) == len(parsed.records) == len(out.split())
    issuer = load_key_file(ISSUER_FILE)
    wallet = load_key_file(WALLET_FILE)
    check = Verifier(
        VerificationPolicy(trusted_issuers=frozenset({issuer.controller})),
        issuer_keys={issuer.controller: [issuer.public]},
    )
    wallet_jwk = jwk_of_public(wallet.public).export_public(as_dict=True)
    for path in files:
        assert NAME.fullmatch(path.name), path.name
        text = path.read_text(encoding="utf-8")
        header, payload, _ = decode_sd_jwt(text)
        assert header["alg"] == "ES256" and payload["cnf"]["jwk"] == wallet_jwk
        assert check.verify(text, now=LED_NOW).verified
    everything = " ".join(p.read_text() for p in files) + out + err
    for entry in parsed.records:
        assert entry.holder.insz not in everything
        assert entry.record.led_reference not in everything


def test_holder_key_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["issue", "--key", str(ISSUER_FILE), "--magda", str(ONE_HOLDER), *HOLDER_ARGS]
    code = main([*args, "--out", str(tmp_path), "--holder-key", str(WALLET_FILE)])
    assert code == 2 and "--format dc+sd-jwt" in capsys.readouterr().err
    assert _issue(tmp_path / "bad", "--holder-key", str(tmp_path / "missing.json")) == 2
    did = load_key_file(WALLET_FILE).controller  # a did:key holder DID binds its key
    assert _issue(tmp_path / "did", "--holder-did", did) == 0
    first = sorted((tmp_path / "did").iterdir())[0].read_text()
    assert decode_sd_jwt(first)[1]["cnf"]["jwk"]["crv"] == "Ed25519"


def test_cli_round_trip_issue_present_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _issue(tmp_path / "out", "--holder-key", str(WALLET_FILE)) == 0
    capsys.readouterr()
    credential = next(
        p
        for p in sorted((tmp_path / "out").iterdir())
        if "-qualification-" in p.name and "title" in [d[1] for d in _disclosures(p) if len(d) == 3]
    )
    present = ["present", "--disclose", "qualification.title", "--disclose", "given_name"]
    present += ["--disclose", "family_name", "--holder-key", str(WALLET_FILE)]
    assert main([*present, "--aud", "A", "--nonce", "N", *WHEN, str(credential)]) == 0
    shown = tmp_path / "shown.sd-jwt"
    shown.write_text(capsys.readouterr().out.strip())
    issuer = load_key_file(ISSUER_FILE)
    jwk_file = tmp_path / "issuer.jwk"
    jwk_file.write_text(json.dumps(jwk_of_public(issuer.public).export_public(as_dict=True)))
    verify = ["verify", "--trust-issuer", issuer.controller]
    verify += ["--issuer-key", f"{issuer.controller}={jwk_file}", "--aud", "A", "--nonce", "N"]
    code = main([*verify, *WHEN, str(shown)])
    report = capsys.readouterr().out
    assert code == 0, report
    assert "An Peeters" in report and "not disclosed by the holder" in report
    assert "1990-05-01" not in report


def test_issue_with_an_x5c_chain_verifies_against_its_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """HAIP: the issuer's chain in x5c, iss a SAN URI of the leaf, the root as the anchor."""
    iss, issuer = "https://led.example.be", load_key_file(ISSUER_FILE)
    root_key = KeyPair.generate(KeyType.P256)
    start, end = LED_NOW - timedelta(days=30), LED_NOW + timedelta(days=3650)
    root = make_root_ca(name="LED test root", key=root_key, not_before=start, not_after=end)
    leaf = issue_leaf(
        ca=root, ca_key=root_key, subject_key=issuer.public, name="LED registry",
        not_before=start, not_after=end, uri=iss,
    )  # fmt: skip
    (tmp_path / "chain.pem").write_bytes(pem_of([leaf, root]))
    (tmp_path / "root.pem").write_bytes(pem_of([root]))
    args = ["--issuer", iss, "--x5c", str(tmp_path / "chain.pem")]
    assert _issue(tmp_path / "out", *args) == 0
    capsys.readouterr()
    first = sorted((tmp_path / "out").iterdir())[0]
    assert len(decode_sd_jwt(first.read_text())[0]["x5c"]) == 1  # the root is left out
    verify = ["verify", "--trust-issuer", iss, "--x5c-anchor", str(tmp_path / "root.pem")]
    code = main([*verify, *WHEN, str(first)])
    assert code == 0, capsys.readouterr().out
    bad = ["issue", "--key", str(ISSUER_FILE), "--magda", str(ONE_HOLDER), *HOLDER_ARGS]
    assert main([*bad, "--out", str(tmp_path / "w3c"), "--x5c", str(tmp_path / "chain.pem")]) == 2
