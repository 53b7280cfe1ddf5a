"""Records and holders: idempotent upsert, cancellation, the INSZ never in clear."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from issuer_helpers import NOW, add_holder_and_record, content
from sqlalchemy import Engine, select, text
from sqlmodel import SQLModel

from vc_led.led.holder import synthetic_insz
from vc_led_issuer import audit, crud
from vc_led_issuer.db import read_session, write_session
from vc_led_issuer.models import Record, RecordState, StatusPurpose
from vc_led_issuer.privacy import InszHasher

INSZ = synthetic_insz(date(2006, 5, 17), 1)


def test_upsert_is_idempotent(engine: Engine, hasher: InszHasher) -> None:
    with write_session(engine) as session:
        holder, record = add_holder_and_record(session, hasher)
    for _ in range(2):
        with write_session(engine) as session:
            outcome = crud.upsert_record(
                session,
                supplier="Secundair onderwijs",
                supplier_reference="REF-1",
                content=content("REF-1"),
                state=RecordState.REGISTERED,
                holder=holder,
                now=NOW,
            )
            assert (outcome.created, outcome.changed) == (False, False)
            assert outcome.record.id == record.id
    with read_session(engine) as session:
        assert len(crud.list_records(session)) == 1


def test_upsert_updates_changed_content(engine: Engine, hasher: InszHasher) -> None:
    with write_session(engine) as session:
        holder, record = add_holder_and_record(session, hasher)
        outcome = crud.upsert_record(
            session,
            supplier="Secundair onderwijs",
            supplier_reference="REF-1",
            content=content("REF-1", title="Corrected title"),
            state=RecordState.REGISTERED,
            holder=holder,
            now=NOW,
        )
    assert (outcome.created, outcome.changed) == (False, True)
    with read_session(engine) as session:
        stored = session.get(Record, record.id)
        assert stored is not None
        assert stored.content["basis"]["fullTitle"] == "Corrected title"


def test_same_reference_other_supplier_is_another_record(
    engine: Engine, hasher: InszHasher
) -> None:
    with write_session(engine) as session:
        holder, _ = add_holder_and_record(session, hasher)
        other = crud.upsert_record(
            session,
            supplier="Hoger onderwijs",
            supplier_reference="REF-1",
            content=content("REF-1"),
            state=RecordState.REGISTERED,
            holder=holder,
            now=NOW,
        )
    assert other.created


def test_record_cannot_move_to_another_holder(engine: Engine, hasher: InszHasher) -> None:
    with write_session(engine) as session:
        add_holder_and_record(session, hasher)
        other = crud.get_or_create_holder(
            session, insz=synthetic_insz(date(2001, 1, 2), 7), hasher=hasher, now=NOW
        )
        with pytest.raises(ValueError, match="another holder"):
            crud.upsert_record(
                session,
                supplier="Secundair onderwijs",
                supplier_reference="REF-1",
                content=content("REF-1"),
                state=RecordState.REGISTERED,
                holder=other,
                now=NOW,
            )


def test_find_holder_by_insz(engine: Engine, hasher: InszHasher) -> None:
    with write_session(engine) as session:
        holder, _ = add_holder_and_record(session, hasher)
        again = crud.get_or_create_holder(session, insz=INSZ, hasher=hasher, now=NOW)
        assert again.id == holder.id
    with read_session(engine) as session:
        found = crud.find_holder(session, insz=INSZ, hasher=hasher)
        assert found is not None and found.id == holder.id
        assert (found.given_name, found.family_name) == (
            "An",
            "Peeters",
        ) and found.birth_date == date(2006, 5, 17)
        other = synthetic_insz(date(2006, 5, 17), 2)
        assert crud.find_holder(session, insz=other, hasher=hasher) is None
        assert crud.find_holder(session, insz=INSZ, hasher=InszHasher(b"x" * 40)) is None
        assert INSZ not in repr(found)


def test_malformed_insz_is_not_echoed(engine: Engine, hasher: InszHasher) -> None:
    with read_session(engine) as session, pytest.raises(ValueError) as info:
        crud.find_holder(session, insz="12345678901", hasher=hasher)
    assert "12345678901" not in str(info.value)
    assert "pepper" not in repr(hasher) or "<secret>" in repr(hasher)


def _text_values(engine: Engine) -> list[str]:
    """Every text, JSON and binary value of every table, as text."""
    values: list[str] = []
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                values += [str(v) for v in row]
    return values


def test_insz_is_never_stored_in_clear(
    engine: Engine, hasher: InszHasher, backend: str, tmp_path: Path
) -> None:
    with write_session(engine) as session:
        add_holder_and_record(session, hasher)
        # an operator who pastes an INSZ into a reason: the audit log masks it
        audit.append(session, actor="op", action="note", reason=f"asked by {INSZ}", now=NOW)
    values = " ".join(_text_values(engine))
    assert INSZ not in values
    assert hasher.digest(INSZ) in values
    if backend == "sqlite":
        with engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        for path in (tmp_path).glob("registry.sqlite3*"):
            raw = path.read_bytes()
            assert INSZ.encode() not in raw
            assert INSZ.encode("utf-16-le") not in raw


def test_cancellation_revokes_every_credential(
    engine: Engine, hasher: InszHasher, seeded: tuple[int, str]
) -> None:
    record_id, key_id = seeded
    ids = []
    with write_session(engine) as session:
        for n in range(2):
            status = crud.allocate_status_entries(
                session, base_url="https://registry.example/status", now=NOW
            )
            cred = crud.record_issued_credential(
                session,
                credential_id=f"urn:uuid:cred-{n}",
                record_id=record_id,
                key_id=key_id,
                document={"id": f"urn:uuid:cred-{n}"},
                status=status,
                now=NOW,
            )
            ids.append(cred.credential_id)
    with write_session(engine) as session:
        holder = crud.find_holder(session, insz=INSZ, hasher=hasher)
        assert holder is not None
        outcome = crud.upsert_record(
            session,
            supplier="Secundair onderwijs",
            supplier_reference="REF-1",
            content=content("REF-1"),
            state=RecordState.CANCELLED,
            holder=holder,
            now=NOW,
        )
    assert outcome.changed and sorted(outcome.revoked) == sorted(ids)
    with read_session(engine) as session:
        for cid in ids:
            assert crud.credential_status(session, credential_id=cid)[StatusPurpose.REVOCATION]
        record = session.get(Record, record_id)
        assert record is not None and record.state == "cancelled" and record.cancelled_at
    with write_session(engine) as session:  # importing the cancellation again changes nothing
        again = crud.upsert_record(
            session,
            supplier="Secundair onderwijs",
            supplier_reference="REF-1",
            content=content("REF-1"),
            state=RecordState.CANCELLED,
            holder=holder,
            now=NOW,
        )
    assert (again.changed, again.revoked) == (False, ())
