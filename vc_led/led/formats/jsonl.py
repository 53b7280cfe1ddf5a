"""LED records as JSON lines, for suppliers that do not speak MAGDA.

One line per record: ``{"holder": {"insz": "..."}, "record": {...}}``, the record in the
form of :mod:`vc_led.led.formats.codec`. Export then import gives back exactly the same records
(partial dates, pseudo-values and all). Import never raises because of what a line holds:
a bad line is reported with its line number, field and a stable code, and the next line is
read as usual.

These files carry INSZ numbers: they are registry data, never something to publish.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from os import PathLike
from typing import Any, TextIO

from ..holder import HolderIdentity
from ..issues import IssueCode, RecordIssue, Severity
from ..model import LedRecord
from ._reader import FieldError
from .codec import holder_from_dict, holder_to_dict, record_from_dict, record_to_dict
from .imported import ImportedRecord, ImportResult, accept_records

__all__ = [
    "MAX_LINE_CHARS",
    "dumps_line",
    "iter_jsonl",
    "load_jsonl",
    "loads_line",
    "read_jsonl",
    "write_jsonl",
]

MAX_LINE_CHARS = 1_000_000
"""A longer line is refused (``line.too_long``) without being parsed."""


def dumps_line(holder: HolderIdentity, record: LedRecord) -> str:
    """One JSON line (no trailing newline) for ``record`` and its holder.

    The output is deterministic: same record, same bytes.
    """
    data = {"holder": holder_to_dict(holder), "record": record_to_dict(record)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(entries: Iterable[tuple[HolderIdentity, LedRecord]], out: TextIO) -> int:
    """Write one line per ``(holder, record)``.

    Args:
        entries: the records, streamed.
        out: a text stream (opened with ``encoding="utf-8"``).

    Returns:
        The number of lines written.
    """
    count = 0
    for holder, record in entries:
        out.write(dumps_line(holder, record))
        out.write("\n")
        count += 1
    return count


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _bad_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def loads_line(text: str, *, line: int = 1) -> ImportedRecord | RecordIssue:
    """Read one line into a record with its holder, or the first structural problem.

    The LED rules are not applied here (see :func:`iter_jsonl`).

    Args:
        text: the line.
        line: its 1-based line number, copied into the result.

    Returns:
        An :class:`ImportedRecord`, or a :class:`RecordIssue` saying what is wrong.
    """
    if len(text) > MAX_LINE_CHARS:
        return _issue(IssueCode.LINE_TOO_LONG, f"longer than {MAX_LINE_CHARS} characters", line)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_bad_constant)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested thousands deep
        reason = "duplicate key" if str(exc) == "duplicate key" else "not valid JSON"
        return _issue(IssueCode.LINE_NOT_JSON, reason, line)
    if not isinstance(data, dict):
        return _issue(IssueCode.LINE_NOT_OBJECT, "a line must be a JSON object", line)
    try:
        unknown = sorted(set(data) - {"holder", "record"})
        if unknown:
            raise FieldError(IssueCode.RECORD_UNKNOWN_FIELD, unknown[0], "unknown field")
        holder = holder_from_dict(data.get("holder"))
        record = record_from_dict(data.get("record"))
    except FieldError as exc:
        return _issue(exc.code, exc.message, line, field=exc.field)
    return ImportedRecord(index=line, holder=holder, record=record, line=line)


def _issue(code: IssueCode, message: str, line: int, *, field: str | None = None) -> RecordIssue:
    return RecordIssue(code=code, message=message, record_index=line, field=field, line=line)


def iter_jsonl(
    lines: Iterable[str | bytes], *, now: datetime | None = None
) -> Iterator[ImportedRecord | RecordIssue]:
    """Stream a JSON lines input: yield each accepted record and each problem, in order.

    Blank lines are skipped. A record with an error-level problem is not yielded; its
    issues are. Warnings are yielded too (``severity`` tells them apart).

    Args:
        lines: the lines (a text or binary file object works; bytes are read as UTF-8).
        now: the clock for the "not in the future" rules (default: system clock, UTC).

    Yields:
        :class:`ImportedRecord` or :class:`RecordIssue`.
    """
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield _issue(IssueCode.LINE_NOT_UTF8, "not valid UTF-8", number)
                continue
        else:
            text = raw
        if not text.strip():
            continue
        item = loads_line(text, line=number)
        if isinstance(item, RecordIssue):
            yield item
            continue
        accepted, errors, warnings = accept_records([item], now=now)
        yield from errors
        yield from warnings
        yield from accepted


def read_jsonl(lines: Iterable[str | bytes], *, now: datetime | None = None) -> ImportResult:
    """Read a whole JSON lines input into an :class:`ImportResult`.

    Args:
        lines: the lines (a text or binary file object works).
        now: the clock for the "not in the future" rules (default: system clock, UTC).

    Returns:
        The accepted records, the errors and the warnings.
    """
    records: list[ImportedRecord] = []
    errors: list[RecordIssue] = []
    warnings: list[RecordIssue] = []
    for item in iter_jsonl(lines, now=now):
        if isinstance(item, ImportedRecord):
            records.append(item)
        elif item.severity is Severity.ERROR:
            errors.append(item)
        else:
            warnings.append(item)
    return ImportResult(records=tuple(records), errors=tuple(errors), warnings=tuple(warnings))


def load_jsonl(path: str | PathLike[str], *, now: datetime | None = None) -> ImportResult:
    """Read a JSON lines file (UTF-8).

    Args:
        path: the file.
        now: the clock for the "not in the future" rules.

    Returns:
        The accepted records, the errors and the warnings.

    Raises:
        OSError: when the file cannot be opened.
    """
    with open(path, "rb") as handle:
        return read_jsonl(handle, now=now)
