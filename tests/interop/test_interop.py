"""Interop with the digitalbazaar JavaScript stack (pinned in tests/interop/package.json).

Our credentials and presentations (both suites, VC 1.1 and 2.0) verify in digitalbazaar;
digitalbazaar's verify in ours; a tampered claim fails in both.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from vc_led import (
    KeyPair,
    KeyType,
    VerificationPolicy,
    Verifier,
    sign_credential,
    sign_presentation,
)

pytestmark = pytest.mark.interop

HERE = Path(__file__).resolve().parent
PEER = HERE / "peer.mjs"
NOW = "2026-01-01T00:00:00Z"
CREATED = datetime(2025, 6, 1, tzinfo=UTC)
SUITE = {
    KeyType.ED25519: "eddsa-rdfc-2022",
    KeyType.P256: "ecdsa-rdfc-2019",
    KeyType.P384: "ecdsa-rdfc-2019",
}
V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"


@pytest.fixture(scope="module", autouse=True)
def _node_ready() -> None:
    assert shutil.which("node"), "node is needed for the interop tests (scripts/setup installs it)"
    assert (HERE / "node_modules" / "@digitalbazaar" / "vc").is_dir(), (
        "run scripts/setup (npm ci --prefix tests/interop) first"
    )


def _peer(*args: str) -> dict[str, Any] | str:
    out = subprocess.run(["node", str(PEER), *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _write(tmp: Path, name: str, data: Any) -> str:
    path = tmp / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _credential(key: KeyPair, version: int) -> dict[str, Any]:
    base: dict[str, Any] = {
        "@context": [V2, EXAMPLES]
        if version == 2
        else [V1, "https://www.w3.org/2018/credentials/examples/v1"],
        "id": "urn:uuid:7d1f5a3c-2b4e-4c6d-8e9f-0a1b2c3d4e5f",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:holder", "alumniOf": "KU Leuven"},
    }
    if version == 2:
        base["validFrom"] = "2025-01-01T00:00:00Z"
    else:
        base["issuanceDate"] = "2025-01-01T00:00:00Z"
    return base


def _verifier(key: KeyPair) -> Verifier:
    return Verifier(VerificationPolicy(trusted_issuers={key.controller}))


CASES = [(kt, v) for kt in KeyType for v in (2, 1)]
IDS = [f"{kt.value}-vc{v}" for kt, v in CASES]


@pytest.fixture(scope="module")
def v1_examples_context(tmp_path_factory) -> str:
    """VC 1.1 example context: registered explicitly by both sides (not shipped)."""
    ctx = {
        "@context": {
            "@version": 1.1,
            "AlumniCredential": "https://example.org/examples#AlumniCredential",
            "alumniOf": "https://schema.org/alumniOf",
        }
    }
    path = tmp_path_factory.mktemp("ctx") / "examples-v1.json"
    path.write_text(json.dumps(ctx))
    return str(path)


def _extra(version: int, ctx_file: str) -> list[str]:
    return (
        ["--extra-context", f"https://www.w3.org/2018/credentials/examples/v1={ctx_file}"]
        if version == 1
        else []
    )


def _contexts(version: int, ctx_file: str):
    if version == 2:
        return None
    from vc_led.jsonld import default_registry

    reg = default_registry().copy()
    reg.register(
        "https://www.w3.org/2018/credentials/examples/v1", json.loads(Path(ctx_file).read_text())
    )
    return reg


@pytest.mark.parametrize(("key_type", "version"), CASES, ids=IDS)
def test_ours_verify_in_digitalbazaar(tmp_path, key_type, version, v1_examples_context):
    key = KeyPair.generate(key_type)
    signed = sign_credential(
        _credential(key, version),
        key=key,
        cryptosuite=SUITE[key_type],
        created=CREATED,
        contexts=_contexts(version, v1_examples_context),
    )
    extra = _extra(version, v1_examples_context)
    result = _peer("verify", "--now", NOW, *extra, _write(tmp_path, "vc.json", signed))
    assert result["verified"] is True, result
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "Forged University"
    result = _peer("verify", "--now", NOW, *extra, _write(tmp_path, "bad.json", tampered))
    assert result["verified"] is False and result["signature_verified"] is False


@pytest.mark.parametrize(("key_type", "version"), CASES, ids=IDS)
def test_digitalbazaar_verifies_in_ours(tmp_path, key_type, version, v1_examples_context):
    key = KeyPair.generate(key_type)
    key_file = tmp_path / "key.json"
    key.save(key_file)
    unsigned = _write(tmp_path, "vc.json", _credential(key, version))
    signed = _peer(
        "sign",
        "--key",
        str(key_file),
        "--suite",
        SUITE[key_type],
        *_extra(version, v1_examples_context),
        unsigned,
    )
    assert isinstance(signed, dict)
    verifier = Verifier(
        VerificationPolicy(trusted_issuers={key.controller}),
        contexts=_contexts(version, v1_examples_context),
    )
    result = verifier.verify_credential(signed)
    assert result.verified, result.to_dict()
    signed["credentialSubject"]["alumniOf"] = "Forged University"
    assert verifier.verify_credential(signed).codes == ("proof.signature_invalid",)


def _presentation(holder: KeyPair, credential: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": [V2],
        "type": ["VerifiablePresentation"],
        "holder": holder.controller,
        "verifiableCredential": [credential],
    }


@pytest.mark.parametrize("key_type", list(KeyType), ids=[k.value for k in KeyType])
def test_presentations_both_ways(tmp_path, key_type):
    issuer, holder = KeyPair.generate(), KeyPair.generate(key_type)
    about_holder = _credential(issuer, 2)
    about_holder["credentialSubject"]["id"] = holder.controller  # the presenter is the subject
    vc = sign_credential(about_holder, key=issuer, created=CREATED)
    ours = sign_presentation(
        _presentation(holder, vc),
        key=holder,
        challenge="c-123",
        domain="https://verifier.example",
        cryptosuite=SUITE[key_type],
    )
    args = ["--challenge", "c-123", "--domain", "https://verifier.example", "--now", NOW]
    assert _peer("verify", *args, _write(tmp_path, "vp.json", ours))["verified"] is True
    assert (
        _peer(
            "verify",
            "--challenge",
            "other",
            "--domain",
            "https://verifier.example",
            "--now",
            NOW,
            _write(tmp_path, "vp.json", ours),
        )["verified"]
        is False
    )
    key_file = tmp_path / "holder.json"
    holder.save(key_file)
    theirs = _peer(
        "sign",
        "--key",
        str(key_file),
        "--challenge",
        "c-456",
        "--domain",
        "https://verifier.example",
        _write(tmp_path, "vp-in.json", _presentation(holder, vc)),
    )
    verifier = _verifier(issuer)
    result = verifier.verify_presentation(
        theirs, challenge="c-456", domain="https://verifier.example"
    )
    assert result.verified, result.to_dict()
    assert verifier.verify_presentation(theirs, challenge="c-999").codes == (
        "proof.challenge_mismatch",
    )


def test_proof_set_from_two_keys_verifies_in_digitalbazaar(tmp_path):
    first, second = KeyPair.generate(), KeyPair.generate(KeyType.P256)
    doc = _credential(first, 2)
    signed = sign_credential(doc, key=first, created=CREATED)
    both = sign_credential(signed, key=second, cryptosuite="ecdsa-rdfc-2019", created=CREATED)
    assert len(both["proof"]) == 2
    assert _peer("verify", "--now", NOW, _write(tmp_path, "set.json", both))["verified"] is True
    assert _verifier(first).verify_credential(both).verified


def test_p384_canonicalizes_with_sha384(tmp_path):
    """Regression: DI-ECDSA expects RDFC-1.0 to hash with SHA-384 for P-384 keys. With
    SHA-256, blank-node labels differ for about half of all keys and digitalbazaar rejects
    the proof. A credential with blank nodes and several keys must verify every time."""
    for _ in range(6):
        key = KeyPair.generate(KeyType.P384)
        doc = _credential(key, 2)
        doc["credentialSubject"] = {"alumniOf": "KU Leuven", "degree": {"name": "MSc"}}
        signed = sign_credential(doc, key=key, cryptosuite="ecdsa-rdfc-2019", created=CREATED)
        result = _peer("verify", "--now", NOW, _write(tmp_path, "vc.json", signed))
        assert result["verified"] is True, result
