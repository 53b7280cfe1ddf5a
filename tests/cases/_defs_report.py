"""Golden reports: one LED record of each kind, issued like the ``led-*`` cases, with the report
a reader gets in English and Dutch (``report.en.txt``, ``report.nl.txt``) and its JSON
(``report.json``). Each folder pins a sentence that was once wrong (issue 11): a self-declared
record headlined as "may be relied on", an unknown award date shown as the issue date, a
tussenbewijs without its mark, a NARIC equivalence read as NARIC's own degree, and the claims of
a credential that did not verify shown as facts.

Records are MAGDA samples (``tests/led/data/magda/GeefBewijs``); where no sample has the
needed value (a verified self-declaration, a year-and-month date), the sample record is changed
in that one field before it is issued.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from _build import CREATED, ED, Case, case, passing, stopped
from _defs_led import HOLDER, competence, sample

from vc_led import issue_credential
from vc_led.led import LedRecord
from vc_led.led.values import PartialDate
from vc_led.trust import default_led_registry


def _issued(record: LedRecord, number: int) -> dict[str, Any]:
    return issue_credential(
        record=record,
        holder=HOLDER,
        issuer_key=ED,
        credential_id=f"urn:uuid:5e9a1c20-7b1d-4c1e-9d0a-0000000001{number:02d}",
        created=CREATED,
        now=CREATED,
    )


def _golden(name: str, description: str, doc: dict[str, Any]) -> Case:
    return Case(name, description, doc, "verified", [], passing(status="skipped"), report=True)


def _with_basis(record: LedRecord, **changes: Any) -> LedRecord:
    return dataclasses.replace(record, basis=dataclasses.replace(record.basis, **changes))


@case
def report_qualification_aso() -> Case:
    return _golden(
        "report-qualification-aso",
        "report: an ASO diploma, 3de graad secondary education (sample 88642199886, record 6)",
        _issued(sample("88642199886.xml", 6), 1),
    )


@case
def report_qualification_bso() -> Case:
    return _golden(
        "report-qualification-bso",
        "report: a BSO diploma after the 7de leerjaar (sample 88611099807, record 7)",
        _issued(sample("88611099807.xml", 7), 2),
    )


@case
def report_qualification_higher() -> Case:
    return _golden(
        "report-qualification-higher",
        "report: a master's degree in higher education (sample 78672429129, record 2)",
        _issued(sample("78672429129.xml", 2), 3),
    )


@case
def report_intermediate() -> Case:
    return _golden(
        "report-intermediate",
        "report: a tussenbewijs (Deelcertificaat of an adult-education module; sample "
        "67621546751): marked intermediate, with the programme it is part of",
        _issued(sample("67621546751.xml"), 4),
    )


@case
def report_competence() -> Case:
    return _golden(
        "report-competence",
        "report: an experience certificate (ervaringsbewijs via EVC, VKS professional level 3)",
        _issued(competence(), 5),
    )


@case
def report_self_declared_on_honour() -> Case:
    return _golden(
        "report-self-declared-on-honour",
        "report: Eigen verklaring - Op eer (sample 00681700983): the verdict says it is the "
        "holder's own unchecked statement",
        _issued(sample("00681700983.xml"), 6),
    )


@case
def report_self_declared_verified() -> Case:
    record = _with_basis(sample("00681700983.xml"), authenticity="Eigen verklaring - Geverifieerd")
    return _golden(
        "report-self-declared-verified",
        "report: Eigen verklaring - Geverifieerd (sample 00681700983, authenticity changed): "
        "a VDAB consultant saw the paper certificate, still not an authentic record",
        _issued(record, 7),
    )


@case
def report_equivalence() -> Case:
    return _golden(
        "report-equivalence",
        "report: a NARIC Vlaanderen equivalence decision (sample 75721232437): the decision, "
        "the original qualification and institution, not a NARIC degree",
        _issued(sample("75721232437.xml"), 8),
    )


@case
def report_date_unknown() -> Case:
    return _golden(
        "report-date-unknown",
        "report: a Licentiaat diploma whose award date LED does not know (year 1800; sample "
        "90642300294): 'not recorded', never the issue date",
        _issued(sample("90642300294.xml"), 9),
    )


@case
def report_date_year() -> Case:
    return _golden(
        "report-date-year",
        "report: a SYNTRA getuigschrift awarded in a known year only (sample 88642199886, "
        "record 23)",
        _issued(sample("88642199886.xml", 23), 10),
    )


@case
def report_date_year_month() -> Case:
    record = _with_basis(sample("88642199886.xml", 23), issue_date=PartialDate(2016, 6))
    return _golden(
        "report-date-year-month",
        "report: a SYNTRA getuigschrift awarded in a known month only (sample 88642199886, "
        "record 23, date changed to 2016-06)",
        _issued(record, 11),
    )


@case
def report_tampered() -> Case:
    doc = copy.deepcopy(_issued(sample("88642199886.xml", 6), 12))
    doc["credentialSubject"]["qualification"]["awardingBody"]["name"] = "Harvard University"
    return Case(
        "report-tampered",
        "report: an ASO diploma altered after signing (institution changed): nothing it says "
        "is shown",
        doc,
        "failed",
        ["proof.signature_invalid"],
        stopped("proof"),
        report=True,
    )


@case
def report_issuer_unknown() -> Case:
    return Case(
        "report-issuer-unknown",
        "report: a genuine ASO diploma checked by a verifier that trusts no issuer: every claim, "
        "the issuer's name included, is labelled claimed, not verified",
        _issued(sample("88642199886.xml", 6), 13),
        "indeterminate",
        ["issuer.no_trust_policy"],
        passing(issuer="indeterminate", status="skipped"),
        options={"trusted_issuers": []},
        report=True,
    )


@case
def report_not_accredited() -> Case:
    environment = {"trust_registry": default_led_registry(registry_did=ED.controller).to_dict()}
    return Case(
        "report-not-accredited",
        "report: a self-declared tussenbewijs from a supplier the LED registry does not accredit "
        "for self-declarations (sample 75721232437, record 2): claims labelled, not facts",
        _issued(sample("75721232437.xml", 2), 14),
        "failed",
        ["issuer.out_of_scope"],
        passing(issuer="failed", status="skipped"),
        options={"trusted_issuers": []},
        environment=environment,
        report=True,
    )
