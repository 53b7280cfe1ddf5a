"""``INSERT ... ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

__all__ = ["insert_ignore"]


def insert_ignore(session: Session, table: Any, values: Mapping[str, Any]) -> bool:
    """Insert a row unless it conflicts (safe when two writers race).

    Returns:
        True when the row was inserted.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**values).on_conflict_do_nothing()
    primary = next(iter(table.primary_key.columns))
    return session.execute(stmt.returning(primary)).first() is not None
