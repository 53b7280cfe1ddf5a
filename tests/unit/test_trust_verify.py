"""Verifier(trust=...): accreditation, scope, coverage, suspension, pinned keys and key windows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from vc_led import (
    AccreditationScope,
    AccreditedIssuer,
    CheckStatus,
    DidResolver,
    IssuerKey,
    KeyPair,
    TrustRegistry,
    VerificationPolicy,
    Verifier,
    default_led_registry,
    did_web_document,
    sign_credential,
    sign_presentation,
)
from vc_led._multibase import multibase_encode_b58
from vc_led.jsonld.canon import Canonicalizer
from vc_led.proofs.suites import get_cryptosuite
from vc_led.trust import claim_path_extractor

NOW = datetime(2026, 1, 1, tzinfo=UTC)
CREATED = datetime(2025, 7, 1, tzinfo=UTC)
V2 = "https://www.w3.org/ns/credentials/v2"
EX = "https://www.w3.org/ns/credentials/examples/v2"
REGISTRY = KeyPair.generate()
SUPPLIER = KeyPair.generate()  # a supplier that signs its own credentials
STRANGER = KeyPair.generate()


def led_credential(
    *,
    category: str | None = "Hoger onderwijs",
    supplier: Any = "Hoger onderwijs",
    authenticity: str | None = "Authentiek",
    valid_from: str | None = "2025-06-30T00:00:00Z",
    key: KeyPair = REGISTRY,
    types: tuple[str, ...] = ("LedQualificationCredential",),
    created: datetime = CREATED,
) -> dict:
    achievement: dict[str, Any] = {"type": "Achievement", "name": "Master of Science"}
    if category is not None:
        achievement["category"] = category
    doc: dict[str, Any] = {
        "@context": [V2, EX],
        "type": ["VerifiableCredential", *types],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:holder", "achievement": achievement},
    }
    if valid_from is not None:
        doc["validFrom"] = valid_from
    evidence: dict[str, Any] = {"type": "LedSupplierEvidence"}
    if supplier is not None:
        evidence["supplier"] = supplier
    if authenticity is not None:
        evidence["authenticity"] = authenticity
    doc["evidence"] = evidence
    return sign_credential(doc, key=key, created=created)


def registry(**changes: Any) -> TrustRegistry:
    base = default_led_registry(registry_did=REGISTRY.controller)
    own = AccreditedIssuer(
        name="Universiteit Voorbeeld",
        did=SUPPLIER.controller,
        scopes=(
            AccreditationScope(
                credential_types=frozenset({"LedQualificationCredential"}),
                categories=frozenset({"Hoger onderwijs"}),
                coverage_start=date(1999, 9, 1),
            ),
        ),
    )
    return base.with_issuer(replace(own, **changes))


def verify(doc: Any, trust: TrustRegistry | None = None, **kw: Any):
    policy = kw.pop("policy", VerificationPolicy())
    verifier = Verifier(policy, trust=trust or registry(), **kw)
    return verifier.verify_credential(doc, now=NOW)


def issuer_check(doc: Any, trust: TrustRegistry | None = None, **kw: Any):
    return verify(doc, trust, **kw).check("issuer")


def test_registry_signed_credential_in_scope():
    result = verify(led_credential())
    assert result.verified
    issuer = result.check("issuer")
    assert issuer.details["supplier"] == "Hoger onderwijs"
    assert issuer.details["authenticity"] == "Authentiek"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"supplier": "Basisonderwijs"}, "issuer.out_of_scope"),
        ({"category": None}, "issuer.out_of_scope"),
        ({"supplier": "Vlaamse Trainersschool"}, "issuer.not_accredited"),
        ({"supplier": None}, "issuer.out_of_scope"),  # the registry itself issues nothing
        ({"supplier": {"name": "Hoger onderwijs"}}, None),
        ({"supplier": {"id": "did:example:unknown"}}, "issuer.not_accredited"),
        ({"valid_from": "1999-06-30T00:00:00Z"}, "issuer.before_coverage"),
        ({"valid_from": "1999-08-31T23:59:59Z"}, "issuer.before_coverage"),
        ({"valid_from": "1999-09-01T00:30:00+02:00"}, None),  # the date as written counts
        ({"valid_from": None}, "issuer.before_coverage"),
        ({"valid_from": "2025-06-30T00:00:00.123456789Z"}, None),
        ({"supplier": "VDAB", "category": "Beroepskwalificatie"}, "issuer.before_coverage"),
        ({"supplier": "SYNTRA Vlaanderen", "category": "Ondernemersopleidingen"}, None),
        ({"supplier": "NARIC Vlaanderen", "category": "Hoger onderwijs"}, None),
        ({"supplier": "NARIC Vlaanderen", "valid_from": "2013-12-31T00:00:00Z"}, "issuer.before_coverage"),
    ],
)  # fmt: skip
def test_scope_and_coverage(changes, code):
    check = issuer_check(led_credential(**changes))
    assert check.code == code, check.message
    assert check.status is (CheckStatus.PASSED if code is None else CheckStatus.FAILED)


def test_self_declared_records_have_their_own_category_and_no_coverage_date():
    declared = led_credential(
        supplier="VDAB",
        category="Secundair onderwijs",
        authenticity="Eigen verklaring - Op eer",
        valid_from="1979-06-30T00:00:00Z",
    )
    check = issuer_check(declared)
    assert check.status is CheckStatus.PASSED and "self-declared" in check.message
    verified = led_credential(
        supplier="VDAB", authenticity="Eigen verklaring - Geverifieerd", valid_from=None
    )
    assert issuer_check(verified).status is CheckStatus.PASSED
    by_type = led_credential(
        supplier="VDAB", authenticity=None, types=("LedSelfDeclaredCredential",)
    )
    assert issuer_check(by_type).status is CheckStatus.PASSED
    elsewhere = led_credential(supplier="Hoger onderwijs", authenticity="Eigen verklaring - Op eer")
    assert issuer_check(elsewhere).code == "issuer.out_of_scope"


def test_suspension():
    trust = registry().with_status("Hoger onderwijs", "suspended")
    assert issuer_check(led_credential(), trust).code == "issuer.suspended"
    assert (
        issuer_check(led_credential(supplier="VDAB", category="Beroepsopleiding"), trust).code
        is None
    )
    whole = registry().with_status(REGISTRY.controller, "suspended")
    assert issuer_check(
        led_credential(supplier="VDAB", category="Beroepsopleiding"), whole
    ).code == ("issuer.suspended")


def test_supplier_signed_credentials():
    own = led_credential(key=SUPPLIER, supplier=None)
    assert verify(own).verified
    assert verify(led_credential(key=SUPPLIER, supplier=SUPPLIER.controller)).verified
    assert verify(led_credential(key=SUPPLIER, supplier="Universiteit Voorbeeld")).verified
    claims_other = led_credential(key=SUPPLIER, supplier="Hoger onderwijs")
    assert issuer_check(claims_other).code == "issuer.out_of_scope"
    wrong_type = led_credential(key=SUPPLIER, supplier=None, types=("LedCompetenceCredential",))
    assert issuer_check(wrong_type).code == "issuer.out_of_scope"
    assert issuer_check(own, registry(status="suspended")).code == "issuer.suspended"


def test_several_suppliers_are_out_of_scope():
    doc = led_credential()
    unsigned = {k: v for k, v in doc.items() if k != "proof"}
    unsigned["evidence"] = [
        {"type": "LedSupplierEvidence", "supplier": "Hoger onderwijs"},
        {"type": "LedSourceRecord", "supplier": "Basisonderwijs"},
    ]
    signed = sign_credential(unsigned, key=REGISTRY, created=CREATED)
    assert issuer_check(signed).code == "issuer.out_of_scope"


def test_unknown_issuers_and_the_explicit_policy():
    stranger = led_credential(key=STRANGER)
    assert issuer_check(stranger).code == "issuer.not_accredited"
    explicit = VerificationPolicy(trusted_issuers={STRANGER.controller})
    assert issuer_check(stranger, policy=explicit).status is CheckStatus.PASSED
    any_issuer = VerificationPolicy(accept_any_issuer=True)
    assert issuer_check(stranger, policy=any_issuer).status is CheckStatus.PASSED
    assert issuer_check(led_credential(supplier="Basisonderwijs"), policy=any_issuer).code == (
        "issuer.out_of_scope"
    )  # a known issuer is held to its scope
    forged = led_credential(key=STRANGER)
    forged_doc = {**forged, "issuer": REGISTRY.controller}
    assert verify(forged_doc).codes == ("proof.signature_invalid",)


def test_without_a_registry_nothing_changes():
    doc = led_credential(supplier="Basisonderwijs")
    plain = Verifier(VerificationPolicy(trusted_issuers={REGISTRY.controller}))
    assert plain.verify_credential(doc, now=NOW).verified


def test_custom_claim_paths():
    doc = led_credential(category="Basisonderwijs")
    unsigned = {k: v for k, v in doc.items() if k != "proof"}
    unsigned["credentialSubject"]["qualification"] = {"level": "Hoger onderwijs"}
    signed = sign_credential(unsigned, key=REGISTRY, created=CREATED)
    assert issuer_check(signed).code == "issuer.out_of_scope"  # reads every *.category
    extractor = claim_path_extractor(
        category_paths=[("credentialSubject", "qualification", "level")]
    )
    assert issuer_check(signed, scope_extractor=extractor).status is CheckStatus.PASSED


def test_presentation_carries_the_nested_verdict():
    holder = KeyPair.generate()
    vp = {
        "@context": [V2],
        "type": ["VerifiablePresentation"],
        "holder": holder.controller,
        "verifiableCredential": [led_credential(supplier="Basisonderwijs")],
    }
    signed = sign_presentation(vp, key=holder, challenge="c", created=CREATED)
    result = Verifier(VerificationPolicy(), trust=registry()).verify_presentation(
        signed, challenge="c", now=NOW
    )
    assert [r.codes for r in result.credentials] == [("issuer.out_of_scope",)]


# ---------------------------------------------------------------- keys


def windowed(key: KeyPair, **window: Any) -> TrustRegistry:
    trust = registry()
    entry = trust.by_did(key.controller)
    return trust.with_issuer(replace(entry, keys=(IssuerKey(id=key.id, **window),)))


def test_a_proof_after_retirement_fails_and_stops_the_rest():
    trust = windowed(REGISTRY, retired_at=CREATED - timedelta(days=1))
    result = verify(led_credential(), trust)
    assert result.codes == ("proof.key_retired",)
    proof = result.check("proof")
    assert proof.details["key_retired_at"] == (CREATED - timedelta(days=1)).isoformat()
    assert [c.status for c in result.checks[3:]] == [CheckStatus.SKIPPED] * 4
    before = windowed(REGISTRY, valid_from=CREATED + timedelta(days=1))
    assert verify(led_credential(), before).codes == ("proof.key_retired",)
    inside = windowed(REGISTRY, valid_from=CREATED - timedelta(days=1), retired_at=CREATED)
    assert verify(led_credential(), inside).verified


def test_only_registered_keys_may_sign_for_an_issuer():
    other_key = KeyPair.generate()
    trust = windowed(REGISTRY, valid_from=CREATED - timedelta(days=100))
    trust = trust.with_issuer(
        replace(trust.by_did(REGISTRY.controller), keys=(IssuerKey(id=other_key.id),))
    )
    assert issuer_check(led_credential(), trust).code == "issuer.key_not_accredited"


def test_a_proof_without_created_by_a_windowed_key_fails():
    doc = led_credential()
    unsigned = {k: v for k, v in doc.items() if k != "proof"}
    config = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "verificationMethod": REGISTRY.id,
        "proofPurpose": "assertionMethod",
    }
    suite = get_cryptosuite("eddsa-rdfc-2022")
    canon = Canonicalizer()
    data = suite.hash_data(
        key_type=REGISTRY.key_type,
        canonical_config=canon.canonicalize({"@context": unsigned["@context"], **config}).nquads,
        canonical_document=canon.canonicalize(unsigned).nquads,
    )
    signed = {
        **unsigned,
        "proof": {**config, "proofValue": multibase_encode_b58(REGISTRY.sign(data))},
    }
    assert verify(signed).verified  # no window: fine
    assert verify(signed, windowed(REGISTRY, retired_at=NOW)).codes == ("proof.key_retired",)


def test_did_web_rotation_old_credentials_keep_verifying():
    did = "did:web:led.example"
    old, new = KeyPair.generate(), KeyPair.generate()
    old = old.with_id(id=f"{did}#{old.public.multibase}", controller=did)
    new = new.with_id(id=f"{did}#{new.public.multibase}", controller=did)
    rotated = datetime(2025, 9, 1, tzinfo=UTC)
    trust = default_led_registry(
        registry_did=did,
        registry_keys=[
            IssuerKey(id=old.id, retired_at=rotated),
            IssuerKey(id=new.id, valid_from=rotated),
        ],
    )
    resolver = DidResolver({did: did_web_document(did, keys=[new.public], retired=[old.public])})
    verifier = Verifier(VerificationPolicy(), trust=trust, resolver=resolver)
    before = led_credential(key=old, created=rotated - timedelta(days=60))
    after = led_credential(key=old, created=rotated + timedelta(days=1))
    current = led_credential(key=new, created=rotated + timedelta(days=1))
    backdated = led_credential(key=new, created=rotated - timedelta(days=1))
    assert verifier.verify_credential(before, now=NOW).verified
    assert verifier.verify_credential(after, now=NOW).codes == ("proof.key_retired",)
    assert verifier.verify_credential(current, now=NOW).verified
    assert verifier.verify_credential(backdated, now=NOW).codes == ("proof.key_retired",)
