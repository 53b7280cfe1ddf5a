"""The issuance log and credential status changes (re-exported by :mod:`vc_led_issuer.crud`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from .. import audit
from ..db import pairs_in, require_write_session
from ..errors import AllocationError, NotFoundError, StatusChangeError
from ..models import (
    IssuedCredential,
    StatusAllocation,
    StatusList,
    StatusPurpose,
    TokenStatus,
    TokenStatusAllocation,
    TokenStatusList,
)
from .status_lists import StatusEntry, get_bit, with_bit
from .token_status import (
    TokenStatusEntry,
    get_token_status,
    token_status_of,
    with_token_status,
)

__all__ = [
    "credential_status",
    "credentials_for_record",
    "get_credential",
    "issuance_family",
    "record_issued_credential",
    "set_credential_status",
    "token_status",
]

_ACTIONS = {
    (StatusPurpose.REVOCATION, True): "credential.revoke",
    (StatusPurpose.SUSPENSION, True): "credential.suspend",
    (StatusPurpose.SUSPENSION, False): "credential.unsuspend",
}


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def get_credential(session: Session, *, credential_id: str) -> IssuedCredential | None:
    """The issuance-log entry of ``credential_id``, or None."""
    query = select(IssuedCredential).where(IssuedCredential.credential_id == credential_id)
    return session.exec(query).first()


def credentials_for_record(session: Session, *, record_id: int | None) -> list[IssuedCredential]:
    """Every credential issued from a record, oldest first."""
    query = select(IssuedCredential).where(IssuedCredential.record_id == record_id)
    return list(session.exec(query.order_by(col(IssuedCredential.id))))


def record_issued_credential(
    session: Session,
    *,
    credential_id: str,
    record_id: int,
    key_id: str,
    document: Mapping[str, Any] | str,
    status: Mapping[StatusPurpose, StatusEntry],
    token_status: TokenStatusEntry | None = None,
    format: str = "ldp_vc",
    idempotency_key: str | None = None,
    record_revision: int | None = None,
    now: datetime | None = None,
) -> IssuedCredential:
    """Write a signed credential to the issuance log and bind its status entries to it.

    Args:
        session: a write session.
        credential_id: the credential's ``id``.
        record_id: the record it was issued from.
        key_id: the verification method that signed it (a row of ``keys``).
        document: the signed credential (JSON text is stored as given).
        status: its status entries, allocated with
            :func:`vc_led_issuer.crud.status_lists.allocate_status_entries` and not used before.
        token_status: its Token Status List entry (the SD-JWT VC rendition of the same
            issuance carries it), allocated with
            :func:`vc_led_issuer.crud.token_status.allocate_token_status_indexes`.
        format: ``ldp_vc`` or ``dc+sd-jwt``.
        idempotency_key: e.g. ``record:<record id>:<revision>``; a second call with the same
            key returns the first credential and stores nothing (its status entries stay
            unused).
        record_revision: the record revision it was issued from.
        now: the issuance time (default: now, UTC).

    Returns:
        The issuance-log row.

    Raises:
        AllocationError: a status entry that was not allocated, or is bound already.
    """
    require_write_session(session)
    if idempotency_key is not None:
        query = select(IssuedCredential).where(IssuedCredential.idempotency_key == idempotency_key)
        existing = session.exec(query).first()
        if existing is not None:
            return existing
    rev, sus = status.get(StatusPurpose.REVOCATION), status.get(StatusPurpose.SUSPENSION)
    cred = IssuedCredential(
        credential_id=credential_id,
        record_id=record_id,
        record_revision=record_revision,
        key_id=key_id,
        format=format,
        idempotency_key=idempotency_key,
        revocation_list_id=rev.list_id if rev else None,
        revocation_index=rev.index if rev else None,
        suspension_list_id=sus.list_id if sus else None,
        suspension_index=sus.index if sus else None,
        token_status_list_id=token_status.list_id if token_status else None,
        token_status_index=token_status.index if token_status else None,
        issued_at=_now(now),
        document=document if isinstance(document, str) else json.dumps(document),
    )
    session.add(cred)
    session.flush()
    _bind(session, StatusAllocation, list(status.values()), cred.id)
    _bind(session, TokenStatusAllocation, [token_status] if token_status else [], cred.id)
    return cred


def _bind(
    session: Session,
    model: type[StatusAllocation] | type[TokenStatusAllocation],
    entries: list[StatusEntry] | list[TokenStatusEntry],
    credential_pk: int | None,
) -> None:
    """Bind allocated, unbound entries to a credential (one statement, no read)."""
    if not entries:
        return
    table = model.__table__  # type: ignore[union-attr]
    keys = [(e.list_id, e.index) for e in entries]
    stmt = (
        sa.update(table)
        .where(pairs_in(table.c.list_id, table.c.idx, keys))
        .where(table.c.credential_id.is_(None))
        .values(credential_id=credential_pk)
    )
    if session.execute(stmt).rowcount != len(set(keys)):  # type: ignore[attr-defined]
        where = ", ".join(f"{e.url}#{e.index}" for e in entries)
        raise AllocationError(f"status entries {where} are not all free to bind")


def _entry_of(cred: IssuedCredential, purpose: StatusPurpose) -> tuple[int | None, int | None]:
    if purpose is StatusPurpose.REVOCATION:
        return cred.revocation_list_id, cred.revocation_index
    return cred.suspension_list_id, cred.suspension_index


def set_credential_status(
    session: Session,
    *,
    credential_id: str,
    purpose: StatusPurpose,
    value: bool,
    actor: str,
    reason: str,
    now: datetime | None = None,
) -> bool:
    """Set (``value=True``) or clear a credential's status bit, with an audit entry.

    Revocation is irreversible; suspension is reversible. Setting a bit to the value it
    already has changes nothing and writes no audit entry. The issuance's Token Status List
    entry flips in the same transaction (revoked: INVALID, else suspended: SUSPENDED, else
    VALID), and so does every other credential issued from the same record revision (the
    W3C and SD-JWT VC renditions, each delivery; named in the audit entry's ``alsoChanged``):
    one revocation or suspension of a record's credential flips all of its renditions, and
    they never disagree once the session commits.

    Args:
        session: a write session.
        credential_id: the credential's ``id``.
        purpose: ``revocation`` or ``suspension``.
        value: the new bit.
        actor: who, for the audit log.
        reason: why, for the audit log.
        now: the time (default: now, UTC).

    Returns:
        True when the bit changed (the list must be re-signed and republished).

    Raises:
        NotFoundError: unknown credential.
        StatusChangeError: no entry for ``purpose``, or clearing a revocation.
    """
    require_write_session(session)
    query = select(IssuedCredential).where(IssuedCredential.credential_id == credential_id)
    named = session.exec(query).first()
    if named is None:
        raise NotFoundError("no such credential")
    family = _issuance_family(session, named)
    cred = next(c for c in family if c.id == named.id)
    now = _now(now)
    details = _flip_bit(session, cred, purpose, value, now)
    if details is None:
        return False
    flipped = _flip_token_status(session, cred, now)
    if flipped is not None:
        details |= {"tokenStatusList": flipped.url, "tokenStatusVersion": flipped.version}
    siblings = [
        c.credential_id
        for c in family
        if c is not cred and _flip_sibling(session, c, purpose, value, now)
    ]
    if siblings:
        details["alsoChanged"] = siblings
    audit.append(
        session,
        actor=actor,
        action=_ACTIONS[(purpose, value)],
        target=credential_id,
        reason=reason,
        details=details,
        now=now,
    )
    return True


def _issuance_family(session: Session, cred: IssuedCredential) -> list[IssuedCredential]:
    """Every credential issued from ``cred``'s record revision -- its W3C and SD-JWT VC
    renditions, each delivery -- locked in id order (one order for every caller, so two
    changes to one family cannot deadlock)."""
    query = select(IssuedCredential).where(IssuedCredential.id == cred.id)
    if cred.record_id is not None:
        query = select(IssuedCredential).where(
            IssuedCredential.record_id == cred.record_id,
            IssuedCredential.record_revision == cred.record_revision,
        )
    query = query.order_by(col(IssuedCredential.id)).with_for_update()
    return list(session.exec(query.execution_options(populate_existing=True)).all())


def issuance_family(session: Session, *, credential_id: str) -> list[IssuedCredential]:
    """Every credential issued from the same record revision as ``credential_id`` (itself
    included): what one status change flips together (:func:`set_credential_status`).

    Raises:
        NotFoundError: unknown credential.
    """
    cred = get_credential(session, credential_id=credential_id)
    if cred is None:
        raise NotFoundError("no such credential")
    query = select(IssuedCredential).where(
        IssuedCredential.record_id == cred.record_id,
        IssuedCredential.record_revision == cred.record_revision,
    )
    return list(session.exec(query.order_by(col(IssuedCredential.id))).all())


def _flip_sibling(
    session: Session, cred: IssuedCredential, purpose: StatusPurpose, value: bool, now: datetime
) -> bool:
    """The same change on another rendition of the issuance; False when it had it already
    or cannot carry it (an issuance from before its kind of status entry existed)."""
    try:
        if _flip_bit(session, cred, purpose, value, now) is None:
            return False
    except StatusChangeError:
        return False
    _flip_token_status(session, cred, now)
    return True


def _flip_bit(
    session: Session, cred: IssuedCredential, purpose: StatusPurpose, value: bool, now: datetime
) -> dict[str, Any] | None:
    """Set the issuance's bit for ``purpose`` (its list locked) and its row's state.

    An issuance with a Token Status List entry but no bitstring entry for ``purpose`` (a
    rendition that has only the Token Status List) changes state from its row alone.

    Returns:
        The audit details, or None when the bit had that value already.

    Raises:
        StatusChangeError: no entry at all for ``purpose``, or clearing a revocation.
    """
    list_id, index = _entry_of(cred, purpose)
    lst: StatusList | None = None
    if list_id is not None and index is not None:
        query = select(StatusList).where(StatusList.id == list_id).with_for_update()
        lst = session.exec(query.execution_options(populate_existing=True)).one()
        current = get_bit(lst.bits, index)
    elif cred.token_status_list_id is not None:
        revoked = cred.revoked_at is not None
        current = revoked if purpose is StatusPurpose.REVOCATION else cred.suspended
    else:
        raise StatusChangeError(f"the credential has no {purpose.value} status entry")
    if current == value:
        return None
    if purpose is StatusPurpose.REVOCATION and not value:
        raise StatusChangeError("revocation is irreversible")
    if purpose is StatusPurpose.REVOCATION:
        cred.revoked_at = now
    else:
        cred.suspended = value
    session.add(cred)
    if lst is None or index is None:
        session.flush()
        return {}
    lst.bits, lst.version, lst.updated_at = with_bit(lst.bits, index, value), lst.version + 1, now
    session.add(lst)
    session.flush()
    return {"statusList": lst.url, "version": lst.version}


def _flip_token_status(
    session: Session, cred: IssuedCredential, now: datetime
) -> TokenStatusList | None:
    """Bring the issuance's Token Status List entry in line with its bits (same transaction).

    Returns:
        The list when its entry changed, else None (no entry, or already right).
    """
    list_id, index = cred.token_status_list_id, cred.token_status_index
    if list_id is None or index is None:
        return None
    query = select(TokenStatusList).where(TokenStatusList.id == list_id).with_for_update()
    lst = session.exec(query.execution_options(populate_existing=True)).one()
    value = token_status_of(revoked=cred.revoked_at is not None, suspended=cred.suspended)
    if get_token_status(lst.bits, index) is value:
        return None
    lst.bits, lst.version = with_token_status(lst.bits, index, value), lst.version + 1
    lst.updated_at = now
    session.add(lst)
    session.flush()
    return lst


def credential_status(session: Session, *, credential_id: str) -> dict[StatusPurpose, bool]:
    """The current bit of every status entry of a credential.

    Raises:
        NotFoundError: unknown credential.
    """
    cred = get_credential(session, credential_id=credential_id)
    if cred is None:
        raise NotFoundError("no such credential")
    out: dict[StatusPurpose, bool] = {}
    for purpose in StatusPurpose:
        list_id, index = _entry_of(cred, purpose)
        if list_id is not None and index is not None:
            bits = session.exec(select(StatusList.bits).where(StatusList.id == list_id)).one()
            out[purpose] = get_bit(bits, index)
    return out


def token_status(session: Session, *, credential_id: str) -> TokenStatus | None:
    """The current Token Status List value of a credential's issuance (None: no entry).

    Raises:
        NotFoundError: unknown credential.
    """
    cred = get_credential(session, credential_id=credential_id)
    if cred is None:
        raise NotFoundError("no such credential")
    if cred.token_status_list_id is None or cred.token_status_index is None:
        return None
    query = select(TokenStatusList.bits).where(TokenStatusList.id == cred.token_status_list_id)
    return get_token_status(session.exec(query).one(), cred.token_status_index)
