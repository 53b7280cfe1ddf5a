"""The 48 MAGDA GeefBewijs sample answers: every file parses, 84 records come out complete."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from led_support import INSZ_LIKE, LED_NOW, sample_files

from vc_led.led import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    AnswerStatus,
    CodedValue,
    Institution,
    LedRecord,
    MagdaResult,
    NamedCode,
    PartialDate,
    RecordStatus,
    Subject,
    geef_bewijs_response,
    parse_geef_bewijs,
)
from vc_led.led.values import NOT_APPLICABLE_CODE, NOT_AVAILABLE_CODE, DatePrecision

NO_RECORDS = {"notfound.xml", "99610100179.xml"}
MAGDA_ERRORS = {
    "90722500191.xml": "99996",
    "90722500389.xml": "90000",
    "90722500587.xml": "15021",
    "90722500785.xml": "13202",
    "90722501874.xml": "15021",
    "91610100176.xml": "99996",
    "91610100374.xml": "99996",
}


def _record(results: dict[str, MagdaResult], name: str, index: int) -> LedRecord:
    return results[name].records[index - 1].record


def test_there_are_48_sample_files() -> None:
    assert len(sample_files()) == 48


def test_every_sample_parses_without_errors(parsed_samples: dict[str, MagdaResult]) -> None:
    assert len(parsed_samples) == 48
    for name, result in parsed_samples.items():
        if name in MAGDA_ERRORS:
            continue
        assert result.errors == (), name
        assert result.warnings == (), name


def test_173_records_of_which_84_distinct(parsed_samples: dict[str, MagdaResult]) -> None:
    records = [entry for result in parsed_samples.values() for entry in result.records]
    assert len(records) == 173
    distinct = {entry.record.led_reference for entry in records}
    assert len(distinct) == 84
    with_records = [r for r in parsed_samples.values() if r.status is AnswerStatus.RECORDS]
    assert len(with_records) == 39


def test_every_record_is_complete(parsed_samples: dict[str, MagdaResult]) -> None:
    for result in parsed_samples.values():
        for entry in result.records:
            record = entry.record
            for field in dataclasses.fields(record):
                assert getattr(record, field.name) is not None
            basis = record.basis
            for name in ("authenticity", "category", "grade", "education_form", "proof_type"):
                assert getattr(basis, name)
            assert basis.additional("Bewijs omschrijving") is not None
            assert isinstance(record.modified_at, datetime)


def test_indexes_and_lines_point_into_the_file(parsed_samples: dict[str, MagdaResult]) -> None:
    result = parsed_samples["88642199886.xml"]
    assert [e.index for e in result.records] == list(range(1, 25))
    assert result.records[1].line == 125


def test_not_found_is_a_clear_no_records_answer(parsed_samples: dict[str, MagdaResult]) -> None:
    for name in NO_RECORDS:
        result = parsed_samples[name]
        assert result.status is AnswerStatus.NO_RECORDS
        assert result.no_records and result.ok
        assert result.records == () and result.errors == ()
        assert result.answer_code == "40000"
        assert result.answer_text == "Geen gegevens gevonden."
        assert result.notices[0].origin == "LED" and result.notices[0].kind == "FOUT"


@pytest.mark.parametrize(("name", "code"), sorted(MAGDA_ERRORS.items()))
def test_magda_exceptions_are_reported_not_raised(
    parsed_samples: dict[str, MagdaResult], name: str, code: str
) -> None:
    result = parsed_samples[name]
    assert result.status is AnswerStatus.MAGDA_ERROR
    assert result.answer_code == code
    assert [e.code.value for e in result.errors] == ["input.magda_error"]
    assert result.records == ()


def test_self_declared_vdab_record_in_detail(parsed_samples: dict[str, MagdaResult]) -> None:
    entry = parsed_samples["88611099807.xml"].records[0]
    assert entry.holder.insz == "88611099807"
    record = entry.record
    assert record.led_reference == "6831401d-8549-4760-bee2-9a61e1c9e327"
    assert record.led_mutation_reference == "8b69c953-77ee-40ed-8003-b0cdd9b6f3dc"
    assert record.status is RecordStatus.REGISTERED
    assert record.modified_at == datetime(2014, 7, 9, 2, 21, 43, 279000)
    assert (record.supplier.name, record.supplier.reference) == ("VDAB", "BASISSTUDIES-4452734")
    basis = record.basis
    assert basis.authenticity == "Eigen verklaring - Op eer" and record.is_self_declared
    assert (basis.category, basis.grade, basis.education_form) == (
        "Secundair onderwijs",
        "3de graad",
        "BSO",
    )
    assert (basis.proof_type, basis.proof_state) == ("Studiegetuigschrift", "Eindbewijs")
    assert basis.authority_class == NOT_AVAILABLE
    assert basis.subject == Subject(code="346001", name="Administratie")
    assert basis.issue_date == PartialDate(2006, 6, 30)
    assert basis.full_title == "BSO 3de graad Kantoor"
    assert (basis.country, basis.language) == ("BEL", "nld")
    assert basis.institution == Institution(name=NOT_AVAILABLE)
    assert basis.school_type == "Gewoon"
    assert basis.study_programme == NamedCode(
        name="3e graad Beroeps Secundair Onderwijs", code="DBG"
    )
    assert basis.specialisation == NamedCode(name=NOT_APPLICABLE, code=NOT_APPLICABLE_CODE)
    assert basis.adult_education_hours is None
    assert basis.additional("Bewijs omschrijving") == "BSO 3de graad Kantoor"
    derived = record.derived
    assert derived.isced_field_97 == CodedValue("346", "Secretariaatswerk")
    assert derived.isced_level_97 == CodedValue("3C", "BSO Secundair onderwijs")
    assert derived.vks_educational == CodedValue("3", "Niveau 3")
    assert derived.vks_professional == CodedValue(NOT_AVAILABLE_CODE, NOT_AVAILABLE)
    assert derived.isced_field_2013 is None and derived.isced_level_2011 is None


def test_holder_of_a_record_may_differ_from_the_queried_insz(
    parsed_samples: dict[str, MagdaResult],
) -> None:
    holders = {e.holder.insz for e in parsed_samples["88611099807.xml"].records}
    assert holders == {"88611099807", "87712411039"}


def test_placeholder_year_and_whitespace_in_values(parsed_samples: dict[str, MagdaResult]) -> None:
    record = _record(
        parsed_samples, "88611099807.xml", len(parsed_samples["88611099807.xml"].records)
    )
    assert record.basis.issue_date == PartialDate(1800, 1, 1)
    assert record.basis.issue_date.precision is DatePrecision.UNKNOWN
    assert (
        record.basis.full_title == "BSO 3de graad Kantooradministratie en gegevensbeheer - 7de jaar"
    )
    assert record.basis.detail_subject == NamedCode(name=NOT_AVAILABLE)
    assert record.basis.adult_education_hours == 0


def test_year_only_naric_equivalence(parsed_samples: dict[str, MagdaResult]) -> None:
    record = _record(parsed_samples, "75721232437.xml", 1)
    assert record.supplier.name == "NARIC Vlaanderen"
    assert record.basis.proof_type == "Gelijkwaardigheid"
    assert record.basis.issue_date == PartialDate(2006)
    assert record.basis.issue_date.precision is DatePrecision.YEAR


def test_adult_education_intermediate_proof(parsed_samples: dict[str, MagdaResult]) -> None:
    record = _record(parsed_samples, "89610532179.xml", 2)
    assert record.supplier.name == "Volwassenenonderwijs"
    assert record.is_intermediate
    assert record.basis.additional("Module type") == "Standaard"
    assert record.basis.study_programme == NamedCode(
        name="Datacommunicatie en netwerken TV", code="40005511"
    )


def test_special_needs_records_are_flagged(parsed_samples: dict[str, MagdaResult]) -> None:
    special = [
        e.record
        for result in parsed_samples.values()
        for e in result.records
        if e.record.is_special_needs
    ]
    references = {r.led_reference for r in special}
    assert len(references) == 12  # the 12 distinct Schooltype = Buitengewoon records
    for record in special:
        assert record.basis.school_type == "Buitengewoon"
        assert {"basis.school_type", "basis.grade"} <= set(record.special_needs_fields)
        assert "basis.additional_info" in record.special_needs_fields  # "Attest OV3 ..."
    regular = _record(parsed_samples, "88611099807.xml", 1)
    assert not regular.is_special_needs and regular.special_needs_fields == ()


def test_no_insz_in_any_repr_or_message(parsed_samples: dict[str, MagdaResult]) -> None:
    for result in parsed_samples.values():
        text = repr(result) + " ".join(e.message for e in result.errors)
        assert not INSZ_LIKE.search(text.replace("-", " "))


def test_written_answers_read_back_identically(parsed_samples: dict[str, MagdaResult]) -> None:
    for name, result in parsed_samples.items():
        if not result.records:
            continue
        entries = [(e.holder, e.record) for e in result.records]
        xml = geef_bewijs_response(
            entries, answer_reference="1", message_reference="ref", sent_at=datetime(2024, 1, 1)
        )
        again = parse_geef_bewijs(xml, now=LED_NOW)
        assert again.ok, (name, again.errors)
        assert [(e.holder, e.record) for e in again.records] == entries


def test_written_no_records_answer() -> None:
    xml = geef_bewijs_response(
        [], answer_reference="1", message_reference="r", sent_at=datetime(2024, 1, 1)
    )
    result = parse_geef_bewijs(xml, now=LED_NOW)
    assert result.status is AnswerStatus.NO_RECORDS and result.answer_code == "40000"
