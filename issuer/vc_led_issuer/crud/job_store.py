"""Resumable bulk jobs (import, issuance, export): data functions (re-exported by ``crud``).

A job's progress is written in the same transaction as the work it counts, so a crash loses
neither; a job that was killed stays ``running`` with the progress of its committed batches.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from ..errors import NotFoundError
from ..models import BulkJob, JobState

__all__ = ["create_job", "finish_job", "get_job", "update_job"]


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def create_job(
    session: Session,
    *,
    kind: str,
    params: Mapping[str, Any],
    total: int | None = None,
    job_id: str | None = None,
    now: datetime | None = None,
) -> BulkJob:
    """Create a resumable job (``pending``).

    Returns:
        The new row (``id`` is a UUID unless given).
    """
    now = _now(now)
    job = BulkJob(
        id=job_id or str(uuid.uuid4()),
        kind=kind,
        params=dict(params),
        total=total,
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, *, job_id: str) -> BulkJob | None:
    """The job, or None."""
    return session.get(BulkJob, job_id)


def update_job(
    session: Session,
    *,
    job_id: str,
    cursor: str | None,
    done: int = 0,
    failed: int = 0,
    now: datetime | None = None,
) -> BulkJob:
    """Record progress (in the same transaction as the work, so a crash loses neither).

    Args:
        session: the session that did the work.
        job_id: the job.
        cursor: where to resume (e.g. the last record id done).
        done: how many more items succeeded.
        failed: how many more items failed.
        now: the time (default: now, UTC).

    Returns:
        The job, ``running``.

    Raises:
        NotFoundError: unknown job.
    """
    job = session.get(BulkJob, job_id, with_for_update=True, populate_existing=True)
    if job is None:
        raise NotFoundError("no such job")
    job.cursor, job.state, job.updated_at = cursor, JobState.RUNNING.value, _now(now)
    job.done += done
    job.failed += failed
    session.add(job)
    session.flush()
    return job


def finish_job(
    session: Session, *, job_id: str, error: str | None = None, now: datetime | None = None
) -> BulkJob:
    """Mark a job ``done`` (or ``failed`` with an error text that holds no personal data).

    Raises:
        NotFoundError: unknown job.
    """
    job = session.get(BulkJob, job_id, with_for_update=True, populate_existing=True)
    if job is None:
        raise NotFoundError("no such job")
    job.state = (JobState.FAILED if error else JobState.DONE).value
    job.error, job.updated_at = error, _now(now)
    session.add(job)
    session.flush()
    return job
