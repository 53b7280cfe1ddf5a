"""Constants and data helpers shared by the registry tests (imported by name, like
``issuer_workers``, so that no test module imports ``conftest``)."""

from __future__ import annotations

import json
import random
import secrets
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from vc_led import DidResolver, VerificationPolicy, Verifier
from vc_led.led.holder import synthetic_insz
from vc_led.led.synthetic import write_generated
from vc_led_issuer import crud
from vc_led_issuer.context import Registry
from vc_led_issuer.demo import demo_holder
from vc_led_issuer.jobs.importer import ImportReport, import_files
from vc_led_issuer.jobs.issuance import IssuanceReport, run_issuance
from vc_led_issuer.keys import keyring
from vc_led_issuer.lifecycle import init_registry
from vc_led_issuer.models import (
    Holder,
    IssuedCredential,
    KeyRecord,
    Record,
    RecordState,
    StatusAllocation,
)
from vc_led_issuer.privacy import InszHasher
from vc_led_issuer.settings import load_settings

PEPPER = b"test-pepper-" + b"p" * 32
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
BASE_URL = "https://registry.example/status"


def content(reference: str, *, title: str = "Diploma secundair onderwijs") -> dict[str, object]:
    """A small record content (the real codec form is tested by the LED engineer)."""
    return {
        "ledRecordId": f"LED-{reference}",
        "supplier": {"name": "Secundair onderwijs", "reference": reference},
        "basis": {"fullTitle": title, "issueDate": {"year": 2024, "month": 6, "day": 30}},
    }


def add_holder_and_record(
    session: Session, hasher: InszHasher, *, reference: str = "REF-1", counter: int = 1
) -> tuple[Holder, Record]:
    holder = crud.get_or_create_holder(
        session,
        insz=synthetic_insz(date(2006, 5, 17), counter),
        hasher=hasher,
        given_name="An",
        family_name="Peeters",
        birth_date=date(2006, 5, 17),
        now=NOW,
    )
    outcome = crud.upsert_record(
        session,
        supplier="Secundair onderwijs",
        supplier_reference=reference,
        content=content(reference),
        state=RecordState.REGISTERED,
        holder=holder,
        led_reference=f"LED-{reference}",
        now=NOW,
    )
    return holder, outcome.record


def add_key(session: Session, *, controller: str = "did:web:registry.example") -> KeyRecord:
    key = KeyRecord(
        id=f"{controller}#z6MkTest{secrets.token_hex(4)}",
        controller=controller,
        key_type="Ed25519",
        public_multibase=f"z6MkTest{secrets.token_hex(8)}",
        custody="encrypted-file",
        reference="test.key.json",
        created_at=NOW,
    )
    session.add(key)
    session.flush()
    return key


PUBLIC_URL = "https://registry.example"
SOFTHSM_MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")  # Debian's softhsm2
SOFTHSM_PIN, SOFTHSM_SO_PIN = "246810", "13579"
REGISTRY_DID = "did:web:registry.example"


def make_registry(engine: Engine, database_url: str, tmp_path: Path, **settings: Any) -> Registry:
    """A demo-mode registry at ``NOW`` with a key (cheap scrypt) and the seeded registry."""
    values: dict[str, Any] = {
        "mode": "demo",
        "data_dir": tmp_path / "data",
        "database_url": database_url,
        "public_url": PUBLIC_URL,
        "pepper": PEPPER.decode(),
        "key_passphrase": "test passphrase",
    }
    loaded = load_settings(**(values | settings))
    registry = Registry(loaded, engine, clock=lambda: NOW, rng=random.Random(7), scrypt_n=2**10)
    init_registry(registry, actor="test")
    return registry


def generated(tmp_path: Path, *, persons: int = 6, seed: int = 11, name: str = "led.jsonl") -> Path:
    """A generated JSON lines data set."""
    path = tmp_path / name
    write_generated(persons=persons, seed=seed, fmt="jsonl", out=path)
    return path


def import_named(registry: Registry, *paths: Path, **kwargs: Any) -> ImportReport:
    """Import with made-up names for the synthetic holders (so they can be issued)."""
    return import_files(registry, list(paths), holder_profile=demo_holder, **kwargs)


def issue_all(registry: Registry, **kwargs: Any) -> IssuanceReport:
    """Bulk issuance, inline, at ``NOW``, deterministic."""
    options: dict[str, Any] = {"workers": 0, "fixed_now": NOW, "seed": 1}
    return run_issuance(registry, **(options | kwargs))


def credentials(registry: Registry) -> list[IssuedCredential]:
    """Every issued credential, by id."""
    with registry.read() as session:
        return list(session.exec(select(IssuedCredential).order_by(col(IssuedCredential.id))))


def unbound_allocations(registry: Registry) -> int:
    """Status indexes reserved but never bound (left by an interrupted batch)."""
    with registry.read() as session:
        query = select(StatusAllocation).where(col(StatusAllocation.credential_id).is_(None))
        return len(session.exec(query).all())


def registry_verifier(registry: Registry, **kwargs: Any) -> Verifier:
    """A verifier that trusts the registry's DID and knows its DID document."""
    with registry.read() as session:
        document = keyring.did_document(session, did=registry.did)
    policy = VerificationPolicy(trusted_issuers={registry.did})
    return Verifier(policy, resolver=DidResolver({registry.did: document}), **kwargs)


def snapshot(registry: Registry) -> dict[str, Any]:
    """What an import may change: records, holders, credentials, status bits."""
    from vc_led_issuer.models import StatusList

    with registry.read() as session:
        records = session.exec(select(Record).order_by(col(Record.id))).all()
        holders = session.exec(select(Holder).order_by(col(Holder.id))).all()
        lists = session.exec(select(StatusList).order_by(col(StatusList.id))).all()
        return {
            "records": [(r.id, r.revision, r.state, r.content_hash, r.updated_at) for r in records],
            "holders": [(h.id, h.insz_hash, h.given_name, h.family_name) for h in holders],
            "credentials": [(c.credential_id, c.revoked_at) for c in credentials(registry)],
            "lists": [(sl.id, sl.version, json.dumps(sl.allocated)) for sl in lists],
        }


def status_entries(document: str) -> list[dict[str, str]]:
    """The ``credentialStatus`` entries of a stored credential."""
    status = json.loads(document).get("credentialStatus", [])
    return status if isinstance(status, list) else [status]


def assert_consistent(registry: Registry, *, complete: bool) -> int:
    """No half-written state: every stored credential has its status entries bound to it and
    to nothing else, no index twice, at most one credential per record revision, job progress
    equal to what was stored, an intact audit chain. ``complete``: every registered record
    has its credential. Returns the number of credentials."""
    from collections import Counter

    from vc_led_issuer import audit
    from vc_led_issuer.models import BulkJob

    issued = credentials(registry)
    with registry.read() as session:
        bound = session.exec(
            select(StatusAllocation).where(col(StatusAllocation.credential_id).is_not(None))
        ).all()
        jobs = session.exec(select(BulkJob).where(BulkJob.kind == "issue")).all()
        registered = session.exec(select(Record).where(Record.state == "registered")).all()
        assert audit.verify_chain(session).ok
    by_pk = {c.id: c for c in issued}
    from_docs = Counter(
        (e["statusListCredential"], int(e["statusListIndex"]), c.id)
        for c in issued
        for e in status_entries(c.document)
    )
    assert all(n == 1 for n in from_docs.values())
    lists = {c.revocation_list_id for c in issued} | {c.suspension_list_id for c in issued}
    assert len(bound) == len(from_docs)
    for allocation in bound:
        cred = by_pk[allocation.credential_id]
        assert allocation.list_id in lists and allocation.idx in (
            cred.revocation_index,
            cred.suspension_index,
        )
    assert len({(c.record_id, c.record_revision) for c in issued}) == len(issued)
    _assert_token_status_bound(registry, issued)
    assert sum(j.done for j in jobs) == len(issued)
    if complete:
        assert sorted(c.record_id for c in issued) == sorted(r.id for r in registered)
    return len(issued)


def _assert_token_status_bound(registry: Registry, issued: list[IssuedCredential]) -> None:
    """Every issuance has its own Token Status List entry, bound to it and nothing else."""
    from vc_led_issuer.models import TokenStatusAllocation

    with registry.read() as session:
        query = select(TokenStatusAllocation).where(
            col(TokenStatusAllocation.credential_id).is_not(None)
        )
        bound = {(a.list_id, a.idx): a.credential_id for a in session.exec(query)}
    expected = {(c.token_status_list_id, c.token_status_index): c.id for c in issued}
    assert None not in {c.token_status_index for c in issued}
    assert bound == expected
