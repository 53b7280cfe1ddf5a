"""Bitstring Status List storage: random index allocation and status bits.

Indexes are drawn uniformly at random from the free entries of a list (herd privacy: the
position says nothing about when a credential was issued). Uniqueness across workers and
processes: the list row is locked while indexes are drawn (PostgreSQL ``FOR UPDATE``, trying
unlocked lists first with ``SKIP LOCKED``; SQLite ``BEGIN IMMEDIATE``), and
``(list_id, idx)`` is unique in the schema. Allocations are never deleted, so an index is
never handed out twice, even when the credential it was drawn for is never issued. A new
list is opened when the open ones are full.

Bits are MSB-first (index 0 is the most significant bit of byte 0), as the Recommendation
says. Revocation bits cannot be cleared; suspension bits can.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import defer
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from ..db import is_postgresql, require_write_session
from ..models import (
    StatusAllocation,
    StatusList,
    StatusPurpose,
    TokenStatusAllocation,
    TokenStatusList,
)
from ..settings import MIN_STATUS_LIST_SIZE

__all__ = [
    "TOKEN_STATUS_BITS",
    "StatusEntry",
    "allocate_status_entries",
    "allocate_status_indexes",
    "get_bit",
    "with_bit",
]

TOKEN_STATUS_BITS = 2
"""Bits per Token Status List entry: VALID 0, INVALID 1, SUSPENDED 2 (3 unused)."""
_CHUNK = 500  # bound parameters per IN (...) query
_system_random = secrets.SystemRandom()


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """An allocated status entry.

    Attributes:
        list_id: the status list row id.
        url: the list's ``statusListCredential`` URL.
        purpose: ``revocation`` or ``suspension``.
        index: the bit index.
    """

    list_id: int
    url: str
    purpose: StatusPurpose
    index: int

    def credential_status(self) -> dict[str, str]:
        """The ``BitstringStatusListEntry`` for ``credentialStatus`` (index as a string)."""
        return {
            "id": f"{self.url}#{self.index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": self.purpose.value,
            "statusListIndex": str(self.index),
            "statusListCredential": self.url,
        }


def get_bit(bits: bytes, index: int) -> bool:
    """The bit at ``index`` (MSB-first)."""
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def with_bit(bits: bytes, index: int, value: bool) -> bytes:
    """A copy of ``bits`` with the bit at ``index`` set to ``value`` (MSB-first)."""
    out = bytearray(bits)
    mask = 0x80 >> (index % 8)
    out[index // 8] = (out[index // 8] | mask) if value else (out[index // 8] & ~mask)
    return bytes(out)


def allocate_status_indexes(
    session: Session,
    *,
    purpose: StatusPurpose,
    count: int = 1,
    base_url: str,
    size: int = MIN_STATUS_LIST_SIZE,
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> list[StatusEntry]:
    """Allocate ``count`` random, never-used indexes (a block, for bulk workers).

    Args:
        session: a write session (:func:`vc_led_issuer.db.write_session` on SQLite); the indexes are
            taken when it commits, and stay taken whatever happens next.
        purpose: the status purpose.
        count: how many indexes.
        base_url: base of the ``statusListCredential`` URL of a new list (``<base>/<id>``).
        size: entries of a new list (>= 131,072).
        rng: randomness (default: the OS CSPRNG); tests pass a seeded ``random.Random``.
        now: the time (default: now, UTC).

    Returns:
        The entries, possibly spread over several lists when one fills up.

    Raises:
        ValueError: for ``count`` < 1 or a list smaller than 131,072 entries.
        RuntimeError: on SQLite outside a write session.
    """
    entries: list[StatusEntry] = []
    tables = _Tables.bitstring(purpose)
    for lst, indexes in _allocate(session, tables, count, base_url, size, rng, now):
        entries += [StatusEntry(lst.id, lst.url, purpose, i) for i in indexes]
    return entries


def allocate_status_entries(
    session: Session,
    *,
    purposes: Iterable[StatusPurpose] = (StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION),
    base_url: str,
    size: int = MIN_STATUS_LIST_SIZE,
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> dict[StatusPurpose, StatusEntry]:
    """One fresh entry per purpose, for one credential (see :func:`allocate_status_indexes`).

    Returns:
        Purpose -> entry.

    Raises:
        RuntimeError: on SQLite outside a write session.
    """
    return {
        p: allocate_status_indexes(
            session, purpose=p, base_url=base_url, size=size, rng=rng, now=now
        )[0]
        for p in purposes
    }


@dataclass(frozen=True, slots=True)
class _Tables:
    """The list table, the allocation table and the open-list filter of one kind of status
    list: Bitstring Status Lists (per purpose, 1 bit an entry) or Token Status Lists (2 bits)."""

    lists: Any
    allocations: Any
    where: tuple[Any, ...]
    fields: dict[str, Any]
    entry_bits: int = 1

    @classmethod
    def bitstring(cls, purpose: StatusPurpose) -> _Tables:
        where = (col(StatusList.purpose) == purpose.value, col(StatusList.full).is_(False))
        return cls(StatusList, StatusAllocation, where, {"purpose": purpose.value})

    @classmethod
    def token(cls) -> _Tables:
        where = (col(TokenStatusList.full).is_(False),)
        fields = {"entry_bits": TOKEN_STATUS_BITS}
        return cls(TokenStatusList, TokenStatusAllocation, where, fields, TOKEN_STATUS_BITS)


def _allocate(
    session: Session,
    tables: _Tables,
    count: int,
    base_url: str,
    size: int,
    rng: random.Random | None,
    now: datetime | None,
) -> list[tuple[Any, list[int]]]:
    """``count`` random, never-used indexes, grouped by list (see the public functions)."""
    if count < 1 or size < MIN_STATUS_LIST_SIZE or size % 8:
        raise ValueError("count must be >= 1 and size >= 131072, a multiple of 8")
    require_write_session(session)
    rng = rng or _system_random
    now = (now or datetime.now(UTC)).astimezone(UTC)
    out: list[tuple[Any, list[int]]] = []
    while (done := sum(len(i) for _, i in out)) < count:
        lst = _open_list(session, tables, base_url=base_url, size=size, now=now)
        take = min(count - done, lst.size - lst.allocated)
        indexes = _draw_free(session, tables, lst, take, rng)
        _insert_allocations(session, tables, lst.id, indexes, now)
        _count_allocations(session, tables, lst, take, now)
        out.append((lst, indexes))
    return out


def _open_list(
    session: Session, tables: _Tables, *, base_url: str, size: int, now: datetime
) -> Any:
    """A list with free entries, locked by this transaction (created when there is none)."""
    model, where = tables.lists, tables.where
    query = select(model).where(*where).order_by(col(model.id)).limit(1)
    lazy_bits = defer(model.bits)
    query = query.options(lazy_bits).execution_options(populate_existing=True)
    found = session.exec(query.with_for_update(skip_locked=True)).first()
    while found is None:
        busy = session.exec(select(model.id).where(*where).limit(1)).first()
        if busy is None:
            return _new_list(session, tables, base_url=base_url, size=size, now=now)
        # every open list is being allocated from by someone else: wait for one
        locked = query.where(col(model.id) == busy).with_for_update()
        found = session.exec(locked).first()  # None if it filled up meanwhile
    return found


def _new_list(session: Session, tables: _Tables, *, base_url: str, size: int, now: datetime) -> Any:
    lst = tables.lists(
        url=f"urn:vc-led:pending:{secrets.token_hex(16)}",  # replaced once the id is known
        size=size,
        bits=bytes(size * tables.entry_bits // 8),
        created_at=now,
        updated_at=now,
        **tables.fields,
    )
    session.add(lst)
    session.flush()
    lst.url = f"{base_url.rstrip('/')}/{lst.id}"
    session.add(lst)
    session.flush()
    return lst


def _count_allocations(
    session: Session, tables: _Tables, lst: Any, take: int, now: datetime
) -> None:
    """Advance the list's counter (one UPDATE; the row is locked by this transaction)."""
    allocated = lst.allocated + take
    table = tables.lists.__table__
    stmt = sa.update(table).where(table.c.id == lst.id)
    session.execute(stmt.values(allocated=allocated, full=allocated >= lst.size, updated_at=now))
    for name, value in (("allocated", allocated), ("full", allocated >= lst.size)):
        set_committed_value(lst, name, value)
    set_committed_value(lst, "updated_at", now)


def _insert_allocations(
    session: Session, tables: _Tables, list_id: int | None, indexes: list[int], now: datetime
) -> None:
    if is_postgresql(session):  # one statement, however large the block
        name = tables.allocations.__tablename__
        stmt = sa.text(
            f"INSERT INTO {name} (list_id, idx, allocated_at) "  # a model's table name
            "SELECT :list_id, unnest(CAST(:idx AS integer[])), :at"
        )
        session.execute(stmt, {"list_id": list_id, "idx": indexes, "at": now})
        return
    rows = [{"list_id": list_id, "idx": i, "allocated_at": now} for i in indexes]
    session.execute(sa.insert(tables.allocations), rows)


def _draw_free(
    session: Session, tables: _Tables, lst: Any, take: int, rng: random.Random
) -> list[int]:
    """``take`` distinct free indexes of ``lst``, uniformly at random."""
    free_after = lst.size - lst.allocated - take
    if free_after < lst.size // 16:  # (nearly) full: draw from the exact free set
        taken = set(_allocated(session, tables, lst.id, None))
        return rng.sample([i for i in range(lst.size) if i not in taken], take)
    chosen: list[int] = []
    seen: set[int] = set()
    while len(chosen) < take:
        candidates: list[int] = []
        while len(candidates) < 2 * (take - len(chosen)) + 8:
            i = rng.randrange(lst.size)
            if i not in seen:
                seen.add(i)
                candidates.append(i)
        taken = set(_allocated(session, tables, lst.id, candidates))
        chosen += [i for i in candidates if i not in taken][: take - len(chosen)]
    return chosen


def _allocated(
    session: Session, tables: _Tables, list_id: Any, among: list[int] | None
) -> list[int]:
    model = tables.allocations
    base = select(model.idx).where(col(model.list_id) == list_id)
    if among is None:
        return list(session.exec(base))
    out: list[int] = []
    for start in range(0, len(among), _CHUNK):
        chunk = among[start : start + _CHUNK]
        out += session.exec(base.where(col(model.idx).in_(chunk)))
    return out
