"""Concurrent processes: no duplicate status index, no lost issuance, no forked audit chain.

4 processes x 1,000 credentials = 8,000 status allocations (4 x 2,000) per backend. The
issue's 25,000-credential run is a benchmark, not a unit test.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest
from issuer_workers import append_many, issue_many
from sqlalchemy import Engine, func, select

from vc_led_issuer import audit
from vc_led_issuer.db import read_session
from vc_led_issuer.models import IssuedCredential, StatusAllocation

WORKERS = 4
CREDENTIALS_PER_WORKER = 1_000


def _run(function: object, args: list[tuple[object, ...]]) -> list[object]:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(len(args)) as pool:
        return list(pool.starmap(function, args))  # type: ignore[arg-type]


@pytest.mark.slow
def test_concurrent_issuance(engine: Engine, database_url: str, seeded: tuple[int, str]) -> None:
    record_id, key_id = seeded
    args = [(database_url, w, CREDENTIALS_PER_WORKER, record_id, key_id) for w in range(WORKERS)]
    results = _run(issue_many, args)
    issued = [cid for ids in results for cid in ids]  # type: ignore[attr-defined]
    assert len(issued) == len(set(issued)) == WORKERS * CREDENTIALS_PER_WORKER
    with read_session(engine) as session:
        rows = session.exec(select(IssuedCredential)).scalars().all()
        assert {r.credential_id for r in rows} == set(issued)  # zero lost
        entries = [(r.revocation_list_id, r.revocation_index) for r in rows]
        entries += [(r.suspension_list_id, r.suspension_index) for r in rows]
        assert not [e for e, n in Counter(entries).items() if n > 1]  # zero duplicates
        allocations = session.exec(select(func.count()).select_from(StatusAllocation)).scalar()
        unbound = session.exec(
            select(func.count())
            .select_from(StatusAllocation)
            .where(StatusAllocation.credential_id.is_(None))
        ).scalar()
        assert (allocations, unbound) == (2 * len(issued), 0)


@pytest.mark.slow
def test_concurrent_audit_appends_do_not_fork(engine: Engine, database_url: str) -> None:
    results = _run(append_many, [(database_url, w, 100) for w in range(WORKERS)])
    assert sum(results) == WORKERS * 100  # type: ignore[arg-type]
    with read_session(engine) as session:
        report = audit.verify_chain(session)
    assert report.ok and report.entries == WORKERS * 100
