"""Worker functions for the multi-process tests (run in spawned processes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import Session

from vc_led_issuer import audit, crud
from vc_led_issuer.db import make_engine, write_session
from vc_led_issuer.models import StatusPurpose
from vc_led_issuer.settings import load_settings

BASE_URL = "https://registry.example/status"


def issue_many(
    url: str, worker: int, count: int, record_id: int, key_id: str, *, singles: int = 50
) -> list[str]:
    """Issue ``count`` credentials (a revocation and a suspension entry each) as concurrent
    issuers would. The first ``singles`` allocate and record in one transaction each (the API
    path); the rest reserve status index blocks of 10 per worker in a short transaction and
    record the credentials in a second one (the bulk path). Returns the credential ids."""
    engine = make_engine(url, settings=load_settings(mode="demo"))
    ids: list[str] = []
    try:
        while len(ids) < count:
            batch = 1 if len(ids) < singles else min(10, count - len(ids))
            if batch == 1:
                with write_session(engine) as session:
                    blocks = _reserve(session, batch)
                    ids += _record(session, worker, len(ids), blocks, record_id, key_id)
                continue
            with write_session(engine) as session:  # short: the list lock is released at once
                blocks = _reserve(session, batch)
            with write_session(engine) as session:
                ids += _record(session, worker, len(ids), blocks, record_id, key_id)
    finally:
        engine.dispose()
    return ids


def _reserve(session: Session, batch: int) -> dict[StatusPurpose, list[crud.StatusEntry]]:
    return {
        purpose: crud.allocate_status_indexes(
            session, purpose=purpose, count=batch, base_url=BASE_URL
        )
        for purpose in StatusPurpose
    }


def _record(
    session: Session,
    worker: int,
    start: int,
    blocks: dict[StatusPurpose, list[crud.StatusEntry]],
    record_id: int,
    key_id: str,
) -> list[str]:
    ids = []
    for n in range(len(blocks[StatusPurpose.REVOCATION])):
        cid = f"urn:uuid:w{worker}-{start + n}"
        crud.record_issued_credential(
            session,
            credential_id=cid,
            record_id=record_id,
            key_id=key_id,
            document=json.dumps({"id": cid}),
            status={purpose: entries[n] for purpose, entries in blocks.items()},
            idempotency_key=f"w{worker}:{start + n}",
            now=datetime.now(UTC),
        )
        ids.append(cid)
    return ids


def append_many(url: str, worker: int, count: int) -> int:
    """Append ``count`` audit entries, one transaction each."""
    engine = make_engine(url, settings=load_settings(mode="demo"))
    try:
        for n in range(count):
            with write_session(engine) as session:
                audit.append(session, actor=f"worker-{worker}", action="test", target=str(n))
    finally:
        engine.dispose()
    return count
