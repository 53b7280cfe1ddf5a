"""JSON lines: exact round trip, and bad lines reported with line number, field and code."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from led_support import INSZ_LIKE, LED_NOW

from vc_led.led import (
    NOT_AVAILABLE,
    ImportedRecord,
    IssueCode,
    MagdaResult,
    PartialDate,
    RecordIssue,
    dumps_line,
    iter_jsonl,
    load_jsonl,
    read_jsonl,
    write_jsonl,
)
from vc_led.led.formats.codec import record_from_dict, record_to_dict
from vc_led.led.values import NOT_AVAILABLE_CODE


def _entries(parsed: dict[str, MagdaResult]) -> list[Any]:
    return [(e.holder, e.record) for r in parsed.values() for e in r.records]


def test_samples_round_trip_exactly(parsed_samples: dict[str, MagdaResult]) -> None:
    entries = _entries(parsed_samples)
    out = io.StringIO()
    assert write_jsonl(entries, out) == 173
    result = read_jsonl(io.StringIO(out.getvalue()), now=LED_NOW)
    assert result.ok and result.warnings == ()
    assert [(e.holder, e.record) for e in result.records] == entries
    assert [e.line for e in result.records] == list(range(1, 174))
    again = io.StringIO()
    write_jsonl([(e.holder, e.record) for e in result.records], again)
    assert again.getvalue() == out.getvalue()


def test_json_form_keeps_precision_and_pseudo_values(
    parsed_samples: dict[str, MagdaResult],
) -> None:
    record = parsed_samples["75721232437.xml"].records[0].record
    data = record_to_dict(record)
    assert data["basis"]["issueDate"] == {"year": 2006}
    assert data["derived"]["vksEducational"] == {
        "code": {"pseudo": "not_available", "text": "NBS"},
        "name": {"pseudo": "not_available", "text": "Niet beschikbaar"},
    }
    assert "insz" not in json.dumps(data).lower()
    assert record_from_dict(json.loads(json.dumps(data))) == record


def test_plain_led_spellings_are_read_as_pseudo_values(
    parsed_samples: dict[str, MagdaResult],
) -> None:
    data = record_to_dict(parsed_samples["75721232437.xml"].records[0].record)
    data["basis"]["fullTitle"] = "Niet beschikbaar"
    data["derived"]["vksEducational"] = {"code": "NBS", "name": "Niet beschikbaar"}
    record = record_from_dict(data)
    assert record.basis.full_title == NOT_AVAILABLE
    assert record.derived.vks_educational.code == NOT_AVAILABLE_CODE


def _line(parsed: dict[str, MagdaResult], **changes: Any) -> str:
    entry = parsed["75721232437.xml"].records[0]
    data = json.loads(dumps_line(entry.holder, entry.record))
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = data
        for key in parents:
            node = node[key]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value
    return json.dumps(data)


_DELETE = object()


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        (
            {"record__basis__issueDate": {"year": 2014, "day": 3}},
            IssueCode.RECORD_ISSUE_DATE_DAY_WITHOUT_MONTH,
            "basis.issue_date",
        ),
        (
            {"record__basis__issueDate": {"year": 2014, "month": 2, "day": 30}},
            IssueCode.RECORD_ISSUE_DATE_INVALID,
            "basis.issue_date",
        ),
        (
            {"record__basis__issueDate": {"year": "2014"}},
            IssueCode.RECORD_WRONG_TYPE,
            "basis.issue_date.year",
        ),
        ({"record__basis__grade": _DELETE}, IssueCode.RECORD_MISSING_FIELD, "basis.grade"),
        ({"record__basis__grad": "Master"}, IssueCode.RECORD_UNKNOWN_FIELD, "basis.grad"),
        ({"record__basis__fullTitle": "   "}, IssueCode.RECORD_EMPTY_TEXT, "basis.full_title"),
        (
            {"record__basis__studyProgramme": {"code": "DBG"}},
            IssueCode.RECORD_CODE_WITHOUT_NAME,
            "basis.study_programme",
        ),
        (
            {"record__basis__country": {"pseudo": "unknown", "text": "?"}},
            IssueCode.RECORD_BAD_VALUE,
            "basis.country",
        ),
        ({"record__status": "deleted"}, IssueCode.RECORD_UNKNOWN_STATUS, "status"),
        (
            {"record__modifiedAt": "2014-02-31T10:00:00"},
            IssueCode.RECORD_BAD_TIMESTAMP,
            "modified_at",
        ),
        (
            {"record__modifiedAt": "2014-02-03T10:00:00+01:00"},
            IssueCode.RECORD_BAD_TIMESTAMP,
            "modified_at",
        ),
        (
            {"record__basis__obtainedViaEvc": "yes"},
            IssueCode.RECORD_WRONG_TYPE,
            "basis.obtained_via_evc",
        ),
        (
            {"record__basis__alternativeAuthorities": {"role": "x"}},
            IssueCode.RECORD_WRONG_TYPE,
            "basis.alternative_authorities",
        ),
        ({"holder__insz": "12345"}, IssueCode.HOLDER_INSZ_INVALID, "holder.insz"),
        ({"holder__insz": "75721232438"}, IssueCode.HOLDER_INSZ_INVALID, "holder.insz"),
        ({"extra": 1}, IssueCode.RECORD_UNKNOWN_FIELD, "extra"),
        (
            {"record__basis__issueDate": {"year": 2099}},
            IssueCode.RECORD_ISSUE_DATE_IN_FUTURE,
            "basis.issue_date",
        ),
        ({"record__basis__country": "bel"}, IssueCode.RECORD_COUNTRY_CODE_INVALID, "basis.country"),
        (
            {"record__basis__institution": {"name": "X", "number": "1234567"}},
            IssueCode.RECORD_INSTITUTION_NUMBER_INVALID,
            "basis.institution.number",
        ),
        (
            {"record__basis__fullTitle": "x" * 1001},
            IssueCode.RECORD_TEXT_TOO_LONG,
            "basis.full_title",
        ),
        (
            {
                "record__basis__additionalInfo": [
                    {"type": "A", "content": "1"},
                    {"type": "A", "content": "2"},
                ]
            },
            IssueCode.RECORD_DUPLICATE_ADDITIONAL_INFO_TYPE,
            "basis.additional_info.type",
        ),
        (
            {
                "record__basis__alternativeAuthorities": [
                    {"role": "uitreikend", "authority": "Universiteit"},
                    {"role": "uitreikend", "authority": "Hogeschool"},
                ]
            },
            IssueCode.RECORD_DUPLICATE_AUTHORITY_ROLE,
            "basis.alternative_authorities.role",
        ),
    ],
)
def test_bad_line_is_reported_with_line_field_and_code(
    parsed_samples: dict[str, MagdaResult],
    changes: dict[str, Any],
    code: IssueCode,
    field: str,
) -> None:
    good = _line(parsed_samples)
    lines = [good, _line(parsed_samples, **changes), good]
    result = read_jsonl(lines, now=LED_NOW)
    assert [e.line for e in result.records] == [1, 3]
    assert [(e.code, e.field, e.line, e.record_index) for e in result.errors] == [
        (code, field, 2, 2)
    ]
    assert not INSZ_LIKE.search(result.errors[0].message)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("{not json", IssueCode.LINE_NOT_JSON),
        ('{"holder": {}, "holder": {}}', IssueCode.LINE_NOT_JSON),
        ('{"n": NaN}', IssueCode.LINE_NOT_JSON),
        ("[1, 2]", IssueCode.LINE_NOT_OBJECT),
        ('{"holder": {"insz": "75721232437"}}', IssueCode.RECORD_WRONG_TYPE),
        ("x" * 1_000_001, IssueCode.LINE_TOO_LONG),
    ],
)
def test_malformed_lines(line: str, code: IssueCode) -> None:
    result = read_jsonl(["", line, "   "], now=LED_NOW)
    assert [(e.code, e.line) for e in result.errors] == [(code, 2)]
    assert result.records == ()


def test_binary_input_and_invalid_utf8(
    tmp_path: Path, parsed_samples: dict[str, MagdaResult]
) -> None:
    good = _line(parsed_samples).encode()
    path = tmp_path / "records.jsonl"
    path.write_bytes(good + b"\n" + b'{"bad": "\xff"}\n' + good + b"\n")
    result = load_jsonl(path, now=LED_NOW)
    assert [e.line for e in result.records] == [1, 3]
    assert [(e.code, e.line) for e in result.errors] == [(IssueCode.LINE_NOT_UTF8, 2)]


def test_iter_jsonl_streams_records_and_issues(parsed_samples: dict[str, MagdaResult]) -> None:
    good = _line(parsed_samples)
    items = list(iter_jsonl([good, "{", good], now=LED_NOW))
    assert [type(i) for i in items] == [ImportedRecord, RecordIssue, ImportedRecord]


def test_warnings_keep_the_record(parsed_samples: dict[str, MagdaResult]) -> None:
    line = _line(parsed_samples, record__basis__validityPeriod="tot herroeping")
    result = read_jsonl([line], now=LED_NOW)
    assert len(result.records) == 1 and result.ok
    assert [w.code for w in result.warnings] == [IssueCode.RECORD_VALIDITY_PERIOD_UNPARSED]


def test_year_only_date_survives(parsed_samples: dict[str, MagdaResult]) -> None:
    result = read_jsonl([_line(parsed_samples)], now=LED_NOW)
    assert result.records[0].record.basis.issue_date == PartialDate(2006)
