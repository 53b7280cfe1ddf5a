"""The hash-chained audit log: intact chains verify; tampering is found and located."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from issuer_helpers import NOW, make_registry
from sqlalchemy import Engine, delete, update
from sqlmodel import col, select

from vc_led.errors import ConfigurationError
from vc_led_issuer import audit
from vc_led_issuer.db import read_session, write_session
from vc_led_issuer.models import AuditEntry


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


KEY = b"k" * 32


def _keyed(engine: Engine, n: int, *, start: int = 1) -> None:
    with write_session(engine) as session:
        session.info[audit.AUDIT_KEY_INFO] = KEY
        for i in range(start, start + n):
            audit.append(session, actor="op", action="credential.revoke", target=f"urn:{i}")


def test_a_keyed_chain_verifies_with_the_key_and_fixes_the_plain_part(engine: Engine) -> None:
    _fill(engine, 3)
    with write_session(engine) as session:
        session.info[audit.AUDIT_KEY_INFO] = KEY
        assert audit.start_keyed_chain(session, actor="init", now=NOW)
        assert not audit.start_keyed_chain(session, actor="init", now=NOW)  # idempotent
    _keyed(engine, 2)
    with read_session(engine) as session:
        report = audit.verify_chain(session, key=KEY)
        assert report.ok and report.keyed_from == 4 and report.entries == 6
        without = audit.verify_chain(session)  # keyed entries need the key
        assert {p.code for p in without.problems} == {"audit.entry_altered"}
        wrong = audit.verify_chain(session, key=b"w" * 32)
        assert "audit.entry_altered" in {p.code for p in wrong.problems}


def test_rewriting_a_keyed_chain_without_the_key_is_found(engine: Engine) -> None:
    _fill(engine, 2)
    _keyed(engine, 3, start=3)
    with write_session(engine) as session:  # a database writer, without the key
        rows = list(session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))))
        session.execute(delete(AuditEntry))
        session.flush()
        previous = audit.GENESIS
        for row in rows:  # the whole chain rebuilt as plain SHA-256, entry 4 altered
            fresh = AuditEntry(**{**row.model_dump(), "prev_hash": previous, "hash": ""})
            if fresh.seq == 4:
                fresh.reason = "rewritten"
            fresh.hash = audit.entry_hash(fresh)
            session.add(fresh)
            session.flush()
            previous = fresh.hash
    with read_session(engine) as session:
        assert audit.verify_chain(session).ok  # the plain check cannot tell
        report = audit.verify_chain(session, key=KEY)
    assert _codes(report) == [("audit.head_not_keyed", 5)]


def test_a_plain_entry_after_a_keyed_one_is_found(engine: Engine) -> None:
    _keyed(engine, 2)
    _fill(engine, 0)
    with write_session(engine) as session:  # a writer without the key appends
        audit.append(session, actor="intruder", action="credential.revoke", target="urn:x")
    with read_session(engine) as session:
        report = audit.verify_chain(session, key=KEY)
    assert _codes(report) == [("audit.entry_not_keyed", 3), ("audit.head_not_keyed", 3)]


def test_the_registry_keys_its_chain_once_configured(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    make_registry(engine, database_url, tmp_path)  # plain SHA-256 entries first
    registry = make_registry(engine, database_url, tmp_path, audit_key="a" * 32)  # init again
    with registry.write() as session:
        audit.append(session, actor="op", action="credential.view", target="urn:y")
    with registry.read() as session:
        entries = list(session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))))
        report = audit.verify_chain(session, key=registry.audit_key())
    assert [e.action for e in entries[-2:]] == ["audit.keyed", "credential.view"]
    assert report.ok and report.keyed_from == entries[-2].seq
    with pytest.raises(ConfigurationError, match="at least 32"):
        make_registry(engine, database_url, tmp_path, audit_key="short")
