"""Golden reports (``report-*`` folders): what ``vc-led verify --lang en|nl`` prints and the
report's JSON, byte for byte, per LED record kind and language; and the rules every report
keeps whatever its wording (a regenerated golden file cannot break them unnoticed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _report_files import report_files, verify_files

from vc_led.report import Report, build_report, render_report, texts

HERE = Path(__file__).resolve().parent
REPORTS = sorted(p.name for p in HERE.iterdir() if (p / "report.en.txt").is_file())
KINDS = {
    "report-qualification-aso", "report-qualification-bso", "report-qualification-higher",
    "report-intermediate", "report-competence", "report-self-declared-on-honour",
    "report-self-declared-verified", "report-equivalence", "report-date-unknown",
    "report-date-year", "report-date-year-month", "report-tampered", "report-issuer-unknown",
    "report-not-accredited",
}  # fmt: skip


def _files(name: str) -> dict[str, bytes]:
    folder = HERE / name
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _report(name: str, lang: str) -> Report:
    return build_report(verify_files(_files(name)), lang=lang)


def _fields(report: Report) -> dict[str, str]:
    return {f.key: f.value for f in report.fields}


def test_every_record_kind_has_a_golden_report() -> None:
    assert set(REPORTS) >= KINDS


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_text(name: str, lang: str) -> None:
    expected = (HERE / name / f"report.{lang}.txt").read_text(encoding="utf-8")
    assert render_report(_report(name, lang)) + "\n" == expected


@pytest.mark.parametrize("name", REPORTS)
def test_report_json(name: str) -> None:
    actual = json.loads(report_files(_files(name))["report.json"])
    assert actual == json.loads((HERE / name / "report.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_claims_are_facts_only_when_verified(name: str, lang: str) -> None:
    report = _report(name, lang)
    text = render_report(report)
    words: Any = texts(lang)
    marker = words["claims"]["marker"]
    if report.outcome == "verified":
        assert report.claims_verified and not any(f.claimed for f in report.fields)
        assert marker not in text
        return
    assert not report.claims_verified
    assert all(f.claimed for f in report.fields)
    shown = [line for line in text.splitlines() if line.startswith("  ") and "  " in line[2:]]
    facts = shown[: len(report.fields)]
    assert all(line.endswith(f"[{marker}]") for line in facts), facts
    if report.fields:
        assert words["claims"]["heading"] in text and words["fields"]["what_it_says"] not in text


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_self_declared_verdict_says_so(lang: str) -> None:
    relied = texts(lang)["verdict_line"]["verified"]
    for name, how in (("on-honour", "on_honour"), ("verified", "verified")):
        report = _report(f"report-self-declared-{name}", lang)
        assert report.outcome == "verified" and report.verdict_line != relied
        assert (
            report.verdict_line == texts(lang)["verdict_line_authenticity"][f"self_declared_{how}"]
        )
        assert report.record_kind == f"self_declared_{how}"
        assert f"eigen_verklaring_{how}" in [g.term for g in report.glossary]
    honour = _report("report-self-declared-on-honour", "en").verdict_line
    assert "nobody checked" in honour and "VDAB" not in honour
    assert "VDAB consultant saw" in _report("report-self-declared-verified", "en").verdict_line


def test_dates_are_as_precise_as_the_record() -> None:
    unknown = _fields(_report("report-date-unknown", "en"))
    assert unknown["awarded"] == texts("en")["dates"]["unknown"]
    assert _fields(_report("report-date-unknown", "nl"))["awarded"].startswith("niet geregistreerd")
    year = _fields(_report("report-date-year", "en"))["awarded"]
    assert year.startswith("2016 (year only")
    month = _fields(_report("report-date-year-month", "nl"))["awarded"]
    assert month.startswith("2016-06 (enkel jaar en maand")
    assert _fields(_report("report-qualification-aso", "en"))["awarded"] == "2011-06-30"


def test_an_unknown_date_is_never_the_issue_date() -> None:
    doc = json.loads((HERE / "report-date-unknown" / "input.json").read_text(encoding="utf-8"))
    node = doc["credentialSubject"]["qualification"]
    assert "awardedOn" not in node and node["awardedOnPrecision"] == "unknown"
    text = (HERE / "report-date-unknown" / "report.en.txt").read_text(encoding="utf-8")
    assert doc["validFrom"][:10] not in text and doc["proof"]["created"][:10] not in text


def test_intermediate_is_marked_with_what_it_is_part_of() -> None:
    report = _report("report-intermediate", "en")
    fields = _fields(report)
    assert report.intermediate and fields["intermediate"].startswith("INTERMEDIATE")
    assert fields["title_intermediate"] == "Basis koken" and fields["part_of"] == "Basis koken"
    assert "title" not in fields and "tussenbewijs" in [g.term for g in report.glossary]
    assert "TUSSENBEWIJS" in _fields(_report("report-intermediate", "nl"))["intermediate"]
    assert "intermediate" not in _fields(_report("report-qualification-aso", "en"))


def test_equivalence_shows_the_decision_and_the_original() -> None:
    fields = _fields(_report("report-equivalence", "en"))
    assert fields["decided_by"] == "NARIC Vlaanderen"
    assert fields["original_institution"].startswith("SYNTRA Vlaanderen")
    assert fields["original_title"].startswith("Getuigschrift praktijk")
    assert fields["equivalent_to"].startswith("Ondernemersopleidingen")
    assert fields["decided_on"].startswith("2006")
    assert "institution" not in fields and "awarded" not in fields and "title" not in fields


def test_an_altered_credential_shows_nothing_it_says() -> None:
    for lang in ("en", "nl"):
        report = _report("report-tampered", lang)
        assert report.fields == () and report.glossary == ()
        assert report.notice == texts(lang)["claims"]["withheld"]
    text = (HERE / "report-tampered" / "report.en.txt").read_text(encoding="utf-8")
    assert "Harvard" not in text and "An Peeters" not in text and "AHOVOKS" not in text


def test_issuer_name_is_claimed_when_trust_is_undecided() -> None:
    report = _report("report-issuer-unknown", "nl")
    issuer = next(f for f in report.fields if f.key == "issuer")
    assert issuer.claimed and issuer.value.startswith("AHOVOKS")
    line = next(x for x in render_report(report).splitlines() if "AHOVOKS" in x)
    assert line.endswith("[beweerd, niet geverifieerd]")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_glossary_explains_only_terms_that_occur(lang: str) -> None:
    aso = [g.term for g in _report("report-qualification-aso", lang).glossary]
    assert {"LED", "ASO", "graad", "VKS", "EQF", "Diploma"} <= set(aso) and "BSO" not in aso
    bso = [g.term for g in _report("report-qualification-bso", lang).glossary]
    assert "BSO" in bso and "ASO" not in bso
    higher = [g.term for g in _report("report-qualification-higher", lang).glossary]
    assert "ASO" not in higher and "graad" not in higher and "Hoger onderwijs" in higher
    competence = [g.term for g in _report("report-competence", lang).glossary]
    assert "EVC" in competence and "Ervaringsbewijs" in competence
    equivalence = [g.term for g in _report("report-equivalence", lang).glossary]
    assert {"gelijkwaardigheid", "NARIC"} <= set(equivalence)
    for name in REPORTS:
        for line in _report(name, lang).glossary:
            assert line.text == texts(lang)["glossary"][line.term]


def test_an_led_sd_jwt_vc_reads_like_its_w3c_rendition() -> None:
    """Fully disclosed, the SD-JWT VC of the ASO diploma shows the W3C report's facts and
    labels (the issuer is named by ``iss``, the holder's key is ``cnf``)."""
    for lang in ("en", "nl"):
        w3c = _fields(_report("report-qualification-aso", lang))
        sd = _fields(_report("report-sdjwt-qualification-full", lang))
        same = set(w3c) - {"issuer", "holder_key"}
        assert {k: sd.get(k) for k in same} == {k: w3c[k] for k in same}


def test_an_led_sd_jwt_presentation_shows_only_what_was_disclosed() -> None:
    partial = _fields(_report("report-sdjwt-qualification-partial", "en"))
    assert "birth_date" not in partial and "level" not in partial
    assert partial["awarded"] == texts("en")["dates"]["not_disclosed"]
    withheld = render_report(_report("report-sdjwt-special-needs-withheld", "en"))
    for value in ("OV1", "OV2", "OV3", "OV4", "Buitengewoon", "BuSO", "Bu.S.O"):
        assert value not in withheld
