"""``vc-led holders import FILE.csv``: names and birth dates of holders, so that bulk issuance
can issue their credentials (a credential carries the holder's name; LED records do not).

The file is CSV with a header ``insz,given_name,family_name,birth_date`` (birth date
``YYYY-MM-DD`` or empty), for example an extract of the national register. The INSZ is
stored only as its peppered HMAC; a problem names the line, never the INSZ. One transaction
per 500 lines (and one audit entry per file); importing the file again changes nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from vc_led.led.holder import insz_checksum_ok

from .. import audit, crud
from ..context import Registry

__all__ = ["HOLDER_COLUMNS", "HolderFileCode", "HolderNamesReport", "import_holder_names"]

HOLDER_COLUMNS = ("insz", "given_name", "family_name", "birth_date")
MAX_NAME_CHARS = 200
_BATCH = 500


class HolderFileCode(StrEnum):
    """Why a line of a holder file was not stored. Released codes are never renamed."""

    COLUMNS = "holder.columns"
    INSZ_INVALID = "holder.insz_invalid"
    NAME_INVALID = "holder.name_invalid"
    BIRTH_DATE_INVALID = "holder.birth_date_invalid"


@dataclass(slots=True)
class HolderNamesReport:
    """Lines stored and the problems of the others (``(line, code)``)."""

    stored: int = 0
    problems: list[tuple[int, HolderFileCode]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    insz: str
    given_name: str
    family_name: str
    birth_date: date | None


def import_holder_names(
    registry: Registry, path: Path, *, actor: str = "holders-import"
) -> HolderNamesReport:
    """Store the names and birth dates of a CSV file (see the module docstring).

    Raises:
        OSError: the file cannot be read. ValueError: the header is not
            ``insz,given_name,family_name,birth_date``.
    """
    report, batch = HolderNamesReport(), []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in _rows(handle, report):
            batch.append(row)
            if len(batch) >= _BATCH:
                _store(registry, batch, report)
                batch = []
    _store(registry, batch, report)
    with registry.write() as session:
        details = {"stored": report.stored, "refused": len(report.problems)}
        audit.append(
            session, actor=actor, action="holders.import", details=details, now=registry.now()
        )
    return report


def _rows(handle: TextIO, report: HolderNamesReport) -> Iterator[_Row]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != HOLDER_COLUMNS:
        raise ValueError("the header must be: " + ",".join(HOLDER_COLUMNS))
    for line, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        problem = _problem(fields)
        if problem is not None:
            report.problems.append((line, problem))
            continue
        insz, given, family, born = (f.strip() for f in fields)
        yield _Row(line, insz, given, family, date.fromisoformat(born) if born else None)


def _problem(fields: list[str]) -> HolderFileCode | None:
    if len(fields) != len(HOLDER_COLUMNS):
        return HolderFileCode.COLUMNS
    insz, given, family, born = (f.strip() for f in fields)
    if not insz_checksum_ok(insz):
        return HolderFileCode.INSZ_INVALID
    if not (0 < len(given) <= MAX_NAME_CHARS and 0 < len(family) <= MAX_NAME_CHARS):
        return HolderFileCode.NAME_INVALID
    try:
        if born:
            date.fromisoformat(born)
    except ValueError:
        return HolderFileCode.BIRTH_DATE_INVALID
    return None


def _store(registry: Registry, batch: list[_Row], report: HolderNamesReport) -> None:
    if not batch:
        return
    hasher = registry.hasher()
    with registry.write() as session:
        for row in batch:
            crud.get_or_create_holder(
                session,
                insz=row.insz,
                hasher=hasher,
                given_name=row.given_name,
                family_name=row.family_name,
                birth_date=row.birth_date,
                now=registry.now(),
            )
    report.stored += len(batch)
