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
from ..models import StatusAllocation, StatusList, StatusPurpose
from ..settings import MIN_STATUS_LIST_SIZE

__all__ = [
    "StatusEntry",
    "allocate_status_entries",
    "allocate_status_indexes",
    "get_bit",
    "with_bit",
]

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
    if count < 1 or size < MIN_STATUS_LIST_SIZE or size % 8:
        raise ValueError("count must be >= 1 and size >= 131072, a multiple of 8")
    require_write_session(session)
    rng = rng or _system_random
    now = (now or datetime.now(UTC)).astimezone(UTC)
    entries: list[StatusEntry] = []
    while len(entries) < count:
        lst = _open_list(session, purpose=purpose, base_url=base_url, size=size, now=now)
        take = min(count - len(entries), lst.size - lst.allocated)
        indexes = _draw_free(session, lst, take, rng)
        _insert_allocations(session, lst.id, indexes, now)
        _count_allocations(session, lst, take, now)
        assert lst.id is not None
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


def _open_list(
    session: Session, *, purpose: StatusPurpose, base_url: str, size: int, now: datetime
) -> StatusList:
    """A list with free entries, locked by this transaction (created when there is none)."""
    where = (col(StatusList.purpose) == purpose.value, col(StatusList.full).is_(False))
    query = select(StatusList).where(*where).order_by(col(StatusList.id)).limit(1)
    lazy_bits = defer(StatusList.bits)  # type: ignore[arg-type]
    query = query.options(lazy_bits).execution_options(populate_existing=True)
    found = session.exec(query.with_for_update(skip_locked=True)).first()
    while found is None:
        busy = session.exec(select(StatusList.id).where(*where).limit(1)).first()
        if busy is None:
            return _new_list(session, purpose=purpose, base_url=base_url, size=size, now=now)
        # every open list is being allocated from by someone else: wait for one
        locked = query.where(col(StatusList.id) == busy).with_for_update()
        found = session.exec(locked).first()  # None if it filled up meanwhile
    return found


def _new_list(
    session: Session, *, purpose: StatusPurpose, base_url: str, size: int, now: datetime
) -> StatusList:
    lst = StatusList(
        url=f"urn:vc-led:pending:{secrets.token_hex(16)}",  # replaced once the id is known
        purpose=purpose.value,
        size=size,
        bits=bytes(size // 8),
        created_at=now,
        updated_at=now,
    )
    session.add(lst)
    session.flush()
    lst.url = f"{base_url.rstrip('/')}/{lst.id}"
    session.add(lst)
    session.flush()
    return lst


def _count_allocations(session: Session, lst: StatusList, take: int, now: datetime) -> None:
    """Advance the list's counter (one UPDATE; the row is locked by this transaction)."""
    allocated = lst.allocated + take
    table = StatusList.__table__  # type: ignore[attr-defined]
    stmt = sa.update(table).where(table.c.id == lst.id)
    session.execute(stmt.values(allocated=allocated, full=allocated >= lst.size, updated_at=now))
    for name, value in (("allocated", allocated), ("full", allocated >= lst.size)):
        set_committed_value(lst, name, value)
    set_committed_value(lst, "updated_at", now)


def _insert_allocations(
    session: Session, list_id: int | None, indexes: list[int], now: datetime
) -> None:
    if is_postgresql(session):  # one statement, however large the block
        stmt = sa.text(
            "INSERT INTO status_allocations (list_id, idx, allocated_at) "
            "SELECT :list_id, unnest(CAST(:idx AS integer[])), :at"
        )
        session.execute(stmt, {"list_id": list_id, "idx": indexes, "at": now})
        return
    rows = [{"list_id": list_id, "idx": i, "allocated_at": now} for i in indexes]
    session.execute(sa.insert(StatusAllocation), rows)


def _draw_free(session: Session, lst: StatusList, take: int, rng: random.Random) -> list[int]:
    """``take`` distinct free indexes of ``lst``, uniformly at random."""
    free_after = lst.size - lst.allocated - take
    if free_after < lst.size // 16:  # (nearly) full: draw from the exact free set
        taken = set(_allocated(session, lst.id, None))
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
        taken = set(_allocated(session, lst.id, candidates))
        chosen += [i for i in candidates if i not in taken][: take - len(chosen)]
    return chosen


def _allocated(session: Session, list_id: Any, among: list[int] | None) -> list[int]:
    base = select(StatusAllocation.idx).where(col(StatusAllocation.list_id) == list_id)
    if among is None:
        return list(session.exec(base))
    out: list[int] = []
    for start in range(0, len(among), _CHUNK):
        chunk = among[start : start + _CHUNK]
        out += session.exec(base.where(col(StatusAllocation.idx).in_(chunk)))
    return out
