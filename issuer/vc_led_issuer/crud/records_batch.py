"""Storing a batch of LED records in a few statements (the import's fast path).

The same rules as :func:`vc_led_issuer.crud.records.upsert_record`, for many records at once:
holders are inserted with one ``INSERT ... ON CONFLICT DO NOTHING`` and read back with one query;
the records that exist are read (and locked) with one query; new ones are inserted with one
statement. Records that changed — rare: a cancellation, a correction — and records another importer
inserted meanwhile go through :func:`~vc_led_issuer.crud.records.upsert_record` one by one, which
bumps their revision and revokes their credentials.

The keys (supplier, supplier reference) of one batch must be distinct: the caller splits a
batch where a record repeats, so that the later version wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from vc_led.led.formats.codec import record_to_dict
from vc_led.led.model import LedRecord

from ..db import pairs_in, require_write_session
from ..errors import HolderMismatchError
from ..models import Holder, Record, RecordState
from ..privacy import InszHasher
from .records import content_hash, upsert_record

__all__ = ["BatchRecord", "Stored", "store_records"]

Kind = Literal["created", "changed", "unchanged", "holder_mismatch"]


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """One record to store, with its holder's INSZ and, optionally, names and birth date."""

    insz: str
    record: LedRecord
    given_name: str | None = None
    family_name: str | None = None
    birth_date: date | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """What happened to one record of the batch (``revoked``: credentials revoked)."""

    kind: Kind
    revoked: int = 0


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def store_records(
    session: Session,
    *,
    batch: Sequence[BatchRecord],
    hasher: InszHasher,
    actor: str = "import",
    now: datetime,
) -> list[Stored]:
    """Store a batch (distinct keys), idempotently.

    Returns:
        One :class:`Stored` per record, in batch order.

    Raises:
        ValueError: a malformed INSZ. Database errors propagate (nothing of the batch is kept
            when the caller's transaction rolls back).
    """
    require_write_session(session)
    holders = _holders(session, batch, hasher, now)
    rows = [(item, holders[hasher.digest(item.insz)]) for item in batch]
    contents = [record_to_dict(item.record) for item in batch]
    keys = [(i.record.supplier.name, i.record.supplier.reference) for i in batch]
    existing = _existing(session, keys)
    inserted = _insert_new(session, rows, contents, keys, existing, now)
    out: list[Stored] = []
    for (item, holder), content, key in zip(rows, contents, keys, strict=True):
        if key in inserted:
            out.append(Stored("created"))
            continue
        found = existing.get(key)
        if found is not None and found.holder_id != holder.id:
            out.append(Stored("holder_mismatch"))
            continue
        state = RecordState(item.record.status.value)
        if found is not None and (found.content_hash, found.state) == (
            content_hash(content),
            state.value,
        ):
            out.append(Stored("unchanged"))
            continue
        out.append(_one(session, item.record, content, state, holder, actor, now))
    return out


def _one(
    session: Session,
    record: LedRecord,
    content: dict[str, Any],
    state: RecordState,
    holder: Holder,
    actor: str,
    now: datetime,
) -> Stored:
    """The slow path: a changed record, or one another importer just inserted."""
    try:
        outcome = upsert_record(
            session,
            supplier=record.supplier.name,
            supplier_reference=record.supplier.reference,
            content=content,
            state=state,
            holder=holder,
            led_reference=record.led_reference,
            actor=actor,
            now=now,
        )
    except HolderMismatchError:
        return Stored("holder_mismatch")
    kind: Kind = "created" if outcome.created else "changed" if outcome.changed else "unchanged"
    return Stored(kind, len(outcome.revoked))


def _holders(
    session: Session, batch: Sequence[BatchRecord], hasher: InszHasher, now: datetime
) -> dict[str, Holder]:
    wanted = {hasher.digest(i.insz): i for i in batch}
    table = Holder.__table__  # type: ignore[attr-defined]
    values = [{"insz_hash": d, "created_at": now} for d in wanted]
    session.execute(_insert(session)(table).on_conflict_do_nothing(), values)
    query = select(Holder).where(col(Holder.insz_hash).in_(list(wanted)))
    found = {h.insz_hash: h for h in session.exec(query.execution_options(populate_existing=True))}
    for digest, item in wanted.items():
        holder, changed = found[digest], False
        for name in ("given_name", "family_name", "birth_date"):
            value = getattr(item, name)
            if value is not None and getattr(holder, name) != value:
                setattr(holder, name, value)
                changed = True
        if changed:
            session.add(holder)
    session.flush()
    return found


def _existing(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Record]:
    pairs = pairs_in(col(Record.supplier), col(Record.supplier_reference), keys)
    query = select(Record).where(pairs).with_for_update()
    rows = session.exec(query.execution_options(populate_existing=True))
    return {(r.supplier, r.supplier_reference): r for r in rows}


def _insert_new(
    session: Session,
    rows: list[tuple[BatchRecord, Holder]],
    contents: list[dict[str, Any]],
    keys: list[tuple[str, str]],
    existing: dict[tuple[str, str], Record],
    now: datetime,
) -> set[tuple[str, str]]:
    values = []
    for (item, holder), content, key in zip(rows, contents, keys, strict=True):
        if key in existing:
            continue
        cancelled = item.record.status.value == RecordState.CANCELLED.value
        values.append(
            {
                "supplier": key[0],
                "supplier_reference": key[1],
                "led_reference": item.record.led_reference,
                "state": item.record.status.value,
                "content": content,
                "content_hash": content_hash(content),
                "revision": 1,
                "holder_id": holder.id,
                "created_at": now,
                "updated_at": now,
                "cancelled_at": now if cancelled else None,
            }
        )
    if not values:
        return set()
    table = Record.__table__  # type: ignore[attr-defined]
    stmt = _insert(session)(table).on_conflict_do_nothing()
    returned = session.execute(stmt.returning(table.c.supplier, table.c.supplier_reference), values)
    return {(s, r) for s, r in returned}
