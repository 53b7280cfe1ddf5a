"""Cases that stop at ``structure`` or ``context``: parsing, limits, data-model shape, JSON-LD."""

from __future__ import annotations

import json

from _build import (
    EXAMPLES,
    SUBJECT,
    V1,
    V2,
    Case,
    case,
    credential,
    failed_at,
    sign,
    stopped,
    v2_only_credential,
    vc11_credential,
)


def _raw(doc: dict) -> bytes:
    return json.dumps(doc, indent=2).encode("utf-8")


def _signed_without(name: str) -> dict:
    doc = sign(credential())
    del doc[name]
    return doc


def _signed_then(changes: dict) -> dict:
    """A signed base credential with top-level ``changes`` made after signing."""
    return sign(credential()) | changes


# ---------------------------------------------------------------- parsing and limits


@case
def malformed_json() -> Case:
    raw = (
        b'{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential",}'
    )
    return failed_at(
        "malformed-json", "a trailing comma: not JSON", raw, "structure.malformed_json"
    )


@case
def truncated_json() -> Case:
    raw = _raw(sign(credential()))
    return failed_at(
        "truncated-json",
        "a signed credential cut off halfway",
        raw[: len(raw) // 2],
        "structure.malformed_json",
    )


@case
def json_array() -> Case:
    return failed_at(
        "json-array",
        "a JSON array holding a signed credential instead of the credential object",
        [sign(credential())],
        "structure.not_an_object",
    )


@case
def duplicate_keys() -> Case:
    raw = _raw(sign(credential())).replace(
        b'"issuer": ', b'"issuer": "did:example:attacker",\n  "issuer": ', 1
    )
    return failed_at(
        "duplicate-keys",
        "issuer appears twice (parsers disagree on which wins): rejected as malformed",
        raw,
        "structure.malformed_json",
    )


@case
def nan_literal() -> Case:
    raw = _raw(sign(credential())).replace(b'"validFrom": ', b'"score": NaN,\n  "validFrom": ', 1)
    return failed_at("nan-literal", "a NaN literal (not JSON)", raw, "structure.malformed_json")


@case
def oversized() -> Case:
    doc = sign(credential())
    doc["credentialSubject"]["description"] = "A" * (2 * 1024 * 1024)
    return failed_at("oversized", "a credential larger than 2 MiB", doc, "structure.too_large")


@case
def over_deep() -> Case:
    doc = sign(credential())
    nested: dict = {"name": "bottom"}
    for _ in range(40):
        nested = {"child": nested}
    doc["credentialSubject"]["tree"] = nested
    return failed_at(
        "over-deep",
        "objects nested more than 32 deep",
        doc,
        "structure.too_deep",
    )


@case
def too_many_blank_nodes() -> Case:
    doc = sign(credential())
    doc["credentialSubject"]["items"] = [{"n": i} for i in range(1100)]
    return failed_at(
        "too-many-blank-nodes",
        "a subject with 1100 anonymous objects: more than 1024 blank nodes",
        doc,
        "context.too_many_blank_nodes",
    )


# ---------------------------------------------------------------- data-model shape


@case
def missing_context() -> Case:
    return failed_at(
        "missing-context",
        "no @context",
        _signed_without("@context"),
        "structure.missing_context",
    )


@case
def wrong_first_context() -> Case:
    doc = _signed_then({"@context": [EXAMPLES, V2]})
    return failed_at(
        "wrong-first-context",
        "the VC 2.0 context is not the first @context entry",
        doc,
        "structure.invalid_base_context",
    )


@case
def missing_type() -> Case:
    return failed_at("missing-type", "no type", _signed_without("type"), "structure.missing_type")


@case
def type_without_vc() -> Case:
    doc = sign(credential())
    doc["type"] = ["ExampleDegreeCredential"]
    return failed_at(
        "type-without-verifiable-credential",
        "type lacks VerifiableCredential",
        doc,
        "structure.not_a_credential",
    )


@case
def invalid_id() -> Case:
    return failed_at(
        "invalid-credential-id",
        "the credential id is not a URL",
        _signed_then({"id": "credential 42"}),
        "structure.invalid_id",
    )


@case
def issuer_not_url() -> Case:
    return failed_at(
        "issuer-not-url",
        "issuer is a name, not a URL",
        _signed_then({"issuer": "Example University"}),
        "structure.invalid_issuer",
    )


@case
def issuer_object_without_id() -> Case:
    return failed_at(
        "issuer-object-without-id",
        "issuer is an object without id",
        _signed_then({"issuer": {"name": "Example University"}}),
        "structure.invalid_issuer",
    )


@case
def missing_issuer() -> Case:
    return failed_at(
        "missing-issuer", "no issuer", _signed_without("issuer"), "structure.missing_issuer"
    )


@case
def missing_subject() -> Case:
    return failed_at(
        "missing-credential-subject",
        "no credentialSubject",
        _signed_without("credentialSubject"),
        "structure.missing_subject",
    )


@case
def subject_string() -> Case:
    return failed_at(
        "credential-subject-string",
        "credentialSubject is a string",
        _signed_then({"credentialSubject": SUBJECT}),
        "structure.invalid_subject",
    )


@case
def valid_from_without_timezone() -> Case:
    return failed_at(
        "valid-from-without-timezone",
        "validFrom has no timezone (not an XML Schema dateTimeStamp)",
        _signed_then({"validFrom": "2025-01-01T00:00:00"}),
        "structure.invalid_date",
    )


@case
def vc11_without_issuance_date() -> Case:
    doc = sign(vc11_credential())
    del doc["issuanceDate"]
    return failed_at(
        "vc11-without-issuance-date",
        "a VC 1.1 credential without issuanceDate",
        doc,
        "structure.invalid_date",
    )


@case
def status_without_type() -> Case:
    doc = _signed_then(
        {
            "credentialStatus": {
                "id": "https://university.example/status/1#42",
                "statusListIndex": "42",
            }
        }
    )
    return failed_at(
        "credential-status-without-type",
        "credentialStatus has no type",
        doc,
        "structure.invalid_status",
    )


@case
def schema_without_id() -> Case:
    doc = _signed_then({"credentialSchema": {"type": "JsonSchema"}})
    return failed_at(
        "credential-schema-without-id",
        "credentialSchema has no id",
        doc,
        "structure.invalid_schema_reference",
    )


# ---------------------------------------------------------------- JSON-LD (safe mode, offline)


@case
def undefined_term() -> Case:
    doc = sign(v2_only_credential())
    doc["credentialSubject"]["degree"] = "Bachelor of Science"
    return failed_at(
        "undefined-term",
        "a property no context defines, added after signing (VC 2.0 context only)",
        doc,
        "context.undefined_term",
    )


@case
def undefined_type() -> Case:
    doc = sign(v2_only_credential())
    doc["type"] = ["VerifiableCredential", "UniversityDegreeCredential"]
    return failed_at(
        "undefined-type",
        "a type no context defines, added after signing (VC 2.0 context only)",
        doc,
        "context.undefined_type",
    )


@case
def context_not_offline() -> Case:
    doc = _signed_then(
        {"@context": [V2, EXAMPLES, "https://university.example/contexts/degree/v1"]}
    )
    return failed_at(
        "context-not-available-offline",
        "a context URL the strict loader does not ship (never fetched)",
        doc,
        "context.not_available_offline",
    )


@case
def mixed_contexts() -> Case:
    return failed_at(
        "mixed-v1-v2-contexts",
        "both the VC 2.0 and the VC 1.1 base context",
        _signed_then({"@context": [V2, V1, EXAMPLES]}),
        "context.mixed_versions",
    )


@case
def protected_term_redefinition() -> Case:
    doc = _signed_then({"@context": [V2, EXAMPLES, {"name": "https://attacker.example/name"}]})
    return failed_at(
        "protected-term-redefinition",
        "an inline context redefines name, a protected term of the VC 2.0 context",
        doc,
        "context.protected_term_redefinition",
    )


@case
def relative_id() -> Case:
    doc = sign(credential())
    doc["credentialSubject"]["degree"]["id"] = "degrees/bachelor"
    return failed_at(
        "relative-id",
        "a nested object with a relative id (no base IRI offline)",
        doc,
        "context.relative_iri",
    )


@case
def context_stops_proof() -> Case:
    doc = sign(credential())
    doc["credentialSubject"]["degree"]["@context"] = [EXAMPLES, V1]
    return Case(
        "embedded-context-mixed-versions",
        "the VC 1.1 context slipped in through a nested @context",
        doc,
        "failed",
        ["context.mixed_versions"],
        stopped("context"),
    )


@case
def invalid_utf8() -> Case:
    raw = _raw(sign(credential())).replace(b"Bachelor", b"Bach\xffelor", 1)
    return failed_at(
        "invalid-utf8", "a byte that is not UTF-8 inside a string", raw, "structure.malformed_json"
    )


@case
def keyword_like_property() -> Case:
    doc = sign(credential())
    doc["credentialSubject"]["@grade"] = "A+"
    return failed_at(
        "keyword-like-property",
        "a property shaped like a JSON-LD keyword (@grade): dropped by expansion, so refused",
        doc,
        "context.undefined_term",
    )
