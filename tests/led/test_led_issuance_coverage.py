"""Issuance applies the verifier's scope and coverage rules (the LED table of
``default_led_registry``), and the generator produces only what real LED holds: every
generated record lies inside the default registry's coverage."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from issue_support import HOLDER, ISSUED_AT, KEY, issue, verifier

from vc_led import SigningError, VerificationPolicy, Verifier, default_led_registry
from vc_led.led import LedRecord, PartialDate
from vc_led.led.issuing import check_record_issuable
from vc_led.led.synthetic import generate_records

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def _secondary(day: PartialDate) -> LedRecord:
    record = next(
        r
        for _, r in generate_records(persons=30, seed=3)
        if r.supplier.name == "Secundair onderwijs" and not r.is_cancelled
    )
    return replace(record, basis=replace(record.basis, issue_date=day))


def test_a_secondary_diploma_before_school_year_2001_2002_is_not_signed() -> None:
    with pytest.raises(SigningError) as refused:
        issue(_secondary(PartialDate(2001, 6, 30)))
    assert refused.value.code == "issuer.before_coverage"
    assert refused.value.details == {
        "supplier": "Secundair onderwijs",
        "coverage_start": "2001-09-01",
        "issued": "2001-06-30",
    }
    with pytest.raises(SigningError):
        check_record_issuable(_secondary(PartialDate(2000)), issuer_id=KEY.controller, now=AS_OF)


def test_the_first_covered_diploma_is_signed_and_the_registry_accepts_it() -> None:
    doc = issue(_secondary(PartialDate(2002, 6, 30)), HOLDER)
    assert verifier().verify_credential(doc, now=ISSUED_AT).verified
    trust = default_led_registry(registry_did=KEY.controller)
    result = Verifier(VerificationPolicy(), trust=trust).verify_credential(doc, now=ISSUED_AT)
    assert result.verified and result.check("issuer").code is None


def test_a_caller_trust_list_decides_at_issuance() -> None:
    trust = default_led_registry(registry_did="did:web:another-registry.example")
    with pytest.raises(SigningError) as refused:  # this trust list does not list our issuer
        issue(_secondary(PartialDate(2019, 6, 30)), trust=trust)
    assert refused.value.code == "issuer.not_accredited"


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**31), persons=st.integers(1, 6))
def test_every_generated_record_is_inside_the_default_registry_coverage(
    seed: int, persons: int
) -> None:
    for _, record in generate_records(persons=persons, seed=seed):
        if record.is_cancelled:
            continue  # never issued (status 10)
        try:
            check_record_issuable(record, issuer_id=KEY.controller, now=AS_OF)
        except SigningError as exc:
            raise AssertionError(
                f"{record.supplier.name} {record.basis.category} of {record.basis.issue_date}: "
                f"{exc.code} {exc.details}"
            ) from None
