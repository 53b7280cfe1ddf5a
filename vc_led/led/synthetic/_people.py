"""Synthetic persons: birth date, a unique synthetic INSZ, how many records they hold.

Person ``i`` of a run gets slot ``(a * i + b) mod M`` of a space *birth day x daily
counter*, an affine permutation keyed by the seed: every person in a run has a different
(birth day, counter) pair, hence a different INSZ, and no list of issued numbers is kept
in memory. Counters 1-899 are current numbers; 900-929 hold the earlier number of the
~3 % of persons whose INSZ changed (edge case 12), so they never collide either.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from ..holder import synthetic_insz

__all__ = ["FIRST_BIRTH", "LAST_BIRTH", "MAX_RECORDS", "YOUNG_FROM", "Person", "PersonSpace"]

FIRST_BIRTH = date(1950, 1, 1)
LAST_BIRTH = date(2008, 12, 31)
YOUNG_FROM = date(1983, 1, 1)
MAX_RECORDS = 99
_COUNTERS = 899
_CHANGE_EVERY = 30  # counters 0, 30, 60, ... (30 of 899, 3.3 %) have an INSZ change


@dataclass(frozen=True, slots=True)
class Person:
    """One synthetic person.

    Attributes:
        index: 0-based position in the run.
        birth: birth date.
        insz: current synthetic INSZ.
        previous_insz: an earlier INSZ some of their records were registered under, or None.
        target_records: how many records to aim for (1-99).
    """

    index: int
    birth: date
    insz: str
    previous_insz: str | None
    target_records: int


@dataclass(frozen=True, slots=True)
class _Block:
    """An affine permutation of the slots *birth day in [first, first + days) x counter in
    [low, low + counters)*."""

    first: date
    days: int
    low: int
    counters: int
    step: int
    offset: int

    @classmethod
    def keyed(cls, rng: Random, first: date, low: int, counters: int) -> _Block:
        days = (LAST_BIRTH - first).days + 1
        size = days * counters
        step = rng.randrange(size // 3, 2 * size // 3)
        while math.gcd(step, size) != 1:
            step += 1
        return cls(first, days, low, counters, step, rng.randrange(size))

    @property
    def size(self) -> int:
        return self.days * self.counters

    def slot(self, index: int) -> tuple[date, int]:
        day, counter = divmod((self.step * index + self.offset) % self.size, self.counters)
        return self.first + timedelta(days=day), self.low + counter


class PersonSpace:
    """Maps person indexes of one run (one seed) to distinct persons.

    Three persons in five are born 1983-2008 (the generations whose school records are in
    LED), two in five anywhere in 1950-2008; the two groups use different counters.
    """

    def __init__(self, seed: int | str) -> None:
        rng = Random(f"persons:{seed}")
        self._young = _Block.keyed(rng, YOUNG_FROM, 0, _COUNTERS // 2)
        self._any = _Block.keyed(rng, FIRST_BIRTH, _COUNTERS // 2, _COUNTERS - _COUNTERS // 2)

    @property
    def capacity(self) -> int:
        """How many distinct persons one run can hold."""
        return 5 * min(self._young.size // 3, self._any.size // 2)

    def person(self, index: int, rng: Random) -> Person:
        """Person ``index``; ``rng`` (the person's own generator) draws the record count."""
        group, rest = divmod(index, 5)
        if rest < 3:
            birth, counter = self._young.slot(3 * group + rest)
        else:
            birth, counter = self._any.slot(2 * group + rest - 3)
        previous = None
        if counter % _CHANGE_EVERY == 0:
            previous = synthetic_insz(birth, 900 + counter // _CHANGE_EVERY)
        return Person(
            index=index,
            birth=birth,
            insz=synthetic_insz(birth, counter + 1),
            previous_insz=previous,
            target_records=_record_count(rng),
        )


def _record_count(rng: Random) -> int:
    """Geometric-ish: median 3, about 5 % with 15 or more, at most 99."""
    if rng.random() < 0.04:
        return min(MAX_RECORDS, 15 + int(rng.expovariate(1 / 8)))
    return min(14, 1 + int(rng.expovariate(0.34)))
