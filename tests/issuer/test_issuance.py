"""Bulk issuance and export: exactly once, resumable, no half-written batch (both backends)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from issuer_helpers import (
    NOW,
    assert_consistent,
    credentials,
    generated,
    import_named,
    issue_all,
    registry_verifier,
    unbound_allocations,
)
from sqlmodel import select

from vc_led_issuer import audit
from vc_led_issuer.context import Registry
from vc_led_issuer.jobs import worker
from vc_led_issuer.jobs.export import export_credentials, file_name
from vc_led_issuer.jobs.importer import import_files
from vc_led_issuer.jobs.issuance import count_issuable, run_issuance
from vc_led_issuer.jobs.where import Where, parse_where
from vc_led_issuer.models import BulkJob, Record, StatusAllocation


def _entries(document: dict[str, Any]) -> list[dict[str, str]]:
    status = document.get("credentialStatus", [])
    return status if isinstance(status, list) else [status]


def _assert_exactly_once(registry: Registry) -> None:
    issued = credentials(registry)
    with registry.read() as session:
        records = session.exec(select(Record).where(Record.state == "registered")).all()
        bound = session.exec(
            select(StatusAllocation).where(StatusAllocation.credential_id.is_not(None))  # type: ignore[union-attr]
        ).all()
        assert audit.verify_chain(session).ok
    assert sorted(c.record_id for c in issued) == sorted(r.id for r in records)
    entries = [
        (e["statusListCredential"], e["statusListIndex"])
        for c in issued
        for e in _entries(json.loads(c.document))
    ]
    assert not [e for e, n in Counter(entries).items() if n > 1]
    assert len(bound) == len(entries)


def test_every_record_is_issued_once_and_verifies(registry: Registry, tmp_path: Path) -> None:
    import_named(registry, generated(tmp_path, persons=5))
    total = count_issuable(registry, where=Where())
    report = issue_all(registry, batch_size=7)
    assert (report.issued, report.failed, report.error) == (total, 0, None)
    _assert_exactly_once(registry)
    assert unbound_allocations(registry) == 0
    assert issue_all(registry).issued == 0  # nothing left
    verifier = registry_verifier(registry)
    for row in credentials(registry)[:5]:
        result = verifier.verify_credential(row.document, now=NOW)
        assert result.check("proof").status.value == "passed", result.to_dict()
        assert {e["statusPurpose"] for e in _entries(json.loads(row.document))} <= {
            "revocation",
            "suspension",
        }
    with registry.read() as session:
        job = session.get(BulkJob, report.job_id)
        assert job is not None and (job.state, job.done, job.total) == ("done", total, total)


def test_a_holder_without_a_name_fails_without_wasting_indexes(
    registry: Registry, tmp_path: Path
) -> None:
    import_files(registry, [generated(tmp_path, persons=2)])  # no names known
    report = issue_all(registry)
    assert report.issued == 0 and report.failed > 0 and not report.ok
    assert {code for _, code in report.failures} == {"holder.no_name"}
    with registry.read() as session:
        assert session.exec(select(StatusAllocation)).first() is None


def test_a_crash_mid_run_leaves_whole_batches_and_resumes(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_named(registry, generated(tmp_path, persons=6))
    total = count_issuable(registry, where=Where())
    real, calls = worker._record, {"n": 0}

    def crash_on_third(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")  # after the block was reserved and signed
        real(*args, **kwargs)

    monkeypatch.setattr(worker, "_record", crash_on_third)
    stopped = issue_all(registry, batch_size=4)
    assert stopped.error == "a batch failed: RuntimeError" and stopped.issued == 8
    assert len(credentials(registry)) == 8  # two whole batches, nothing of the third
    assert unbound_allocations(registry) > 0  # its reserved block stays unused, never reused
    monkeypatch.setattr(worker, "_record", real)
    resumed = issue_all(registry, batch_size=4)
    assert resumed.ok and resumed.issued == total - 8
    _assert_exactly_once(registry)


def test_where_selects_records(registry: Registry, tmp_path: Path) -> None:
    import_named(registry, generated(tmp_path, persons=6))
    with registry.read() as session:
        supplier = session.exec(select(Record.supplier)).first()
    where = parse_where([f"supplier={supplier}", "id>=1"])
    wanted = count_issuable(registry, where=where)
    assert 0 < wanted < count_issuable(registry, where=Where())
    assert issue_all(registry, where=where).issued == wanted
    assert {c.record_id for c in credentials(registry)} <= set(range(1, 10_000))


def test_process_pool(registry: Registry, tmp_path: Path) -> None:
    import_named(registry, generated(tmp_path, persons=4))
    total = count_issuable(registry, where=Where())
    report = run_issuance(registry, workers=2, batch_size=5, fixed_now=NOW)
    assert (report.issued, report.failed, report.error) == (total, 0, None)
    _assert_exactly_once(registry)


def test_export(registry: Registry, tmp_path: Path) -> None:
    data = generated(tmp_path, persons=3)
    import_named(registry, data)
    issue_all(registry)
    issued = credentials(registry)
    from vc_led_issuer.lifecycle import StatusAction, change_status

    change_status(
        registry,
        credential_id=issued[0].credential_id,
        action=StatusAction.REVOKE,
        reason="test",
        actor="test",
    )
    out = tmp_path / "export"
    report = export_credentials(registry, out=out)
    assert (report.written, report.revoked) == (len(issued) - 1, 1)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(file_name(c.credential_id) for c in issued[1:])
    text = data.read_text(encoding="utf-8")
    with registry.read() as session:
        references = [r.supplier_reference for r in session.exec(select(Record))]
    for name in names:
        stem = name.removesuffix(".json")
        assert stem not in text and all(stem not in r and r not in stem for r in references)
        assert json.loads((out / name).read_text())["id"] == f"urn:uuid:{stem}"
    again = export_credentials(registry, out=out, include_revoked=True)
    assert (again.written, again.unchanged) == (1, len(issued) - 1)
    assert file_name("https://x.example/c/1").endswith(".json")


def test_export_withholds_a_credential_signed_with_an_insz_in_its_text(
    registry: Registry, tmp_path: Path
) -> None:
    from vc_led_issuer.models import IssuedCredential

    import_named(registry, generated(tmp_path, persons=1))
    issue_all(registry)
    issued = credentials(registry)
    with registry.write() as session:  # as signed before vc-led refused to sign it
        row = session.exec(
            select(IssuedCredential).where(
                IssuedCredential.credential_id == issued[0].credential_id
            )
        ).one()
        document = json.loads(row.document)
        document["credentialSubject"]["name"] = "Diploma 85 07 30 033 28"
        row.document = json.dumps(document)
        session.add(row)
    report = export_credentials(registry, out=tmp_path / "export")
    assert (report.written, report.withheld) == (len(issued) - 1, 1)
    assert report.withheld_ids == [issued[0].credential_id]
    assert not (tmp_path / "export" / file_name(issued[0].credential_id)).exists()


def test_a_record_cancelled_while_its_credential_is_signed_is_not_issued(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from vc_led.led import RecordStatus, load_jsonl, write_jsonl

    data = generated(tmp_path, persons=1)
    holder, record = next(
        (i.holder, i.record)
        for i in load_jsonl(data).records
        if i.record.status is RecordStatus.REGISTERED
    )
    files = {}
    for name, version in (
        ("one", record),
        ("gone", dataclasses.replace(record, status=RecordStatus.CANCELLED)),
    ):
        files[name] = tmp_path / f"{name}.jsonl"
        with files[name].open("w", encoding="utf-8") as out:
            write_jsonl([(holder, version)], out)
    import_named(registry, files["one"])
    real_sign = worker._sign

    def sign_then_cancel(*args: Any) -> None:
        real_sign(*args)
        import_named(registry, files["gone"])  # LED cancels it meanwhile

    monkeypatch.setattr(worker, "_sign", sign_then_cancel)
    report = issue_all(registry)
    assert (report.issued, [code for _, code in report.failures]) == (0, ["record.changed"])
    monkeypatch.undo()
    assert issue_all(registry).issued == 0 and credentials(registry) == []
    assert_consistent(registry, complete=True)
