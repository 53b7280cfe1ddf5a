"""The W3C Data Integrity test vectors, stage by stage (tests/vectors/w3c, see SOURCE.md)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vc_led import DidResolver, load_key_file
from vc_led._multibase import multibase_decode
from vc_led.jsonld import Canonicalizer
from vc_led.proofs import add_proof, verify_proofs
from vc_led.proofs.core import ProofExpectations
from vc_led.results import CheckStatus

V = Path(__file__).resolve().parent.parent / "vectors" / "w3c"
EDDSA = V / "vc-di-eddsa"
ECDSA = V / "vc-di-ecdsa"
SUITES = frozenset({"eddsa-rdfc-2022", "ecdsa-rdfc-2019"})
CREATED = datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)

# (folder, file suffix, hash function)
STAGES = [
    (EDDSA / "eddsa-rdfc-2022", "DataInt", hashlib.sha256, EDDSA),
    (ECDSA / "ecdsa-rdfc-2019-p256", "ECDSAP256", hashlib.sha256, ECDSA),
    (ECDSA / "ecdsa-rdfc-2019-p384", "ECDSAP384", hashlib.sha384, ECDSA),
]
IDS = ["eddsa-rdfc-2022", "ecdsa-p256", "ecdsa-p384"]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _json(path: Path) -> dict:
    return json.loads(_text(path))


@pytest.fixture(scope="module")
def canon() -> Canonicalizer:
    return Canonicalizer()


def _expect(purpose: str = "assertionMethod") -> ProofExpectations:
    return ProofExpectations(
        purpose=purpose, now=datetime(2026, 1, 1, tzinfo=UTC), allowed_suites=SUITES
    )


@pytest.mark.parametrize(("folder", "suffix", "digest", "root"), STAGES, ids=IDS)
def test_canonical_document(canon, folder, suffix, digest, root):
    unsigned = _json(root / "unsigned.json")
    assert canon.canonicalize(unsigned).nquads == _text(folder / f"canonDoc{suffix}.txt")


@pytest.mark.parametrize(("folder", "suffix", "digest", "root"), STAGES, ids=IDS)
def test_canonical_proof_config(canon, folder, suffix, digest, root):
    config = _json(folder / f"proofConfig{suffix}.json")
    assert canon.canonicalize(config).nquads == _text(folder / f"proofCanon{suffix}.txt")


@pytest.mark.parametrize(("folder", "suffix", "digest", "root"), STAGES, ids=IDS)
def test_hashes(folder, suffix, digest, root):
    doc_hash = digest(_text(folder / f"canonDoc{suffix}.txt").encode()).hexdigest()
    proof_hash = digest(_text(folder / f"proofCanon{suffix}.txt").encode()).hexdigest()
    assert doc_hash == _text(folder / f"docHash{suffix}.txt").strip()
    assert proof_hash == _text(folder / f"proofHash{suffix}.txt").strip()
    assert proof_hash + doc_hash == _text(folder / f"combinedHash{suffix}.txt").strip()


@pytest.mark.parametrize(("folder", "suffix", "digest", "root"), STAGES, ids=IDS)
def test_signature_encoding(folder, suffix, digest, root):
    sig_hex = _text(folder / f"sigHex{suffix}.txt").strip()
    sig_b58 = _text(folder / f"sigBTC58{suffix}.txt").strip()
    assert multibase_decode(sig_b58).hex() == sig_hex
    assert _json(folder / f"signed{suffix}.json")["proof"]["proofValue"] == sig_b58


def test_eddsa_signature_reproduced_byte_for_byte(canon):
    key = load_key_file(EDDSA / "keyPair.json")
    signed = add_proof(
        _json(EDDSA / "unsigned.json"), key=key, created=CREATED, canonicalizer=canon
    )
    assert signed == _json(EDDSA / "eddsa-rdfc-2022" / "signedDataInt.json")


@pytest.mark.parametrize(("folder", "suffix", "digest", "root"), STAGES, ids=IDS)
def test_signed_vector_verifies(canon, folder, suffix, digest, root):
    signed = _json(folder / f"signed{suffix}.json")
    outcomes = verify_proofs(signed, resolver=DidResolver(), expect=_expect(), canonicalizer=canon)
    assert [o.status for o in outcomes] == [CheckStatus.PASSED]


@pytest.mark.parametrize(("folder", "suffix", "digest", "root"), STAGES, ids=IDS)
def test_tampered_vector_fails(canon, folder, suffix, digest, root):
    signed = _json(folder / f"signed{suffix}.json")
    signed["credentialSubject"]["alumniOf"] = "The School of Forgery"
    outcomes = verify_proofs(signed, resolver=DidResolver(), expect=_expect(), canonicalizer=canon)
    assert [o.code.value for o in outcomes] == ["proof.signature_invalid"]


@pytest.mark.parametrize("key_file", ["p256KeyPair.json", "p384KeyPair.json"])
def test_our_ecdsa_proofs_verify(canon, key_file):
    key = load_key_file(ECDSA / key_file)
    signed = add_proof(
        _json(ECDSA / "unsigned.json"),
        key=key,
        cryptosuite="ecdsa-rdfc-2019",
        created=CREATED,
        canonicalizer=canon,
    )
    length = {"p256KeyPair.json": 64, "p384KeyPair.json": 96}[key_file]
    assert len(multibase_decode(signed["proof"]["proofValue"])) == length
    outcomes = verify_proofs(signed, resolver=DidResolver(), expect=_expect(), canonicalizer=canon)
    assert [o.status for o in outcomes] == [CheckStatus.PASSED]


@pytest.mark.parametrize(
    "name",
    [
        "signedProofSet1.json",
        "signedProofSet2.json",
        "signedProofChain1.json",
        "signedProofChain2.json",
    ],
)
def test_proof_sets_and_chains_verify(canon, name):
    signed = _json(EDDSA / "proof-set-chain" / name)
    outcomes = verify_proofs(signed, resolver=DidResolver(), expect=_expect(), canonicalizer=canon)
    assert outcomes and all(o.status is CheckStatus.PASSED for o in outcomes)


def test_proof_chain_reproduced_byte_for_byte(canon):
    folder = EDDSA / "proof-set-chain"
    keys = _json(folder / "multiKeyPairs.json")
    signed = _json(folder / "signedProofChain2.json")
    proofs = signed["proof"]
    doc = _json(folder / "unsigned.json")
    for proof, pair in zip(proofs, ["keyPair1", "keyPair2", "keyPair3", "keyPair4"], strict=True):
        key = load_key_file_from(keys[pair])
        doc = add_proof(
            doc,
            key=key,
            canonicalizer=canon,
            proof_id=proof.get("id"),
            previous_proof=proof.get("previousProof"),
            created=datetime.fromisoformat(proof["created"].replace("Z", "+00:00")),
        )
    assert doc == signed


def test_chain_with_missing_previous_proof_fails(canon):
    signed = _json(EDDSA / "proof-set-chain" / "signedProofChain2.json")
    del signed["proof"][0]
    outcomes = verify_proofs(signed, resolver=DidResolver(), expect=_expect(), canonicalizer=canon)
    assert "proof.previous_proof_missing" in [o.code.value for o in outcomes if o.code]


def load_key_file_from(data: dict):
    from vc_led import KeyPair

    return KeyPair.from_multibase(
        public=data["publicKeyMultibase"], secret=data["privateKeyMultibase"]
    )


@pytest.mark.parametrize("key_file", ["p256KeyPair.json", "p384KeyPair.json"])
def test_ecdsa_is_deterministic_rfc6979(canon, key_file):
    key = load_key_file(ECDSA / key_file)
    first, second = (
        add_proof(
            _json(ECDSA / "unsigned.json"),
            key=key,
            cryptosuite="ecdsa-rdfc-2019",
            created=CREATED,
            canonicalizer=canon,
        )
        for _ in range(2)
    )
    assert first == second
