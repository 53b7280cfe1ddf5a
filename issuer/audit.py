"""The append-only, hash-chained audit log.

Every entry commits to the one before it: ``hash = SHA-256(canonical JSON of {at, actor,
action, target, reason, details, prev_hash})``; the first entry's ``prev_hash`` is
:data:`GENESIS`. The storage position ``seq`` is not hashed: the chain itself is the order,
so :func:`verify_chain` can tell a deleted entry (a gap, a link to nothing), an altered one
(its hash does not match) and a reordered one (it links to an entry at another position).
Appends are serialized (PostgreSQL advisory lock, SQLite ``BEGIN IMMEDIATE``), so concurrent
writers cannot fork the chain; ``prev_hash`` is also unique in the schema.

Truncating the newest entries leaves a valid chain: compare the head with an *anchor* kept
elsewhere (published, or noted by the last verification) to catch that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from vc_led.led.holder import mask_insz

from .db import serialize
from .models import AuditEntry

__all__ = ["GENESIS", "ChainProblem", "ChainReport", "append", "entry_hash", "verify_chain"]

GENESIS = "0" * 64
_LOCK = "vc-led:audit"
_MAX_PROBLEMS = 100


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(entry: AuditEntry) -> str:
    """The SHA-256 (hex) an entry must carry: over its canonical JSON, ``prev_hash`` included."""
    payload = {
        "at": _timestamp(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "target": entry.target,
        "reason": entry.reason,
        "details": json.loads(entry.details),
        "prev_hash": entry.prev_hash,
    }
    return hashlib.sha256(_canonical(payload).encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str | None = None,
    reason: str | None = None,
    details: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Append an entry (in the caller's transaction; it becomes visible when that commits).

    Free text (``reason`` and the ``details`` values) is masked for anything shaped like an
    INSZ before it is stored.

    Args:
        session: a write session (:func:`issuer.db.write_session` on SQLite).
        actor: who (an operator id, ``import``, an afnemer code...).
        action: what (``credential.revoke``, ``key.rotate``, ``afnemer.access``...).
        target: which record or credential.
        reason: why.
        details: more context as JSON (never an INSZ, key or secret).
        now: the time (default: now, UTC).

    Returns:
        The new entry.

    Raises:
        RuntimeError: on SQLite outside a write session.
    """
    serialize(session, name=_LOCK)
    head = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq).desc()).limit(1)).first()
    entry = AuditEntry(
        seq=(head.seq + 1) if head else 1,
        at=(now or datetime.now(UTC)).astimezone(UTC),
        actor=mask_insz(actor),
        action=action,
        target=mask_insz(target) if target is not None else None,
        reason=mask_insz(reason) if reason is not None else None,
        details=mask_insz(_canonical(dict(details or {}))),
        prev_hash=head.hash if head else GENESIS,
        hash="",
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """One break in the chain.

    Attributes:
        code: ``audit.entry_altered``, ``audit.entry_missing``, ``audit.out_of_order``,
            ``audit.link_broken`` or ``audit.anchor_missing``.
        seq: the stored ``seq`` of the entry where it was found.
        position: its 1-based position in ``seq`` order.
        message: for people.
    """

    code: str
    seq: int
    position: int
    message: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The result of :func:`verify_chain`.

    Attributes:
        entries: how many entries were read.
        head_seq: the last entry's ``seq`` (0 for an empty log).
        head_hash: the last entry's hash (an anchor to keep for the next verification).
        problems: what is wrong, in order (at most 100).
    """

    entries: int
    head_seq: int
    head_hash: str
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        """True when the chain is intact."""
        return not self.problems


def verify_chain(session: Session, *, anchor: str | None = None) -> ChainReport:
    """Walk the audit log in ``seq`` order and check every hash and link.

    Args:
        session: any session.
        anchor: a head hash noted earlier; it must still be in the chain (catches truncation).

    Returns:
        A :class:`ChainReport`; never raises because of what the log contains.
    """
    problems: list[ChainProblem] = []
    expected, last_seq, position, anchor_seen = GENESIS, 0, 0, anchor is None
    rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).yield_per(1000)
    for position, row in enumerate(rows, start=1):
        if len(problems) < _MAX_PROBLEMS:
            problems += _check(session, row, position=position, expected=expected, last=last_seq)
        anchor_seen = anchor_seen or row.hash == anchor
        expected, last_seq = row.hash, row.seq
    if not anchor_seen:
        msg = "the anchor hash is not in the chain: entries were removed or rewritten"
        problems.append(ChainProblem("audit.anchor_missing", last_seq, position, msg))
    return ChainReport(position, last_seq, expected, tuple(problems[:_MAX_PROBLEMS]))


def _check(
    session: Session, row: AuditEntry, *, position: int, expected: str, last: int
) -> list[ChainProblem]:
    found: list[ChainProblem] = []

    def problem(code: str, message: str) -> None:
        found.append(ChainProblem(code, row.seq, position, message))

    if row.seq != last + 1:
        problem("audit.entry_missing", f"entries {last + 1}..{row.seq - 1} are missing")
    if entry_hash(row) != row.hash:
        problem("audit.entry_altered", f"entry {row.seq} does not match its hash")
    if row.prev_hash != expected:
        origin = _seq_of(session, row.prev_hash)
        if origin is None:
            problem("audit.link_broken", f"entry {row.seq} links to no entry (deleted or altered)")
        elif origin != last:
            problem("audit.out_of_order", f"entry {row.seq} belongs after entry {origin}")
    return found


def _seq_of(session: Session, hash_: str) -> int | None:
    if hash_ == GENESIS:
        return 0
    return session.exec(select(AuditEntry.seq).where(AuditEntry.hash == hash_)).first()
