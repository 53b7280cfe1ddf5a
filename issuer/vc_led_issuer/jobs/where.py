"""``--where`` filters of the bulk commands: which records a job works on.

Each filter is ``FIELD OP VALUE``; several filters must all hold:

- ``supplier=NAME`` — the LED supplier (``Hoger onderwijs``);
- ``id>=N``, ``id<=N`` — record id range (the registry's own ids, never LED references);
- ``updated>=DATE``, ``updated<DATE`` — when the record was last imported or changed
  (``YYYY-MM-DD`` or an ISO date-time with offset, UTC when none is given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from vc_led.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.sql import Select

__all__ = ["MAX_ID", "Where", "WhereError", "parse_where"]

Q = TypeVar("Q", bound="Select[Any]")
_EXPR = re.compile(r"^\s*(supplier|id|updated)\s*(>=|<=|<|=)\s*(.+?)\s*$")
_ID = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1
"""The largest id a filter takes (a 64-bit signed integer, as both databases store ids)."""


class WhereError(InputError):
    """A filter that cannot be read (the message says which and why)."""


@dataclass(frozen=True, slots=True)
class Where:
    """The parsed filters (None: no bound)."""

    supplier: str | None = None
    min_id: int | None = None
    max_id: int | None = None
    updated_from: datetime | None = None
    updated_before: datetime | None = None

    def apply(self, query: Q) -> Q:
        """``query`` (over ``records``) restricted to the matching records."""
        from sqlmodel import col

        from ..models import Record

        if self.supplier is not None:
            query = query.where(col(Record.supplier) == self.supplier)
        if self.min_id is not None:
            query = query.where(col(Record.id) >= self.min_id)
        if self.max_id is not None:
            query = query.where(col(Record.id) <= self.max_id)
        if self.updated_from is not None:
            query = query.where(col(Record.updated_at) >= self.updated_from)
        if self.updated_before is not None:
            query = query.where(col(Record.updated_at) < self.updated_before)
        return query

    def to_dict(self) -> dict[str, Any]:
        """A JSON form (for the job row)."""
        return {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in asdict(self).items()
            if v is not None
        }


def parse_where(expressions: Iterable[str]) -> Where:
    """Read ``--where`` expressions.

    Raises:
        WhereError: an unknown field, operator or value.
    """
    values: dict[str, Any] = {}
    for text in expressions:
        match = _EXPR.match(text)
        if match is None:
            raise WhereError(
                f"cannot read --where {text!r} (supplier=, id>=, id<=, updated>=, updated<)"
            )
        field, op, raw = match.groups()
        slot = {
            ("supplier", "="): "supplier",
            ("id", ">="): "min_id",
            ("id", "<="): "max_id",
            ("updated", ">="): "updated_from",
            ("updated", "<"): "updated_before",
        }.get((field, op))
        if slot is None:
            raise WhereError(f"--where {field} does not take {op}")
        values[slot] = _value(field, raw)
    return Where(**values)


def _value(field: str, raw: str) -> Any:
    if field == "supplier":
        return raw
    if field == "id":
        if not _ID.fullmatch(raw) or int(raw) > MAX_ID:
            raise WhereError(f"--where id takes a whole number from 0 to {MAX_ID}")
        return int(raw)
    try:
        if not raw.isascii():
            raise ValueError
        moment = datetime.fromisoformat(raw) if "T" in raw else None
        if moment is None:
            moment = datetime.combine(date.fromisoformat(raw), datetime.min.time())
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        raise WhereError("--where updated takes YYYY-MM-DD or an ISO date-time") from None
