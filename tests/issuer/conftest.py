"""Fixtures of the registry storage tests: every storage test runs on SQLite and PostgreSQL.

The PostgreSQL fixture creates its own database ``vcled_test_<random>`` on 127.0.0.1:5432
(user ``postgres``) and drops it afterwards; only those tests may open a socket, and only to
127.0.0.1 (pytest-socket ``allow_hosts``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from issuer import crud
from issuer.db import make_engine, migrate, write_session
from issuer.models import Holder, KeyRecord, Record, RecordState
from issuer.privacy import InszHasher
from issuer.settings import load_settings
from vc_led.led.holder import synthetic_insz

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
LOOPBACK = pytest.mark.allow_hosts(["127.0.0.1"])
BACKENDS = [pytest.param("sqlite"), pytest.param("postgresql", marks=LOOPBACK)]
PEPPER = b"test-pepper-" + b"p" * 32
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
BASE_URL = "https://registry.example/status"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on ``backend``."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        return
    import psycopg

    name = f"vcled_test_{secrets.token_hex(6)}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:  # pragma: no cover - depends on the machine
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is needed (scripts/setup starts it): {exc}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A migrated engine."""
    settings = load_settings(data_dir=tmp_path / "data", mode="demo")
    eng = make_engine(database_url, settings=settings)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def hasher() -> InszHasher:
    return InszHasher(PEPPER)


@pytest.fixture
def now() -> datetime:
    return NOW


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
        name="An Peeters",
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


@pytest.fixture
def seeded(engine: Engine, hasher: InszHasher) -> tuple[int, str]:
    """(record id, key id) of one record and one key, for issuance tests."""
    with write_session(engine) as session:
        _, record = add_holder_and_record(session, hasher)
        key = add_key(session)
        assert record.id is not None
        return record.id, key.id
