"""Competence records: EU micro-credentials with the 11 Annex I elements, and valid Open Badges
3.0 credentials under the official 1EdTech JSON Schema (checked with ``jsonschema``)."""

from __future__ import annotations

import functools
import json

import pytest
from issue_support import (
    DID_HOLDER,
    HOLDER,
    ISSUED_AT,
    competence_record,
    issue,
    open_badges_validator,
    reference_validator,
    verifier,
)

from vc_led import SigningError
from vc_led._schema_check import shipped_schemas
from vc_led.jsonld.canon import Canonicalizer
from vc_led.led import CredentialProfile, select_profile
from vc_led.led.profiles._elements import resolve_pointer
from vc_led.led.synthetic import generate_records
from vc_led.status import build_status_entry
from vc_led.trust import default_scope_extractor

ANNEX_I = [
    "identificationOfLearner",
    "title",
    "countryOfIssuer",
    "awardingBody",
    "dateOfIssuing",
    "learningOutcomes",
    "notionalWorkload",
    "level",
    "typeOfAssessment",
    "formOfParticipation",
    "qualityAssurance",
]
STATUS = build_status_entry(list_url="https://led.example/status/1", index=42, purpose="revocation")


@functools.cache
def fixture_credential() -> dict:
    return issue(competence_record()[1], status_entries=[STATUS])


@functools.cache
def generated_credentials() -> tuple[dict, ...]:
    out = []
    for n, (_, record) in enumerate(generate_records(persons=400, seed="ob3")):
        if not record.is_cancelled and select_profile(record) is CredentialProfile.COMPETENCE:
            out.append(issue(record, HOLDER if n % 2 else DID_HOLDER, status_entries=[STATUS]))
    return tuple(out)


def _verifies(doc: dict) -> bool:
    """Verified, except that the status check cannot decide without a status provider."""
    result = verifier().verify_credential(doc, now=ISSUED_AT)
    return [c.value for c in result.codes] == ["status.no_provider"]


def _ob3_errors(doc: dict) -> list[str]:
    return [f"{list(e.path)}: {e.message[:120]}" for e in open_badges_validator().iter_errors(doc)]


def test_the_fixture_is_an_open_badge_and_a_led_competence_credential() -> None:
    doc = fixture_credential()
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential", "LedCompetenceCredential"]
    assert doc["@context"][1] == "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    assert _ob3_errors(doc) == []
    assert isinstance(doc["proof"], list) and len(doc["proof"]) == 1
    assert doc["credentialStatus"] == STATUS
    assert _verifies(doc)
    scope = default_scope_extractor(doc)
    assert scope.suppliers == ("Werk en Sociale Economie",)
    assert scope.categories == {"Ervaringsbewijzen"}


def test_generated_competence_records_are_valid_open_badges_that_verify() -> None:
    docs = generated_credentials()
    assert len(docs) >= 40
    canon = Canonicalizer()
    for doc in docs:
        assert _ob3_errors(doc) == [], doc["name"]
        assert shipped_schemas()[doc["credentialSchema"][0]["id"]].violations(doc) == ()
        assert list(reference_validator("competence-v1.json").iter_errors(doc)) == []
        canon.expand(doc)
        assert _verifies(doc)


def test_all_eleven_elements_each_in_the_credential_or_marked_absent() -> None:
    for doc in (fixture_credential(), *generated_credentials()):
        elements = doc["credentialSubject"]["achievement"]["microCredentialElements"]
        assert [e["elementName"] for e in elements] == ANNEX_I
        assert [e["elementNumber"] for e in elements] == list(range(1, 12))
        for element in elements:
            if element["availability"] == "inCredential":
                for pointer in element["claimPath"]:
                    value = resolve_pointer(doc, pointer)
                    assert value is not None and value != resolve_pointer({}, "/x"), pointer
            else:
                assert element["availability"] == "notAvailableInLed"
                assert "claimPath" not in element


def test_fixture_elements_come_from_the_record_and_nothing_is_invented() -> None:
    elements = {
        e["elementName"]: e
        for e in fixture_credential()["credentialSubject"]["achievement"]["microCredentialElements"]
    }
    absent = {n for n, e in elements.items() if e["availability"] == "notAvailableInLed"}
    assert absent == {"notionalWorkload", "formOfParticipation"}
    assert elements["typeOfAssessment"]["claimPath"] == [
        "/credentialSubject/achievement/obtainedViaEvc"
    ]
    assert elements["qualityAssurance"]["claimPath"] == [
        "/credentialSubject/achievement/awardingBody/alternativeAuthorities"
    ]
    assert elements["dateOfIssuing"]["claimPath"] == ["/credentialSubject/achievement/awardedOn"]
    text = json.dumps(fixture_credential())
    for invented in ("ECTS", "creditsAvailable", "Praktijkproef", "Blended", "Online"):
        assert invented not in text


def test_competences_are_objects_with_esco_skills_where_known() -> None:
    achievement = fixture_credential()["credentialSubject"]["achievement"]
    competences = achievement["competences"]
    kinds = [c["competenceKind"] for c in competences]
    assert kinds[:2] == ["professionalQualification", "partialQualification"]
    assert kinds.count("learningOutcome") == 6
    linked = [c for c in competences if "escoSkill" in c]
    assert linked and all(
        c["escoSkill"].startswith("http://data.europa.eu/esco/skill/") for c in linked
    )
    esco = [a for a in achievement["alignment"] if a["targetFramework"] == "ESCO"]
    assert [a["targetUrl"] for a in esco] == [c["escoSkill"] for c in linked]
    assert "urn:led-synth" not in json.dumps(fixture_credential())
    assert all(c["title"] in achievement["criteria"]["narrative"] for c in competences)


def test_learner_identification_without_insz() -> None:
    by_name = fixture_credential()["credentialSubject"]
    assert by_name["identifier"] == [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": "An Peeters",
        }
    ]
    holder, record = competence_record()
    by_did = issue(record, DID_HOLDER)["credentialSubject"]
    assert by_did["id"] == DID_HOLDER.did and "identifier" not in by_did
    assert holder.insz not in json.dumps(fixture_credential())


def test_open_badges_credential_takes_one_status_entry() -> None:
    second = build_status_entry(
        list_url="https://led.example/status/2", index=1, purpose="suspension"
    )
    with pytest.raises(SigningError) as exc:
        issue(competence_record()[1], status_entries=[STATUS, second])
    assert exc.value.code == "structure.schema_invalid"
    assert exc.value.details["pointer"] == "/credentialStatus"


def test_a_proof_object_instead_of_a_list_fails_the_official_schema() -> None:
    """Why issuance lists the proof: the 1EdTech schema types ``proof`` as an array."""
    doc = dict(fixture_credential())
    doc["proof"] = doc["proof"][0]
    assert _ob3_errors(doc)
    assert _verifies(doc)


def test_the_golden_competence_case_is_a_valid_open_badge() -> None:
    from issue_support import ROOT

    path = ROOT / "tests" / "cases" / "led-competence" / "input.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert _ob3_errors(doc) == []
    assert list(reference_validator("competence-v1.json").iter_errors(doc)) == []
