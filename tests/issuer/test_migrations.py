"""Migrations create exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

from vc_led_issuer.db import alembic_config, make_engine, migrate
from vc_led_issuer.migrations.render import render_item

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()

EXPECTED_TABLES = {
    "accreditations",
    "afnemer_protocols",
    "alembic_version",
    "audit_log",
    "bulk_jobs",
    "citizen_sessions",
    "holders",
    "issued_credentials",
    "issuers",
    "keys",
    "oauth_assertions",
    "oauth_clients",
    "oauth_tokens",
    "oid4vci_artifacts",
    "oid4vci_offers",
    "operators",
    "published_documents",
    "records",
    "status_allocations",
    "status_lists",
    "token_status_allocations",
    "token_status_lists",
}


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_item": render_item}
        )
        return list(compare_metadata(context, SQLModel.metadata))


def test_migrations_match_models(fresh_engine: Engine) -> None:
    engine = fresh_engine
    assert set(inspect(engine).get_table_names()) == EXPECTED_TABLES
    assert _diff(engine) == []


def test_migrate_is_idempotent_and_at_head(fresh_engine: Engine) -> None:
    engine = fresh_engine
    migrate(engine)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == HEAD


def test_downgrade_to_base_removes_everything(fresh_engine: Engine) -> None:
    engine = fresh_engine
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert _diff(engine) == []


def _insert(conn: Any, table: str, **given: object) -> None:
    """A row with ``given`` values and a plain value in every other required column."""
    values: dict[str, object] = dict(given)
    for column in inspect(conn).get_columns(table):
        name, kind = column["name"], str(column["type"]).upper()
        if name in values or column["nullable"] or column.get("default") is not None:
            continue
        if name == "id":
            continue
        if "INT" in kind:
            values[name] = 1
        elif "BOOL" in kind:
            values[name] = False
        elif "DATE" in kind or "TIME" in kind:
            values[name] = datetime(2026, 1, 1, tzinfo=UTC)
        elif "BLOB" in kind or "BYTEA" in kind or "BINARY" in kind:
            values[name] = b"\0"
        else:
            values[name] = f"{table}-{name}"
    names = ", ".join(values)
    marks = ", ".join(f":{n}" for n in values)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)


def test_a_populated_sqlite_database_upgrades_to_head(tmp_path: Path) -> None:
    """Upgrading a registry that holds credentials from 0005 to head: on SQLite, batch mode
    rebuilds ``issued_credentials`` (copy, drop, rename), and with foreign keys on the drop
    failed while ``status_allocations`` referenced it (`vc-led serve` on an existing demo
    folder stopped with "that conflicts with what is stored"). PostgreSQL alters in place."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate(engine, revision="0005")
    with engine.begin() as conn:
        _insert(conn, "holders", id=1)
        _insert(conn, "records", id=1, holder_id=1)
        _insert(conn, "keys", id=1)
        _insert(conn, "issued_credentials", id=1, record_id=1, key_id=1)
        _insert(conn, "status_lists", id=1)
        _insert(conn, "status_allocations", id=1, list_id=1, credential_id=1, idx=7)
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM issued_credentials")).scalar_one() == 1
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == HEAD
    engine.dispose()
