"""Import inputs: MAGDA ``GeefBewijsResponse`` files and JSON lines files, read in order.

A path may be a file or a directory (its ``*.xml`` / ``*.jsonl`` files, sorted). The format
comes from ``--format``, else from the extension, else from the first byte (``<`` MAGDA,
``{`` JSON lines). File names shown to people are masked (a MAGDA answer is often stored as
``<INSZ>.xml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from vc_led.led import ImportedRecord, RecordIssue, Severity, iter_jsonl, load_geef_bewijs
from vc_led.led.holder import mask_insz

__all__ = [
    "ImportCode",
    "InputFormat",
    "Problem",
    "Source",
    "expand_sources",
    "read_source",
]


class ImportCode(StrEnum):
    """Why the registry did not import an input or a record, beyond the library's
    :class:`~vc_led.led.IssueCode` (which reads the record itself). Released codes are never
    renamed."""

    INPUT_UNREADABLE = "input.unreadable"
    RECORD_NOT_STORABLE = "record.not_storable"
    RECORD_HOLDER_MISMATCH = "record.holder_mismatch"
    RECORD_REJECTED = "record.rejected"


_SUFFIXES = {".xml": "magda", ".jsonl": "jsonl", ".ndjson": "jsonl"}


class InputFormat(StrEnum):
    """The import formats."""

    MAGDA = "magda"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True)
class Source:
    """One input file: its path, the name people see (masked) and its format."""

    path: Path
    shown: str
    format: InputFormat

    def estimate(self) -> int:
        """About how many records it holds (for the progress bar)."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return 0
        if self.format is InputFormat.MAGDA:
            return data.count(b"<Bewijs>") or data.count(b":Bewijs>") // 2
        return sum(1 for line in data.splitlines() if line.strip())


@dataclass(frozen=True, slots=True)
class Problem:
    """A record (or a whole input) that was not imported.

    Attributes:
        source: the input's shown name.
        code: a stable code (``record.missing_field``, ``record.holder_mismatch``...).
        message: for people; never an INSZ.
        record: 1-based position in the input, if known.
        line: line number, if known.
    """

    source: str
    code: str
    message: str
    record: int | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = [self.source]
        if self.record is not None:
            where.append(f"record {self.record}")
        if self.line is not None:
            where.append(f"line {self.line}")
        return mask_insz(f"{', '.join(where)}: {self.code}: {self.message}")


def expand_sources(paths: Iterable[str | Path], *, fmt: InputFormat | None) -> list[Source]:
    """The input files named by ``paths`` (directories expanded, sorted).

    Raises:
        FileNotFoundError: a path that does not exist (the message masks it).
    """
    found: list[Source] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
            found += [_source(p, fmt) for p in files]
        elif path.is_file():
            found.append(_source(path, fmt))
        else:
            raise FileNotFoundError(f"no such file or directory: {mask_insz(str(path))}")
    return found


def _source(path: Path, fmt: InputFormat | None) -> Source:
    shown = mask_insz(path.name)
    if fmt is not None:
        return Source(path, shown, fmt)
    guess = _SUFFIXES.get(path.suffix.lower())
    if guess is None:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        guess = "magda" if head.startswith(b"<") else "jsonl"
    return Source(path, shown, InputFormat(guess))


def read_source(source: Source) -> Iterator[ImportedRecord | Problem]:
    """The accepted records and the problems of one input, in input order.

    Never raises because of what the input holds; an unreadable file is one problem.
    """
    try:
        if source.format is InputFormat.MAGDA:
            result = load_geef_bewijs(source.path)
            yield from result.records
            yield from (_problem(source, i) for i in result.errors)
            return
        with source.path.open("rb") as handle:
            for item in iter_jsonl(handle):
                if isinstance(item, ImportedRecord):
                    yield item
                elif item.severity is Severity.ERROR:
                    yield _problem(source, item)
    except OSError as exc:
        yield Problem(
            source.shown,
            ImportCode.INPUT_UNREADABLE,
            f"cannot read the file ({type(exc).__name__})",
        )


def _problem(source: Source, issue: RecordIssue) -> Problem:
    return Problem(
        source.shown, str(issue.code), issue.message, record=issue.record_index, line=issue.line
    )
