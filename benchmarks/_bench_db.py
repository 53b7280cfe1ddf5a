"""A throw-away registry database for the registry benchmarks (SQLite file or PostgreSQL)."""

from __future__ import annotations

import secrets
from pathlib import Path

ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def create_database(backend: str, tmp: Path) -> tuple[str, str | None]:
    """The database URL for ``backend`` and the PostgreSQL database name to drop (or None)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'registry.sqlite3'}", None
    import psycopg

    name = f"vcled_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", name


def drop_database(name: str | None) -> None:
    """Drop a PostgreSQL database made by :func:`create_database` (nothing for SQLite)."""
    if name is None:
        return
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
