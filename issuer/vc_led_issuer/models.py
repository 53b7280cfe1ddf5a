"""All tables of the LED registry (SQLModel). Schema changes go through
``issuer/vc_led_issuer/migrations``.

What is never stored in clear: the INSZ (only its peppered HMAC, :class:`Holder.insz_hash`)
and private keys (a key row holds the public key and a *reference* to its custody: an
encrypted file or a PKCS#11 object).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from vc_led.status.token_status_list import TokenStatus  # VALID 0, INVALID 1, SUSPENDED 2

__all__ = [
    "Accreditation",
    "AfnemerProtocol",
    "AuditEntry",
    "BulkJob",
    "CitizenSession",
    "CustodyKind",
    "Holder",
    "IssuedCredential",
    "Issuer",
    "JobState",
    "KeyRecord",
    "Operator",
    "PublishedDocument",
    "Record",
    "RecordState",
    "StatusAllocation",
    "StatusList",
    "StatusPurpose",
    "TokenStatus",
    "TokenStatusAllocation",
    "TokenStatusList",
    "UTCDateTime",
]

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")

# deterministic constraint names on every backend, so that migrations can refer to them
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware (UTC) datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _at(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class StatusPurpose(StrEnum):
    """Bitstring Status List purposes: revocation is final, suspension reversible."""

    REVOCATION = "revocation"
    SUSPENSION = "suspension"


class RecordState(StrEnum):
    """A record's LED status."""

    REGISTERED = "registered"
    CANCELLED = "cancelled"


class CustodyKind(StrEnum):
    """Where a private key lives."""

    ENCRYPTED_FILE = "encrypted-file"
    PKCS11 = "pkcs11"


class JobState(StrEnum):
    """States of a resumable bulk job."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Holder(SQLModel, table=True):
    """A citizen, known by the peppered HMAC of the INSZ (never the INSZ itself)."""

    __tablename__ = "holders"

    id: int | None = Field(default=None, primary_key=True)
    insz_hash: str = Field(max_length=64, unique=True, repr=False)
    given_name: str | None = Field(default=None, max_length=200, repr=False)
    family_name: str | None = Field(default=None, max_length=200, repr=False)
    birth_date: date | None = Field(default=None, repr=False)
    created_at: datetime = _at()


class Record(SQLModel, table=True):
    """A LED record (content without the holder), unique on (supplier, supplier reference).

    ``revision`` counts the changes of content or state: bulk issuance issues one credential
    per (record, revision), and a change revokes the credentials of the earlier revisions.
    """

    __tablename__ = "records"
    __table_args__ = (sa.UniqueConstraint("supplier", "supplier_reference"),)

    id: int | None = Field(default=None, primary_key=True)
    supplier: str = Field(max_length=200)
    supplier_reference: str = Field(max_length=200)
    led_reference: str | None = Field(default=None, max_length=200, index=True)
    state: str = Field(max_length=16, default=RecordState.REGISTERED.value, index=True)
    content: dict[str, Any] = Field(sa_type=JSONType, repr=False)
    content_hash: str = Field(max_length=64)
    revision: int = 1
    holder_id: int = Field(foreign_key="holders.id", index=True)
    created_at: datetime = _at()
    updated_at: datetime = _at()
    cancelled_at: datetime | None = _at(nullable=True)


class _ListColumns(SQLModel):
    """What a Bitstring and a Token Status List both hold (``version`` counts the flips)."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=500, unique=True)
    size: int
    bits: bytes = Field(sa_type=sa.LargeBinary, repr=False)
    allocated: int = 0
    full: bool = False
    version: int = 1
    created_at: datetime = _at()
    updated_at: datetime = _at()


class _AllocationColumns(SQLModel):
    """An index handed out from a list; never deleted, so an index is never reused."""

    id: int | None = Field(default=None, primary_key=True)
    idx: int
    allocated_at: datetime = _at()
    credential_id: int | None = Field(default=None, foreign_key="issued_credentials.id")


class StatusList(_ListColumns, table=True):
    """One Bitstring Status List: ``size`` bits, MSB-first, and its allocation counter."""

    __tablename__ = "status_lists"
    __table_args__ = (sa.Index("ix_status_lists_open", "purpose", "full"),)

    purpose: str = Field(max_length=16)


class StatusAllocation(_AllocationColumns, table=True):
    """An index handed out from a Bitstring Status List."""

    __tablename__ = "status_allocations"
    __table_args__ = (sa.UniqueConstraint("list_id", "idx"),)

    list_id: int = Field(foreign_key="status_lists.id")


class TokenStatusList(_ListColumns, table=True):
    """One IETF Token Status List: ``size`` entries of ``entry_bits`` bits each, packed as the
    draft says (entry 0 in the least significant bits of byte 0), and its allocation counter.

    Allocated like the Bitstring Status Lists (:mod:`vc_led_issuer.crud.status_lists`): random,
    never reused indexes; ``version`` counts the flips (the signed token is made anew).
    """

    __tablename__ = "token_status_lists"
    __table_args__ = (sa.Index("ix_token_status_lists_open", "full"),)

    entry_bits: int = 2


class TokenStatusAllocation(_AllocationColumns, table=True):
    """An index handed out from a Token Status List."""

    __tablename__ = "token_status_allocations"
    __table_args__ = (sa.UniqueConstraint("list_id", "idx"),)

    list_id: int = Field(foreign_key="token_status_lists.id")


class KeyRecord(SQLModel, table=True):
    """A signing key: the public part and where its private part is kept."""

    __tablename__ = "keys"

    id: str = Field(max_length=500, primary_key=True)  # the verification method id
    controller: str = Field(max_length=400, index=True)
    key_type: str = Field(max_length=16)
    public_multibase: str = Field(max_length=100, unique=True)
    custody: str = Field(max_length=32)
    reference: str = Field(max_length=500)
    created_at: datetime = _at()
    retired_at: datetime | None = _at(nullable=True)


class IssuedCredential(SQLModel, table=True):
    """The issuance log: credential id, record, status entries, key, the signed JSON.

    One row is one issuance of one record revision. Its Token Status List entry
    (``token_status_*``) belongs to the issuance, not to the record: the SD-JWT VC rendition of
    the same issuance carries it, and a status change of the row flips it together with the
    Bitstring Status List bits (:func:`vc_led_issuer.crud.set_credential_status`).
    """

    __tablename__ = "issued_credentials"

    id: int | None = Field(default=None, primary_key=True)
    credential_id: str = Field(max_length=200, unique=True)
    record_id: int = Field(foreign_key="records.id", index=True)
    record_revision: int | None = None
    key_id: str = Field(foreign_key="keys.id", max_length=500)
    format: str = Field(max_length=32, default="ldp_vc")
    idempotency_key: str | None = Field(default=None, max_length=200, unique=True)
    revocation_list_id: int | None = Field(default=None, foreign_key="status_lists.id")
    revocation_index: int | None = None
    suspension_list_id: int | None = Field(default=None, foreign_key="status_lists.id")
    suspension_index: int | None = None
    token_status_list_id: int | None = Field(default=None, foreign_key="token_status_lists.id")
    token_status_index: int | None = None
    issued_at: datetime = _at(index=True)
    revoked_at: datetime | None = _at(nullable=True)
    suspended: bool = False
    document: str = Field(sa_type=sa.Text, repr=False)


class Issuer(SQLModel, table=True):
    """An issuer known to the trust registry (a LED supplier or the registry itself).

    A supplier the registry signs for has no DID; ``aliases`` are other names credentials
    may use for it; ``signs_on_behalf`` marks the registry (it signs for the suppliers).
    """

    __tablename__ = "issuers"

    id: int | None = Field(default=None, primary_key=True)
    did: str | None = Field(default=None, max_length=400, unique=True)
    name: str = Field(max_length=400, unique=True)
    role: str = Field(max_length=64, default="Leverancier")
    aliases: list[str] = Field(default_factory=list, sa_type=JSONType)
    signs_on_behalf: bool = False
    status: str = Field(max_length=16, default="active")
    created_at: datetime = _at()


class Accreditation(SQLModel, table=True):
    """What an issuer may issue and from when (one :class:`vc_led.trust.AccreditationScope`).

    ``scope_kind`` ``category`` / ``type``: ``scope`` is one LED category / credential type;
    ``scope``: ``scope`` is the description and ``categories`` / ``credential_types`` list
    what it covers (empty: any). ``coverage_start`` None: announced, not covered yet.
    """

    __tablename__ = "accreditations"
    __table_args__ = (sa.UniqueConstraint("issuer_id", "scope_kind", "scope"),)

    id: int | None = Field(default=None, primary_key=True)
    issuer_id: int = Field(foreign_key="issuers.id", index=True)
    scope_kind: str = Field(max_length=32, default="category")
    scope: str = Field(max_length=200)
    categories: list[str] = Field(default_factory=list, sa_type=JSONType)
    credential_types: list[str] = Field(default_factory=list, sa_type=JSONType)
    self_declared: bool = False
    coverage_start: date | None = None
    coverage_end: date | None = None
    status: str = Field(max_length=16, default="active")


class PublishedDocument(SQLModel, table=True):
    """A signed document the registry serves (a status list, the trust list), kept until the
    data it was made from changes (``source``) or it nears its ``valid_until``."""

    __tablename__ = "published_documents"

    key: str = Field(max_length=100, primary_key=True)  # "status:<list id>", "trust"
    source: str = Field(max_length=100)
    etag: str = Field(max_length=64)
    key_id: str = Field(max_length=500)
    valid_from: datetime = _at()
    valid_until: datetime = _at()
    document: str = Field(sa_type=sa.Text, repr=False)


class AuditEntry(SQLModel, table=True):
    """One entry of the append-only, hash-chained audit log (see :mod:`vc_led_issuer.audit`)."""

    __tablename__ = "audit_log"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = _at()
    actor: str = Field(max_length=200)
    action: str = Field(max_length=64)
    target: str | None = Field(default=None, max_length=300)
    reason: str | None = Field(default=None, sa_type=sa.Text)
    details: str = Field(default="{}", sa_type=sa.Text)  # canonical JSON, hashed as stored
    prev_hash: str = Field(max_length=64, unique=True)
    hash: str = Field(max_length=64, unique=True)


class AfnemerProtocol(SQLModel, table=True):
    """An afnemer protocol as data: who may see which fields of which records, and why."""

    __tablename__ = "afnemer_protocols"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=100, unique=True)
    afnemer: str = Field(max_length=400)
    legal_basis: str = Field(sa_type=sa.Text)
    purpose: str = Field(sa_type=sa.Text)
    allowed_fields: list[str] = Field(sa_type=JSONType)
    record_filters: dict[str, Any] = Field(sa_type=JSONType)
    retention_days: int
    valid_from: date
    valid_until: date | None = None
    created_at: datetime = _at()


class Operator(SQLModel, table=True):
    """A person or system allowed to use the admin API, known by name in the audit log.

    Only the SHA-256 of the operator's bearer token is stored (the token is 256 random bits, so
    a plain hash is enough); the token itself is shown once, when the operator is added.
    """

    __tablename__ = "operators"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    token_hash: str = Field(max_length=64, unique=True, repr=False)
    created_at: datetime = _at()
    disabled_at: datetime | None = _at(nullable=True)


class BulkJob(SQLModel, table=True):
    """A resumable bulk job (import, issuance, export): state and a cursor to resume from."""

    __tablename__ = "bulk_jobs"

    id: str = Field(max_length=36, primary_key=True)
    kind: str = Field(max_length=32, index=True)
    state: str = Field(max_length=16, default=JobState.PENDING.value)
    params: dict[str, Any] = Field(sa_type=JSONType)
    cursor: str | None = Field(default=None, max_length=500)
    done: int = 0
    failed: int = 0
    total: int | None = None
    error: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = _at()
    updated_at: datetime = _at()


class CitizenSession(SQLModel, table=True):
    """A citizen's server-side web session (see :mod:`vc_led_issuer.api.sessions`).

    Only the SHA-256 of the session cookie's value is stored (256 random bits). ``data`` holds
    the login transaction (OIDC state, nonce, PKCE verifier), the CSRF token and the names from
    the ID token; never the INSZ. ``holder_id`` is set from the login on.
    """

    __tablename__ = "citizen_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, repr=False)
    holder_id: int | None = Field(default=None, foreign_key="holders.id", index=True)
    data: dict[str, Any] = Field(sa_type=JSONType, repr=False)
    created_at: datetime = _at()
    last_seen_at: datetime = _at(index=True)
    authenticated_at: datetime | None = _at(nullable=True)


from .oauth import models as _oauth_models  # noqa: E402, F401  (registers its tables)
from .oid4vci import models as _oid4vci_models  # noqa: E402, F401  (registers its tables)
