"""A plain-text progress bar on standard error: done/total, failures, rate and ETA.

On a terminal it redraws one line (``\\r``); otherwise (a log file, a pipe) it writes a new
line at most every ``every_s`` seconds, so logs stay readable. The clock is injectable.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "format_duration"]

_WIDTH = 24


def format_duration(seconds: float) -> str:
    """``H:MM:SS``."""
    whole = max(0, int(seconds + 0.5))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


class Progress:
    """Counts work and draws a bar.

    Args:
        label: what is being done (``import``, ``issue``...).
        total: how many units there are, if known (the ETA needs it).
        unit: the unit's name, plural.
        stream: where to draw (default: standard error).
        clock: monotonic seconds.
        every_s: the shortest time between two redraws.
        enabled: False draws nothing.
    """

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "records",
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        every_s: float = 0.5,
        enabled: bool = True,
    ) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.done = self.failed = 0
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._start = self._last = clock()
        self._every = every_s
        self._enabled = enabled
        self._tty = bool(getattr(self._stream, "isatty", lambda: False)())
        self._drawn = False

    def advance(self, done: int = 0, failed: int = 0) -> None:
        """Count ``done`` finished and ``failed`` failed units; redraw if it is time."""
        self.done += done
        self.failed += failed
        now = self._clock()
        if now - self._last >= self._every:
            self._last = now
            self._draw(final=False)

    def rate(self) -> float:
        """Units (finished or failed) per second so far."""
        elapsed = self._clock() - self._start
        return (self.done + self.failed) / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The current line, e.g. ``issue [######....] 41% 410/1,000 · 3 failed · 95/s ·
        ETA 0:00:06``."""
        count = self.done + self.failed
        parts = [self.label]
        if self.total:
            share = min(1.0, count / self.total)
            filled = int(share * _WIDTH)
            parts.append(f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {share:4.0%}")
            parts.append(f"{count:,}/{self.total:,} {self.unit}")
        else:
            parts.append(f"{count:,} {self.unit}")
        if self.failed:
            parts.append(f"{self.failed:,} failed")
        rate = self.rate()
        parts.append(f"{rate:,.0f}/s")
        if self.total and rate > 0:
            parts.append(f"ETA {format_duration(max(0, self.total - count) / rate)}")
        parts.append(f"elapsed {format_duration(self._clock() - self._start)}")
        return " · ".join(parts)

    def close(self) -> None:
        """Draw the final line."""
        self._draw(final=True)

    def _draw(self, *, final: bool) -> None:
        if not self._enabled:
            return
        text = self.line()
        if self._tty:
            end = "\n" if final else ""
            self._stream.write(f"\r{text}\x1b[K{end}")
        else:
            self._stream.write(text + "\n")
        self._stream.flush()
        self._drawn = True
