"""The report of an LED SD-JWT VC shows the disclosed claims with the W3C report's labels,
says "not disclosed" where a reader expects a withheld fact, and invents nothing.

The results here are built by hand from the rendition's claims (what the SD-JWT verifier
returns as the document: the disclosed claims plus ``iss``, ``vct``, ``nbf``, ``exp``); the
round trip through the real issuer and verifier is in test_led_sdjwt_issue.py."""

from __future__ import annotations

from typing import Any

from sdjwt_led_support import HOLDER, NOW, one_per_profile, special_needs

from vc_led.led import LedRecord
from vc_led.led.profiles import select_profile
from vc_led.led.profiles.sdjwt import sd_jwt_rendition
from vc_led.report import build_report, render_text, summarize
from vc_led.results import CHECK_ORDER, CheckResult, CheckStatus, VerificationResult

_ISS = "https://registry.led.example"


def _result(record: LedRecord, keep: set[str] | None = None) -> VerificationResult:
    """A verified result whose document is the record's SD-JWT claims (``keep``: the
    top-level claims disclosed; the node keeps only ``title`` and ``awarding_body.name``)."""
    rendition = sd_jwt_rendition(
        record=record, holder=HOLDER, profile=select_profile(record).value, issued_at=NOW
    )
    claims: dict[str, Any] = dict(rendition.claims)
    if keep is not None:
        claims = {k: v for k, v in claims.items() if k in keep}
        for name in ("qualification", "equivalence", "self_declaration"):
            if name in claims:
                node = claims[name]
                body = {"name": node["awarding_body"]["name"]} if "awarding_body" in node else {}
                claims[name] = {"title": node.get("title", "?"), "awarding_body": body}
    document = {"iss": _ISS, "iat": int(NOW.timestamp()), "vct": rendition.vct, **claims}
    document["nbf"] = int(rendition.not_before.timestamp())
    checks = tuple(
        CheckResult(c, CheckStatus.SKIPPED if c == "context" else CheckStatus.PASSED)
        for c in CHECK_ORDER
    )
    return VerificationResult("credential", checks, (), document)


def _fields(report: Any) -> dict[str, str]:
    return {f.key: f.value for f in report.fields}


def test_full_disclosure_shows_the_w3c_facts() -> None:
    record = one_per_profile()[("qualification", False)]
    report = build_report(_result(record))
    fields = _fields(report)
    assert report.record_kind == "qualification"
    assert fields["holder"] == "An Peeters" and fields["birth_date"] == "1990-01-02"
    assert fields["title"] == record.basis.full_title
    assert fields["awarded"].startswith(record.basis.issue_date.iso())
    assert fields["institution"] == record.basis.institution.name
    assert fields["issuer"] == _ISS
    assert report.notice is not None and "SD-JWT" in report.notice
    assert summarize(_result(record)).selective


def test_partial_disclosure_shows_only_what_was_disclosed() -> None:
    """The hospital case: the title and the institution, no birth date, no date, no level."""
    record = one_per_profile()[("qualification", False)]
    report = build_report(_result(record, keep={"qualification", "given_name", "family_name"}))
    fields = _fields(report)
    assert "birth_date" not in fields and "level" not in fields
    assert "document_type" not in fields and "education" not in fields
    assert fields["awarded"] == "not disclosed by the holder"
    assert fields["title"] == record.basis.full_title
    nl = _fields(build_report(_result(record, keep={"qualification"}), lang="nl"))
    assert nl["awarded"] == "niet vrijgegeven door de houder" and "holder" not in nl


def test_intermediate_and_kind_come_from_the_vct() -> None:
    record = one_per_profile()[("qualification", True)]
    report = build_report(_result(record, keep=set()))
    assert report.intermediate and report.record_kind == "qualification"
    fields = _fields(report)
    assert fields["title_intermediate"] == "not disclosed by the holder"
    declared = one_per_profile()[("self-declared", False)]
    assert build_report(_result(declared, keep=set())).record_kind.startswith("self_declared")


def test_equivalence_labels() -> None:
    record = one_per_profile()[("equivalence", False)]
    fields = _fields(build_report(_result(record)))
    assert fields["original_title"] == record.basis.full_title
    assert fields["decided_by"] == "NARIC Vlaanderen"


def test_undisclosed_special_needs_data_is_not_in_the_report() -> None:
    record = special_needs()[0]
    text = render_text(_result(record, keep={"given_name", "family_name"}), lang="en")
    for value in (
        "OV1",
        "OV2",
        "OV3",
        "OV4",
        "Buitengewoon",
        "BuSO",
        record.basis.institution.name,
    ):
        assert str(value) not in text
    full = render_text(_result(record), lang="en")
    assert "Buitengewoon" in full or "OV" in full  # disclosed, it is shown like the W3C one


def test_a_foreign_sd_jwt_vc_gets_the_generic_lines_and_no_led_fields() -> None:
    checks = tuple(CheckResult(c, CheckStatus.PASSED) for c in CHECK_ORDER)
    doc = {"iss": _ISS, "vct": "urn:eudi:pid:1", "given_name": "Erika", "family_name": "M"}
    report = build_report(VerificationResult("credential", checks, (), doc))
    fields = _fields(report)  # the generic lines of vc_led.report._sdjwt, one per claim
    assert fields["claim:given_name"] == "Erika" and report.record_kind is None
    assert not {"title", "awarded", "institution", "holder"} & set(fields)
