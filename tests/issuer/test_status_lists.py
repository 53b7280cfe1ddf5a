"""Status index allocation and status bits (both backends)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from issuer_helpers import BASE_URL, NOW
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from vc_led_issuer import audit, crud
from vc_led_issuer.crud.status_lists import get_bit, with_bit
from vc_led_issuer.db import make_engine, migrate, read_session, write_session
from vc_led_issuer.errors import AllocationError, NotFoundError, StatusChangeError
from vc_led_issuer.models import AuditEntry, StatusAllocation, StatusList, StatusPurpose
from vc_led_issuer.settings import load_settings

SIZE = 131_072


def _issue(
    session: Session, seeded: tuple[int, str], n: int, **kwargs: object
) -> tuple[str, dict[StatusPurpose, crud.StatusEntry]]:
    record_id, key_id = seeded
    status = crud.allocate_status_entries(session, base_url=BASE_URL, now=NOW)
    cred = crud.record_issued_credential(
        session,
        credential_id=f"urn:uuid:cred-{n}",
        record_id=record_id,
        key_id=key_id,
        document=json.dumps({"id": f"urn:uuid:cred-{n}"}),
        status=status,
        now=NOW,
        **kwargs,  # type: ignore[arg-type]
    )
    return cred.credential_id, status


def test_bits_are_msb_first() -> None:
    bits = with_bit(bytes(2), 0, True)
    assert bits == b"\x80\x00"
    assert with_bit(bits, 9, True) == b"\x80\x40"
    assert get_bit(b"\x80\x40", 9) and not get_bit(b"\x80\x40", 8)
    assert with_bit(b"\xff", 7, False) == b"\xfe"


def test_allocation_is_random_and_unique(engine: Engine) -> None:
    with write_session(engine) as session:
        entries = crud.allocate_status_indexes(
            session, purpose=StatusPurpose.REVOCATION, count=500, base_url=BASE_URL, now=NOW
        )
    indexes = [e.index for e in entries]
    assert len(set(indexes)) == 500
    assert all(0 <= i < SIZE for i in indexes)
    assert indexes != sorted(indexes)  # not handed out in order
    assert max(indexes) - min(indexes) > SIZE // 2  # spread over the whole list
    assert entries[0].url == f"{BASE_URL}/{entries[0].list_id}"
    assert entries[0].credential_status()["statusListIndex"] == str(indexes[0])


def test_seeded_rng_is_reproducible(engine: Engine) -> None:
    with write_session(engine) as session:
        a = crud.allocate_status_indexes(
            session,
            purpose=StatusPurpose.SUSPENSION,
            count=5,
            base_url=BASE_URL,
            rng=random.Random(7),
            now=NOW,
        )
    expected = random.Random(7)
    assert [e.index for e in a] == [expected.randrange(SIZE) for _ in range(5)]


def test_a_full_list_rolls_over_and_never_reuses(engine: Engine) -> None:
    with write_session(engine) as session:
        first = crud.allocate_status_indexes(
            session, purpose=StatusPurpose.REVOCATION, count=SIZE - 3, base_url=BASE_URL, now=NOW
        )
    with write_session(engine) as session:
        more = crud.allocate_status_indexes(
            session, purpose=StatusPurpose.REVOCATION, count=10, base_url=BASE_URL, now=NOW
        )
    assert len({e.list_id for e in more}) == 2
    old = [e for e in more if e.list_id == first[0].list_id]
    assert len(old) == 3
    assert not {e.index for e in old} & {e.index for e in first}
    with read_session(engine) as session:
        lists = session.exec(select(StatusList).order_by(StatusList.id)).scalars().all()
        assert [(x.allocated, x.full) for x in lists] == [(SIZE, True), (7, False)]
        total = session.exec(select(func.count()).select_from(StatusAllocation)).scalar_one()
        assert total == SIZE + 7


def test_revocation_is_irreversible_and_audited(engine: Engine, seeded: tuple[int, str]) -> None:
    with write_session(engine) as session:
        cid, status = _issue(session, seeded, 1)
    with write_session(engine) as session:
        changed = crud.set_credential_status(
            session,
            credential_id=cid,
            purpose=StatusPurpose.REVOCATION,
            value=True,
            actor="operator-1",
            reason="issued in error",
            now=NOW,
        )
        assert changed
        again = crud.set_credential_status(
            session,
            credential_id=cid,
            purpose=StatusPurpose.REVOCATION,
            value=True,
            actor="operator-1",
            reason="twice",
            now=NOW,
        )
        assert not again
    with write_session(engine) as session, pytest.raises(StatusChangeError, match="irreversible"):
        crud.set_credential_status(
            session,
            credential_id=cid,
            purpose=StatusPurpose.REVOCATION,
            value=False,
            actor="operator-1",
            reason="undo",
        )
    with read_session(engine) as session:
        entry = status[StatusPurpose.REVOCATION]
        lst = session.get(StatusList, entry.list_id)
        assert lst is not None and get_bit(lst.bits, entry.index) and lst.version == 2
        assert sum(bin(b).count("1") for b in lst.bits) == 1
        cred = crud.get_credential(session, credential_id=cid)
        assert cred is not None and cred.revoked_at == NOW
        entries = session.exec(select(AuditEntry)).scalars().all()
        assert [(e.action, e.target, e.reason) for e in entries] == [
            ("credential.revoke", cid, "issued in error")
        ]
        assert audit.verify_chain(session).ok


def test_suspension_is_reversible(engine: Engine, seeded: tuple[int, str]) -> None:
    with write_session(engine) as session:
        cid, _ = _issue(session, seeded, 1)
    for value in (True, False, True):
        with write_session(engine) as session:
            crud.set_credential_status(
                session,
                credential_id=cid,
                purpose=StatusPurpose.SUSPENSION,
                value=value,
                actor="operator-1",
                reason="investigation",
                now=NOW,
            )
        with read_session(engine) as session:
            state = crud.credential_status(session, credential_id=cid)
            assert state == {StatusPurpose.REVOCATION: False, StatusPurpose.SUSPENSION: value}
    with read_session(engine) as session:
        actions = session.exec(select(AuditEntry.action).order_by(AuditEntry.seq)).scalars()
        assert list(actions) == ["credential.suspend", "credential.unsuspend", "credential.suspend"]


def test_unknown_credential(engine: Engine) -> None:
    with write_session(engine) as session, pytest.raises(NotFoundError):
        crud.set_credential_status(
            session,
            credential_id="urn:uuid:nope",
            purpose=StatusPurpose.SUSPENSION,
            value=True,
            actor="op",
            reason="x",
        )


def test_an_entry_binds_once(engine: Engine, seeded: tuple[int, str]) -> None:
    with write_session(engine) as session:
        _, status = _issue(session, seeded, 1)
    record_id, key_id = seeded
    with write_session(engine) as session, pytest.raises(AllocationError):
        crud.record_issued_credential(
            session,
            credential_id="urn:uuid:reuse",
            record_id=record_id,
            key_id=key_id,
            document="{}",
            status=status,
        )
    forged = crud.StatusEntry(
        status[StatusPurpose.REVOCATION].list_id, "x", StatusPurpose.REVOCATION, -1
    )
    with write_session(engine) as session, pytest.raises(AllocationError):
        crud.record_issued_credential(
            session,
            credential_id="urn:uuid:forged",
            record_id=record_id,
            key_id=key_id,
            document="{}",
            status={StatusPurpose.REVOCATION: forged},
        )


def test_idempotency_key_returns_the_first_credential(
    engine: Engine, seeded: tuple[int, str]
) -> None:
    with write_session(engine) as session:
        first, _ = _issue(session, seeded, 1, idempotency_key="bulk:1")
    with write_session(engine) as session:
        second, _ = _issue(session, seeded, 2, idempotency_key="bulk:1")
    assert first == second
    with read_session(engine) as session:
        assert len(crud.credentials_for_record(session, record_id=seeded[0])) == 1


def test_sqlite_refuses_a_deferred_write(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}", settings=load_settings(mode="demo"))
    migrate(engine)
    with read_session(engine) as session, pytest.raises(RuntimeError, match="write_session"):
        crud.allocate_status_indexes(session, purpose=StatusPurpose.REVOCATION, base_url=BASE_URL)
    engine.dispose()
