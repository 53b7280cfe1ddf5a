"""``vc-led generate``: deterministic synthetic LED data (JSON lines or MAGDA answers), in
constant memory, with a plain-text progress bar on standard error."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import TextIO

from ..led.synthetic import DEFAULT_AS_OF, write_generated
from ..led.synthetic.generate import SCALE_PROFILES
from ._io import UsageError, err

__all__ = ["ProgressBar", "register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``generate``."""
    p = sub.add_parser("generate", help="write synthetic LED records (never real INSZ)")
    p.add_argument(
        "--persons",
        required=True,
        help=f"number of persons, or a scale profile ({', '.join(SCALE_PROFILES)})",
    )
    p.add_argument("--seed", required=True, help="the seed: same seed, same bytes")
    p.add_argument("--format", choices=["jsonl", "magda"], default="jsonl")
    p.add_argument("--as-of", help=f"generation date, YYYY-MM-DD (default {DEFAULT_AS_OF})")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--out", required=True, metavar="PATH", help="jsonl: a file ('-' for stdout); magda: a dir"
    )
    p.set_defaults(handler=run)


class ProgressBar:
    """A one-line text progress bar, redrawn in place (``\\r``) on a stream.

    Args:
        stream: where to draw (standard error).
        clock: seconds, monotonic (injectable for tests).
        width: bar width in characters.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        clock: Callable[[], float] = time.monotonic,
        width: int = 30,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.width = width
        self.started = clock()

    def __call__(self, done: int, total: int) -> None:
        """Draw ``done`` of ``total`` persons."""
        share = done / total if total else 1.0
        filled = int(self.width * share)
        elapsed = max(self.clock() - self.started, 1e-9)
        bar = "#" * filled + "." * (self.width - filled)
        rate = done / elapsed
        line = f"\rgenerate [{bar}] {share:6.1%} {done:,}/{total:,} persons, {rate:,.0f}/s"
        self.stream.write(line)
        self.stream.flush()

    def finish(self) -> float:
        """End the line; return the elapsed seconds."""
        self.stream.write("\n")
        self.stream.flush()
        return self.clock() - self.started


def _persons(value: str) -> int:
    if value in SCALE_PROFILES:
        return SCALE_PROFILES[value]
    try:
        persons = int(value)
    except ValueError:
        raise UsageError(f"--persons must be a number or one of {sorted(SCALE_PROFILES)}") from None
    if persons < 0:
        raise UsageError("--persons must not be negative")
    return persons


def run(args: argparse.Namespace) -> int:
    """Generate and write the data."""
    try:
        persons = _persons(args.persons)
        as_of = date.fromisoformat(args.as_of) if args.as_of else DEFAULT_AS_OF
    except (UsageError, ValueError) as exc:
        err(f"vc-led generate: {exc}")
        return 2
    seed: int | str = int(args.seed) if args.seed.isdigit() else args.seed
    bar = None if args.quiet else ProgressBar(sys.stderr)
    out = sys.stdout if args.out == "-" and args.format == "jsonl" else args.out
    try:
        summary = write_generated(
            persons=persons, seed=seed, fmt=args.format, out=out, progress=bar, as_of=as_of
        )
    except (ValueError, OSError) as exc:
        err(f"\nvc-led generate: {exc}")
        return 2
    elapsed = bar.finish() if bar is not None else 0.0
    speed = f", {summary.records / elapsed:,.0f} records/s" if elapsed > 0 else ""
    err(
        f"vc-led generate: {summary.persons:,} persons, {summary.records:,} records, "
        f"{summary.files:,} file(s) in {elapsed:.1f} s{speed}"
    )
    return 0
