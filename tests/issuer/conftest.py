"""Fixtures of the registry storage tests: every storage test runs on SQLite and PostgreSQL.

The PostgreSQL fixture creates its own database ``vcled_test_<random>`` on 127.0.0.1:5432
(user ``postgres``) and drops it afterwards; only those tests may open a socket, and only to
127.0.0.1 (pytest-socket ``allow_hosts``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from issuer_helpers import NOW, PEPPER, add_holder_and_record, add_key
from sqlalchemy import Engine

from issuer.db import make_engine, migrate, write_session
from issuer.privacy import InszHasher
from issuer.settings import load_settings

LOOPBACK = pytest.mark.allow_hosts(["127.0.0.1"])
BACKENDS = [pytest.param("sqlite"), pytest.param("postgresql", marks=LOOPBACK)]


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


@pytest.fixture
def seeded(engine: Engine, hasher: InszHasher) -> tuple[int, str]:
    """(record id, key id) of one record and one key, for issuance tests."""
    with write_session(engine) as session:
        _, record = add_holder_and_record(session, hasher)
        key = add_key(session)
        assert record.id is not None
        return record.id, key.id
