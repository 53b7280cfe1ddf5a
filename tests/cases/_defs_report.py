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
import functools
from collections.abc import Callable
from typing import Any

from _build import CREATED, ED, Case, case, passing, stopped
from _defs_led import HOLDER, competence, sample

from vc_led import issue_credential, sign_credential
from vc_led.led import LedRecord
from vc_led.led.profiles import build_credential
from vc_led.led.values import PartialDate
from vc_led.trust import default_led_registry


def _issued(record: LedRecord, number: int) -> dict[str, Any]:
    return issue_credential(
        record=record,
        holder=HOLDER,
        issuer_key=ED,
        credential_id=_credential_id(number),
        created=CREATED,
        now=CREATED,
    )


def _credential_id(number: int) -> str:
    return f"urn:uuid:5e9a1c20-7b1d-4c1e-9d0a-0000000001{number:02d}"


def _signed_despite_trust_list(record: LedRecord, number: int) -> dict[str, Any]:
    """:func:`_issued`'s credential for a record ``issue_credential`` now refuses (the NARIC
    samples' decisions of 2006 predate NARIC's LED coverage, 2014): built and signed the same
    way without the trust-list check, as the registry signed it before; the report of the
    credential (verified under a trusted-issuer policy) is what this case pins."""
    _, doc = build_credential(
        record=record, holder=HOLDER, issuer_id=ED.controller,
        credential_id=_credential_id(number), issued_at=CREATED,
    )  # fmt: skip
    return sign_credential(doc, key=ED, created=CREATED)


#: Golden cases whose sample record the LED trust list does not cover.
_NOT_COVERED = frozenset({"report-equivalence"})


def _with_basis(record: LedRecord, **changes: Any) -> LedRecord:
    return dataclasses.replace(record, basis=dataclasses.replace(record.basis, **changes))


def _verified_self_declaration() -> LedRecord:
    return _with_basis(sample("00681700983.xml"), authenticity="Eigen verklaring - Geverifieerd")


def _year_month() -> LedRecord:
    return _with_basis(sample("88642199886.xml", 23), issue_date=PartialDate(2016, 6))


#: (folder, description, record): verified credentials, numbered 1.. in this order.
GOLDEN: tuple[tuple[str, str, Callable[[], LedRecord]], ...] = (
    (
        "report-qualification-aso",
        "report: an ASO diploma, 3de graad secondary education (sample 88642199886, record 6)",
        lambda: sample("88642199886.xml", 6),
    ),
    (
        "report-qualification-bso",
        "report: a BSO diploma after the 7de leerjaar (sample 88611099807, record 7)",
        lambda: sample("88611099807.xml", 7),
    ),
    (
        "report-qualification-higher",
        "report: a master's degree in higher education (sample 78672429129, record 2)",
        lambda: sample("78672429129.xml", 2),
    ),
    (
        "report-intermediate",
        "report: a tussenbewijs (Deelcertificaat of an adult-education module; sample "
        "67621546751): marked intermediate, with the programme it is part of",
        lambda: sample("67621546751.xml"),
    ),
    (
        "report-competence",
        "report: an experience certificate (ervaringsbewijs via EVC, VKS professional level 3)",
        competence,
    ),
    (
        "report-self-declared-on-honour",
        "report: Eigen verklaring - Op eer (sample 00681700983): the verdict says it is the "
        "holder's own unchecked statement",
        lambda: sample("00681700983.xml"),
    ),
    (
        "report-self-declared-verified",
        "report: Eigen verklaring - Geverifieerd (sample 00681700983, authenticity changed): "
        "a VDAB consultant saw the paper certificate, still not an authentic record",
        _verified_self_declaration,
    ),
    (
        "report-equivalence",
        "report: a NARIC Vlaanderen equivalence decision (sample 75721232437): the decision, "
        "the original qualification and institution, not a NARIC degree",
        lambda: sample("75721232437.xml"),
    ),
    (
        "report-date-unknown",
        "report: a Licentiaat diploma whose award date LED does not know (year 1800; sample "
        "90642300294): 'not recorded', never the issue date",
        lambda: sample("90642300294.xml"),
    ),
    (
        "report-date-year",
        "report: a SYNTRA getuigschrift awarded in a known year only (sample 88642199886, "
        "record 23)",
        lambda: sample("88642199886.xml", 23),
    ),
    (
        "report-date-year-month",
        "report: a SYNTRA getuigschrift awarded in a known month only (sample 88642199886, "
        "record 23, date changed to 2016-06)",
        _year_month,
    ),
)


def _golden(name: str, description: str, record: Callable[[], LedRecord], number: int) -> Case:
    sign = _signed_despite_trust_list if name in _NOT_COVERED else _issued
    doc = sign(record(), number)
    return Case(name, description, doc, "verified", [], passing(status="skipped"), report=True)


for _number, (_name, _description, _record) in enumerate(GOLDEN, start=1):
    case(functools.partial(_golden, _name, _description, _record, _number))


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
        _signed_despite_trust_list(sample("75721232437.xml", 2), 14),  # out of scope: refused
        "failed",
        ["issuer.out_of_scope"],
        passing(issuer="failed", status="skipped"),
        options={"trusted_issuers": []},
        environment=environment,
        report=True,
    )
