"""Fixtures of the registry storage tests: every storage test runs on SQLite and PostgreSQL.

Each test gets an empty, migrated database. PostgreSQL: one database ``vcled_test_<random>``
on 127.0.0.1:5432 (user ``postgres``) is created and migrated once per session and emptied
(``TRUNCATE ... RESTART IDENTITY``) before each test, and dropped at the end; SQLite: a
migrated file is copied. Tests that change the schema itself use ``fresh_engine`` (a new
database). Only the PostgreSQL tests may open a socket, and only to 127.0.0.1 (pytest-socket
``allow_hosts``).
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from issuer_helpers import (
    NOW,
    PEPPER,
    SOFTHSM_MODULE,
    SOFTHSM_PIN,
    SOFTHSM_SO_PIN,
    add_holder_and_record,
    add_key,
    make_registry,
)
from sqlalchemy import Engine

from vc_led_issuer.context import Registry
from vc_led_issuer.db import make_engine, migrate, write_session
from vc_led_issuer.jobs import worker
from vc_led_issuer.privacy import InszHasher
from vc_led_issuer.settings import Settings, load_settings

LOOPBACK = pytest.mark.allow_hosts(["127.0.0.1"])
BACKENDS = [pytest.param("sqlite"), pytest.param("postgresql", marks=LOOPBACK)]
ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _settings(tmp: Path) -> Settings:
    return load_settings(data_dir=tmp / "data", mode="demo")


def _migrated(url: str, tmp: Path) -> None:
    engine = make_engine(url, settings=_settings(tmp))
    migrate(engine)
    engine.dispose()


def _create_database() -> str:
    import psycopg

    name = f"vcled_test_{secrets.token_hex(6)}"
    try:
        with psycopg.connect(ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:  # pragma: no cover - depends on the machine
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is needed (scripts/setup starts it): {exc}")
    return name


def _drop_database(name: str) -> None:
    import psycopg
    import pytest_socket

    pytest_socket.enable_socket()  # session teardown may run under another test's restrictions
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("template")
    _migrated(f"sqlite:///{tmp / 'registry.sqlite3'}", tmp)
    return tmp / "registry.sqlite3"


@pytest.fixture(scope="session")
def _postgresql_shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    name = _create_database()
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        _migrated(url, tmp_path_factory.mktemp("pg"))
        yield url
    finally:
        _drop_database(name)


def _empty(url: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute("SET lock_timeout = '30s'")
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'alembic_version'"
        ).fetchall()
        names = ", ".join(f'"{t[0]}"' for t in tables)
        conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database at the newest schema, on ``backend``."""
    if backend == "sqlite":
        path = tmp_path / "registry.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = str(request.getfixturevalue("_postgresql_shared"))
    _empty(url)
    yield url


@pytest.fixture
def engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A migrated engine on an empty database."""
    eng = make_engine(database_url, settings=_settings(tmp_path))
    yield eng
    eng.dispose()


@pytest.fixture
def fresh_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """A migrated engine on a database of its own (for tests that change the schema)."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        _migrated(url, tmp_path)
        eng = make_engine(url, settings=_settings(tmp_path))
        yield eng
        eng.dispose()
        return
    name = _create_database()
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        _migrated(url, tmp_path)
        eng = make_engine(url, settings=_settings(tmp_path))
        yield eng
        eng.dispose()
    finally:
        _drop_database(name)


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


@pytest.fixture
def registry(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Registry]:
    """A demo-mode registry on ``engine`` with a key and the seeded trust registry; the clock
    stands at ``NOW``."""
    made = make_registry(engine, database_url, tmp_path)
    yield made
    worker.close_registries()


@pytest.fixture
def softhsm_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SoftHSM2 token in a temporary ``SOFTHSM2_CONF`` (inherited by spawned workers);
    its label. Skips when Debian's softhsm2 is not installed (scripts/setup installs it)."""
    if not SOFTHSM_MODULE.exists() or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 is not installed (scripts/setup installs Debian's softhsm2)")
    from vc_led_issuer.keys.pkcs11 import reinitialize_module

    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n"
    )
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    label = f"vcled-{tmp_path.name[-12:]}"
    init = ["softhsm2-util", "--init-token", "--free", "--label", label]
    init += ["--so-pin", SOFTHSM_SO_PIN, "--pin", SOFTHSM_PIN]
    subprocess.run(init, check=True, capture_output=True)
    reinitialize_module(SOFTHSM_MODULE)  # the module reads SOFTHSM2_CONF when it initializes
    yield label


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment of a registry command run in process (demo mode on ``database_url``);
    the data directory."""
    data = tmp_path / "data"
    monkeypatch.setenv("VCLED_MODE", "demo")
    monkeypatch.setenv("VCLED_DATA_DIR", str(data))
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("VCLED_PUBLIC_URL", "https://registry.example")
    return data
