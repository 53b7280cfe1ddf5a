"""The schema part of the ``structure`` check: shipped schemas validated, unknown ones
reported (or ``indeterminate`` when the policy requires known schemas), never fetched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vc_led import CheckStatus, SigningError, VerificationPolicy, Verifier
from vc_led._schema_check import check_schemas, shipped_schemas, validate_with_schema

CASES = Path(__file__).resolve().parent.parent / "cases"
QUALIFICATION = "https://w3id.org/vc-led/schemas/qualification/v1"


def _case(name: str) -> dict:
    return json.loads((CASES / name / "input.json").read_text(encoding="utf-8"))


def _trusting(**policy: object) -> Verifier:
    doc = _case("led-qualification")
    return Verifier(VerificationPolicy(trusted_issuers={doc["issuer"]["id"]}, **policy))


def test_the_four_led_schemas_are_shipped() -> None:
    assert sorted(shipped_schemas()) == [
        f"https://w3id.org/vc-led/schemas/{n}/v1"
        for n in ("competence", "equivalence", "qualification", "self-declared")
    ]


def test_a_shipped_schema_is_validated_and_named_in_the_details() -> None:
    result = _trusting().verify_credential(_case("led-qualification"), now=None)
    structure = result.check("structure")
    assert structure.status is CheckStatus.PASSED
    assert structure.details == {"schemas_checked": QUALIFICATION}


def test_the_first_failing_pointer_is_reported() -> None:
    doc = _case("led-schema-invalid")
    structure = _trusting().verify_credential(doc).check("structure")
    assert structure.code is not None and structure.code.value == "structure.schema_invalid"
    assert structure.details == {
        "schema": QUALIFICATION,
        "pointer": "/credentialSubject/qualification/vksLevel",
        "keyword": "type",
    }


def test_unknown_schema_is_reported_not_fatal_unless_required() -> None:
    doc = _case("led-schema-unknown")
    relaxed = check_schemas(doc)
    assert relaxed.status is CheckStatus.PASSED
    assert relaxed.details == {"unknown_schema": "https://schemas.example/degree/v1"}
    strict = _trusting(require_known_schema=True).verify_credential(doc)
    assert strict.outcome.value == "indeterminate"
    assert [c.value for c in strict.codes] == ["structure.schema_unavailable"]
    assert [c.status.value for c in strict.checks][1:] == ["skipped"] * 6


def test_other_schema_types_are_not_validated_as_json_schema() -> None:
    doc = _case("led-qualification")
    doc["credentialSchema"] = [{"id": QUALIFICATION, "type": "1EdTechJsonSchemaValidator2019"}]
    result = check_schemas(doc)
    assert result.status is CheckStatus.PASSED
    assert result.details == {"unknown_schema": QUALIFICATION}


@pytest.mark.parametrize("value", [None, "x", 3, [], [None, "x"], {"id": 5}, [{"type": []}]])
def test_odd_credential_schema_values_never_raise(value: object) -> None:
    doc = _case("led-qualification")
    doc["credentialSchema"] = value
    assert check_schemas(doc).status in (CheckStatus.PASSED, CheckStatus.FAILED)


def test_issuance_side_refuses_unknown_or_invalid() -> None:
    doc = _case("led-qualification")
    validate_with_schema(doc, QUALIFICATION)
    with pytest.raises(SigningError) as exc:
        validate_with_schema(doc, "https://w3id.org/vc-led/schemas/nothing/v1")
    assert exc.value.code == "structure.schema_unavailable"
    doc["credentialSubject"]["qualification"]["unexpected"] = True
    with pytest.raises(SigningError) as exc:
        validate_with_schema(doc, QUALIFICATION)
    assert exc.value.details["pointer"] == "/credentialSubject/qualification/unexpected"
