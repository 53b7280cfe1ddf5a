"""No statement of import, bulk issuance or a status change scans a table that grows with the
registry (SQLite's query plans, read with ``EXPLAIN QUERY PLAN``).

Regression: binding status entries used a row-value ``IN`` list (``(list_id, idx) IN
(VALUES ...)``), and finding existing records ``(supplier, supplier_reference) IN (...)``;
SQLite answers both with a full table scan, which made bulk issuance quadratic (225
credentials/s at 5,000 records, 58/s averaged over 100,000).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from issuer_helpers import credentials, generated, import_named, issue_all
from sqlalchemy import Engine

from vc_led_issuer.context import Registry
from vc_led_issuer.lifecycle import StatusAction, change_status

GROWING = (
    "records",
    "holders",
    "issued_credentials",
    "status_allocations",
    "token_status_allocations",
    "audit_log",
)
# the audit log's head: ORDER BY its integer primary key DESC LIMIT 1 reads one row
ONE_ROW = re.compile(r"ORDER BY audit_log\.seq DESC\s+LIMIT", re.S)


@pytest.fixture
def backend() -> str:
    return "sqlite"  # query plans are SQLite's (PostgreSQL's planner decides by statistics)


@contextmanager
def captured() -> Iterator[dict[str, Any]]:
    statements: dict[str, Any] = {}

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        if not rest[-1]:  # executemany: inserts only
            statements[statement] = parameters

    sa.event.listen(Engine, "before_cursor_execute", capture)
    try:
        yield statements
    finally:
        sa.event.remove(Engine, "before_cursor_execute", capture)


def _scans(database: Path, statements: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    with sqlite3.connect(database) as db:
        for statement, parameters in statements.items():
            if not statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
                continue
            if ONE_ROW.search(statement):
                continue
            for row in db.execute("EXPLAIN QUERY PLAN " + statement, parameters):
                detail = str(row[3])
                if detail.startswith("SCAN ") and detail.split()[1] in GROWING:
                    found.append((detail, " ".join(statement.split())[:300]))
    return found


def test_import_issue_and_revoke_never_scan_a_growing_table(
    registry: Registry, database_url: str, tmp_path: Path
) -> None:
    data = generated(tmp_path, persons=6)
    with captured() as statements:
        assert import_named(registry, data).ok
        assert import_named(registry, data).ok  # every record exists
        assert issue_all(registry, batch_size=4).issued > 4
    first = credentials(registry)[0].credential_id  # (the helper reads them all)
    with captured() as more:
        change_status(
            registry,
            credential_id=first,
            action=StatusAction.REVOKE,
            reason="test",
            actor="test",
        )
    statements |= more
    assert len(statements) > 20
    database = Path(database_url.removeprefix("sqlite:///"))
    assert _scans(database, statements) == []
