"""Token Status List storage: 2-bit packing, random never-reused allocation, one entry per
issuance (bulk and single), and one status change flipping both renditions (both backends)."""

from __future__ import annotations

import random

import pytest
from issuer_helpers import (
    BASE_URL,
    NOW,
    add_holder_and_record,
    content,
    credentials,
    generated,
    import_named,
    issue_all,
)
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from vc_led_issuer import crud
from vc_led_issuer.context import Registry
from vc_led_issuer.crud.token_status import (
    get_token_status,
    token_status_of,
    token_status_values,
    with_token_status,
)
from vc_led_issuer.db import read_session, write_session
from vc_led_issuer.lifecycle import StatusAction, change_status
from vc_led_issuer.models import (
    RecordState,
    StatusPurpose,
    TokenStatus,
    TokenStatusAllocation,
    TokenStatusList,
)
from vc_led_issuer.privacy import InszHasher

SIZE = 131_072
TSL_BASE = f"{BASE_URL}/tsl"


def test_entries_are_packed_least_significant_bits_first() -> None:
    # draft-ietf-oauth-status-list-21 section 4.1: entry 0 is the low two bits of byte 0
    bits = with_token_status(bytes(2), 0, TokenStatus.INVALID)
    assert bits == b"\x01\x00"
    bits = with_token_status(bits, 1, TokenStatus.SUSPENDED)
    assert bits == b"\x09\x00"
    bits = with_token_status(bits, 7, TokenStatus.INVALID)
    assert bits == b"\x09\x40"
    assert get_token_status(bits, 1) is TokenStatus.SUSPENDED
    assert token_status_values(bits) == [1, 2, 0, 0, 0, 0, 0, 1]
    assert with_token_status(bits, 1, TokenStatus.VALID) == b"\x01\x40"


def test_revocation_wins_over_suspension() -> None:
    assert token_status_of(revoked=True, suspended=True) is TokenStatus.INVALID
    assert token_status_of(revoked=False, suspended=True) is TokenStatus.SUSPENDED
    assert token_status_of(revoked=False, suspended=False) is TokenStatus.VALID


def test_allocation_is_random_unique_and_never_reused(engine: Engine) -> None:
    with write_session(engine) as session:
        entries = crud.allocate_token_status_indexes(
            session, count=500, base_url=TSL_BASE, rng=random.Random(3), now=NOW
        )
    indexes = [e.index for e in entries]
    assert len(set(indexes)) == 500 and all(0 <= i < SIZE for i in indexes)
    assert indexes != sorted(indexes) and max(indexes) - min(indexes) > SIZE // 2
    assert entries[0].url == f"{TSL_BASE}/{entries[0].list_id}"
    assert entries[0].status_claim() == {"status_list": {"idx": indexes[0], "uri": entries[0].url}}
    with write_session(engine) as session:  # the same seed again: none of those indexes
        again = crud.allocate_token_status_indexes(
            session, count=500, base_url=TSL_BASE, rng=random.Random(3), now=NOW
        )
    assert not {e.index for e in again} & set(indexes)
    with read_session(engine) as session:
        lst = session.exec(select(TokenStatusList)).scalars().one()
        assert (lst.allocated, lst.size, lst.entry_bits, len(lst.bits)) == (
            1000,
            SIZE,
            2,
            SIZE // 4,
        )
        count = session.exec(select(func.count()).select_from(TokenStatusAllocation)).scalar()
        assert count == 1000


def test_a_full_list_opens_another(engine: Engine) -> None:
    with write_session(engine) as session:
        entries = crud.allocate_token_status_indexes(
            session, count=SIZE + 10, base_url=TSL_BASE, rng=random.Random(1), now=NOW
        )
    lists = {e.list_id for e in entries}
    assert len(lists) == 2
    first = min(lists)
    assert sorted(e.index for e in entries if e.list_id == first) == list(range(SIZE))


def _issue(session: Session, seeded: tuple[int, str], n: int) -> crud.TokenStatusEntry:
    record_id, key_id = seeded
    token = crud.allocate_token_status_indexes(session, base_url=TSL_BASE, now=NOW)[0]
    crud.record_issued_credential(
        session,
        credential_id=f"urn:uuid:cred-{n}",
        record_id=record_id,
        key_id=key_id,
        document={"id": f"urn:uuid:cred-{n}"},
        status=crud.allocate_status_entries(session, base_url=BASE_URL, now=NOW),
        token_status=token,
        now=NOW,
    )
    return token


def _flip(engine: Engine, cid: str, purpose: StatusPurpose, value: bool) -> bool:
    with write_session(engine) as session:
        return crud.set_credential_status(
            session, credential_id=cid, purpose=purpose, value=value, actor="t", reason="r", now=NOW
        )


def _both(engine: Engine, cid: str) -> tuple[dict[StatusPurpose, bool], TokenStatus | None]:
    with read_session(engine) as session:
        bits = crud.credential_status(session, credential_id=cid)
        return bits, crud.token_status(session, credential_id=cid)


def test_one_change_flips_both_renditions(engine: Engine, seeded: tuple[int, str]) -> None:
    with write_session(engine) as session:
        token = _issue(session, seeded, 1)
    cid, rev, sus = "urn:uuid:cred-1", StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION
    assert _both(engine, cid) == ({rev: False, sus: False}, TokenStatus.VALID)
    assert _flip(engine, cid, sus, True)
    assert _both(engine, cid) == ({rev: False, sus: True}, TokenStatus.SUSPENDED)
    assert _flip(engine, cid, sus, False)
    assert _both(engine, cid) == ({rev: False, sus: False}, TokenStatus.VALID)
    assert _flip(engine, cid, sus, True) and _flip(engine, cid, rev, True)
    assert _both(engine, cid) == ({rev: True, sus: True}, TokenStatus.INVALID)
    assert _flip(engine, cid, sus, False)  # unsuspending a revoked one: still INVALID
    assert _both(engine, cid) == ({rev: True, sus: False}, TokenStatus.INVALID)
    with read_session(engine) as session:
        lst = session.get(TokenStatusList, token.list_id)
        assert lst is not None and lst.version == 5  # VALID>SUSP>VALID>SUSP>INVALID
        bound = session.exec(
            select(TokenStatusAllocation.credential_id).where(
                TokenStatusAllocation.idx == token.index
            )
        ).scalar_one()
        assert bound is not None


def test_a_bound_token_entry_cannot_be_bound_again(engine: Engine, seeded: tuple[int, str]) -> None:
    from vc_led_issuer.errors import AllocationError

    with write_session(engine) as session:
        token = _issue(session, seeded, 1)
    with pytest.raises(AllocationError), write_session(engine) as session:
        crud.record_issued_credential(
            session,
            credential_id="urn:uuid:cred-2",
            record_id=seeded[0],
            key_id=seeded[1],
            document={},
            status={},
            token_status=token,
            now=NOW,
        )


def test_cancelled_record_revokes_both(
    engine: Engine, hasher: InszHasher, seeded: tuple[int, str]
) -> None:
    with write_session(engine) as session:
        _issue(session, seeded, 1)
    with write_session(engine) as session:
        holder, _ = add_holder_and_record(session, hasher)
        outcome = crud.upsert_record(
            session,
            supplier="Secundair onderwijs",
            supplier_reference="REF-1",
            content=content("REF-1"),
            state=RecordState.CANCELLED,
            holder=holder,
            now=NOW,
        )
    assert outcome.revoked == ("urn:uuid:cred-1",)
    bits, token = _both(engine, "urn:uuid:cred-1")
    assert bits[StatusPurpose.REVOCATION] and token is TokenStatus.INVALID


def test_bulk_issuance_gives_every_credential_its_own_entry(
    registry: Registry, tmp_path: pytest.TempPathFactory
) -> None:
    import_named(registry, generated(tmp_path, persons=4))  # type: ignore[arg-type]
    issue_all(registry)
    issued = credentials(registry)
    assert issued
    entries = {(c.token_status_list_id, c.token_status_index) for c in issued}
    assert len(entries) == len(issued) and (None, None) not in entries
    change = change_status(
        registry,
        credential_id=issued[0].credential_id,
        action=StatusAction.SUSPEND,
        reason="check",
        actor="test",
    )
    assert change.changed
    with registry.read() as session:
        assert crud.token_status(session, credential_id=issued[0].credential_id) is (
            TokenStatus.SUSPENDED
        )
        assert crud.token_status(session, credential_id=issued[1].credential_id) is (
            TokenStatus.VALID
        )


def test_wallet_issuance_allocates_a_token_status_entry(
    registry: Registry, tmp_path: pytest.TempPathFactory
) -> None:
    from sqlmodel import col
    from sqlmodel import select as select_rows

    from vc_led_issuer.models import Record
    from vc_led_issuer.oid4vci.issuing import issue_to_wallet

    import_named(registry, generated(tmp_path, persons=2))  # type: ignore[arg-type]
    with registry.read() as session:
        record = session.exec(select_rows(Record).order_by(col(Record.id))).first()
    assert record is not None and record.id is not None
    document = issue_to_wallet(
        registry,
        record_id=record.id,
        holder_id=record.holder_id,
        holder_did="did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        actor="test",
    )
    [cred] = credentials(registry)
    assert cred.credential_id == document["id"] and cred.token_status_index is not None
    with registry.read() as session:
        bound = session.exec(
            select(TokenStatusAllocation.credential_id).where(
                TokenStatusAllocation.list_id == cred.token_status_list_id,
                TokenStatusAllocation.idx == cred.token_status_index,
            )
        ).scalar_one()
        assert bound == cred.id
        assert crud.token_status(session, credential_id=cred.credential_id) is TokenStatus.VALID


def test_an_issuance_with_only_a_token_status_entry_changes_too(
    engine: Engine, hasher: InszHasher, seeded: tuple[int, str]
) -> None:
    """A rendition stored with only its Token Status List entry (no bitstring entries) is
    suspended, unsuspended and revoked by the same calls, together with the other renditions
    of its record revision."""
    record_id, key_id = seeded
    with write_session(engine) as session:
        for n in (1, 2):
            crud.record_issued_credential(
                session,
                credential_id=f"urn:uuid:sd-{n}",
                record_id=record_id,
                key_id=key_id,
                document="header.payload.signature~",
                status={},
                token_status=crud.allocate_token_status_indexes(
                    session, base_url=TSL_BASE, now=NOW
                )[0],
                format="dc+sd-jwt",
                now=NOW,
            )
    rev, sus = StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION
    assert _flip(engine, "urn:uuid:sd-1", sus, True)
    assert not _flip(engine, "urn:uuid:sd-1", sus, True)  # no change, nothing written
    assert _both(engine, "urn:uuid:sd-1") == ({}, TokenStatus.SUSPENDED)
    # sd-2 was issued from the same record revision: one change flips every rendition
    assert _both(engine, "urn:uuid:sd-2") == ({}, TokenStatus.SUSPENDED)
    assert _flip(engine, "urn:uuid:sd-1", rev, True)
    assert _both(engine, "urn:uuid:sd-1") == ({}, TokenStatus.INVALID)
    assert _both(engine, "urn:uuid:sd-2") == ({}, TokenStatus.INVALID)
    from vc_led_issuer.errors import StatusChangeError

    with pytest.raises(StatusChangeError, match="irreversible"):
        _flip(engine, "urn:uuid:sd-1", rev, False)
    with write_session(engine) as session:
        holder, _ = add_holder_and_record(session, hasher)
        outcome = crud.upsert_record(
            session,
            supplier="Secundair onderwijs",
            supplier_reference="REF-1",
            content=content("REF-1"),
            state=RecordState.CANCELLED,
            holder=holder,
            now=NOW,
        )
    assert outcome.revoked == ()  # both were revoked already, together
    assert _both(engine, "urn:uuid:sd-2") == ({}, TokenStatus.INVALID)
