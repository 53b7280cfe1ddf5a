"""Alembic environment: the SQLModel metadata of :mod:`vc_led_issuer.models`.

Run programmatically by :func:`vc_led_issuer.db.migrate` (which hands in a connection), or from the
command line with the ``alembic.ini`` at the repository root (``DATABASE_URL`` decides the
database, as for the service).
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlmodel import SQLModel

import vc_led_issuer.models  # noqa: F401  (registers the tables)
from vc_led_issuer.migrations.render import render_item

config = context.config
target_metadata = SQLModel.metadata


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        render_item=render_item,
    )


def run_migrations_online() -> None:
    """Migrate over the given connection, or one to the configured database."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from vc_led_issuer.db import foreign_keys_deferred, make_engine

    engine = make_engine()
    with engine.connect() as conn, foreign_keys_deferred(conn):
        with conn.begin():
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    engine.dispose()


def run_migrations_offline() -> None:
    """Emit SQL for the configured database without connecting (``alembic upgrade --sql``)."""
    from vc_led_issuer.db import make_engine

    context.configure(
        url=str(make_engine().url),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
