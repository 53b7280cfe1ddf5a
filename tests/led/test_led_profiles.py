"""The profiles in detail: what each kind of record becomes, dates and their precision,
validity periods, intermediate proofs, equivalences, self-declarations, special needs,
pseudo-values, holders, issuers, status entries, and what issuance refuses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from issue_support import (
    DID_HOLDER,
    HOLDER,
    ISSUED_AT,
    KEY,
    issue,
    issued_samples,
    sample_records,
    verifier,
)

from vc_led import Holder, SigningError, VerificationPolicy, Verifier, load_key_file
from vc_led.led import (
    NOT_APPLICABLE,
    LedRecord,
    PartialDate,
    RecordNotIssuableError,
    RecordStatus,
    select_profile,
)
from vc_led.led.profiles import CredentialProfile, build_credential
from vc_led.status import build_status_entry
from vc_led.trust import default_scope_extractor


def find(predicate: Callable[[LedRecord], bool]) -> LedRecord:
    return next(i.record for i in issued_samples() if predicate(i.record))


def authentic(record: LedRecord) -> bool:
    return not record.is_self_declared and select_profile(record) is CredentialProfile.QUALIFICATION


def master() -> LedRecord:
    return find(lambda r: authentic(r) and str(r.basis.grade) == "Master")


def with_basis(record: LedRecord, **changes: object) -> LedRecord:
    return replace(record, basis=replace(record.basis, **changes))


def subject_node(doc: dict) -> dict:
    subject = doc["credentialSubject"]
    for claim in ("qualification", "selfDeclaration", "equivalence", "achievement"):
        if claim in subject:
            return subject[claim]
    raise AssertionError("no record node")


def test_qualification_carries_every_listed_field() -> None:
    doc = issue(master())
    assert doc["type"] == ["VerifiableCredential", "LedQualificationCredential"]
    node = doc["credentialSubject"]["qualification"]
    assert node["type"] == "LedQualification"
    for term in ("category", "grade", "proofType", "proofState", "authenticity", "subjectCode"):
        assert node[term], term
    assert node["isIntermediate"] is False
    assert node["iscedField97"] == "312" and node["iscedF2013"].endswith("/isced-f/0314")
    assert node["vksLevel"] == 7 and node["eqfLevel"] == "http://data.europa.eu/snb/eqf/7"
    assert node["iscedLevel2011"] == "7" and node["iscedLevel2011Source"] == "crosswalk"
    assert node["awardingBody"] == {
        "type": "LedOrganisation",
        "name": "Katholieke Universiteit Leuven",
        "institutionNumber": "110131",
        "authorityClass": "Universiteit",
    }
    assert node["language"] == "nld" and node["country"] == "BEL"
    assert doc["evidence"] == [
        {
            "type": ["LedSourceRecord"],
            "supplier": "Hoger onderwijs",
            "authenticity": "Authentiek",
            "registeredOn": "2023-03-22",
        }
    ]
    assert doc["credentialSubject"]["givenName"] == "An"
    assert doc["credentialSubject"]["birthDate"] == "1990-05-01"


@pytest.mark.parametrize(
    ("issue_date", "valid_from", "awarded", "precision"),
    [
        (PartialDate(2019, 6, 30), "2019-06-30T00:00:00Z", "2019-06-30", "day"),
        (PartialDate(2019, 6), "2019-06-30T00:00:00Z", "2019-06", "month"),
        (PartialDate(2019), "2019-12-31T00:00:00Z", "2019", "year"),
        (PartialDate(2025), "2025-06-01T00:00:00Z", "2025", "year"),  # never after issuance
        (PartialDate(1800, 1, 1), "2025-06-01T12:00:00Z", None, "unknown"),
    ],
)
def test_valid_from_keeps_the_issue_date_precision(
    issue_date: PartialDate, valid_from: str, awarded: str | None, precision: str
) -> None:
    doc = issue(with_basis(master(), issue_date=issue_date))
    node = doc["credentialSubject"]["qualification"]
    assert doc["validFrom"] == valid_from
    assert node["awardedOnPrecision"] == precision
    assert node.get("awardedOn") == awarded
    assert ("awardedOn" in node.get("notAvailable", [])) == (awarded is None)


@pytest.mark.parametrize(
    ("period", "valid_until"),
    [
        ("5 jaar", "2024-06-30T00:00:00Z"),
        ("6 maanden", "2019-12-30T00:00:00Z"),
        ("tot herroeping", None),
        ("9999 jaar", None),
    ],
)
def test_validity_period_becomes_valid_until_only_when_it_parses(
    period: str, valid_until: str | None
) -> None:
    doc = issue(with_basis(master(), validity_period=period))
    assert doc.get("validUntil") == valid_until
    assert doc["credentialSubject"]["qualification"]["validityPeriod"] == period
    result = verifier().verify_credential(doc, now=datetime(2026, 1, 1, tzinfo=UTC))
    if valid_until is None:
        assert result.verified
    else:  # an expired certificate is still a genuine one
        assert [c.value for c in result.codes] == ["validity.expired"]
        assert result.check("proof").status.value == "passed"


def test_intermediate_proof_is_unmistakable() -> None:
    record = find(lambda r: authentic(r) and r.is_intermediate)
    doc = issue(record)
    assert doc["type"] == [
        "VerifiableCredential",
        "LedQualificationCredential",
        "LedIntermediateProofCredential",
    ]
    assert doc["name"].startswith("Tussenbewijs (geen eindbewijs): ")
    assert "geen eindbewijs" in doc["description"]
    node = doc["credentialSubject"]["qualification"]
    assert node["isIntermediate"] is True and node["proofState"] == "Tussenbewijs"


def test_self_declared_record_is_marked_in_type_claims_and_name() -> None:
    record = find(lambda r: r.is_self_declared)
    doc = issue(record)
    assert doc["type"][:2] == ["VerifiableCredential", "LedSelfDeclaredCredential"]
    assert "LedQualificationCredential" not in doc["type"]
    assert "qualification" not in doc["credentialSubject"]
    node = doc["credentialSubject"]["selfDeclaration"]
    assert node["type"] == "LedSelfDeclaredQualification"
    assert node["selfDeclared"] is True and node["selfDeclarationKind"] == "onHonour"
    assert node["authenticity"] == "Eigen verklaring - Op eer"
    assert doc["name"].startswith("Eigen verklaring")
    assert "Geen authentiek bewijs" in doc["description"]
    scope = default_scope_extractor(doc)
    assert scope.self_declared and scope.categories == {"Eigen verklaring - Op eer"}


def test_verified_self_declaration() -> None:
    record = with_basis(
        find(lambda r: r.is_self_declared), authenticity="Eigen verklaring - Geverifieerd"
    )
    doc = issue(record)
    node = doc["credentialSubject"]["selfDeclaration"]
    assert node["selfDeclarationKind"] == "verified"
    assert "VDAB-consulent" in doc["description"]
    assert default_scope_extractor(doc).categories == {"Eigen verklaring - Geverifieerd"}


def test_equivalence_names_naric_and_the_foreign_country_and_language() -> None:
    record = next(r for r in sample_records() if str(r.basis.proof_type) == "Gelijkwaardigheid")
    decided = PartialDate(2015, 3, 2)  # the samples' decisions of 2006 predate NARIC in LED (2014)
    doc = issue(with_basis(record, country="MAR", language="fra", issue_date=decided))
    assert doc["type"] == ["VerifiableCredential", "LedEquivalenceCredential"]
    node = doc["credentialSubject"]["equivalence"]
    assert node["type"] == "LedEquivalenceDecision"
    assert node["foreignCountry"] == "MAR" and node["foreignLanguage"] == "fra"
    assert "country" not in node and "language" not in node
    assert node["awardingBody"] == {"type": "LedOrganisation", "name": "NARIC Vlaanderen"}
    assert node["originalInstitution"]["name"] == "SYNTRA Vlaanderen"
    assert doc["name"].startswith("Gelijkwaardigheidsbesluit NARIC Vlaanderen")
    assert verifier().verify_credential(doc, now=ISSUED_AT).verified


def test_special_needs_claims_are_flagged_and_kept_out_of_the_name() -> None:
    record = find(lambda r: r.is_special_needs and authentic(r))
    doc = issue(record)
    subject = doc["credentialSubject"]
    pointers = subject["sensitiveClaims"]
    assert "/credentialSubject/qualification/grade" in pointers
    assert "/credentialSubject/qualification/schoolType" in pointers
    node = subject["qualification"]
    for pointer in pointers:
        assert pointer.removeprefix("/credentialSubject/qualification/").split("/")[0] in node
    assert doc["name"] == "LED-kwalificatiebewijs"
    for text in ("OV", "BuSO", "Buitengewoon"):
        assert text not in doc["name"] and text not in " ".join(doc["type"])
    assert "sensitiveClaims" not in issue(master())["credentialSubject"]


def test_pseudo_values_are_listed_never_written_as_data() -> None:
    record = with_basis(master(), grade=NOT_APPLICABLE, school_type=NOT_APPLICABLE)
    node = issue(record)["credentialSubject"]["qualification"]
    assert "grade" not in node and "schoolType" not in node
    assert {"grade", "schoolType"} <= set(node["notApplicable"])
    assert "title" in node["notAvailable"]  # VolledigeNaam "Niet beschikbaar"
    assert "Niet beschikbaar" not in str(node) and "Niet van toepassing" not in str(node)


def test_holder_variants() -> None:
    by_did = issue(master(), DID_HOLDER)["credentialSubject"]
    assert by_did["id"] == DID_HOLDER.did and "givenName" not in by_did
    both = Holder(given_name=" An ", family_name="Peeters", did=DID_HOLDER.did)
    subject = issue(master(), both)["credentialSubject"]
    assert subject["id"] == DID_HOLDER.did and subject["givenName"] == "An"
    assert "birthDate" not in subject


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"given_name": "An"},
        {"given_name": "An", "family_name": "85073100123"},
        {"given_name": "An", "family_name": "Peeters 85.07.31-001.23"},
        {"did": "https://example.com/me"},
        {"given_name": "", "family_name": "Peeters"},
    ],
)
def test_holder_refuses_what_cannot_identify_or_may_leak(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        Holder(**kwargs)


def test_cancelled_record_is_not_issued() -> None:
    with pytest.raises(RecordNotIssuableError):
        issue(replace(master(), status=RecordStatus.CANCELLED))


def test_status_entries_one_object_or_a_list() -> None:
    revocation = build_status_entry(
        list_url="https://led.example/status/1", index=7, purpose="revocation"
    )
    suspension = build_status_entry(
        list_url="https://led.example/status/2", index=9, purpose="suspension"
    )
    assert issue(master(), status_entries=[revocation])["credentialStatus"] == revocation
    both = issue(master(), status_entries=[revocation, suspension])["credentialStatus"]
    assert both == [revocation, suspension]


def test_issuer_forms_and_credential_id() -> None:
    doc = issue(
        master(),
        issuer=KEY.controller,
        credential_id="urn:uuid:00000000-0000-4000-8000-000000000001",
    )
    assert doc["issuer"] == {"id": KEY.controller}
    assert doc["id"] == "urn:uuid:00000000-0000-4000-8000-000000000001"
    named = issue(master(), issuer={"id": KEY.controller, "name": "AHOVOKS"})
    assert named["issuer"] == {"id": KEY.controller, "name": "AHOVOKS"}
    assert verifier().verify_credential(named, now=ISSUED_AT).verified


def test_schema_violation_refuses_to_sign() -> None:
    with pytest.raises(SigningError) as exc:
        issue(master(), issuer={"id": KEY.controller, "logo": "https://example.com/x.png"})
    assert exc.value.code == "structure.schema_invalid"
    assert exc.value.details["pointer"] == "/issuer"
    assert exc.value.details["schema"] == "https://w3id.org/vc-led/schemas/qualification/v1"


def test_p256_key_signs_with_ecdsa() -> None:
    from issue_support import ROOT

    key = load_key_file(ROOT / "tests" / "cases" / "_keys" / "p256.json")
    doc = issue(master(), issuer_key=key)
    assert doc["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"


def test_build_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError):
        build_credential(
            record=master(),
            holder=HOLDER,
            issuer_id=KEY.controller,
            credential_id="urn:uuid:x",
            issued_at=datetime(2025, 1, 1),
        )


def test_same_input_same_credential() -> None:
    fixed = {"credential_id": "urn:uuid:00000000-0000-4000-8000-000000000002"}
    assert issue(master(), **fixed) == issue(master(), **fixed)
    assert date.fromisoformat(issue(master(), **fixed)["validFrom"][:10]) <= ISSUED_AT.date()


def test_a_verifier_requiring_authentic_records_refuses_the_self_declared_one() -> None:
    strict = VerificationPolicy(trusted_issuers={KEY.controller}, require_authentic=True)
    check = Verifier(strict)
    declared = check.verify_credential(issue(find(lambda r: r.is_self_declared)), now=ISSUED_AT)
    assert [c.value for c in declared.codes] == ["issuer.not_authentic"]
    assert check.verify_credential(issue(master()), now=ISSUED_AT).verified
