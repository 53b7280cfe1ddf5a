"""Helpers for the LED credential tests: the fixed issuing key, holders, the sample records
issued once, the competence fixture, and ``jsonschema`` validators used as an oracle."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator, Draft202012Validator, FormatChecker
from led_support import LED_NOW, sample_files

from vc_led import (
    Holder,
    SigningError,
    VerificationPolicy,
    Verifier,
    issue_credential,
    load_key_file,
)
from vc_led.led import HolderIdentity, LedRecord, load_geef_bewijs, read_jsonl

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = Path(__file__).resolve().parent / "data"
KEY = load_key_file(ROOT / "tests" / "cases" / "_keys" / "ed25519.json")
ISSUED_AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
HOLDER = Holder(given_name="An", family_name="Peeters", birth_date=date(1990, 5, 1))
WALLET_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
DID_HOLDER = Holder(did=WALLET_DID)
OB3_SCHEMA = ROOT / "tests" / "vectors" / "1edtech" / "ob_v3p0_achievementcredential_schema.json"
SCHEMAS = ROOT / "vc_led" / "led" / "schemas"


@dataclass(frozen=True)
class Issued:
    """One sample record and the credential issued from it."""

    label: str  # "<file>#<index>"
    holder: HolderIdentity
    record: LedRecord
    credential: dict[str, Any]


def verifier() -> Verifier:
    """A verifier that trusts the test key."""
    return Verifier(VerificationPolicy(trusted_issuers=frozenset({KEY.controller})))


def issue(record: LedRecord, holder: Holder = HOLDER, **kw: Any) -> dict[str, Any]:
    """Issue ``record`` with the test key at :data:`ISSUED_AT`."""
    options: dict[str, Any] = {"now": ISSUED_AT, "issuer_key": KEY} | kw
    return issue_credential(record=record, holder=holder, **options)


@functools.cache
def _samples() -> tuple[tuple[Issued, ...], dict[str, str]]:
    issued, refused = [], {}
    for path in sample_files():
        for entry in load_geef_bewijs(path, now=LED_NOW).records:
            assert entry.holder is not None
            holder = DID_HOLDER if entry.index % 3 == 0 else HOLDER
            label = f"{path.name}#{entry.index}"
            try:
                credential = issue(entry.record, holder)
            except SigningError as exc:  # the LED trust list would refuse it
                refused[label] = exc.code
                continue
            issued.append(Issued(label, entry.holder, entry.record, credential))
    return tuple(issued), refused


def issued_samples() -> tuple[Issued, ...]:
    """Every record of every MAGDA sample answer that the LED trust list covers, issued once
    (170 of the 173 records: see :func:`refused_samples`)."""
    return _samples()[0]


@functools.cache
def sample_records() -> tuple[LedRecord, ...]:
    """Every record of every MAGDA sample answer, issuable or not."""
    return tuple(
        entry.record
        for path in sample_files()
        for entry in load_geef_bewijs(path, now=LED_NOW).records
    )


def refused_samples() -> dict[str, str]:
    """label -> code of the sample records issuance refuses, as the verifier's LED registry
    would refuse their credentials (``issuer.before_coverage``, ``issuer.out_of_scope``)."""
    return _samples()[1]


def competence_record() -> tuple[HolderIdentity, LedRecord]:
    """The competence fixture: a generated EVC record with learning outcomes, a professional
    and a partial qualification, EVC, and an authority with the role ``erkennend``."""
    lines = (DATA / "competence-record.jsonl").read_text(encoding="utf-8").splitlines()
    result = read_jsonl(lines, now=LED_NOW)
    assert not result.errors
    entry = result.records[0]
    assert entry.holder is not None
    return entry.holder, entry.record


_DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)


def format_checker() -> FormatChecker:
    """``jsonschema``'s checker with an RFC 3339 ``date-time`` (its own needs an extra
    package) and its ``date``."""
    checker = FormatChecker(formats=["date"])

    @checker.checks("date-time")
    def _date_time(value: object) -> bool:
        if not isinstance(value, str) or not _DATE_TIME.match(value):
            return False
        try:
            datetime.fromisoformat(value[:19])
        except ValueError:
            return value[17:19] == "60"
        return True

    return checker


@functools.cache
def reference_validator(name: str) -> Draft202012Validator:
    """The ``jsonschema`` validator of a shipped schema (``qualification-v1.json``...)."""
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=format_checker())


@functools.cache
def open_badges_validator() -> Draft201909Validator:
    """The official 1EdTech OB 3.0 AchievementCredential schema, with format checks."""
    schema = json.loads(OB3_SCHEMA.read_text(encoding="utf-8"))
    return Draft201909Validator(schema, format_checker=format_checker())
