"""Deterministic synthetic LED data (led-domain.md §6c), streamed in constant memory.

:func:`generate_records` yields ``(holder, record)`` pairs person by person. The same
``persons``, ``seed`` and ``as_of`` give the same records, byte for byte once written, on
any machine: each person has their own random generator seeded from ``(seed, index)`` and
no state is kept between persons.

What the data looks like:

- suppliers and categories in the §6c mix (:data:`SUPPLIER_SHARES`), real institution and
  programme names (``data/synthetic.json``), realistic dates per supplier;
- synthetic INSZ that can never be real (birth month + 60, valid mod-97 check number),
  unique within a run;
- every §6c edge case: CVO module chains ending in a final proof, self-declarations,
  expired and unparseable validity periods, joint programmes, NARIC equivalences,
  cancelled records with re-registered successors, year-only / year+month / 1800 dates,
  pseudo-values, pre-Bologna titles, BuSO (OV1-OV4), ``;``-separated study programmes,
  an INSZ change, competence records with 3-15 competences;
- micro-credential fields LED does not have (ECTS, assessment, participation form, QA,
  ESCO links) only in a separate layer: :func:`synthetic_enrichment`.

:func:`write_generated` writes JSON lines or MAGDA ``GeefBewijsResponse`` files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from ..formats.jsonl import dumps_line
from ..formats.magda_write import geef_bewijs_response
from ..holder import HolderIdentity
from ..model import LedRecord
from ._people import PersonSpace
from ._person import SUPPLIER_SHARES, person_records
from .enrichment import SyntheticEnrichment, synthetic_enrichment

__all__ = [
    "DEFAULT_AS_OF",
    "SCALE_PROFILES",
    "SUPPLIER_SHARES",
    "GenerateSummary",
    "OutputFormat",
    "ProgressCallback",
    "SyntheticEnrichment",
    "generate_people",
    "generate_records",
    "synthetic_enrichment",
    "write_generated",
]

DEFAULT_AS_OF = date(2026, 1, 1)
"""The "today" of generated data unless told otherwise: no record is issued on or after it.
Fixed, so that a seed gives the same data on every day."""

SCALE_PROFILES: dict[str, int] = {"tiny": 1_000, "perf": 1_000_000, "full": 3_000_000}
"""Person counts of the §6c scale profiles (about 4.7 records per person; same proportions)."""

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(persons_done, persons_total)``."""
_PROGRESS_EVERY = 1000


class OutputFormat(StrEnum):
    """What :func:`write_generated` writes."""

    JSONL = "jsonl"  # one file, one line per record (holder + record)
    MAGDA = "magda"  # one GeefBewijsResponse per person: <dir>/<INSZ>.xml


@dataclass(frozen=True, slots=True)
class GenerateSummary:
    """What :func:`write_generated` wrote.

    Attributes:
        persons: persons generated. records: records written. files: files written.
        output_format: the format.
    """

    persons: int
    records: int
    files: int
    output_format: OutputFormat


def _check(persons: int, space: PersonSpace) -> None:
    if not 0 <= persons <= space.capacity:
        raise ValueError(f"persons must be 0-{space.capacity}")


def generate_people(
    *, persons: int, seed: int | str, as_of: date = DEFAULT_AS_OF
) -> Iterator[list[tuple[HolderIdentity, LedRecord]]]:
    """Yield, per person, the list of their ``(holder, record)`` pairs (oldest first).

    Args:
        persons: how many persons (at most ~19 million per run).
        seed: the seed; the same seed gives the same data.
        as_of: the generation date; every record is issued and registered before it.

    Yields:
        One list per person, 1-99 pairs.

    Raises:
        ValueError: for a negative or too large ``persons``.
    """
    space = PersonSpace(seed)
    _check(persons, space)
    for index in range(persons):
        yield person_records(space, index, seed=seed, as_of=as_of)[1]


def generate_records(
    *, persons: int, seed: int | str, as_of: date = DEFAULT_AS_OF
) -> Iterator[tuple[HolderIdentity, LedRecord]]:
    """Yield ``(holder, record)`` for ``persons`` synthetic persons, deterministically.

    Args:
        persons: how many persons (each has 1-99 records; median 3).
        seed: the seed; the same seed gives the same records.
        as_of: the generation date (default :data:`DEFAULT_AS_OF`).

    Yields:
        ``(holder, record)`` pairs, person by person, oldest record first.

    Raises:
        ValueError: for a negative or too large ``persons``.
    """
    for people in generate_people(persons=persons, seed=seed, as_of=as_of):
        yield from people


def write_generated(
    *,
    persons: int,
    seed: int | str,
    fmt: OutputFormat | str,
    out: str | os.PathLike[str] | TextIO,
    progress: ProgressCallback | None = None,
    as_of: date = DEFAULT_AS_OF,
) -> GenerateSummary:
    """Generate and write synthetic LED data in constant memory.

    Args:
        persons: how many persons.
        seed: the seed; same arguments, same bytes.
        fmt: ``jsonl`` (``out`` is a file path or a text stream) or ``magda`` (``out`` is a
            directory, created if needed; one ``<INSZ>.xml`` answer per person).
        out: where to write.
        progress: called every 1000 persons and at the end as ``progress(done, total)``.
        as_of: the generation date.

    Returns:
        What was written.

    Raises:
        ValueError: for an unknown format, a stream given for ``magda``, or a bad ``persons``.
        OSError: when the output cannot be written.
    """
    output = OutputFormat(fmt)
    people = generate_people(persons=persons, seed=seed, as_of=as_of)
    if output is OutputFormat.MAGDA:
        if not isinstance(out, (str, os.PathLike)):
            raise ValueError("the magda format writes a directory: give a path")
        records, files = _write_magda(people, Path(out), persons, progress, as_of)
    elif isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8", newline="\n") as handle:
            records, files = _write_jsonl(people, handle, persons, progress), 1
    else:
        records, files = _write_jsonl(people, out, persons, progress), 1
    return GenerateSummary(persons=persons, records=records, files=files, output_format=output)


def _tick(progress: ProgressCallback | None, done: int, total: int) -> None:
    if progress is not None and (done % _PROGRESS_EVERY == 0 or done == total):
        progress(done, total)


def _write_jsonl(
    people: Iterator[list[tuple[HolderIdentity, LedRecord]]],
    out: TextIO,
    total: int,
    progress: ProgressCallback | None,
) -> int:
    records = 0
    if total == 0:
        _tick(progress, 0, 0)
    for done, entries in enumerate(people, start=1):
        out.write("".join(dumps_line(holder, record) + "\n" for holder, record in entries))
        records += len(entries)
        _tick(progress, done, total)
    return records


def _write_magda(
    people: Iterator[list[tuple[HolderIdentity, LedRecord]]],
    directory: Path,
    total: int,
    progress: ProgressCallback | None,
    as_of: date,
) -> tuple[int, int]:
    directory.mkdir(parents=True, exist_ok=True)
    sent_at = datetime.combine(as_of, time(9, 0))
    records = files = 0
    if total == 0:
        _tick(progress, 0, 0)
    for done, entries in enumerate(people, start=1):
        current = entries[-1][0].insz if entries else None
        if current is not None:
            data = geef_bewijs_response(
                entries,
                answer_reference=str(done),
                message_reference=f"synthetic-{done}",
                sent_at=sent_at,
            )
            (directory / f"{current}.xml").write_bytes(data)
            records += len(entries)
            files += 1
        _tick(progress, done, total)
    return records, files
