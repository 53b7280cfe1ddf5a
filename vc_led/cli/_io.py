"""Small I/O helpers shared by the commands."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from .._jsontext import loads_bounded
from .._time import parse_datetime_stamp
from ..errors import DocumentError, VcLedError
from ..jsonld.loader import ContextRegistry, default_registry
from ..limits import DEFAULT_LIMITS

__all__ = [
    "UsageError",
    "err",
    "parse_when",
    "read_input",
    "registry_with",
    "silence_stdout",
    "write_output",
]


class UsageError(VcLedError):
    """A command-line usage problem (exit code 2)."""


def err(message: str) -> None:
    """Print ``message`` to standard error."""
    print(message, file=sys.stderr)  # noqa: T201


def silence_stdout() -> None:
    """Point standard output at the null device, so that nothing more (not even the flush at
    exit) writes into a pipe whose reader has gone."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def write_output(text: str) -> bool:
    """Print ``text`` and a newline to standard output, flushed.

    A reader that goes away (``vc-led verify --json X | head -c 1``) is not an error of the
    command: the rest of the output is dropped, silently.

    Returns:
        Whether all of it was written.
    """
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        return False
    return True


def read_input(path: str) -> bytes:
    """Read a file, or standard input for ``-``.

    Raises:
        UsageError: when the file cannot be read.
    """
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def parse_when(value: str | None, option: str) -> datetime | None:
    """Parse a ``--now``/``--created`` value (dateTimeStamp).

    Raises:
        UsageError: when it is not a date-time with a timezone.
    """
    if value is None:
        return None
    moment = parse_datetime_stamp(value)
    if moment is None:
        raise UsageError(f"{option} must be a date-time with a timezone, e.g. 2026-01-01T00:00:00Z")
    return moment


def registry_with(pairs: list[str] | None) -> ContextRegistry | None:
    """The shipped contexts plus ``URL=FILE`` pairs given with ``--context``.

    Raises:
        UsageError: on a malformed pair or an unreadable file.
    """
    if not pairs:
        return None
    registry = default_registry().copy()
    for pair in pairs:
        url, sep, file = pair.partition("=")
        if not sep:
            raise UsageError("--context takes URL=FILE")
        try:
            context = loads_bounded(Path(file).read_bytes(), max_depth=DEFAULT_LIMITS.max_depth)
            registry.register(url, context)
        except DocumentError as exc:
            raise UsageError(f"--context {url}: {exc.message}") from None
        except (OSError, ValueError) as exc:
            raise UsageError(f"--context {url}: {exc}") from None
    return registry
