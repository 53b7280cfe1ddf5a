"""Safe-mode canonicalization: exact against plain pyld, strict about undefined terms, bounded."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from pyld import jsonld

from vc_led import ContextError, LimitExceededError, Limits
from vc_led.jsonld import Canonicalizer, StrictDocumentLoader

ROOT = Path(__file__).resolve().parent.parent.parent
V = ROOT / "tests" / "vectors" / "w3c"
V2 = "https://www.w3.org/ns/credentials/v2"
FIXTURES = sorted(
    [p for p in V.rglob("*.json") if "eyPair" not in p.name and "Config" not in p.name]
    + list((ROOT / "benchmarks" / "data").glob("*.json"))
    + list((ROOT / "examples").glob("*.json"))
)


def _reference(doc: dict) -> str:
    """Plain pyld, no memo: the reference any faster path must equal byte for byte."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": StrictDocumentLoader(),
    }
    return jsonld.normalize(copy.deepcopy(doc), options)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_memoized_canonicalization_equals_plain_pyld(path):
    doc = json.loads(path.read_text().replace("ISSUER_DID", "did:example:issuer"))
    canon = Canonicalizer()
    first = canon.canonicalize(doc).nquads
    second = canon.canonicalize(doc).nquads  # memo hits now
    assert first == second == _reference(doc)


def test_memo_does_not_leak_between_different_contexts():
    canon = Canonicalizer()
    a = {
        "@context": [V2, "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:1",
        "credentialSubject": {"alumniOf": "x"},
    }
    b = copy.deepcopy(a)
    b["@context"] = [V2, {"alumniOf": "https://schema.org/alumniOf"}]
    assert canon.canonicalize(a).nquads == _reference(a)
    assert canon.canonicalize(b).nquads == _reference(b)
    assert canon.canonicalize(a).nquads != canon.canonicalize(b).nquads


def _vc(**extra) -> dict:
    return {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:1",
        "credentialSubject": {"id": "did:example:2"},
        **extra,
    }


@pytest.mark.parametrize(
    ("doc", "code"),
    [
        (_vc(undefinedTerm="x"), "context.undefined_term"),
        (
            {**_vc(), "credentialSubject": {"id": "did:example:2", "degree": "BSc"}},
            "context.undefined_term",
        ),
        ({**_vc(), "type": ["VerifiableCredential", "UndefinedType"]}, "context.undefined_type"),
        ({**_vc(), "id": "not-absolute"}, "context.relative_iri"),
        (
            {**_vc(), "@context": [V2, "https://example.com/unknown"]},
            "context.not_available_offline",
        ),
        (
            {**_vc(), "@context": [V2, {"VerifiableCredential": "https://evil.example/VC"}]},
            "context.protected_term_redefinition",
        ),
        (
            {**_vc(), "@context": [V2, "https://www.w3.org/2018/credentials/v1"]},
            "context.mixed_versions",
        ),
    ],
    ids=["property", "nested-property", "type", "relative-id", "remote", "protected", "mixed"],
)
def test_safe_mode_errors(doc, code):
    with pytest.raises(ContextError) as exc:
        Canonicalizer().canonicalize(doc)
    assert exc.value.code == code


def test_blank_node_limit():
    doc = {
        "@context": [V2, "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:1",
        "credentialSubject": {"items": [{"n": str(i)} for i in range(60)]},
    }
    canon = Canonicalizer(limits=Limits(max_blank_nodes=50))
    with pytest.raises(LimitExceededError) as exc:
        canon.canonicalize(doc)
    assert exc.value.code == "context.too_many_blank_nodes"
    assert Canonicalizer().canonicalize(doc).blank_nodes == 62


def test_poisoned_dataset_bounded():
    """A clique of indistinguishable blank nodes makes RDFC-1.0 exponential: it must stop."""
    n = 12
    nodes = [
        {
            "@id": f"_:b{i}",
            "https://example.org/p": [{"@id": f"_:b{j}"} for j in range(n) if j != i],
        }
        for i in range(n)
    ]
    with pytest.raises(LimitExceededError) as exc:
        Canonicalizer().canonicalize_expanded(nodes)
    assert exc.value.code == "context.too_many_blank_nodes"


def test_registry_documents_not_mutated_by_processing():
    from vc_led.jsonld import default_registry

    before = json.dumps(default_registry().get(V2), sort_keys=True)
    Canonicalizer().canonicalize(json.loads((V / "vc-di-eddsa" / "unsigned.json").read_text()))
    assert json.dumps(default_registry().get(V2), sort_keys=True) == before


def test_rdfc_hash_function_is_selectable():
    """P-384 proofs canonicalize with SHA-384 (DI-ECDSA §3.2.3): labels may differ."""
    doc = {
        "@context": [V2, "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:1",
        "credentialSubject": {"a": {"n": "1"}, "b": {"n": "2"}},
    }
    canon = Canonicalizer()
    by256 = canon.canonicalize(doc).nquads
    by384 = canon.canonicalize(doc, hash_name="sha384").nquads
    assert sorted(
        by256.replace("c14n0", "X").replace("c14n1", "X").replace("c14n2", "X").splitlines()
    ) == sorted(
        by384.replace("c14n0", "X").replace("c14n1", "X").replace("c14n2", "X").splitlines()
    )
    with pytest.raises(ValueError):
        canon.canonicalize(doc, hash_name="md5")
