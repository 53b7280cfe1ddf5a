"""Credential cases from ``proof`` on: Data Integrity proofs, issuer trust, validity, status."""

from __future__ import annotations

from datetime import UTC, datetime

from _build import (
    ED,
    ED_OTHER,
    IND,
    P256,
    P384,
    Case,
    case,
    credential,
    failed_at,
    flip_signature,
    hazmat_sign,
    passing,
    sign,
    sign_with_config,
    signature_of,
    vc11_credential,
    with_proof,
)

from vc_led import did_web_document
from vc_led._multibase import b58encode, multibase_encode_b58, multibase_encode_b64url

# ---------------------------------------------------------------- positive controls


@case
def valid_ed25519() -> Case:
    return Case(
        "valid-ed25519",
        "control: eddsa-rdfc-2022 with a did:key Ed25519 key",
        sign(credential()),
        "verified",
        [],
        passing(),
    )


@case
def valid_p256() -> Case:
    doc = sign(credential(P256.controller), P256)
    return Case("valid-p256", "control: ecdsa-rdfc-2019 with P-256", doc, "verified", [], passing())


@case
def valid_p384() -> Case:
    doc = sign(credential(P384.controller), P384)
    return Case("valid-p384", "control: ecdsa-rdfc-2019 with P-384", doc, "verified", [], passing())


@case
def valid_vc11() -> Case:
    return Case(
        "valid-vc11",
        "control: a VC 1.1 credential (the recipe appends the Data Integrity v2 context)",
        sign(vc11_credential()),
        "verified",
        [],
        passing(),
    )


@case
def valid_issuer_object() -> Case:
    doc = sign(credential({"id": ED.controller, "name": "Example University"}))
    return Case(
        "valid-issuer-object",
        "control: issuer given as an object with id and name",
        doc,
        "verified",
        [],
        passing(),
    )


@case
def valid_proof_set() -> Case:
    doc = sign(sign(credential()), P256)
    return Case(
        "valid-proof-set",
        "control: two independent proofs (issuer's Ed25519 and a P-256 endorsement)",
        doc,
        "verified",
        [],
        passing(),
    )


@case
def valid_proof_chain() -> Case:
    first = sign(credential(), proof_id="urn:uuid:0f6c6c6e-0001-4000-8000-000000000001")
    doc = sign(first, P256, previous_proof="urn:uuid:0f6c6c6e-0001-4000-8000-000000000001")
    return Case(
        "valid-proof-chain",
        "control: a P-256 proof chained to the issuer's proof via previousProof",
        doc,
        "verified",
        [],
        passing(),
    )


# ---------------------------------------------------------------- proof shape and suite


@case
def missing_proof() -> Case:
    return failed_at("missing-proof", "no proof at all", credential(), "proof.missing")


@case
def proof_null() -> Case:
    return failed_at(
        "proof-null", "proof is null (no proof)", credential(proof=None), "proof.missing"
    )


@case
def proof_string() -> Case:
    doc = credential(proof=sign(credential())["proof"]["proofValue"])
    return failed_at("proof-string", "proof is a string", doc, "proof.malformed")


@case
def proof_list_bad_entry() -> Case:
    doc = sign(credential())
    doc["proof"] = [doc["proof"], "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk"]
    return failed_at(
        "proof-list-bad-entry",
        "a proof set whose second entry is a string",
        doc,
        "proof.malformed",
    )


@case
def unknown_proof_type() -> Case:
    doc = with_proof(sign(credential()), type="Ed25519Signature2020", cryptosuite=None)
    return failed_at(
        "unknown-proof-type",
        "an Ed25519Signature2020 proof (not DataIntegrityProof)",
        doc,
        "proof.unknown_type",
    )


@case
def unknown_cryptosuite() -> Case:
    doc = with_proof(sign(credential()), cryptosuite="eddsa-jcs-2022")
    return failed_at(
        "unknown-cryptosuite",
        "cryptosuite eddsa-jcs-2022 is not implemented",
        doc,
        "proof.unknown_cryptosuite",
    )


@case
def cryptosuite_not_allowed() -> Case:
    return failed_at(
        "cryptosuite-not-allowed",
        "a valid P-256 proof, but the policy allows only eddsa-rdfc-2022",
        sign(credential(P256.controller), P256),
        "proof.cryptosuite_not_allowed",
        options={"allowed_cryptosuites": ["eddsa-rdfc-2022"]},
    )


@case
def missing_proof_value() -> Case:
    return failed_at(
        "missing-proof-value",
        "the proof has no proofValue",
        with_proof(sign(credential()), proofValue=None),
        "proof.malformed",
    )


@case
def missing_verification_method() -> Case:
    return failed_at(
        "missing-verification-method",
        "the proof has no verificationMethod",
        with_proof(sign(credential()), verificationMethod=None),
        "proof.malformed",
    )


# ---------------------------------------------------------------- proofValue encoding


@case
def proof_value_not_base58btc() -> Case:
    doc = sign(credential())
    value = multibase_encode_b64url(signature_of(doc))
    return failed_at(
        "proof-value-not-base58btc",
        "the signature as base64url multibase ('u'), not base58btc ('z')",
        with_proof(doc, proofValue=value),
        "proof.malformed_proof_value",
    )


@case
def proof_value_no_prefix() -> Case:
    doc = sign(credential())
    value = b58encode(signature_of(doc))
    return failed_at(
        "proof-value-without-multibase-prefix",
        "base58btc without the multibase 'z' prefix",
        with_proof(doc, proofValue=value),
        "proof.malformed_proof_value",
    )


@case
def proof_value_truncated() -> Case:
    doc = sign(credential())
    value = doc["proof"]["proofValue"][:-10]
    return failed_at(
        "proof-value-truncated",
        "proofValue with its last 10 characters cut off",
        with_proof(doc, proofValue=value),
        "proof.malformed_proof_value",
    )


@case
def proof_value_wrong_length() -> Case:
    doc = sign(credential())
    value = multibase_encode_b58(signature_of(doc) + b"\x00")
    return failed_at(
        "proof-value-wrong-length",
        "a 65-byte Ed25519 signature",
        with_proof(doc, proofValue=value),
        "proof.malformed_proof_value",
    )


@case
def proof_value_bad_char() -> Case:
    doc = sign(credential())
    value = doc["proof"]["proofValue"]
    value = value[:20] + "0" + value[21:]
    return failed_at(
        "proof-value-bad-base58-char",
        "proofValue holds '0', which is not in the base58btc alphabet",
        with_proof(doc, proofValue=value),
        "proof.malformed_proof_value",
    )


# ---------------------------------------------------------------- purpose, method, key


@case
def wrong_purpose() -> Case:
    doc = hazmat_sign(credential(), purpose="authentication")
    return failed_at(
        "wrong-proof-purpose",
        "a credential proof made for authentication instead of assertionMethod",
        doc,
        "proof.wrong_purpose",
    )


@case
def method_of_other_key() -> Case:
    doc = with_proof(sign(credential()), verificationMethod=ED_OTHER.id)
    return failed_at(
        "verification-method-other-key",
        "signed by one key, verificationMethod names another did:key",
        doc,
        "proof.signature_invalid",
    )


@case
def method_did_web_unknown() -> Case:
    key = ED.with_id(id="did:web:university.example#key-1", controller="did:web:university.example")
    doc = sign(credential("did:web:university.example"), key)
    return failed_at(
        "verification-method-unresolvable-did-web",
        "a did:web key whose DID document was not given (never fetched)",
        doc,
        "proof.verification_method_unresolvable",
        status=IND,
    )


@case
def method_not_listed_in_known_did_document() -> Case:
    did = "did:web:registry.example"
    forger = ED_OTHER.with_id(id=f"{did}#{ED_OTHER.public.multibase}", controller=did)
    doc = sign(credential(did), forger)
    document = did_web_document(did, keys=[ED.public])  # the registry publishes only ED
    return failed_at(
        "verification-method-not-listed",
        "a proof naming the registry's DID with a key its (known) DID document does not list",
        doc,
        "proof.verification_method_not_listed",
        options={"trusted_issuers": [did]},
        environment={"did_documents": [document]},
    )


@case
def method_did_example() -> Case:
    key = ED.with_id(id="did:example:issuer#key-1", controller="did:example:issuer")
    doc = sign(credential("did:example:issuer"), key)
    return failed_at(
        "verification-method-unresolvable-did-example",
        "a did:example verification method (no resolver for the method)",
        doc,
        "proof.verification_method_unresolvable",
        status=IND,
    )


@case
def did_key_wrong_multicodec() -> Case:
    # the multicodec of an X25519 key (0xec01): a key-agreement key, not a signing key
    x25519 = multibase_encode_b58(b"\xec\x01" + bytes(range(32)))
    doc = with_proof(sign(credential()), verificationMethod=f"did:key:{x25519}#{x25519}")
    return failed_at(
        "did-key-wrong-multicodec",
        "verificationMethod is a did:key of an X25519 key",
        doc,
        "proof.verification_method_invalid",
    )


@case
def key_type_mismatch() -> Case:
    doc = with_proof(sign(credential()), cryptosuite="ecdsa-rdfc-2019")
    return failed_at(
        "key-type-mismatch",
        "an Ed25519 key named in an ecdsa-rdfc-2019 proof",
        doc,
        "proof.key_type_mismatch",
    )


# ---------------------------------------------------------------- proof dates


@case
def created_in_future() -> Case:
    doc = sign(credential(), created=datetime(2026, 6, 1, tzinfo=UTC))
    return failed_at(
        "created-in-future",
        "proof created 2026-06-01, verified on 2026-01-01",
        doc,
        "proof.created_in_future",
    )


@case
def created_not_a_date() -> Case:
    return failed_at(
        "created-not-a-date",
        "proof created is 'yesterday'",
        with_proof(sign(credential()), created="yesterday"),
        "proof.invalid_created",
    )


@case
def proof_expired() -> Case:
    config = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2025-06-01T12:00:00Z",
        "expires": "2025-07-01T00:00:00Z",
        "verificationMethod": ED.id,
        "proofPurpose": "assertionMethod",
    }
    return failed_at(
        "proof-expired",
        "a genuine proof whose expires (2025-07-01) has passed",
        sign_with_config(credential(), ED, config),
        "proof.expired",
    )


# ---------------------------------------------------------------- tampering


@case
def tampered_claim() -> Case:
    doc = sign(credential())
    doc["credentialSubject"]["degree"]["name"] = "Doctor of Philosophy"
    return failed_at(
        "tampered-claim", "degree name changed after signing", doc, "proof.signature_invalid"
    )


@case
def tampered_issuer() -> Case:
    doc = sign(credential())
    doc["issuer"] = P256.controller
    return failed_at(
        "tampered-issuer",
        "issuer changed after signing to another trusted DID",
        doc,
        "proof.signature_invalid",
    )


@case
def tampered_valid_from() -> Case:
    doc = sign(credential())
    doc["validFrom"] = "2024-01-01T00:00:00Z"
    return failed_at(
        "tampered-valid-from", "validFrom changed after signing", doc, "proof.signature_invalid"
    )


@case
def tampered_proof_options() -> Case:
    doc = with_proof(sign(credential()), created="2025-06-02T12:00:00Z")
    return failed_at(
        "tampered-proof-created",
        "proof created changed after signing (the proof options are signed too)",
        doc,
        "proof.signature_invalid",
    )


@case
def proof_set_one_tampered() -> Case:
    doc = sign(sign(credential()), P256)
    doc["proof"][1]["proofValue"] = flip_signature(doc["proof"][1]["proofValue"])
    return failed_at(
        "proof-set-one-tampered",
        "a proof set of two where the second (P-256) signature has one bit flipped",
        doc,
        "proof.signature_invalid",
    )


@case
def proof_chain_missing_previous() -> Case:
    first = sign(credential(), proof_id="urn:uuid:0f6c6c6e-0001-4000-8000-000000000001")
    doc = sign(first, P256, previous_proof="urn:uuid:0f6c6c6e-0001-4000-8000-000000000001")
    doc["proof"] = doc["proof"][1]
    return failed_at(
        "proof-chain-missing-previous",
        "a chained proof whose previousProof was removed from the document",
        doc,
        "proof.previous_proof_missing",
    )


# ---------------------------------------------------------------- issuer


@case
def issuer_not_trusted() -> Case:
    return Case(
        "issuer-not-trusted",
        "a genuine credential from an issuer the policy does not list",
        sign(credential()),
        "failed",
        ["issuer.not_trusted"],
        passing(issuer="failed"),
        options={"trusted_issuers": [P256.controller]},
    )


@case
def no_trust_policy() -> Case:
    return Case(
        "no-trust-policy",
        "no trusted issuers configured: trust cannot be decided",
        sign(credential()),
        "indeterminate",
        ["issuer.no_trust_policy"],
        passing(issuer=IND),
        options={"trusted_issuers": []},
    )


@case
def issuer_key_not_controlled() -> Case:
    doc = sign(credential("https://university.example/issuers/14"))
    return Case(
        "issuer-key-not-controlled",
        "issuer is an https URL but the proof is by a did:key (even with accept_any_issuer)",
        doc,
        "failed",
        ["issuer.key_not_controlled"],
        passing(issuer="failed"),
        options={"trusted_issuers": [], "accept_any_issuer": True},
    )


@case
def signed_by_other_key() -> Case:
    doc = sign(credential(ED.controller), ED_OTHER)
    return Case(
        "signed-by-other-key",
        "a valid proof by a key the (trusted) issuer does not control",
        doc,
        "failed",
        ["issuer.key_not_controlled"],
        passing(issuer="failed"),
    )


@case
def accept_any_issuer() -> Case:
    return Case(
        "accept-any-issuer",
        "control: no trusted issuers, but accept_any_issuer and the issuer's own key signed",
        sign(credential(ED_OTHER.controller), ED_OTHER),
        "verified",
        [],
        passing(),
        options={"trusted_issuers": [], "accept_any_issuer": True},
    )


# ---------------------------------------------------------------- validity and status


@case
def valid_until_before_valid_from() -> Case:
    doc = sign(credential(validUntil="2024-12-31T00:00:00Z"))
    return Case(
        "valid-until-before-valid-from",
        "validUntil precedes validFrom",
        doc,
        "failed",
        ["validity.invalid_range"],
        passing(validity="failed"),
    )


@case
def expired() -> Case:
    doc = sign(credential(validUntil="2025-09-01T00:00:00Z"))
    return Case(
        "expired",
        "a genuine credential past its validUntil (the proof still verifies)",
        doc,
        "failed",
        ["validity.expired"],
        passing(validity="failed"),
    )


@case
def not_yet_valid() -> Case:
    doc = sign(credential(validFrom="2026-06-01T00:00:00Z"))
    return Case(
        "not-yet-valid",
        "validFrom 2026-06-01, verified on 2026-01-01",
        doc,
        "failed",
        ["validity.not_yet_valid"],
        passing(validity="failed"),
    )


@case
def status_no_provider() -> Case:
    status = {
        "id": "https://university.example/credentials/status/3#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": "https://university.example/credentials/status/3",
    }
    doc = sign(credential(credentialStatus=status))
    return Case(
        "status-no-provider",
        "a status entry but no status provider configured: cannot decide revocation",
        doc,
        "indeterminate",
        ["status.no_provider"],
        passing(status=IND),
    )
