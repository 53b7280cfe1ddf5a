"""XML Schema ``dateTimeStamp`` parsing and formatting, and the clock-skew constant."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

__all__ = ["MAX_CLOCK_SKEW", "format_datetime", "parse_datetime_stamp", "utcnow"]

#: How far a ``created`` or ``validFrom`` may lie in the future before it counts as future.
MAX_CLOCK_SKEW = timedelta(minutes=5)

_STAMP = re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def parse_datetime_stamp(value: object) -> datetime | None:
    """Parse an XSD ``dateTimeStamp`` (timezone required); ``None`` when it is not one."""
    if not isinstance(value, str) or not _STAMP.match(value):
        return None
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    main, _, frac_tz = text.partition(".")
    if frac_tz:  # Python accepts at most 6 fractional digits
        digits = re.match(r"\d+", frac_tz)
        assert digits is not None
        text = f"{main}.{digits.group()[:6].ljust(6, '0')}{frac_tz[digits.end() :]}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # beyond year 9999 or before year 1 in UTC: clamp, keep the order
        return (
            datetime.max.replace(tzinfo=UTC)
            if parsed.year > 1
            else datetime.min.replace(tzinfo=UTC)
        )


def format_datetime(moment: datetime) -> str:
    """Format as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, whole seconds).

    Raises:
        ValueError: for a naive datetime.
    """
    if moment.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
