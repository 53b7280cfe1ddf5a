"""What an import returns: the accepted records and every problem, never half a record.

A record is either accepted whole (it passed the structure checks and every error-level
rule of :func:`~vc_led.led.validation.validate_record`) or rejected with at least one
error that names it. Nothing is dropped silently: ``len(records)`` + the number of
distinct rejected record indexes = the number of records in the input.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..holder import HolderIdentity
from ..issues import RecordIssue, Severity
from ..model import LedRecord
from ..validation import validate_record

__all__ = ["ImportResult", "ImportedRecord", "accept_records"]


@dataclass(frozen=True, slots=True)
class ImportedRecord:
    """One accepted record with its holder.

    Attributes:
        index: 1-based position in the source (``Bewijs`` index in a MAGDA answer, line
            number in a JSON lines file).
        holder: who the record belongs to (the INSZ; masked in ``repr``).
        record: the record content.
        line: source line, when known.
    """

    index: int
    holder: HolderIdentity
    record: LedRecord
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """The outcome of reading one input.

    Attributes:
        records: the accepted records, in source order.
        errors: problems that rejected a record (``record_index`` set) or the whole input
            (``record_index`` None).
        warnings: problems that did not reject anything.
    """

    records: tuple[ImportedRecord, ...] = ()
    errors: tuple[RecordIssue, ...] = ()
    warnings: tuple[RecordIssue, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.errors

    @property
    def rejected_indexes(self) -> tuple[int, ...]:
        """The sorted source indexes of the rejected records."""
        return tuple(sorted({e.record_index for e in self.errors if e.record_index is not None}))


def accept_records(
    candidates: Iterable[ImportedRecord],
    *,
    now: datetime | None,
) -> tuple[list[ImportedRecord], list[RecordIssue], list[RecordIssue]]:
    """Apply the LED rules to structurally sound records and sort them out.

    Args:
        candidates: records that were read without a structural problem.
        now: the clock for the "not in the future" rules (None: system clock, UTC).

    Returns:
        ``(accepted, errors, warnings)``.
    """
    accepted: list[ImportedRecord] = []
    errors: list[RecordIssue] = []
    warnings: list[RecordIssue] = []
    for entry in candidates:
        issues = validate_record(
            entry.record, now=now, holder=entry.holder, record_index=entry.index, line=entry.line
        )
        rejected = [i for i in issues if i.severity is Severity.ERROR]
        errors.extend(rejected)
        warnings.extend(i for i in issues if i.severity is Severity.WARNING)
        if not rejected:
            accepted.append(entry)
    return accepted, errors, warnings
