"""The report people read: complete English and Dutch texts for every code, the facts a reader
looks for from the LED, Open Badges and ELM shapes, and no facts from an altered document."""

from __future__ import annotations

import copy
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vc_led import (
    CheckResult,
    CheckStatus,
    ErrorCode,
    KeyPair,
    VerificationPolicy,
    VerificationResult,
    Verifier,
    sign_credential,
    sign_presentation,
)
from vc_led.bundle import BundleErrorCode
from vc_led.report import build_report, format_age, language, render_text, summarize, texts
from vc_led.results import CHECK_ORDER, Outcome

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import TITLE, World, build_world

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(now=NOW)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_code_check_and_outcome_has_a_text(lang):
    words = texts(lang)
    assert {c.value for c in ErrorCode} <= set(words["codes"])
    assert {c.value for c in BundleErrorCode} <= set(words["bundle"])
    assert set(CHECK_ORDER) <= set(words["checks"]) and set(CHECK_ORDER) <= set(words["passed"])
    assert {o.value for o in Outcome} <= set(words["verdict"]) & set(words["verdict_line"])
    assert {s.value for s in CheckStatus} <= set(words["status"])
    assert all(isinstance(v, str) and v.strip() for v in words["codes"].values())


def test_dutch_is_not_english():
    en, nl = texts("en"), texts("nl")
    same = [k for k in en["codes"] if en["codes"][k] == nl["codes"][k]]
    assert not same


@pytest.mark.parametrize(
    ("tag", "lang"), [("nl-BE", "nl"), ("NL", "nl"), ("en_GB", "en"), ("fr", "en"), (None, "en")]
)
def test_language_tags(tag, lang):
    assert language(tag) == lang


@pytest.mark.parametrize(
    ("seconds", "en", "nl"),
    [(5, "5 seconds", "5 seconden"), (600, "10 minutes", "10 minuten"),
     (7200, "2 hours", "2 uur"), (3 * 86400, "3 days", "3 dagen")],
)  # fmt: skip
def test_ages(seconds, en, nl):
    assert (format_age(seconds, "en"), format_age(seconds, "nl")) == (en, nl)


def test_report_of_a_verified_credential(world):
    verifier = Verifier.from_bundle(world.bundle())
    report = build_report(verifier.verify_credential(world.credentials["registry_ok"], now=NOW))
    assert (report.outcome, report.verdict, report.title) == ("verified", "VERIFIED", TITLE)
    assert [f.key for f in report.fields] == [
        "kind", "holder", "birth_date", "holder_key", "title", "education", "institution",
        "awarded", "level", "authenticity", "issuer",
    ]  # fmt: skip
    assert report.fields[3].warn and "not proven" in report.fields[3].value  # subject id, no VP
    issued = verifier.verify_credential(world.credentials["led_diploma"], now=NOW)  # a download
    assert issued.check("holder_binding").details == {"binding": "bearer"}
    bearer = build_report(issued, lang="nl")
    line = next(f for f in bearer.fields if f.key == "holder_key")
    assert line.warn and "iedereen met een kopie" in line.value
    assert "identiteitsdocument" in bearer.checks[-1].text
    assert report.fields[7].value == "2025-06-30"
    assert [c.check for c in report.checks] == list(CHECK_ORDER)
    assert [f.key for f in report.fields if f.warn] == ["holder_key"]


def test_self_declared_is_flagged(world):
    verifier = Verifier.from_bundle(world.bundle())
    result = verifier.verify_credential(world.credentials["self_declared"], now=NOW)
    field = next(f for f in build_report(result, lang="nl").fields if f.key == "authenticity")
    assert field.warn and "EIGEN VERKLARING" in field.value and "Op eer" in field.value


def test_no_facts_from_an_altered_document(world):
    doc = copy.deepcopy(world.credentials["registry_ok"])
    doc["credentialSubject"]["qualification"]["title"] = "Doctor of Everything"
    result = Verifier.from_bundle(world.bundle()).verify_credential(doc, now=NOW)
    report = build_report(result)
    assert report.outcome == "failed" and report.fields == () and not report.content_shown
    assert "Doctor of Everything" not in render_text(result)


def _summary_of(subject: dict, **top):
    doc = {"credentialSubject": subject, **top}
    checks = tuple(CheckResult(c, CheckStatus.PASSED) for c in CHECK_ORDER)
    return summarize(VerificationResult("credential", checks, (), doc), lang="nl")


def test_summary_reads_the_led_profile_node():
    summary = _summary_of(
        {
            "givenName": "An", "familyName": "Claes", "birthDate": "2001-02-03",
            "qualification": {
                "title": {"nl": "Bachelor in de verpleegkunde", "en": "Bachelor of Nursing"},
                "awardingBody": {"name": "Hogeschool X"}, "awardedOn": "2024-06",
                "vksLevel": 6, "eqfLevel": "http://data.europa.eu/snb/eqf/6",
            },
        },
        issuer={"id": "did:web:x", "name": "AHOVOKS"}, validUntil="2030-01-01T00:00:00Z",
    )  # fmt: skip
    assert summary.holder_name == "An Claes" and summary.birth_date == "2001-02-03"
    assert summary.title == "Bachelor in de verpleegkunde"
    assert (summary.institution, summary.awarded) == ("Hogeschool X", "2024-06")
    assert summary.level == "VKS 6 (EQF 6)" and summary.issuer == "AHOVOKS"
    assert summary.valid_until == "2030-01-01T00:00:00Z"


def test_summary_reads_open_badges_and_elm():
    badge = _summary_of(
        {"name": "Jo Peeters", "achievement": {"name": "Lasser", "creator": {"name": "VDAB"}}},
        validFrom="2023-05-01T00:00:00Z",
    )
    assert (badge.holder_name, badge.title, badge.institution) == ("Jo Peeters", "Lasser", "VDAB")
    assert badge.awarded is None and badge.level is None  # validFrom is not an award date
    elm = _summary_of(
        {"hasClaim": [{"title": [{"@value": "Master"}],
                       "awardedBy": {"awardingBody": [{"name": "KU Leuven"}],
                                     "awardingDate": "2020-07-01"}}]},
    )  # fmt: skip
    assert (elm.title, elm.institution, elm.awarded) == ("Master", "KU Leuven", "2020-07-01")
    empty = _summary_of("not an object")
    assert empty.title is None and empty.holder_name is None


def test_presentation_report_has_one_report_per_credential(world):
    holder = KeyPair.generate()
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder.controller,
        "verifiableCredential": [world.credentials["registry_ok"], world.credentials["revoked"]],
    }
    signed = sign_presentation(vp, key=holder, challenge="c-1", created=NOW)
    result = Verifier.from_bundle(world.bundle()).verify_presentation(
        signed, challenge="c-1", now=NOW
    )
    report = build_report(result, lang="en")
    assert report.kind == "presentation" and report.outcome == "failed" and report.fields == ()
    assert [r.outcome for r in report.credentials] == ["verified", "failed"]
    assert report.credentials[0].title == TITLE
    text = render_text(result)
    assert "Credential 1: VERIFIED" in text and "Credential 2: NOT VERIFIED" in text
    issuer = next(c for c in report.checks if c.check == "issuer")
    assert "each credential" in issuer.text


def test_unknown_issuer_message_is_kept_for_codes_without_text():
    check = CheckResult("issuer", CheckStatus.FAILED, None, "plain message")
    result = VerificationResult("credential", (check,))
    from vc_led.report import explain

    assert explain(check, result=result) == "plain message"


def test_plain_vc_without_registry(world):
    key = KeyPair.generate()
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential"], "issuer": key.controller,
        "credentialSubject": {"alumniOf": "The School of Examples"},
    }  # fmt: skip
    signed = sign_credential(doc, key=key, created=NOW)
    result = Verifier(VerificationPolicy(trusted_issuers={key.controller})).verify_credential(
        signed, now=NOW
    )
    report = build_report(result, lang="nl")
    assert report.verdict == "GEVERIFIEERD"
    values = {f.key: f.value for f in report.fields}
    assert values["institution"] == "The School of Examples"
    assert values["authenticity"] == "Niet vermeld"


def test_a_verified_presentation_of_a_self_declaration_says_so():
    passed = tuple(CheckResult(c, CheckStatus.PASSED) for c in CHECK_ORDER)
    issuer = CheckResult(
        "issuer", CheckStatus.PASSED, details={"authenticity_level": "self_declared"}
    )
    nested = VerificationResult(
        "credential", tuple(issuer if c.check == "issuer" else c for c in passed)
    )
    vp = VerificationResult("presentation", passed, (nested,))
    for lang in ("en", "nl"):
        line = build_report(vp, lang=lang).verdict_line
        assert line == texts(lang)["verdict_line_authenticity"]["presentation"]
    plain = VerificationResult("presentation", passed, (VerificationResult("credential", passed),))
    assert build_report(plain).verdict_line == texts("en")["verdict_line"]["verified"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_glossary_term_has_a_line(lang):
    from vc_led.report._led import GLOSSARY_TERMS

    glossary = texts(lang)["glossary"]
    assert set(GLOSSARY_TERMS) == set(glossary)
    assert all(
        glossary[t] != texts("en" if lang == "nl" else "nl")["glossary"][t] for t in glossary
    )


@pytest.mark.parametrize(
    ("node", "awarded", "precision"),
    [
        ({"awardedOn": "2024-06-30", "awardedOnPrecision": "day"}, "2024-06-30", "day"),
        ({"awardedOn": "2024-06"}, "2024-06", "month"),
        ({"awardedOn": "2024"}, "2024", "year"),
        ({"awardedOn": "2024-06-30", "awardedOnPrecision": "year"}, "2024", "year"),
        ({"awardedOnPrecision": "unknown", "notAvailable": ["awardedOn"]}, None, "unknown"),
        ({"notAvailable": ["awardedOn"]}, None, "unknown"),
        ({}, None, None),
    ],
)
def test_award_dates_keep_their_precision(node, awarded, precision):
    summary = _summary_of(
        {"qualification": {"title": "X", **node}}, validFrom="2020-01-01T00:00:00Z"
    )
    assert (summary.awarded, summary.awarded_precision) == (awarded, precision)
