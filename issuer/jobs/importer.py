"""``vc-led import``: store LED records idempotently, revoke what LED cancelled or corrected.

Records are written in batches, one transaction each, so a crash leaves whole batches and
nothing half-written; importing again is the resume (the upsert on (supplier, supplier
reference) makes a repeated record a no-op). A cancelled record (status 10) or a corrected
one revokes the credentials issued from it (see :mod:`issuer.records`), in the batch's
transaction; the changed status lists are re-signed at the end.

Each record gets a savepoint, so one bad record (say, one that would move to another
holder) is reported and the rest of its batch is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from vc_led.led import HolderIdentity, ImportedRecord

from .. import audit, crud
from ..context import Registry
from ..errors import HolderMismatchError
from ..privacy import InszHasher
from ..publish import refresh_status_lists
from .credentials import HolderClaims
from .progress import Progress
from .sources import InputFormat, Problem, Source, expand_sources, read_source

__all__ = ["HolderProfile", "ImportReport", "import_files"]

#: Optional names and birth date for a holder (the demo derives them; production gets them
#: from the login).
HolderProfile = Callable[[HolderIdentity], HolderClaims | None]
MAX_PROBLEMS_KEPT = 10_000


@dataclass(slots=True)
class ImportReport:
    """What an import did.

    Attributes:
        files: inputs read.
        created: new records. changed: records whose content or state changed.
        unchanged: records imported before exactly so. revoked: credentials revoked.
        failed: records (or whole inputs) not imported; ``problems`` says why (the first
            10,000).
    """

    files: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    revoked: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return self.failed == 0

    def summary(self) -> str:
        """One line for people."""
        return (
            f"{self.files} file(s): {self.created} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.revoked} credential(s) revoked, "
            f"{self.failed} failed"
        )

    def _problem(self, problem: Problem) -> None:
        self.failed += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)


def import_files(
    registry: Registry,
    paths: Sequence[str | Path],
    *,
    fmt: InputFormat | None = None,
    actor: str = "import",
    batch_size: int = 200,
    progress: Progress | None = None,
    holder_profile: HolderProfile | None = None,
) -> ImportReport:
    """Import LED records from files.

    Args:
        registry: the registry.
        paths: files or directories.
        fmt: the format (default: from each file).
        actor: who, for the audit log.
        batch_size: records per transaction.
        progress: a progress bar to advance (its total is set here).
        holder_profile: names and birth dates for holders (optional).

    Returns:
        The :class:`ImportReport` (never raises because of what a record holds).

    Raises:
        FileNotFoundError: a path that does not exist.
        ConfigurationError: no pepper configured.
    """
    sources = expand_sources(paths, fmt=fmt)
    hasher, report = registry.hasher(), ImportReport()
    if progress is not None:
        progress.total = sum(s.estimate() for s in sources)
    for source in sources:
        report.files += 1
        batch: list[ImportedRecord] = []
        for item in read_source(source):
            if isinstance(item, Problem):
                report._problem(item)
                _tick(progress, failed=1)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                _store(registry, source, batch, hasher, report, actor, holder_profile, progress)
                batch = []
        _store(registry, source, batch, hasher, report, actor, holder_profile, progress)
    if report.revoked:
        refresh_status_lists(registry)
    _audit(registry, report, actor)
    return report


def _tick(progress: Progress | None, *, done: int = 0, failed: int = 0) -> None:
    if progress is not None:
        progress.advance(done, failed)


def _store(
    registry: Registry,
    source: Source,
    batch: list[ImportedRecord],
    hasher: InszHasher,
    report: ImportReport,
    actor: str,
    holder_profile: HolderProfile | None,
    progress: Progress | None,
) -> None:
    if not batch:
        return
    outcomes: list[tuple[str, int]] = []
    problems: list[Problem] = []
    with registry.write() as session:
        for item in batch:
            try:
                with session.begin_nested():
                    outcomes.append(_upsert(session, item, hasher, actor, holder_profile, registry))
            except (ValueError, IntegrityError) as exc:
                problems.append(_failed(source, item, exc))
    for kind, revoked in outcomes:  # counted once the batch is committed
        setattr(report, kind, getattr(report, kind) + 1)
        report.revoked += revoked
    for problem in problems:
        report._problem(problem)
    _tick(progress, done=len(outcomes), failed=len(problems))


def _upsert(
    session: Session,
    item: ImportedRecord,
    hasher: InszHasher,
    actor: str,
    holder_profile: HolderProfile | None,
    registry: Registry,
) -> tuple[str, int]:
    claims = holder_profile(item.holder) if holder_profile is not None else None
    holder = crud.get_or_create_holder(
        session,
        insz=item.holder.insz,
        hasher=hasher,
        given_name=claims.given_name if claims else None,
        family_name=claims.family_name if claims else None,
        birth_date=claims.birth_date if claims else None,
        now=registry.now(),
    )
    outcome = crud.upsert_led_record(
        session, record=item.record, holder=holder, actor=actor, now=registry.now()
    )
    kind = "created" if outcome.created else "changed" if outcome.changed else "unchanged"
    return kind, len(outcome.revoked)


def _failed(source: Source, item: ImportedRecord, exc: Exception) -> Problem:
    if isinstance(exc, IntegrityError):
        code, message = "record.conflict", "the record conflicts with a stored one"
    elif isinstance(exc, HolderMismatchError):
        code, message = "record.holder_mismatch", "the record is stored for another holder"
    else:
        code, message = "record.rejected", type(exc).__name__
    return Problem(source.shown, code, message, record=item.index, line=item.line)


def _audit(registry: Registry, report: ImportReport, actor: str) -> None:
    details = {
        k: getattr(report, k)
        for k in ("files", "created", "changed", "unchanged", "revoked", "failed")
    }
    with registry.write() as session:
        audit.append(
            session, actor=actor, action="records.import", details=details, now=registry.now()
        )
