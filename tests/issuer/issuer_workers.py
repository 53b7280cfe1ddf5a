"""Worker functions for the multi-process tests (run in spawned processes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import Session

from issuer import audit, crud
from issuer.db import make_engine, write_session
from issuer.models import StatusPurpose
from issuer.settings import load_settings

BASE_URL = "https://registry.example/status"


def issue_many(
    url: str, worker: int, count: int, record_id: int, key_id: str, *, singles: int = 50
) -> list[str]:
    """Issue ``count`` credentials (a revocation and a suspension entry each) as concurrent
    issuers would: the first ``singles`` one per transaction (the API path), the rest in
    transactions of 10 with status index blocks reserved per worker (the bulk path).
    Returns the credential ids."""
    engine = make_engine(url, settings=load_settings(mode="demo"))
    ids: list[str] = []
    try:
        while len(ids) < count:
            batch = 1 if len(ids) < singles else min(10, count - len(ids))
            with write_session(engine) as session:
                ids += _issue_batch(session, worker, len(ids), batch, record_id, key_id)
    finally:
        engine.dispose()
    return ids


def _issue_batch(
    session: Session, worker: int, start: int, batch: int, record_id: int, key_id: str
) -> list[str]:
    blocks = {
        purpose: crud.allocate_status_indexes(
            session, purpose=purpose, count=batch, base_url=BASE_URL
        )
        for purpose in StatusPurpose
    }
    ids = []
    for n in range(batch):
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
