"""Regression cases for engine bugs found by the case review (each fixed; each keeps its case).

- blank-node predicates carried an unsigned claim; lone surrogates, odd contexts and
  dates at the edge of the datetime range raised instead of returning a result;
  base58 decoding of huge values was quadratic (denial of service).
- ``context-language-null``: ``{"@language": null}`` is valid JSON-LD, but pyld 3.3 raises
  on it (a ``KeyError`` in its context processing). vc-led fails closed with
  ``context.invalid`` rather than guessing; the case pins that behaviour.
"""

from __future__ import annotations

import json

from _build import (
    ED,
    EXAMPLES,
    V2,
    Case,
    case,
    credential,
    failed_at,
    hazmat_sign,
    passing,
    sign,
    sign_with_config,
    with_proof,
)


def _signed_with_context(extra: object) -> dict:
    doc = sign(credential())
    doc["@context"] = [V2, EXAMPLES, extra]
    return doc


# ---------------------------------------------------------------- claims outside the signature


@case
def blank_node_predicate() -> Case:
    doc = _signed_with_context({"grade": "_:grade"})
    doc["credentialSubject"]["grade"] = "A+"
    return failed_at(
        "blank-node-predicate",
        "a claim added after signing under a term mapped to a blank node: RDF drops it, "
        "so the signature still matches while JSON readers see the claim",
        doc,
        "context.undefined_term",
    )


# ---------------------------------------------------------------- exceptions escaping verify


@case
def lone_surrogate() -> Case:
    raw = json.dumps(sign(credential()), indent=2).encode()
    raw = raw.replace(b"Bachelor", b"\\ud800Bachelor", 1)
    return failed_at(
        "lone-surrogate",
        "a string with an unpaired UTF-16 surrogate escape (not Unicode text, I-JSON)",
        raw,
        "structure.malformed_json",
    )


@case
def relative_context_url() -> Case:
    return failed_at(
        "relative-context-url",
        "a relative context reference with no base URL (JSON-LD: loading document failed)",
        _signed_with_context("degree-context.jsonld"),
        "context.not_available_offline",
    )


@case
def context_language_null() -> Case:
    return failed_at(
        "context-language-null",
        "an inline context resetting the default language: valid JSON-LD that pyld 3.3 "
        "cannot process, so vc-led fails closed",
        _signed_with_context({"@language": None}),
        "context.invalid",
    )


@case
def term_id_not_a_string() -> Case:
    return failed_at(
        "term-id-not-a-string",
        "an inline term definition whose @id is a number (invalid IRI mapping)",
        _signed_with_context({"degree": {"@id": 0}}),
        "context.invalid",
    )


@case
def set_with_other_keys() -> Case:
    doc = sign(credential())
    doc["credentialSubject"]["degree"]["@set"] = 0
    return failed_at(
        "set-object-with-other-keys",
        "@set inside a node object next to other keys (invalid set or list object)",
        doc,
        "context.invalid",
    )


@case
def nest_empty_string() -> Case:
    doc = _signed_with_context({"degree": {"@id": "https://university.example/d", "@nest": ""}})
    return failed_at(
        "nest-empty-string",
        "a term definition with @nest set to the empty string (invalid @nest value)",
        doc,
        "context.invalid",
    )


# ---------------------------------------------------------------- dates at the edge of datetime


@case
def valid_until_year_9999() -> Case:
    return Case(
        "valid-until-year-9999",
        "validUntil 9999-12-31T23:59:59Z (a common 'never expires' value)",
        sign(credential(validUntil="9999-12-31T23:59:59Z")),
        "verified",
        [],
        passing(),
    )


@case
def valid_from_year_0001() -> Case:
    return Case(
        "valid-from-year-0001",
        "validFrom 0001-01-01T00:00:00Z",
        sign(credential(validFrom="0001-01-01T00:00:00Z")),
        "verified",
        [],
        passing(),
    )


@case
def valid_until_beyond_9999() -> Case:
    doc = hazmat_sign(credential(validUntil="9999-12-31T23:59:59-01:00"))
    return Case(
        "valid-until-offset-beyond-9999",
        "validUntil 9999-12-31T23:59:59-01:00 (= year 10000 in UTC, a valid dateTimeStamp)",
        doc,
        "verified",
        [],
        passing(),
    )


@case
def proof_expires_beyond_9999() -> Case:
    config = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2025-06-01T12:00:00Z",
        "expires": "9999-12-31T23:30:00-01:00",
        "verificationMethod": ED.id,
        "proofPurpose": "assertionMethod",
    }
    return Case(
        "proof-expires-offset-beyond-9999",
        "a genuine proof whose expires is in year 10000 UTC",
        sign_with_config(credential(), ED, config),
        "verified",
        [],
        passing(),
    )


# ---------------------------------------------------------------- work bounds


@case
def huge_proof_value() -> Case:
    doc = with_proof(sign(credential()), proofValue="z" + "2" * 1_900_000)
    return failed_at(
        "huge-proof-value",
        "a 1.9 MB base58 proofValue (quadratic decoding must not run: answer in < 1 s)",
        doc,
        "proof.malformed_proof_value",
    )


@case
def huge_did_key() -> Case:
    vm = "did:key:z" + "2" * 1_900_000 + "#key"
    return failed_at(
        "huge-did-key",
        "a did:key verificationMethod of 1.9 MB (quadratic decoding must not run)",
        with_proof(sign(credential()), verificationMethod=vm),
        "proof.verification_method_invalid",
    )


# ---------------------------------------------------------------- canonicalization work (issue 9)


def _with_extra_context(doc: dict, extra: object) -> dict:
    doc["@context"] = [V2, EXAMPLES, extra]
    return doc


@case
def blank_node_cycle() -> Case:
    n = 520
    doc = _with_extra_context(
        sign(credential()), {"next": {"@id": "https://example.org/next", "@type": "@id"}}
    )
    doc["credentialSubject"]["ring"] = [
        {"@id": f"_:r{i}", "next": f"_:r{(i + 1) % n}"} for i in range(n)
    ]
    return failed_at(
        "blank-node-cycle",
        "a cycle of 520 indistinguishable blank nodes: RDFC-1.0 work grows with n^3 (and "
        "recursed once per node); refused by the total work bound before any N-degree hashing",
        doc,
        "context.canonicalization_too_costly",
    )


@case
def blank_node_list_of_equal_values() -> Case:
    doc = _with_extra_context(
        sign(credential()), {"marks": {"@id": "https://example.org/marks", "@container": "@list"}}
    )
    doc["credentialSubject"]["marks"] = ["A"] * 300
    return failed_at(
        "blank-node-list-of-equal-values",
        "an RDF list of 300 equal values: a chain of indistinguishable blank nodes, as costly "
        "to canonicalize as a cycle",
        doc,
        "context.canonicalization_too_costly",
    )


@case
def scoped_context_reapplied_per_level() -> Case:
    terms = {f"t{i}": f"https://example.org/t{i}" for i in range(2000)}
    doc = _with_extra_context(
        sign(credential()), {"x": {"@id": "https://example.org/x", "@context": terms}}
    )
    nested: dict = {"t0": "leaf"}
    for _ in range(28):
        nested = {"x": nested}
    doc["credentialSubject"]["x"] = nested
    return failed_at(
        "scoped-context-reapplied-per-level",
        "a property-scoped context of 2,000 terms applied again at each of 28 nesting levels "
        "(each level is a new active context): too costly to process",
        doc,
        "context.processing_too_costly",
    )


@case
def nested_5000_deep() -> Case:
    raw = b'{"a":' * 5000 + b"1" + b"}" * 5000
    return failed_at(
        "nested-5000-deep",
        "JSON nested 5,000 deep: refused from the raw text, before the recursive JSON parser",
        raw,
        "structure.too_deep",
    )


@case
def prefix_chain_3000() -> Case:
    terms = {f"t{i}": f"t{i + 1}:x" for i in range(2999)}
    terms["t2999"] = "https://example.org/"
    doc = _with_extra_context(sign(credential()), terms)
    doc["credentialSubject"]["t0"] = "v"
    return failed_at(
        "prefix-chain-3000",
        "3,000 terms each defined through the next one as a compact IRI prefix: pyld resolves "
        "them recursively and runs out of stack; refused as invalid, never raised",
        doc,
        "context.invalid",
    )
