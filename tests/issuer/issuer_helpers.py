"""Constants and data helpers shared by the registry tests (imported by name, like
``issuer_workers``, so that no test module imports ``conftest``)."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from sqlmodel import Session

from issuer import crud
from issuer.models import Holder, KeyRecord, Record, RecordState
from issuer.privacy import InszHasher
from vc_led.led.holder import synthetic_insz

PEPPER = b"test-pepper-" + b"p" * 32
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
BASE_URL = "https://registry.example/status"


def content(reference: str, *, title: str = "Diploma secundair onderwijs") -> dict[str, object]:
    """A small record content (the real codec form is tested by the LED engineer)."""
    return {
        "ledRecordId": f"LED-{reference}",
        "supplier": {"name": "Secundair onderwijs", "reference": reference},
        "basis": {"fullTitle": title, "issueDate": {"year": 2024, "month": 6, "day": 30}},
    }


def add_holder_and_record(
    session: Session, hasher: InszHasher, *, reference: str = "REF-1", counter: int = 1
) -> tuple[Holder, Record]:
    holder = crud.get_or_create_holder(
        session,
        insz=synthetic_insz(date(2006, 5, 17), counter),
        hasher=hasher,
        given_name="An",
        family_name="Peeters",
        birth_date=date(2006, 5, 17),
        now=NOW,
    )
    outcome = crud.upsert_record(
        session,
        supplier="Secundair onderwijs",
        supplier_reference=reference,
        content=content(reference),
        state=RecordState.REGISTERED,
        holder=holder,
        led_reference=f"LED-{reference}",
        now=NOW,
    )
    return holder, outcome.record


def add_key(session: Session, *, controller: str = "did:web:registry.example") -> KeyRecord:
    key = KeyRecord(
        id=f"{controller}#z6MkTest{secrets.token_hex(4)}",
        controller=controller,
        key_type="Ed25519",
        public_multibase=f"z6MkTest{secrets.token_hex(8)}",
        custody="encrypted-file",
        reference="test.key.json",
        created_at=NOW,
    )
    session.add(key)
    session.flush()
    return key
