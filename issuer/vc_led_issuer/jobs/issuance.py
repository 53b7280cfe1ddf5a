"""``vc-led issue-bulk``: issue one credential per registered record revision, resumably.

The parent walks the issuable records (registered, and no credential for their current
revision yet) in id order and hands batches to a :class:`concurrent.futures.Executor` — a
local process pool by default; any executor works (Dask: ``client.get_executor()``). Each
batch is all-or-nothing (see :mod:`vc_led_issuer.jobs.worker`). Killing the command at any moment
and running it again finishes the work with every record issued exactly once: the next run
simply finds what is still issuable, and the idempotency key refuses doubles.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import col, select

from .. import crud
from ..context import Registry
from ..models import IssuedCredential, Record, RecordState
from .progress import Progress
from .where import Where
from .worker import BatchResult, WorkerConfig, close_registries, issue_batch

__all__ = ["InlineExecutor", "IssuanceReport", "count_issuable", "issuable_ids", "run_issuance"]

T = TypeVar("T")
MAX_FAILURES_KEPT = 10_000


class InlineExecutor(Executor):
    """Runs each task at once in this process (``--workers 0``; tests)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


@dataclass(slots=True)
class IssuanceReport:
    """What a run did.

    Attributes:
        job_id: the ``bulk_jobs`` row. issued: new credentials. skipped: records found
            issued already (by an earlier, interrupted run). failed: records not issued;
            ``failures`` has (record id, code) for the first 10,000. error: why the run
            stopped early, if it did.
    """

    job_id: str
    issued: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when every record was issued and the run finished."""
        return self.failed == 0 and self.error is None

    def add(self, batch: BatchResult) -> None:
        """Count a finished batch."""
        self.issued += batch.issued
        self.skipped += batch.skipped
        self.failed += len(batch.failures)
        room = MAX_FAILURES_KEPT - len(self.failures)
        self.failures += batch.failures[: max(0, room)]


def _issuable(where: Where) -> Any:
    exists = (
        select(IssuedCredential.id)
        .where(
            IssuedCredential.record_id == Record.id,
            IssuedCredential.record_revision == Record.revision,
        )
        .exists()
    )
    query = select(Record.id).where(Record.state == RecordState.REGISTERED.value, ~exists)
    return where.apply(query)


def issuable_ids(registry: Registry, *, where: Where, after_id: int, limit: int) -> list[int]:
    """Ids of issuable records after ``after_id``, in id order (keyset pagination)."""
    query = _issuable(where).where(col(Record.id) > after_id).order_by(col(Record.id))
    with registry.read() as session:
        return [i for i in session.exec(query.limit(limit)) if i is not None]


def count_issuable(registry: Registry, *, where: Where) -> int:
    """How many records are issuable."""
    with registry.read() as session:
        return int(
            session.exec(select(func.count()).select_from(_issuable(where).subquery())).one()
        )


def default_executor(workers: int) -> Executor:
    """A process pool of ``workers`` spawned processes, or inline for 0."""
    if workers <= 0:
        return InlineExecutor()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


def run_issuance(
    registry: Registry,
    *,
    where: Where | None = None,
    workers: int | None = None,
    batch_size: int = 50,
    executor: Executor | None = None,
    progress: Progress | None = None,
    actor: str = "issue-bulk",
    fixed_now: datetime | None = None,
    seed: int | None = None,
) -> IssuanceReport:
    """Issue the credentials of every issuable record that matches ``where``.

    Args:
        registry: the registry (it must have a key).
        where: which records (default: all).
        workers: process count (default: the CPU count; 0 runs inline).
        batch_size: records per batch (one status index block and one transaction).
        executor: run batches here instead (it is not shut down).
        progress: a progress bar to advance (its total is set here).
        actor: who, for the audit log.
        fixed_now: a fixed issuance time (tests).
        seed: deterministic randomness (tests).

    Returns:
        The :class:`IssuanceReport`.

    Raises:
        NotFoundError: the registry has no key (nothing is issued).
    """
    where = where or Where()
    with registry.read() as session:
        registry.current_key(session)  # fail early without a key
    total = count_issuable(registry, where=where)
    with registry.write() as session:
        job = crud.create_job(session, kind="issue", params=where.to_dict(), total=total)
    report = IssuanceReport(job.id)
    if progress is not None:
        progress.total = total
    config = WorkerConfig(
        settings=registry.settings,
        database_url=registry.engine.url.render_as_string(hide_password=False),
        job_id=job.id,
        actor=actor,
        fixed_now=fixed_now,
        seed=seed,
        scrypt_n=registry.scrypt_n,
    )
    workers = (os.cpu_count() or 1) if workers is None else workers
    own = executor is None
    pool = executor or default_executor(workers)
    try:
        window = 1 if own and workers == 0 else 2 * max(1, workers)  # batches in flight
        _drive(registry, pool, config, where, batch_size, window, report, progress)
    except BaseException as exc:  # interrupted (Ctrl-C...): the job says so
        report.error = report.error or f"interrupted: {type(exc).__name__}"
        raise
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
            if isinstance(pool, InlineExecutor):
                close_registries()
        with registry.write() as session:
            crud.finish_job(session, job_id=job.id, error=report.error, now=registry.now())
    return report


def _drive(
    registry: Registry,
    pool: Executor,
    config: WorkerConfig,
    where: Where,
    batch_size: int,
    window: int,
    report: IssuanceReport,
    progress: Progress | None,
) -> None:
    pending: set[Future[BatchResult]] = set()
    after, exhausted = 0, False
    while not exhausted or pending:
        while not exhausted and len(pending) < window and report.error is None:
            ids = issuable_ids(registry, where=where, after_id=after, limit=batch_size)
            if not ids:
                exhausted = True
                break
            after = ids[-1]
            pending.add(pool.submit(issue_batch, config, ids))
        if not pending:
            break
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            _collect(future, report, progress)
        if report.error is not None:
            exhausted = True


def _collect(
    future: Future[BatchResult], report: IssuanceReport, progress: Progress | None
) -> None:
    try:
        batch = future.result()
    except Exception as exc:  # a worker died or the database failed: stop, rerun resumes
        report.error = report.error or f"a batch failed: {type(exc).__name__}"
        return
    report.add(batch)
    if progress is not None:
        progress.advance(batch.issued + batch.skipped, len(batch.failures))
