"""The append-only, hash-chained audit log.

Every entry commits to the one before it: ``hash = SHA-256(canonical JSON of {at, actor,
action, target, reason, details, prev_hash})``; the first entry's ``prev_hash`` is
:data:`GENESIS`. The storage position ``seq`` is not hashed: the chain itself is the order,
so :func:`verify_chain` can tell a deleted entry (a gap, a link to nothing), an altered one
(its hash does not match) and a reordered one (it links to an entry at another position).
Appends are serialized (PostgreSQL advisory lock, SQLite ``BEGIN IMMEDIATE``), so concurrent
writers cannot fork the chain; ``prev_hash`` is also unique in the schema.

**Anchoring.** Anyone who can write the database can rewrite the plain chain and compute every
hash again; truncating the newest entries even leaves a valid chain. An operator catches both
by keeping the head hash elsewhere: ``vc-led audit verify`` prints ``head SEQ HASH``; note it
where the database's writers cannot change it (a ticket, a signed e-mail, a WORM bucket, a
daily job's log) and later run ``vc-led audit verify --anchor HASH``: the anchor must still be
in the chain (``audit.anchor_missing`` otherwise), and every entry before it is fixed by it.

**Keyed chain (opt-in).** With ``VCLED_AUDIT_KEY_FILE`` set, new entries carry
``HMAC-SHA-256(key, same JSON)`` instead (:meth:`vc_led_issuer.context.Registry.write` puts the key
in the session). Someone who can write the database but not read the key file can then
neither rewrite nor append entries, and the keyed entries also fix every plain one before
them. :func:`verify_chain` with the key accepts plain entries only before the first keyed one
(``audit.entry_not_keyed`` after it) and wants the newest entry keyed
(``audit.head_not_keyed``: ``vc-led registry init`` appends ``audit.keyed`` to start the
keyed chain). The key does not replace anchoring: whoever holds it can still rewrite.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from vc_led.led.holder import mask_insz

from .db import serialize
from .models import AuditEntry

__all__ = [
    "AUDIT_KEY_INFO",
    "GENESIS",
    "ChainCode",
    "ChainProblem",
    "ChainReport",
    "append",
    "entry_hash",
    "start_keyed_chain",
    "verify_chain",
]

AUDIT_KEY_INFO = "vcled_audit_key"
"""``session.info`` key of the audit HMAC key (set by :meth:`Registry.write`)."""

GENESIS = "0" * 64
_LOCK = "vc-led:audit"
_MAX_PROBLEMS = 100


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(entry: AuditEntry, *, key: bytes | None = None) -> str:
    """The hash (hex) an entry must carry: SHA-256 over its canonical JSON, ``prev_hash``
    included, or HMAC-SHA-256 of the same JSON under ``key``."""
    payload = {
        "at": _timestamp(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "target": entry.target,
        "reason": entry.reason,
        "details": json.loads(entry.details),
        "prev_hash": entry.prev_hash,
    }
    data = _canonical(payload).encode("utf-8")
    if key is not None:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


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
        session: a write session (:func:`vc_led_issuer.db.write_session` on SQLite).
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
    entry.hash = entry_hash(entry, key=session.info.get(AUDIT_KEY_INFO))
    session.add(entry)
    session.flush()
    return entry


def start_keyed_chain(session: Session, *, actor: str, now: datetime | None = None) -> bool:
    """Append ``audit.keyed`` when the session has the audit key and the newest entry is
    not keyed yet (idempotent; :func:`vc_led_issuer.lifecycle.init_registry` calls it).

    Returns:
        Whether the entry was appended.
    """
    key = session.info.get(AUDIT_KEY_INFO)
    if key is None:
        return False
    serialize(session, name=_LOCK)
    head = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq).desc()).limit(1)).first()
    if head is not None and hmac.compare_digest(entry_hash(head, key=key), head.hash):
        return False
    append(session, actor=actor, action="audit.keyed", details={"mac": "hmac-sha256"}, now=now)
    return True


class ChainCode(StrEnum):
    """A break in the audit chain. Released codes are never renamed."""

    ENTRY_ALTERED = "audit.entry_altered"
    ENTRY_MISSING = "audit.entry_missing"
    OUT_OF_ORDER = "audit.out_of_order"
    LINK_BROKEN = "audit.link_broken"
    ANCHOR_MISSING = "audit.anchor_missing"
    ENTRY_NOT_KEYED = "audit.entry_not_keyed"
    HEAD_NOT_KEYED = "audit.head_not_keyed"


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """One break in the chain.

    Attributes:
        code: ``audit.entry_altered``, ``audit.entry_missing``, ``audit.out_of_order``,
            ``audit.link_broken``, ``audit.anchor_missing``; with a key also
            ``audit.entry_not_keyed`` and ``audit.head_not_keyed``.
        seq: the stored ``seq`` of the entry where it was found.
        position: its 1-based position in ``seq`` order.
        message: for people.
    """

    code: ChainCode
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
        keyed_from: the ``seq`` of the first keyed entry (None: none, or no key given).
    """

    entries: int
    head_seq: int
    head_hash: str
    problems: tuple[ChainProblem, ...]
    keyed_from: int | None = None

    @property
    def ok(self) -> bool:
        """True when the chain is intact."""
        return not self.problems


def verify_chain(
    session: Session, *, anchor: str | None = None, key: bytes | None = None
) -> ChainReport:
    """Walk the audit log in ``seq`` order and check every hash and link.

    Args:
        session: any session.
        anchor: a head hash noted earlier; it must still be in the chain (catches truncation).
        key: the audit HMAC key (``VCLED_AUDIT_KEY_FILE``) when the chain is keyed.

    Returns:
        A :class:`ChainReport`; never raises because of what the log contains.
    """
    walk = _Walk(session, key)
    rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).yield_per(1000)
    anchor_seen = anchor is None
    for row in rows:
        walk.step(row)
        anchor_seen = anchor_seen or row.hash == anchor
    if not anchor_seen:
        msg = "the anchor hash is not in the chain: entries were removed or rewritten"
        walk.problem(ChainCode.ANCHOR_MISSING, msg, seq=walk.last_seq)
    if key is not None and walk.position and not walk.head_keyed:
        msg = (
            "the newest entry is not keyed: the log was written without the key since, or "
            "nothing was logged since the key was set (`vc-led registry init` starts it)"
        )
        walk.problem(ChainCode.HEAD_NOT_KEYED, msg, seq=walk.last_seq)
    return ChainReport(
        walk.position,
        walk.last_seq,
        walk.expected,
        tuple(walk.problems[:_MAX_PROBLEMS]),
        walk.keyed_from,
    )


class _Walk:
    """The state of :func:`verify_chain` as it goes."""

    def __init__(self, session: Session, key: bytes | None) -> None:
        self.session, self.key = session, key
        self.problems: list[ChainProblem] = []
        self.expected, self.last_seq, self.position = GENESIS, 0, 0
        self.keyed_from: int | None = None
        self.head_keyed = False

    def problem(self, code: ChainCode, message: str, *, seq: int) -> None:
        self.problems.append(ChainProblem(code, seq, self.position, message))

    def step(self, row: AuditEntry) -> None:
        self.position += 1
        if len(self.problems) < _MAX_PROBLEMS:
            self._check(row)
        self.expected, self.last_seq = row.hash, row.seq

    def _check(self, row: AuditEntry) -> None:
        seq, last = row.seq, self.last_seq
        if seq != last + 1:
            self.problem(
                ChainCode.ENTRY_MISSING, f"entries {last + 1}..{seq - 1} are missing", seq=seq
            )
        self._check_hash(row)
        if row.prev_hash != self.expected:
            origin = _seq_of(self.session, row.prev_hash)
            if origin is None:
                msg = f"entry {seq} links to no entry (deleted or altered)"
                self.problem(ChainCode.LINK_BROKEN, msg, seq=seq)
            elif origin != last:
                self.problem(
                    ChainCode.OUT_OF_ORDER, f"entry {seq} belongs after entry {origin}", seq=seq
                )

    def _check_hash(self, row: AuditEntry) -> None:
        keyed = self.key is not None and hmac.compare_digest(
            entry_hash(row, key=self.key), row.hash
        )
        self.head_keyed = keyed
        if keyed:
            self.keyed_from = self.keyed_from or row.seq
        elif entry_hash(row) != row.hash:
            hint = "" if self.key is not None else " (or it is keyed: give the audit key)"
            msg = f"entry {row.seq} does not match its hash{hint}"
            self.problem(ChainCode.ENTRY_ALTERED, msg, seq=row.seq)
        elif self.keyed_from is not None:
            msg = f"entry {row.seq} is not keyed, entry {self.keyed_from} is: written without it"
            self.problem(ChainCode.ENTRY_NOT_KEYED, msg, seq=row.seq)


def _seq_of(session: Session, hash_: str) -> int | None:
    if hash_ == GENESIS:
        return 0
    return session.exec(select(AuditEntry.seq).where(AuditEntry.hash == hash_)).first()
