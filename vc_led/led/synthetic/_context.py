"""Per-person generation state and the date and reference helpers every episode uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from ..values import PartialDate
from ._catalog import random_date
from ._people import Person

__all__ = ["Ctx", "Window", "academic_day", "school_day", "weekday"]


@dataclass(frozen=True, slots=True)
class Window:
    """The days an episode's (last) record may be issued on."""

    start: date
    end: date

    @property
    def empty(self) -> bool:
        """True when no day fits."""
        return self.start > self.end


@dataclass(slots=True)
class Ctx:
    """Everything an episode needs: the person, their random generator, the clock."""

    person: Person
    rng: Random
    as_of: date
    _sequence: int = field(default=0)

    def number(self) -> int:
        """A per-person running number (for unique supplier references)."""
        self._sequence += 1
        return self._sequence

    def ref_digits(self) -> str:
        """Person index + 4-digit running number: unique within a run (a person never needs
        10,000 numbers: at most 406 episodes of at most 9 records are tried)."""
        return f"{self.person.index}{self.number():04d}"

    def window(self, *, from_date: date, min_age: int, max_age: int = 80) -> Window:
        """Days from ``from_date`` on when the person is ``min_age``-``max_age`` years old."""
        birth = self.person.birth
        start = max(from_date, _add_years(birth, min_age))
        end = min(self.as_of - timedelta(days=1), _add_years(birth, max_age))
        return Window(start, end)

    def day_in(self, window: Window) -> date:
        """A uniform day in ``window``."""
        return random_date(self.rng, window.start, window.end)

    def chance(self, probability: float) -> bool:
        """True with ``probability``."""
        return self.rng.random() < probability

    def blur(self, day: date, *, year_only: float = 0.083, year_month: float = 0.05) -> PartialDate:
        """``day`` as a partial date: sometimes year-only or year+month (edge case 7)."""
        draw = self.rng.random()
        if draw < year_only:
            return PartialDate(day.year)
        if draw < year_only + year_month:
            return PartialDate(day.year, day.month)
        return PartialDate(day.year, day.month, day.day)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def school_day(ctx: Ctx, year: int) -> date:
    """Secondary schools issue on 30 June (a few on 31 August, the second session)."""
    return date(year, 8, 31) if ctx.chance(0.05) else date(year, 6, 30)


def academic_day(ctx: Ctx, year: int) -> date:
    """Higher education: 30 June-15 July, or 15-30 September."""
    if ctx.chance(0.7):
        return random_date(ctx.rng, date(year, 6, 30), date(year, 7, 15))
    return random_date(ctx.rng, date(year, 9, 15), date(year, 9, 30))


def weekday(ctx: Ctx, window: Window) -> date:
    """A day in ``window``, weekdays four times as likely as weekend days."""
    day = ctx.day_in(window)
    for _ in range(3):
        if day.weekday() < 5:
            break
        day = ctx.day_in(window)
    return day
