"""Small value types of the LED record: pseudo-values, partial dates, validity periods.

LED fills unknown or irrelevant values with two pseudo-values instead of leaving them out:
``Niet beschikbaar`` (not available, abbreviated ``NBS``) and ``Niet van toepassing`` (not
applicable, ``NVT``). They are kept as :class:`PseudoValue` objects, never as text that looks
like data, and keep their exact LED spelling so a record can be written back unchanged.

The issue date (``Uitreikingsdatum``) may be year-only or year+month; the year ``1800`` is a
placeholder LED uses for "unknown". :class:`PartialDate` keeps that precision.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeAlias

__all__ = [
    "NOT_APPLICABLE",
    "NOT_APPLICABLE_CODE",
    "NOT_AVAILABLE",
    "NOT_AVAILABLE_CODE",
    "PLACEHOLDER_YEAR",
    "DatePrecision",
    "PartialDate",
    "PseudoKind",
    "PseudoValue",
    "Text",
    "ValidityPeriod",
    "is_pseudo",
    "led_text",
    "parse_text",
    "parse_validity_period",
]

PLACEHOLDER_YEAR = 1800
"""LED's placeholder year for an unknown issue date (seen as ``01.01.1800`` in the samples)."""


class PseudoKind(StrEnum):
    """What a pseudo-value means."""

    NOT_AVAILABLE = "not_available"  # Niet beschikbaar / NBS
    NOT_APPLICABLE = "not_applicable"  # Niet van toepassing / NVT


_SPELLINGS: dict[str, PseudoKind] = {
    "Niet beschikbaar": PseudoKind.NOT_AVAILABLE,
    "NBS": PseudoKind.NOT_AVAILABLE,
    "Niet van toepassing": PseudoKind.NOT_APPLICABLE,
    "NVT": PseudoKind.NOT_APPLICABLE,
}


@dataclass(frozen=True, slots=True)
class PseudoValue:
    """An explicit LED pseudo-value ("not available" / "not applicable").

    Attributes:
        kind: what the value means.
        text: the exact LED spelling (``Niet beschikbaar``, ``NBS``, ``Niet van toepassing``
            or ``NVT``), kept so the value round-trips.
    """

    kind: PseudoKind
    text: str

    def __post_init__(self) -> None:
        if _SPELLINGS.get(self.text) is not self.kind:
            raise ValueError(f"not a LED spelling of {self.kind.value}: {self.text!r}")

    def __str__(self) -> str:
        return self.text


NOT_AVAILABLE = PseudoValue(PseudoKind.NOT_AVAILABLE, "Niet beschikbaar")
NOT_AVAILABLE_CODE = PseudoValue(PseudoKind.NOT_AVAILABLE, "NBS")
NOT_APPLICABLE = PseudoValue(PseudoKind.NOT_APPLICABLE, "Niet van toepassing")
NOT_APPLICABLE_CODE = PseudoValue(PseudoKind.NOT_APPLICABLE, "NVT")

Text: TypeAlias = str | PseudoValue
"""A LED text value that may be a pseudo-value."""

_WHITESPACE = re.compile(r"\s+")


def parse_text(raw: str) -> Text:
    """Turn LED text into a :data:`Text`: whitespace collapsed, pseudo-values recognised.

    Args:
        raw: the text as delivered (the MAGDA samples carry line breaks inside values).

    Returns:
        A :class:`PseudoValue` when the text is exactly a LED pseudo-value spelling, else the
        text with runs of whitespace collapsed to one space and the ends stripped.
    """
    text = _WHITESPACE.sub(" ", raw).strip()
    kind = _SPELLINGS.get(text)
    return PseudoValue(kind, text) if kind is not None else text


def led_text(value: Text) -> str:
    """The LED spelling of a :data:`Text` value (inverse of :func:`parse_text`)."""
    return value.text if isinstance(value, PseudoValue) else value


def is_pseudo(value: object, kind: PseudoKind | None = None) -> bool:
    """True when ``value`` is a pseudo-value (of ``kind``, when given)."""
    return isinstance(value, PseudoValue) and (kind is None or value.kind is kind)


class DatePrecision(StrEnum):
    """How much of a :class:`PartialDate` is known."""

    UNKNOWN = "unknown"  # the placeholder year 1800
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date that may be known to the year or the month only (``Uitreikingsdatum``).

    Attributes:
        year: ``Jaar``, 1800-2199 (``1800`` is LED's placeholder for "unknown").
        month: ``Maand`` 1-12, or None.
        day: ``Dag``, or None; a day needs a month.

    Raises:
        ValueError: for an impossible date (a day without a month, 31 February, month 13...).
            Importers check with :func:`vc_led.led.validation.partial_date_problem` first so
            they can report a stable code instead.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        problem = _date_problem(self.year, self.month, self.day)
        if problem is not None:
            raise ValueError(problem)

    @property
    def precision(self) -> DatePrecision:
        """``unknown`` for the placeholder year, else the finest known part."""
        if self.year == PLACEHOLDER_YEAR:
            return DatePrecision.UNKNOWN
        if self.day is not None:
            return DatePrecision.DAY
        return DatePrecision.MONTH if self.month is not None else DatePrecision.YEAR

    @property
    def is_placeholder(self) -> bool:
        """True for LED's "unknown" placeholder year 1800."""
        return self.year == PLACEHOLDER_YEAR

    def iso(self) -> str | None:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (gYear, gYearMonth, date); None if unknown."""
        if self.is_placeholder:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def earliest(self) -> date:
        """The first calendar day the partial date can stand for."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last calendar day the partial date can stand for."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)


def _date_problem(year: int, month: int | None, day: int | None) -> str | None:
    if not 1800 <= year <= 2199:
        return f"year {year} outside 1800-2199"
    if month is None:
        return "day given without month" if day is not None else None
    if not 1 <= month <= 12:
        return f"month {month} outside 1-12"
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"day {day} does not exist in {year:04d}-{month:02d}"
    return None


@dataclass(frozen=True, slots=True)
class ValidityPeriod:
    """A parsed ``Vervalperiode`` ("6 maanden", "5 jaar", "2 weken", "30 dagen").

    Attributes:
        years, months, weeks, days: the amounts; usually only one is non-zero.
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def add_to(self, start: date) -> date:
        """``start`` plus the period (month ends are clamped: 31 Jan + 1 month = 28/29 Feb)."""
        total_months = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + total_months // 12, total_months % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) + timedelta(weeks=self.weeks, days=self.days)


_PERIOD = re.compile(r"^(\d{1,3})\s*(jaar|jaren|maand|maanden|week|weken|dag|dagen)$", re.I)
_UNIT_FIELD = {"jaar": "years", "jaren": "years", "maand": "months", "maanden": "months"}
_UNIT_FIELD |= {"week": "weeks", "weken": "weeks", "dag": "days", "dagen": "days"}


def parse_validity_period(text: Text | None) -> ValidityPeriod | None:
    """Parse a ``Vervalperiode`` of the form ``<n> jaar|maanden|weken|dagen``.

    Args:
        text: the free-text period, e.g. ``"5 jaar"``.

    Returns:
        The period, or None when the text is absent, a pseudo-value or not of that form
        (``"tot herroeping"``): callers then keep the text as a claim and invent no end date.
    """
    if text is None or isinstance(text, PseudoValue):
        return None
    match = _PERIOD.match(text.strip())
    if match is None:
        return None
    field = _UNIT_FIELD[match.group(2).lower()]
    return ValidityPeriod(**{field: int(match.group(1))})
