"""Golden LED credentials: one record of each profile issued with ``issue_credential`` (the
Ed25519 test key, the fixed ``created`` time, a fixed credential id), and the schema cases.

The records are MAGDA samples (``tests/led/data/magda/GeefBewijs``) and the competence fixture
(``tests/led/data/competence-record.jsonl``). The holder is given by name, birth date and DID.
Two folders carry the LED trust registry (``environment.json``): the registry signs on behalf
of the supplier named in ``evidence``, and the table decides.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from _build import CREATED, ED, NOW, SUBJECT, Case, case, credential, failed_at, passing, sign

from vc_led import Holder, issue_credential, sign_credential
from vc_led.led import LedRecord, load_geef_bewijs, read_jsonl
from vc_led.led.profiles import build_credential
from vc_led.trust import default_led_registry

LED_DATA = Path(__file__).resolve().parent.parent / "led" / "data"
SAMPLES = LED_DATA / "magda" / "GeefBewijs"
HOLDER = Holder(given_name="An", family_name="Peeters", birth_date=date(1990, 5, 1), did=SUBJECT)
LED_NOW = datetime(2026, 1, 1, tzinfo=UTC)


def sample(name: str, index: int = 1) -> LedRecord:
    """Record ``index`` (1-based) of a sample answer."""
    entries = load_geef_bewijs(SAMPLES / name, now=LED_NOW).records
    return next(e.record for e in entries if e.index == index)


def competence() -> LedRecord:
    lines = (LED_DATA / "competence-record.jsonl").read_text(encoding="utf-8").splitlines()
    return read_jsonl(lines, now=LED_NOW).records[0].record


def issued(record: LedRecord, number: int) -> dict[str, Any]:
    return issue_credential(
        record=record,
        holder=HOLDER,
        issuer_key=ED,
        credential_id=f"urn:uuid:6c1e0d52-1e5a-4c0b-8f3e-00000000000{number}",
        created=CREATED,
        now=CREATED,
    )


def signed_despite_trust_list(record: LedRecord, number: int) -> dict[str, Any]:
    """:func:`issued`'s credential for a record ``issue_credential`` refuses because the LED
    trust list would refuse it (built and signed the same way, without that check): what a
    registry that ignored its own trust list would sign, for the verifier to judge."""
    _, doc = build_credential(
        record=record,
        holder=HOLDER,
        issuer_id=ED.controller,
        credential_id=f"urn:uuid:6c1e0d52-1e5a-4c0b-8f3e-00000000000{number}",
        issued_at=CREATED,
    )
    return sign_credential(doc, key=ED, created=CREATED)


def golden(name: str, description: str, doc: dict[str, Any]) -> Case:
    return Case(name, description, doc, "verified", [], passing(status="skipped"))


@case
def led_qualification() -> Case:
    return golden(
        "led-qualification",
        "LED qualification: a KU Leuven master diploma (MAGDA sample 10611300379, record 4)",
        issued(sample("10611300379.xml", 4), 1),
    )


@case
def led_intermediate_proof() -> Case:
    return golden(
        "led-intermediate-proof",
        "LED qualification marked as a Tussenbewijs: a CVO Deelcertificaat (sample 67621546751)",
        issued(sample("67621546751.xml"), 2),
    )


@case
def led_competence() -> Case:
    return golden(
        "led-competence",
        "LED competence record: an EU micro-credential and an Open Badges 3.0 credential",
        issued(competence(), 3),
    )


@case
def led_equivalence() -> Case:
    return golden(
        "led-equivalence",
        "LED equivalence decision by NARIC Vlaanderen (sample 75721232437)",
        signed_despite_trust_list(sample("75721232437.xml"), 4),  # 2006: NARIC is in LED from 2014
    )


@case
def led_self_declared() -> Case:
    return golden(
        "led-self-declared",
        "LED self-declared record (Eigen verklaring - Op eer, VDAB; sample 00681700983)",
        issued(sample("00681700983.xml"), 5),
    )


def _registry_case(name: str, description: str, doc: dict[str, Any], code: str | None) -> Case:
    environment = {"trust_registry": default_led_registry(registry_did=ED.controller).to_dict()}
    options = {"trusted_issuers": []}
    if code is None:
        return Case(
            name, description, doc, "verified", [], passing(status="skipped"),
            options=options, environment=environment,
        )  # fmt: skip
    return Case(
        name, description, doc, "failed", [code], passing(issuer="failed", status="skipped"),
        options=options, environment=environment,
    )  # fmt: skip


@case
def led_registry_accredited() -> Case:
    return _registry_case(
        "led-registry-accredited",
        "the LED registry signs a Hoger onderwijs master of 2019 on behalf of its supplier",
        issued(sample("10611300379.xml", 4), 6),
        None,
    )


@case
def led_registry_self_declared_out_of_scope() -> Case:
    return _registry_case(
        "led-registry-self-declared-out-of-scope",
        "a self-declaration delivered by Volwassenenonderwijs, which has no self-declaration scope",
        signed_despite_trust_list(sample("75721232437.xml", 2), 7),
        "issuer.out_of_scope",
    )


@case
def led_schema_invalid() -> Case:
    doc = copy.deepcopy(issued(sample("10611300379.xml", 4), 8))
    del doc["proof"]
    doc["credentialSubject"]["qualification"]["vksLevel"] = "zeven"  # a defined term, wrong type
    return failed_at(
        "led-schema-invalid",
        "a signed LED credential that breaks its JSON Schema (vksLevel must be an integer)",
        sign(doc),
        "structure.schema_invalid",
    )


@case
def led_schema_unknown() -> Case:
    doc = credential(
        validFrom="2025-01-01T00:00:00Z",
        credentialSchema=[{"id": "https://schemas.example/degree/v1", "type": "JsonSchema"}],
    )
    return Case(
        "led-schema-unknown",
        "a JsonSchema vc-led does not ship: never fetched, reported in the details, not fatal",
        sign(doc),
        "verified",
        [],
        passing(),
    )


assert NOW == "2026-01-01T00:00:00Z"
