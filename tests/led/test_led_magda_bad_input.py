"""Corrupted copies of every sample, XML bombs and other hostile input.

Every bad record gives an error naming the record (index), the field and a stable code;
the other records of the file are still imported; input that is bad as a whole (truncated,
wrong namespace, DTD) gives one input-level error and no records at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from led_support import INSZ_LIKE, LED_NOW, record_files

from vc_led.led import AnswerStatus, IssueCode, MagdaResult, parse_geef_bewijs
from vc_led.led.formats.magda import load_geef_bewijs

GEEF_NS = b"http://geefbewijs.bewijsraadplegingdienst.led.vlaanderen.be"
FILES = record_files()
IDS = [p.name for p in FILES]


def _etree() -> Any:
    from lxml import etree

    return etree


def _edit_last_record(path: Path, edit: Callable[[Any], None]) -> tuple[bytes, int, int]:
    """Apply ``edit`` to the last Bewijs; return (document, its index, record count)."""
    etree = _etree()
    root = etree.fromstring(path.read_bytes())
    records = root.findall(".//Bewijzen/Bewijs")
    edit(records[-1])
    return etree.tostring(root), len(records), len(records)


def _assert_only_last_rejected(
    result: MagdaResult, index: int, count: int, code: IssueCode, field: str | None
) -> None:
    assert result.status is AnswerStatus.RECORDS
    assert len(result.records) == count - 1
    assert result.rejected_indexes == (index,)
    issue = result.errors[0]
    assert issue.code is code, result.errors
    assert issue.record_index == index
    if field is not None:
        assert issue.field == field
    assert issue.line is not None
    assert not INSZ_LIKE.search(" ".join(e.message for e in result.errors))


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_truncated_file_gives_one_error_and_no_records(path: Path) -> None:
    data = path.read_bytes()
    result = parse_geef_bewijs(data[: len(data) * 2 // 3], now=LED_NOW)
    assert result.status is AnswerStatus.INVALID
    assert result.records == ()
    assert [e.code for e in result.errors] == [IssueCode.INPUT_NOT_WELL_FORMED]
    assert result.errors[0].record_index is None and result.errors[0].line is not None
    assert "none of its" in result.errors[0].message


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_wrong_namespace_is_refused(path: Path) -> None:
    data = path.read_bytes().replace(GEEF_NS, b"http://example.org/not-magda")
    result = parse_geef_bewijs(data, now=LED_NOW)
    assert result.status is AnswerStatus.INVALID and result.records == ()
    assert [e.code for e in result.errors] == [IssueCode.INPUT_WRONG_NAMESPACE]


def _impossible_date(bewijs: Any) -> None:
    date = bewijs.find("Basis/Uitreikingsdatum")
    for child in list(date)[1:]:
        date.remove(child)
    etree = _etree()
    etree.SubElement(date, "Maand").text = "02"
    etree.SubElement(date, "Dag").text = "30"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_impossible_issue_date_rejects_that_record_only(path: Path) -> None:
    data, index, count = _edit_last_record(path, _impossible_date)
    result = parse_geef_bewijs(data, now=LED_NOW)
    _assert_only_last_rejected(
        result, index, count, IssueCode.RECORD_ISSUE_DATE_INVALID, "basis.issue_date"
    )


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_schema_violation_rejects_that_record_only(path: Path) -> None:
    def edit(bewijs: Any) -> None:
        bewijs.find("Basis/Uitreikingsdatum/Jaar").text = "3015"

    data, index, count = _edit_last_record(path, edit)
    result = parse_geef_bewijs(data, now=LED_NOW)
    _assert_only_last_rejected(
        result, index, count, IssueCode.RECORD_SCHEMA_INVALID, "basis.issue_date"
    )


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_corrupted_insz_is_reported_without_its_value(path: Path) -> None:
    def edit(bewijs: Any) -> None:
        bewijs.find("PersoonUitgereikt/INSZ").text = "8861109980X"

    data, index, count = _edit_last_record(path, edit)
    result = parse_geef_bewijs(data, now=LED_NOW)
    _assert_only_last_rejected(result, index, count, IssueCode.RECORD_SCHEMA_INVALID, "holder.insz")
    assert all("8861109980" not in e.message for e in result.errors)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_missing_required_element_rejects_that_record_only(path: Path) -> None:
    def edit(bewijs: Any) -> None:
        basis = bewijs.find("Basis")
        basis.remove(basis.find("Categorie"))

    data, index, count = _edit_last_record(path, edit)
    result = parse_geef_bewijs(data, now=LED_NOW)
    _assert_only_last_rejected(result, index, count, IssueCode.RECORD_SCHEMA_INVALID, None)
    assert "Categorie" in result.errors[0].message


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_bad_checksum_rejects_that_record_only(path: Path) -> None:
    def edit(bewijs: Any) -> None:
        element = bewijs.find("PersoonUitgereikt/INSZ")
        insz = element.text.strip()
        element.text = insz[:9] + f"{(int(insz[9:]) + 1) % 100:02d}"

    data, index, count = _edit_last_record(path, edit)
    result = parse_geef_bewijs(data, now=LED_NOW)
    _assert_only_last_rejected(result, index, count, IssueCode.HOLDER_INSZ_INVALID, "holder.insz")


def test_a_bad_record_in_the_middle_does_not_stop_the_file() -> None:
    etree = _etree()
    path = next(p for p in FILES if p.name == "88642199886.xml")
    root = etree.fromstring(path.read_bytes())
    records = root.findall(".//Bewijzen/Bewijs")
    records[4].find("Basis/Uitreikingsdatum/Jaar").text = "20x4"
    records[9].find("BewijsstatusLed/DatumModificatie/Datum").text = "31.02.2014"
    records[14].find("BewijsstatusLed/Code").text = "7"
    result = parse_geef_bewijs(etree.tostring(root), now=LED_NOW)
    assert result.rejected_indexes == (5, 10, 15)
    assert len(result.records) == 21
    by_index = {e.record_index: e for e in result.errors}
    assert by_index[5].field == "basis.issue_date"
    assert (
        by_index[10].code is IssueCode.RECORD_BAD_TIMESTAMP and by_index[10].field == "modified_at"
    )
    assert by_index[15].code is IssueCode.RECORD_SCHEMA_INVALID and by_index[15].field == "status"


def _one_record_file() -> Path:
    return next(p for p in FILES if p.name == "75721232437.xml")


def test_rules_apply_with_an_injected_clock() -> None:
    path = next(p for p in FILES if p.name == "88611099807.xml")
    today = load_geef_bewijs(path, now=LED_NOW)
    early = datetime(2005, 1, 1, tzinfo=UTC)
    later = {e.index for e in today.records if e.record.basis.issue_date.earliest() > early.date()}
    assert later == {1, 2, 5, 6, 7}
    result = load_geef_bewijs(path, now=early)
    future = [e for e in result.errors if e.code is IssueCode.RECORD_ISSUE_DATE_IN_FUTURE]
    assert {e.record_index for e in future} == later
    assert all(e.field == "basis.issue_date" for e in future)
    assert len(result.records) + len(result.rejected_indexes) == len(today.records)
    assert {w.code for w in result.warnings} == {IssueCode.RECORD_MODIFIED_IN_FUTURE}


def test_rule_violations_the_schema_allows() -> None:
    etree = _etree()
    root = etree.fromstring(_one_record_file().read_bytes())
    basis = root.find(".//Bewijs/Basis")
    date = basis.find("Uitreikingsdatum")
    etree.SubElement(date, "Dag").text = "12"  # a day without a month (XSD allows it)
    infos = basis.find("BijkomendeInformaties")
    infos.append(etree.fromstring(etree.tostring(infos[0])))  # the same type twice
    result = parse_geef_bewijs(etree.tostring(root), now=LED_NOW)
    assert [e.code for e in result.errors] == [IssueCode.RECORD_DUPLICATE_ADDITIONAL_INFO_TYPE]
    assert result.errors[0].field == "basis.additional_info"  # found by the XSD's xs:unique
    infos.remove(infos[-1])
    result = parse_geef_bewijs(etree.tostring(root), now=LED_NOW)
    assert [e.code for e in result.errors] == [IssueCode.RECORD_ISSUE_DATE_DAY_WITHOUT_MONTH]
    assert result.errors[0].field == "basis.issue_date"
    assert len(result.records) == 1


def test_more_than_99_records_rejects_the_extra_ones() -> None:
    etree = _etree()
    root = etree.fromstring(_one_record_file().read_bytes())
    bewijzen = root.find(".//Bewijzen")
    for _ in range(100):
        bewijzen.append(etree.fromstring(etree.tostring(bewijzen[0])))
    result = parse_geef_bewijs(etree.tostring(root), now=LED_NOW)
    assert len(result.records) == 99
    assert result.rejected_indexes == (100, 101, 102)
    assert {e.code for e in result.errors} == {IssueCode.INPUT_TOO_MANY_RECORDS}


def test_invalid_envelope_rejects_everything() -> None:
    etree = _etree()
    root = etree.fromstring(_one_record_file().read_bytes())
    repliek = root.find("Repliek")
    repliek.remove(repliek.find("Context"))
    result = parse_geef_bewijs(etree.tostring(root), now=LED_NOW)
    assert result.status is AnswerStatus.INVALID and result.records == ()
    assert {e.code for e in result.errors} == {IssueCode.INPUT_SCHEMA_INVALID}
    assert "none of its 2 record(s) was imported" in result.errors[-1].message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<geef:GeefBewijsResponse xmlns:geef="http://geefbewijs.bewijsraadplegingdienst.led.vlaanderen.be">
<Repliek>&lol9;</Repliek></geef:GeefBewijsResponse>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<geef:GeefBewijsResponse xmlns:geef="http://geefbewijs.bewijsraadplegingdienst.led.vlaanderen.be">
<Repliek>&xxe;</Repliek></geef:GeefBewijsResponse>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE r SYSTEM "http://example.org/evil.dtd">
<geef:GeefBewijsResponse xmlns:geef="http://geefbewijs.bewijsraadplegingdienst.led.vlaanderen.be"/>"""


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        XXE,
        EXTERNAL_DTD,
        BILLION_LAUGHS.decode()
        .replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
        .encode("utf-16"),
    ],
    ids=["billion-laughs", "xxe", "external-dtd", "utf16-bomb"],
)
def test_xml_bombs_and_external_entities_are_refused(data: bytes) -> None:
    result = parse_geef_bewijs(data, now=LED_NOW)
    assert result.status is AnswerStatus.INVALID and result.records == ()
    assert [e.code for e in result.errors] == [IssueCode.INPUT_FORBIDDEN_DTD]
    assert "DTD" in result.errors[0].message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", IssueCode.INPUT_NOT_WELL_FORMED),
        (b"not xml at all", IssueCode.INPUT_NOT_WELL_FORMED),
        (b"<a>" * 100_000, IssueCode.INPUT_NOT_WELL_FORMED),
        (b"<GeefBewijs/>", IssueCode.INPUT_WRONG_ROOT),
        (b"<GeefBewijsResponse/>", IssueCode.INPUT_WRONG_NAMESPACE),
    ],
    ids=["empty", "text", "deep-nesting", "wrong-root", "no-namespace"],
)
def test_other_hostile_input(data: bytes, code: IssueCode) -> None:
    result = parse_geef_bewijs(data, now=LED_NOW)
    assert result.status is AnswerStatus.INVALID and result.records == ()
    assert [e.code for e in result.errors] == [code]


def test_oversized_input_is_refused_before_parsing(tmp_path: Path) -> None:
    data = _one_record_file().read_bytes()
    assert parse_geef_bewijs(data, max_bytes=100).errors[0].code is IssueCode.INPUT_TOO_LARGE
    big = tmp_path / "big.xml"
    big.write_bytes(data)
    assert load_geef_bewijs(big, max_bytes=100).errors[0].code is IssueCode.INPUT_TOO_LARGE


def test_structural_errors_in_one_record_do_not_hide_errors_in_later_ones() -> None:
    etree = _etree()
    path = next(p for p in FILES if p.name == "88642199886.xml")
    root = etree.fromstring(path.read_bytes())
    records = root.findall(".//Bewijzen/Bewijs")
    basis = records[2].find("Basis")
    basis.remove(basis.find("Categorie"))
    etree.SubElement(records[6].find("Basis"), "Onbekend").text = "x"
    records[11].find("Basis/Uitreikingsdatum/Jaar").text = "3015"
    result = parse_geef_bewijs(etree.tostring(root), now=LED_NOW)
    assert result.rejected_indexes == (3, 7, 12)
    assert len(result.records) == 21


SOAP = (
    b'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
    b"<soapenv:Header/><soapenv:Body>%s</soapenv:Body></soapenv:Envelope>"
)


@pytest.mark.parametrize("path", FILES[:5], ids=IDS[:5])
def test_soap_wrapped_answers_are_unwrapped_and_validated(path: Path) -> None:
    etree = _etree()
    plain = parse_geef_bewijs(path.read_bytes(), now=LED_NOW)
    root = etree.fromstring(path.read_bytes())
    wrapped = parse_geef_bewijs(SOAP % etree.tostring(root), now=LED_NOW)
    assert wrapped.ok and wrapped.records == plain.records
    root.find(".//Bewijs/Basis/Uitreikingsdatum/Jaar").text = "92014"
    broken = parse_geef_bewijs(SOAP % etree.tostring(root), now=LED_NOW)
    assert broken.rejected_indexes == (1,)
    assert broken.errors[0].code is IssueCode.RECORD_SCHEMA_INVALID


def test_empty_soap_body_is_the_wrong_root() -> None:
    result = parse_geef_bewijs(SOAP % b"", now=LED_NOW)
    assert [e.code for e in result.errors] == [IssueCode.INPUT_WRONG_ROOT]
