"""Migrations create exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

from vc_led_issuer.db import alembic_config, migrate
from vc_led_issuer.migrations.render import render_item

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
    assert version == "0006"


def test_downgrade_to_base_removes_everything(fresh_engine: Engine) -> None:
    engine = fresh_engine
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert _diff(engine) == []
