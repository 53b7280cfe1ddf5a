"""Import: idempotent on (supplier, supplier reference), cancellations and corrections revoke,
per-record problems reported (both backends)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from issuer_helpers import (
    NOW,
    credentials,
    generated,
    import_named,
    issue_all,
    snapshot,
)
from sqlmodel import Session, col, select

from vc_led.led import RecordStatus, Supplier, load_jsonl, write_jsonl
from vc_led.led.synthetic import write_generated
from vc_led_issuer import audit, crud
from vc_led_issuer.context import Registry
from vc_led_issuer.jobs.importer import import_files
from vc_led_issuer.jobs.issuance import count_issuable
from vc_led_issuer.jobs.where import Where
from vc_led_issuer.models import Record, StatusPurpose


def _a_registered_record(tmp_path: Path, *, persons: int) -> tuple:
    """The first registered record of a generated data set, with its holder."""
    data = generated(tmp_path, persons=persons)
    return next(
        (i.holder, i.record)
        for i in load_jsonl(data).records
        if i.record.status is RecordStatus.REGISTERED
    )


def _write(path: Path, entries: list) -> Path:
    with path.open("w", encoding="utf-8") as out:
        write_jsonl(entries, out)
    return path


def _status(registry: Registry, credential_id: str) -> dict[StatusPurpose, bool]:
    with registry.read() as session:
        return crud.credential_status(session, credential_id=credential_id)


def test_the_same_file_twice_changes_nothing(registry: Registry, tmp_path: Path) -> None:
    data = generated(tmp_path, persons=6)
    first = import_named(registry, data)
    lines = len(data.read_text(encoding="utf-8").splitlines())
    assert first.ok and first.created == lines and first.files == 1
    before = snapshot(registry)
    second = import_named(registry, data)
    assert (second.created, second.changed, second.unchanged) == (0, 0, lines)
    assert snapshot(registry) == before
    with registry.read() as session:
        assert audit.verify_chain(session).ok


def test_cancellation_revokes_and_correction_is_issuable(
    registry: Registry, tmp_path: Path
) -> None:
    data = generated(tmp_path, persons=4)
    entries = [(i.holder, i.record) for i in load_jsonl(data).records]
    registered = [(h, r) for h, r in entries if r.status is RecordStatus.REGISTERED]
    import_named(registry, data)
    assert issue_all(registry).ok
    (holder, target), (other_holder, corrected) = registered[0], registered[1]
    with registry.read() as session:
        row = session.exec(
            select(Record).where(Record.supplier_reference == target.supplier.reference)
        ).one()
        [old] = crud.credentials_for_record(session, record_id=row.id)
        [old2] = crud.credentials_for_record(
            session,
            record_id=session.exec(
                select(Record.id).where(Record.supplier_reference == corrected.supplier.reference)
            ).one(),
        )
    # LED cancels the first record; the second is corrected: cancelled and registered anew
    cancelled = dataclasses.replace(target, status=RecordStatus.CANCELLED)
    successor = dataclasses.replace(
        corrected,
        supplier=Supplier(corrected.supplier.name, corrected.supplier.reference[:30] + "-R1"),
        led_reference="00000000-0000-4000-8000-000000000001",
    )
    gone = dataclasses.replace(corrected, status=RecordStatus.CANCELLED)
    update = _write(
        tmp_path / "update.jsonl",
        [(holder, cancelled), (other_holder, gone), (other_holder, successor)],
    )
    report = import_named(registry, update)
    assert report.problems == []
    assert (report.changed, report.created, report.revoked, report.failed) == (2, 1, 2, 0)
    assert _status(registry, old.credential_id)[StatusPurpose.REVOCATION]
    assert _status(registry, old2.credential_id)[StatusPurpose.REVOCATION]
    assert count_issuable(registry, where=Where()) == 1  # only the successor
    again = issue_all(registry)
    assert (again.issued, again.failed) == (1, 0)
    with registry.read() as session:
        new = session.exec(
            select(Record).where(Record.supplier_reference == successor.supplier.reference)
        ).one()
        assert len(crud.credentials_for_record(session, record_id=new.id)) == 1
        actions = [e.action for e in session.exec(select(audit.AuditEntry))]
        assert actions.count("credential.revoke") == 2
    assert import_named(registry, update).revoked == 0  # the update again: no change


def test_reregistering_the_same_reference_makes_a_new_revision(
    registry: Registry, tmp_path: Path
) -> None:
    holder, record = _a_registered_record(tmp_path, persons=2)
    first = _write(tmp_path / "a.jsonl", [(holder, record)])
    import_named(registry, first)
    issue_all(registry)
    cancel = _write(
        tmp_path / "b.jsonl", [(holder, dataclasses.replace(record, status=RecordStatus.CANCELLED))]
    )
    import_named(registry, cancel)
    assert count_issuable(registry, where=Where()) == 0
    import_named(registry, first)  # registered again under the same reference
    with registry.read() as session:
        row = session.exec(select(Record)).one()
    assert (row.revision, row.state) == (3, "registered")
    assert issue_all(registry).issued == 1
    issued = credentials(registry)
    assert len(issued) == 2 and issued[0].revoked_at is not None and issued[1].revoked_at is None
    assert [c.record_revision for c in issued] == [1, 3]


def test_problems_are_reported_per_record(registry: Registry, tmp_path: Path) -> None:
    data = generated(tmp_path, persons=3)
    lines = data.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[1])
    del broken["record"]["supplier"]
    lines[1] = json.dumps(broken)
    lines.insert(2, "{not json")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_files(registry, [bad])
    assert report.failed == 2 and not report.ok
    assert [(p.line, p.code) for p in report.problems] == [
        (2, "record.missing_field"),
        (3, "line.not_json"),
    ]
    assert report.created == len(lines) - 2
    text = str(report.problems[0])
    assert text.startswith("bad.jsonl, record 2, line 2: record.missing_field")


def test_a_record_cannot_move_to_another_holder(registry: Registry, tmp_path: Path) -> None:
    data = generated(tmp_path, persons=2)
    entries = [(i.holder, i.record) for i in load_jsonl(data).records]
    holders = list(dict.fromkeys(h.insz for h, _ in entries))
    import_named(registry, data)
    moved = next((h, r) for h, r in entries if h.insz != holders[0])
    other = next(h for h, _ in entries if h.insz == holders[0])
    report = import_named(registry, _write(tmp_path / "moved.jsonl", [(other, moved[1])]))
    assert [p.code for p in report.problems] == ["record.holder_mismatch"]
    assert holders[0] not in str(report.problems[0])


def test_magda_directory(registry: Registry, tmp_path: Path) -> None:
    out = tmp_path / "magda"
    summary = write_generated(persons=3, seed=5, fmt="magda", out=out)
    report = import_named(registry, out)
    assert report.ok and report.files == 3 and report.created == summary.records
    assert all(p.source != f.name for p in report.problems for f in out.iterdir())
    with registry.read() as session:
        assert len(session.exec(select(Record.id)).all()) == summary.records
        assert session.exec(select(Record).where(col(Record.id) > 0)).first() is not None
    assert NOW.year == 2026


def test_a_record_repeated_in_one_file_ends_as_its_last_version(
    registry: Registry, tmp_path: Path
) -> None:
    holder, record = _a_registered_record(tmp_path, persons=1)
    cancelled = dataclasses.replace(record, status=RecordStatus.CANCELLED)
    both = _write(tmp_path / "both.jsonl", [(holder, record), (holder, cancelled)])
    report = import_named(registry, both)
    assert (report.created, report.changed, report.failed) == (1, 1, 0)
    with registry.read() as session:
        row = session.exec(select(Record)).one()
    assert (row.state, row.revision) == ("cancelled", 2)


def test_a_refused_batch_is_stored_record_by_record(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vc_led_issuer.jobs import importer

    data = generated(tmp_path, persons=3)
    lines = len(data.read_text(encoding="utf-8").splitlines())
    real = importer.store_records

    def picky(session: Session, *, batch: list, **kwargs: object) -> list:
        if len(batch) > 1 or batch[0].record.supplier.reference.endswith("1"):
            raise ValueError("refused")  # as a database refusing one record would
        return real(session, batch=batch, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "store_records", picky)
    report = import_named(registry, data)
    refused = [p for p in report.problems if p.code == "record.rejected"]
    assert refused and report.created == lines - len(refused)
    with registry.read() as session:
        assert len(session.exec(select(Record.id)).all()) == lines - len(refused)


def test_holder_names_from_a_csv_make_records_issuable(registry: Registry, tmp_path: Path) -> None:
    from vc_led_issuer.jobs.holders import import_holder_names

    data = generated(tmp_path, persons=2)
    import_files(registry, [data])
    inszs = list(dict.fromkeys(i.holder.insz for i in load_jsonl(data).records))
    rows = ["insz,given_name,family_name,birth_date"]
    rows += [f"{insz},Lien,Claes,1990-02-03" for insz in inszs]
    rows += ["12345678901,A,B,", f"{inszs[0]},,Claes,", f"{inszs[0]},A,B,1990-13-01", "x,y"]
    names = tmp_path / "holders.csv"
    names.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = import_holder_names(registry, names)
    assert report.stored == len(inszs)
    assert [code for _, code in report.problems] == [
        "holder.insz_invalid",
        "holder.name_invalid",
        "holder.birth_date_invalid",
        "holder.columns",
    ]
    assert issue_all(registry).ok
    assert import_holder_names(registry, names).stored == len(inszs)  # again: same rows


def test_an_insz_in_a_records_text_is_refused_with_a_report_line(
    registry: Registry, tmp_path: Path
) -> None:
    holder, record = _a_registered_record(tmp_path, persons=2)
    titled = dataclasses.replace(
        record, basis=dataclasses.replace(record.basis, full_title="Diploma 85 07 30 033 28")
    )
    supplier = dataclasses.replace(
        record,
        supplier=Supplier("85.07.30-033.28", record.supplier.reference[:30] + "-S"),
        led_reference="00000000-0000-4000-8000-000000000002",
    )
    report = import_named(
        registry, _write(tmp_path / "insz.jsonl", [(holder, titled), (holder, supplier)])
    )
    assert (report.created, report.failed) == (0, 2)
    lines = [str(p) for p in report.problems]
    assert len(lines) == 2 and all("record.insz_in_text" in line for line in lines)
    assert not any("033" in line for line in lines)
    with registry.read() as session:
        assert session.exec(select(Record)).first() is None
