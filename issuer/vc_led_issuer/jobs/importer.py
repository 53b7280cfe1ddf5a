"""``vc-led import``: store LED records idempotently, revoke what LED cancelled or corrected.

Records are written in batches, one transaction each, so a crash leaves whole batches and
nothing half-written; importing again is the resume (the upsert on (supplier, supplier
reference) makes a repeated record a no-op). A cancelled record (status 10) or a corrected
one revokes the credentials issued from it (see :mod:`vc_led_issuer.crud.records`), in the batch's
transaction; the changed status lists are re-signed at the end.

A batch is stored in a few statements (:mod:`vc_led_issuer.crud.records_batch`); a record that would
move to another holder is reported and the rest stored. If the database refuses a batch
statement, the batch is stored again record by record, each in a savepoint, so only the bad
records are left out (and reported).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from vc_led.led import HolderIdentity, ImportedRecord

from .. import audit
from ..context import Registry
from ..crud.records_batch import BatchRecord, Stored, store_records
from ..errors import HolderMismatchError, KeyCustodyError
from ..privacy import InszHasher
from ..publish import refresh_status_lists
from .credentials import HolderClaims
from .progress import Progress
from .sources import ImportCode, InputFormat, Problem, Source, expand_sources, read_source

__all__ = ["HolderProfile", "ImportReport", "import_files"]

log = logging.getLogger("issuer")
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
    if progress is not None:
        progress.total = sum(s.estimate() for s in sources)
    run = _Import(registry, registry.hasher(), actor, holder_profile, progress)
    for source in sources:
        run.report.files += 1
        batch: dict[tuple[str, str], ImportedRecord] = {}
        for item in read_source(source):
            if isinstance(item, Problem):
                run.failed([item])
                continue
            key = (item.record.supplier.name, item.record.supplier.reference)
            if key in batch or len(batch) >= batch_size:  # a repeated record: the later wins
                run.store(source, list(batch.values()))
                batch = {}
            batch[key] = item
        run.store(source, list(batch.values()))
    if run.report.revoked:
        _republish(registry)
    _audit(registry, run.report, actor)
    return run.report


@dataclass
class _Import:
    registry: Registry
    hasher: InszHasher
    actor: str
    holder_profile: HolderProfile | None
    progress: Progress | None
    report: ImportReport = field(default_factory=ImportReport)

    def store(self, source: Source, batch: list[ImportedRecord]) -> None:
        """Store a batch (distinct keys) in one transaction; count it once committed."""
        if not batch:
            return
        items = [self._item(i) for i in batch]
        try:
            with self.registry.write() as session:
                stored = store_records(
                    session,
                    batch=items,
                    hasher=self.hasher,
                    actor=self.actor,
                    now=self.registry.now(),
                )
        except (ValueError, DBAPIError):  # one bad record spoils the statement: one by one
            self._one_by_one(source, batch, items)
            return
        self._count(source, batch, stored)

    def _one_by_one(
        self, source: Source, batch: list[ImportedRecord], items: list[BatchRecord]
    ) -> None:
        """Each record in its own savepoint, so that only the bad ones are left out."""
        stored: list[Stored | Problem] = []
        with self.registry.write() as session:
            for item, entry in zip(batch, items, strict=True):
                try:
                    with session.begin_nested():
                        stored += self._write(session, [entry])
                except (ValueError, DBAPIError) as exc:
                    stored.append(_failed(source, item, exc))
        self._count(source, batch, stored)

    def _write(self, session: Session, items: list[BatchRecord]) -> list[Stored]:
        now = self.registry.now()
        return store_records(session, batch=items, hasher=self.hasher, actor=self.actor, now=now)

    def _count(
        self, source: Source, batch: list[ImportedRecord], stored: Sequence[Stored | Problem]
    ) -> None:
        done = 0
        problems: list[Problem] = []
        for item, outcome in zip(batch, stored, strict=True):
            if isinstance(outcome, Problem):
                problems.append(outcome)
            elif outcome.kind == "holder_mismatch":
                problems.append(_failed(source, item, HolderMismatchError("")))
            else:
                setattr(self.report, outcome.kind, getattr(self.report, outcome.kind) + 1)
                self.report.revoked += outcome.revoked
                done += 1
        if self.progress is not None:
            self.progress.advance(done, 0)
        self.failed(problems)

    def failed(self, problems: list[Problem]) -> None:
        """Report records that were not imported."""
        for problem in problems:
            self.report._problem(problem)
        if self.progress is not None and problems:
            self.progress.advance(0, len(problems))

    def _item(self, item: ImportedRecord) -> BatchRecord:
        claims = self.holder_profile(item.holder) if self.holder_profile is not None else None
        return BatchRecord(
            item.holder.insz,
            item.record,
            claims.given_name if claims else None,
            claims.family_name if claims else None,
            claims.birth_date if claims else None,
        )


def _failed(source: Source, item: ImportedRecord, exc: Exception) -> Problem:
    if isinstance(exc, DBAPIError):
        code = ImportCode.RECORD_NOT_STORABLE
        message = f"the database refused it ({type(exc).__name__})"
    elif isinstance(exc, HolderMismatchError):
        code, message = ImportCode.RECORD_HOLDER_MISMATCH, "the record is stored for another holder"
    else:
        code, message = ImportCode.RECORD_REJECTED, type(exc).__name__
    return Problem(source.shown, code, message, record=item.index, line=item.line)


def _republish(registry: Registry) -> None:
    """Sign the lists the import changed now; if that fails, the next request signs them."""
    try:
        refresh_status_lists(registry)
    except KeyCustodyError as exc:
        log.warning("status lists not republished: %s", type(exc).__name__)


def _audit(registry: Registry, report: ImportReport, actor: str) -> None:
    details = {
        k: getattr(report, k)
        for k in ("files", "created", "changed", "unchanged", "revoked", "failed")
    }
    with registry.write() as session:
        audit.append(
            session, actor=actor, action="records.import", details=details, now=registry.now()
        )
