"""Engine, sessions and migrations.

SQLite is the zero-setup default (WAL, foreign keys on, a busy timeout); PostgreSQL is used
when ``DATABASE_URL`` is ``postgresql+psycopg://...``. Writes that must be serialized (status
index allocation, audit appends) run in a :func:`write_session`: on SQLite it begins with
``BEGIN IMMEDIATE`` (one writer at a time, readers unaffected in WAL mode); on PostgreSQL the
data functions take row or advisory locks themselves.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from vc_led.errors import ConfigurationError

from .settings import Settings, load_settings

__all__ = [
    "MIGRATIONS_DIR",
    "WRITE_FLAG",
    "alembic_config",
    "is_postgresql",
    "is_sqlite",
    "make_engine",
    "migrate",
    "pairs_in",
    "read_session",
    "require_write_session",
    "serialize",
    "write_session",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
WRITE_FLAG = "vcled_write"
_BEGIN_OPTION = "vcled_sqlite_begin"


def pairs_in(first: Any, second: Any, pairs: Iterable[tuple[Any, Any]]) -> Any:
    """``(first, second) IN pairs`` that uses a composite index on every backend.

    SQLite does not use an index for a row-value ``IN`` list (``(a, b) IN (VALUES ...)``): it
    scans the table, which made bulk import and issuance quadratic. This is the same
    condition as ``first = x AND second IN (...)`` per distinct ``x``, joined by ``OR``, which
    SQLite (multi-index OR) and PostgreSQL (bitmap OR) both answer from the index.
    """
    grouped: dict[Any, list[Any]] = {}
    for a, b in pairs:
        grouped.setdefault(a, []).append(b)
    if not grouped:
        return sa.false()
    return sa.or_(*(sa.and_(first == a, second.in_(bs)) for a, bs in grouped.items()))


def make_engine(url: str | None = None, *, settings: Settings | None = None) -> Engine:
    """Create the engine.

    Args:
        url: a SQLAlchemy URL; default ``settings.database_url``, else the SQLite file in the
            data directory (created if needed).
        settings: the configuration (default: from the environment).

    Returns:
        The engine; SQLite connections get WAL, ``foreign_keys=ON`` and a busy timeout, and
        the database file (with its ``-wal`` and ``-shm`` files) is readable by its owner
        only (0600), whoever made the folder.

    Raises:
        ConfigurationError: a URL that cannot be read, or a database other than SQLite and
            PostgreSQL (``postgresql://`` is taken as ``postgresql+psycopg://``, the driver
            vc-led installs). The message never repeats the URL (it may hold a password).
    """
    settings = settings or load_settings()
    url = url or settings.database_url
    if url is None:
        path = settings.sqlite_path()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        url = f"sqlite:///{path}"
    parsed = _supported_url(url)
    if parsed.get_backend_name() == "sqlite":
        _private_sqlite_files(parsed.database)
        return _sqlite_engine(url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    return create_engine(parsed, pool_pre_ping=True, hide_parameters=True)


_DRIVERS = {"sqlite": {"pysqlite"}, "postgresql": {"psycopg"}}
_USAGE = "DATABASE_URL must be sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"


def _supported_url(url: str) -> Any:
    """The parsed URL of a backend vc-led supports (SQLAlchemy ``URL``)."""
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ConfigurationError(f"{_USAGE} (it cannot be read)") from None
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if backend == "postgresql" and "+" not in parsed.drivername:
        return parsed.set(drivername="postgresql+psycopg")
    if backend not in _DRIVERS or driver not in _DRIVERS[backend]:
        raise ConfigurationError(f"{_USAGE} (not {parsed.drivername!r})")
    return parsed


def _private_sqlite_files(database: str | None) -> None:
    """Create the SQLite file 0600 before SQLite does (it would use 0644 & ~umask), and
    take group and other access away from an existing one; SQLite gives its ``-wal`` and
    ``-shm`` files the mode of the database file."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    with contextlib.suppress(OSError):  # exists already, or SQLite reports the problem
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):  # absent, or not ours to change
            if name.stat().st_mode & 0o077:
                name.chmod(0o600)


def _sqlite_engine(url: str, *, busy_timeout_ms: int) -> Engine:
    engine = create_engine(
        url,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def is_sqlite(bind: Engine | Session) -> bool:
    """True when ``bind`` (an engine or a session) talks to SQLite."""
    engine = bind.get_bind() if isinstance(bind, Session) else bind
    return engine.dialect.name == "sqlite"


def is_postgresql(bind: Engine | Session) -> bool:
    """True when ``bind`` (an engine or a session) talks to PostgreSQL."""
    engine = bind.get_bind() if isinstance(bind, Session) else bind
    return engine.dialect.name == "postgresql"


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads (and writes that need no serialization); committed on success."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session for serialized writes: ``BEGIN IMMEDIATE`` on SQLite.

    Committed when the block ends, rolled back when it raises.
    """
    bind = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
    with Session(bind, expire_on_commit=False) as session:
        session.info[WRITE_FLAG] = True
        with session.begin():
            yield session


def require_write_session(session: Session) -> None:
    """Refuse a SQLite session that was not opened by :func:`write_session`.

    Raises:
        RuntimeError: a deferred SQLite transaction could not serialize this write.
    """
    if is_sqlite(session) and not session.info.get(WRITE_FLAG):
        raise RuntimeError("this operation needs vc_led_issuer.db.write_session() on SQLite")


def migrate(engine: Engine, *, revision: str = "head") -> None:
    """Upgrade the schema with the Alembic migrations in :data:`MIGRATIONS_DIR`.

    Args:
        engine: the database.
        revision: the target revision (default ``head``).
    """
    from alembic import command

    with engine.connect() as connection, foreign_keys_deferred(connection):
        with connection.begin():
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)


@contextmanager
def foreign_keys_deferred(connection: Connection) -> Iterator[None]:
    """On SQLite, foreign keys off while migrations run, checked after, then on again.

    Alembic's batch mode rebuilds a SQLite table (copy, drop, rename); with ``foreign_keys=ON``
    dropping a table that other rows reference fails, so a populated database could not be
    upgraded. The PRAGMA only takes effect outside a transaction, hence a connection of its
    own. PostgreSQL alters tables in place: nothing to do.

    Raises:
        RuntimeError: a migration left rows that violate a foreign key.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection  # autocommit: no BEGIN before the PRAGMA
    assert raw is not None

    def pragma(statement: str) -> list[Any]:
        cursor = raw.cursor()
        try:
            return list(cursor.execute(statement).fetchall())
        finally:
            cursor.close()

    pragma("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = pragma("PRAGMA foreign_key_check")
        if broken:
            raise RuntimeError(f"the migration broke {len(broken)} foreign key reference(s)")
    finally:
        pragma("PRAGMA foreign_keys=ON")


def alembic_config() -> Any:
    """An Alembic ``Config`` pointing at the packaged migrations (no ``alembic.ini`` needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def serialize(session: Session, *, name: str) -> None:
    """Serialize this transaction with every other one that serializes on ``name``.

    PostgreSQL: a transaction-scoped advisory lock (held until commit or rollback). SQLite:
    the transaction must be a :func:`write_session` (``BEGIN IMMEDIATE`` already serializes
    every writer).

    Raises:
        RuntimeError: on SQLite outside a write session.
    """
    if is_postgresql(session):
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        require_write_session(session)
