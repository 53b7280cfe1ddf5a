"""The work of one bulk-issuance batch, run in a worker process (or inline).

A batch is a list of record ids. The worker (1) reads the records and their holders,
(2) reserves a block of status indexes for the whole batch in one short transaction (the
list lock is held only for that), (3) builds and signs the credentials outside any
transaction, (4) writes them, binds their status entries, advances the job and appends one
audit entry, all in one transaction. A crash before (4) commits leaves no credential and
no half-bound entry: at most a reserved block that is never used (indexes are never reused,
by design). The idempotency key ``record:<id>:<revision>`` makes a repeated batch a no-op.

Workers get a picklable :class:`WorkerConfig` and build their own :class:`Registry` once per
process, so any :class:`concurrent.futures.Executor` works (a local process pool, or a Dask
``client.get_executor()``).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from vc_led.led.formats.codec import record_from_dict
from vc_led.led.model import LedRecord
from vc_led.status import build_status_entry
from vc_led.trust import TrustRegistry

from .. import audit, crud
from ..context import Clock, Registry, open_registry, system_clock
from ..db import make_engine
from ..keys.custody import Signer
from ..models import Holder, IssuedCredential, Record, RecordState, StatusPurpose
from ..settings import Settings
from .credentials import (
    HolderClaims,
    NotIssuableCode,
    NotIssuableError,
    check_issuable,
    issue_record_credential,
    registry_trust_list,
    status_purposes,
)

__all__ = ["BatchResult", "WorkerConfig", "close_registries", "idempotency_key", "issue_batch"]

_registries: dict[tuple[str, str], Registry] = {}


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What a worker needs (picklable).

    Attributes:
        settings: the configuration. database_url: the database (resolved by the parent).
        job_id: the job to advance. actor: who, for the audit log.
        fixed_now: a fixed issuance time (tests), else the system clock.
        seed: seeds status index and credential id randomness per batch (tests), else the
            OS CSPRNG.
        scrypt_n: scrypt cost for key files.
    """

    settings: Settings
    database_url: str
    job_id: str
    actor: str = "issue-bulk"
    fixed_now: datetime | None = None
    seed: int | None = None
    scrypt_n: int = 2**17


@dataclass(slots=True)
class BatchResult:
    """What a batch did: issued, skipped (already issued), failures (record id, code)."""

    issued: int = 0
    skipped: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)


def idempotency_key(record_id: int, revision: int) -> str:
    """The issuance-log key of the credential of a record revision."""
    return f"record:{record_id}:{revision}"


def _registry(config: WorkerConfig) -> Registry:
    cache_key = (config.database_url, str(config.settings.data_dir))
    registry = _registries.get(cache_key)
    if registry is None:
        engine = make_engine(config.database_url, settings=config.settings)
        fixed = config.fixed_now
        clock: Clock = (lambda: fixed) if fixed is not None else system_clock
        registry = open_registry(
            config.settings, engine=engine, upgrade=False, scrypt_n=config.scrypt_n, clock=clock
        )
        _registries[cache_key] = registry
    return registry


def close_registries() -> None:
    """Dispose the engines this process opened for batches (after an inline run)."""
    while _registries:
        _registries.popitem()[1].engine.dispose()


@dataclass(slots=True)
class _Item:
    record: Record
    led: LedRecord
    holder: Holder
    purposes: tuple[StatusPurpose, ...]
    entries: dict[StatusPurpose, crud.StatusEntry] = field(default_factory=dict)
    token_status: crud.TokenStatusEntry | None = None
    document: dict[str, Any] | None = None


def issue_batch(config: WorkerConfig, record_ids: Sequence[int]) -> BatchResult:
    """Issue the credentials of ``record_ids`` (see the module docstring).

    Returns:
        The :class:`BatchResult`.

    Raises:
        NotFoundError: the registry has no key. Database errors propagate (the batch then
            committed nothing).
    """
    registry = _registry(config)
    result = BatchResult()
    now = registry.now()
    items, trust = _load(registry, record_ids, result, now)
    if not items:
        return result
    rng = None
    if config.seed is not None:  # deterministic per (record, revision): tests only
        rng = random.Random(
            f"{config.seed}:" + ",".join(f"{i.record.id}.{i.record.revision}" for i in items)
        )
    with registry.read() as session:
        key = registry.current_key(session)
    signer = registry.signer(key)
    _reserve(registry, items, rng, now)
    _sign(items, signer, rng, now, result, trust)
    try:
        _record(registry, config, items, key.id, result, now)
    except IntegrityError:  # another run issued some of them meanwhile: those are skipped
        _record(registry, config, items, key.id, result, now)
    return result


def _load(
    registry: Registry, record_ids: Sequence[int], result: BatchResult, now: datetime
) -> tuple[list[_Item], TrustRegistry | None]:
    """The batch's issuable records, and the trust list their credentials must meet. A record
    the trust list would refuse (before its supplier's coverage date...) fails here with the
    ``issuer`` check's code, before a status index is spent on it."""
    with registry.read() as session:
        trust = registry_trust_list(session, registry.did)
        query = select(Record, Holder).join(Holder, col(Holder.id) == Record.holder_id)
        rows = session.exec(query.where(col(Record.id).in_(list(record_ids)))).all()
        keys = [idempotency_key(r.id or 0, r.revision) for r, _ in rows]
        issued = set(
            session.exec(
                select(IssuedCredential.idempotency_key).where(
                    col(IssuedCredential.idempotency_key).in_(keys)
                )
            )
        )
    items = []
    for record, holder in sorted(rows, key=lambda row: row[0].id or 0):
        if record.state != RecordState.REGISTERED.value:
            continue
        if idempotency_key(record.id or 0, record.revision) in issued:
            result.skipped += 1
            continue
        if holder.given_name is None or holder.family_name is None:  # no index wasted on it
            result.failures.append((record.id or 0, NotIssuableCode.HOLDER_NO_NAME))
            continue
        led = record_from_dict(record.content)
        try:
            check_issuable(led, issuer_id=registry.did, now=now, trust=trust)
        except NotIssuableError as exc:  # no index wasted on it either
            result.failures.append((record.id or 0, exc.code))
            continue
        items.append(_Item(record, led, holder, status_purposes(led)))
    return items, trust


def _reserve(
    registry: Registry, items: list[_Item], rng: random.Random | None, now: datetime
) -> None:
    settings = registry.settings
    with registry.write() as session:
        for purpose in StatusPurpose:
            wanting = [i for i in items if purpose in i.purposes]
            if not wanting:
                continue
            entries = crud.allocate_status_indexes(
                session,
                purpose=purpose,
                count=len(wanting),
                base_url=settings.status_base_url,
                size=settings.status_list_size,
                rng=rng,
                now=now,
            )
            for item, entry in zip(wanting, entries, strict=True):
                item.entries[purpose] = entry
        if items:  # one Token Status List entry per issuance, in the same block
            tokens = crud.allocate_token_status_indexes(
                session,
                count=len(items),
                base_url=settings.token_status_base_url,
                size=settings.status_list_size,
                rng=rng,
                now=now,
            )
            for item, token in zip(items, tokens, strict=True):
                item.token_status = token


def _sign(
    items: list[_Item],
    signer: Signer,
    rng: random.Random | None,
    now: datetime,
    result: BatchResult,
    trust: TrustRegistry | None,
) -> None:
    for item in items:
        entries = [
            build_status_entry(list_url=e.url, index=e.index, purpose=e.purpose.value)
            for e in item.entries.values()
        ]
        holder = HolderClaims(
            item.holder.given_name, item.holder.family_name, item.holder.birth_date
        )
        made = uuid.UUID(int=rng.getrandbits(128), version=4) if rng else uuid.uuid4()
        credential_id = f"urn:uuid:{made}"
        try:
            item.document = issue_record_credential(
                record=item.led,
                holder=holder,
                key=signer,
                credential_id=credential_id,
                status_entries=entries,
                now=now,
                trust=trust,
            )
        except NotIssuableError as exc:
            result.failures.append((item.record.id or 0, exc.code))


def _record(
    registry: Registry,
    config: WorkerConfig,
    items: list[_Item],
    key_id: str,
    result: BatchResult,
    now: datetime,
) -> None:
    issued, changed = 0, []
    with registry.write() as session:
        current = _current_revisions(session, items)
        for item in items:
            if item.document is None:
                continue
            rid, rev = item.record.id or 0, item.record.revision
            if current.get(rid) != rev:  # cancelled or corrected since it was read
                changed.append((rid, NotIssuableCode.RECORD_CHANGED))
                continue
            row = crud.record_issued_credential(
                session,
                credential_id=item.document["id"],
                record_id=rid,
                key_id=key_id,
                document=item.document,
                status=item.entries,
                token_status=item.token_status,
                idempotency_key=idempotency_key(rid, rev),
                record_revision=rev,
                now=now,
            )
            issued += row.credential_id == item.document["id"]
        _progress(session, config, items, issued, len(result.failures) + len(changed), now)
    result.issued = issued
    result.failures += changed
    result.skipped += sum(1 for i in items if i.document is not None) - issued - len(changed)


def _current_revisions(session: Session, items: list[_Item]) -> dict[int | None, int]:
    """The revisions of the registered records among ``items``, locked until the commit, so
    that an import cannot cancel or correct one while its credential is being stored."""
    ids = [i.record.id for i in items if i.document is not None]
    query = select(Record.id, Record.revision).where(
        col(Record.id).in_(ids), Record.state == RecordState.REGISTERED.value
    )
    return {rid: rev for rid, rev in session.exec(query.with_for_update())}


def _progress(
    session: Session,
    config: WorkerConfig,
    items: list[_Item],
    issued: int,
    failed: int,
    now: datetime,
) -> None:
    crud.update_job(
        session,
        job_id=config.job_id,
        cursor=str(max(i.record.id or 0 for i in items)),
        done=issued,
        failed=failed,
        now=now,
    )
    audit.append(
        session,
        actor=config.actor,
        action="credential.issue",
        target=f"records:{items[0].record.id}-{items[-1].record.id}",
        details={"job": config.job_id, "issued": issued},
        now=now,
    )
