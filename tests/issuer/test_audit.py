"""The hash-chained audit log: intact chains verify; tampering is found and located."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from issuer_helpers import NOW
from sqlalchemy import Engine, delete, update

from issuer import audit
from issuer.db import read_session, write_session
from issuer.models import AuditEntry


def _fill(engine: Engine, n: int = 5) -> list[AuditEntry]:
    with write_session(engine) as session:
        return [
            audit.append(
                session,
                actor="operator-1",
                action="credential.revoke",
                target=f"urn:uuid:{i}",
                reason=f"reason {i}",
                details={"n": i},
                now=NOW + timedelta(seconds=i),
            )
            for i in range(1, n + 1)
        ]


def _report(engine: Engine, anchor: str | None = None) -> audit.ChainReport:
    with read_session(engine) as session:
        return audit.verify_chain(session, anchor=anchor)


def _codes(report: audit.ChainReport) -> list[tuple[str, int]]:
    return [(p.code, p.seq) for p in report.problems]


def test_an_intact_chain_verifies(engine: Engine) -> None:
    entries = _fill(engine)
    report = _report(engine, anchor=entries[2].hash)
    assert report.ok and report.entries == 5 and report.head_seq == 5
    assert report.head_hash == entries[-1].hash
    assert entries[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))


def test_an_empty_log_verifies(engine: Engine) -> None:
    report = _report(engine)
    assert report.ok and report.entries == 0 and report.head_hash == audit.GENESIS


def _tamper(engine: Engine, statement: object) -> None:
    with engine.begin() as conn:
        conn.execute(statement)  # type: ignore[arg-type]


def test_an_altered_entry_is_found(engine: Engine) -> None:
    _fill(engine)
    _tamper(engine, update(AuditEntry).where(AuditEntry.seq == 3).values(reason="nothing"))
    assert _codes(_report(engine)) == [("audit.entry_altered", 3)]


def test_an_altered_and_rehashed_entry_breaks_the_next_link(engine: Engine) -> None:
    _fill(engine)
    with write_session(engine) as session:
        entry = session.get(AuditEntry, 3)
        assert entry is not None
        entry.actor = "someone-else"
        entry.hash = audit.entry_hash(entry)
        session.add(entry)
    assert _codes(_report(engine)) == [("audit.link_broken", 4)]


def test_a_deleted_entry_is_found(engine: Engine) -> None:
    _fill(engine)
    _tamper(engine, delete(AuditEntry).where(AuditEntry.seq == 3))
    report = _report(engine)
    assert _codes(report) == [("audit.entry_missing", 4), ("audit.link_broken", 4)]
    assert report.problems[0].position == 3


def test_a_deleted_and_renumbered_entry_is_found(engine: Engine) -> None:
    _fill(engine)
    _tamper(engine, delete(AuditEntry).where(AuditEntry.seq == 3))
    for seq in (4, 5):
        _tamper(engine, update(AuditEntry).where(AuditEntry.seq == seq).values(seq=seq - 1))
    assert _codes(_report(engine)) == [("audit.link_broken", 3)]


def test_reordered_entries_are_found(engine: Engine) -> None:
    _fill(engine)
    _tamper(engine, update(AuditEntry).where(AuditEntry.seq == 2).values(seq=100))
    _tamper(engine, update(AuditEntry).where(AuditEntry.seq == 3).values(seq=2))
    _tamper(engine, update(AuditEntry).where(AuditEntry.seq == 100).values(seq=3))
    codes = _codes(_report(engine))
    assert ("audit.out_of_order", 2) in codes and ("audit.out_of_order", 3) in codes
    assert all(code != "audit.entry_altered" for code, _ in codes)


def test_truncation_needs_an_anchor(engine: Engine) -> None:
    entries = _fill(engine)
    _tamper(engine, delete(AuditEntry).where(AuditEntry.seq == 5))
    assert _report(engine).ok  # a shorter chain is still a chain...
    report = _report(engine, anchor=entries[-1].hash)  # ...but the anchor is gone
    assert _codes(report) == [("audit.anchor_missing", 4)]


def test_append_needs_a_write_session_on_sqlite(engine: Engine, backend: str) -> None:
    with read_session(engine) as session:
        if backend == "sqlite":
            with pytest.raises(RuntimeError, match="write_session"):
                audit.append(session, actor="a", action="b")
        else:
            audit.append(session, actor="a", action="b")  # serialized by an advisory lock


def test_append_masks_an_insz_in_free_text(engine: Engine) -> None:
    with write_session(engine) as session:
        entry = audit.append(
            session,
            actor="op",
            action="afnemer.access",
            reason="for 85.07.30-033.61",
            details={"note": "85073003361"},
        )
    assert "85" not in (entry.reason or "").replace("<INSZ>", "")
    assert "85073003361" not in entry.details


@pytest.mark.parametrize("form", ["85 07 30 033 28", "85.07.30 - 033.28", "850730/033/28"])
def test_append_masks_every_written_form(engine: Engine, form: str) -> None:
    with write_session(engine) as session:
        entry = audit.append(
            session,
            actor=f"operator:{form}",
            action="credential.revoke",
            target=f"urn:x:{form}",
            reason=f"holder {form} asked",
            details={"note": form},
        )
    stored = " ".join(str(v) for v in (entry.actor, entry.target, entry.reason, entry.details))
    assert "033" not in stored and stored.count("<INSZ>") == 4
