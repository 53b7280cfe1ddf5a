"""An INSZ typed into free text (issue 9): found in every written form, checksum-valid,
refused on import (``record.insz_in_text``) and never signed (``structure.contains_insz``)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from vc_led import Holder, KeyPair, SigningError, issue_credential
from vc_led.led import AdditionalInfo, LedRecord, read_jsonl, validate_record
from vc_led.led.holder import mask_insz, synthetic_insz
from vc_led.led.insz_text import contains_insz, find_insz, insz_paths, redact_insz
from vc_led.led.issues import IssueCode

LED_DATA = Path(__file__).resolve().parent / "data"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
REAL_SHAPED = "85073003328"  # checksum-valid, born 1985 (the pre-2000 variant)
POST_2000 = "01010100126"  # checksum-valid only with the 2-prefix (born 2001)
FORMS = [
    "85073003328",
    "85.07.30-033.28",
    "85 07 30 033 28",
    "850730-033-28",
    "85.07.30 - 033.28",
    "85/07/30/033/28",
    "".join(chr(0xFF10 + int(d)) for d in "85073003328"),  # full-width digits
]


def _competence() -> LedRecord:
    lines = (LED_DATA / "competence-record.jsonl").read_text(encoding="utf-8").splitlines()
    return read_jsonl(lines, now=NOW).records[0].record


def test_the_fixtures_are_what_they_claim() -> None:
    from vc_led.led.holder import insz_checksum_ok

    assert insz_checksum_ok(REAL_SHAPED) and insz_checksum_ok(POST_2000)
    assert 97 - int(POST_2000[:9]) % 97 != int(POST_2000[9:])  # only the post-2000 variant


@pytest.mark.parametrize("form", FORMS)
def test_every_written_form_is_found(form: str) -> None:
    text = f"Diploma van Jan ({form}), met onderscheiding"
    assert contains_insz(text)
    assert "<INSZ>" in redact_insz(text) and "033" not in redact_insz(text)
    assert "033" not in mask_insz(text).replace("<INSZ>", "")


def test_post_2000_and_synthetic_numbers_are_found() -> None:
    assert find_insz(f"nr {POST_2000[:2]} {POST_2000[2:4]} {POST_2000[4:6]} {POST_2000[6:9]} 26")
    assert contains_insz(synthetic_insz(date(2003, 4, 5), 12))
    assert contains_insz(synthetic_insz(date(1970, 12, 31), 998))


@pytest.mark.parametrize(
    "text",
    [
        "85073003329",  # wrong check number
        "850730033281",  # twelve digits
        "1850730033 28",  # the groups do not fit
        "85 13 30 033 70",  # month 13, checksum-valid
        "BK-EVC-30003, 2024-01-15, 0123 456 789",
        "urn:uuid:6c1e0d52-1e5a-4c0b-8f3e-000000000001",
        "1f6ec0db-be25-42af-b729-02482491335e",  # 11 digits (valid) glued to a hex letter
        "z6Mk85073003328abc",
        "",
    ],
)
def test_other_numbers_are_not_taken_for_an_insz(text: str) -> None:
    assert not contains_insz(text)


def test_two_numbers_and_paths() -> None:
    assert find_insz(f"file_{REAL_SHAPED}.pdf") and find_insz(f"INSZ:{REAL_SHAPED}")
    text = f"{REAL_SHAPED} en 85.07.30-033.28"
    assert len(find_insz(text)) == 2 and redact_insz(text) == "<INSZ> en <INSZ>"
    nested = {"a": [{"b": "ok"}, {"c": f"x {REAL_SHAPED}"}], REAL_SHAPED: "key"}
    assert list(insz_paths(nested)) == ["a.1.c", "<key>"]
    assert all(REAL_SHAPED not in path for path in insz_paths(nested))


@pytest.mark.parametrize("form", FORMS[:3])
def test_validate_record_rejects_an_insz_in_any_text(form: str) -> None:
    record = _competence()
    basis = record.basis
    info = AdditionalInfo(type="Bewijs omschrijving", content=f"voor {form}")
    cases = {
        "basis.full_title": dataclasses.replace(
            record, basis=dataclasses.replace(basis, full_title=f"Attest {form}")
        ),
        "basis.additional_info.0.content": dataclasses.replace(
            record, basis=dataclasses.replace(basis, additional_info=(info,))
        ),
        "supplier.name": dataclasses.replace(
            record, supplier=dataclasses.replace(record.supplier, name=form)
        ),
    }
    assert not [i for i in validate_record(record, now=NOW) if i.severity == "error"]
    for path, bad in cases.items():
        issues = [
            i for i in validate_record(bad, now=NOW) if i.code is IssueCode.RECORD_INSZ_IN_TEXT
        ]
        assert [(i.field, i.severity.value) for i in issues] == [(path, "error")]
        assert "033" not in issues[0].message


def test_issue_credential_never_signs_an_insz() -> None:
    record = _competence()
    key = KeyPair.generate(controller="did:web:registry.example")
    holder = Holder(
        given_name="An",
        family_name="Peeters",
        did="did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH",
    )
    assert issue_credential(record=record, holder=holder, issuer_key=key, now=NOW)["proof"]
    titled = dataclasses.replace(
        record, basis=dataclasses.replace(record.basis, full_title="Attest 85 07 30 033 28")
    )
    supplier = dataclasses.replace(
        record, supplier=dataclasses.replace(record.supplier, name="85.07.30-033.28")
    )
    named = Holder(given_name="An", family_name="Peeters", did="did:web:wallet.example:85073003328")
    for bad_record, bad_holder in ((titled, holder), (supplier, holder), (record, named)):
        with pytest.raises(SigningError) as caught:
            issue_credential(record=bad_record, holder=bad_holder, issuer_key=key, now=NOW)
        assert caught.value.code == "structure.contains_insz"
        assert "033" not in str(caught.value) and "85073003328" not in str(caught.value)
