"""The OpenID4VCI tables. Nothing here holds a usable secret: codes, PINs and tokens are
stored as hashes (see :mod:`vc_led_issuer.oid4vci.store`).

Imported at the end of :mod:`vc_led_issuer.models`, so that the metadata (and the migrations) know
them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Field, SQLModel

from ..models import JSONType, UTCDateTime

__all__ = ["ArtifactKind", "Oid4vciArtifact", "Oid4vciOffer"]


def _at(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class ArtifactKind(StrEnum):
    """The kinds of one-time artefacts."""

    NONCE = "nonce"
    ACCESS_TOKEN = "access_token"
    PAR = "par"
    AUTHORIZATION_CODE = "code"
    DPOP_PROOF = "dpop_jti"


class Oid4vciOffer(SQLModel, table=True):
    """A credential offer with a pre-authorized code, for one citizen and some records.

    ``code_hash`` is the SHA-256 of the pre-authorized code (256 random bits);
    ``tx_code_hash`` the peppered HMAC of the offer id and the PIN (a PIN is short, so a plain
    hash could be brute-forced from a copy of the database). ``failed_attempts`` counts wrong
    PINs; at the limit the offer is revoked. ``batch`` groups the offers of one bulk run.
    """

    __tablename__ = "oid4vci_offers"

    id: str = Field(max_length=32, primary_key=True)
    holder_id: int = Field(foreign_key="holders.id", index=True)
    record_ids: list[int] = Field(sa_type=JSONType)
    code_hash: str = Field(max_length=64, unique=True, repr=False)
    tx_code_hash: str | None = Field(default=None, max_length=64, repr=False)
    failed_attempts: int = 0
    origin: str = Field(max_length=16, default="portal")
    batch: str | None = Field(default=None, max_length=36, index=True)
    created_at: datetime = _at()
    expires_at: datetime = _at()
    redeemed_at: datetime | None = _at(nullable=True)
    revoked_at: datetime | None = _at(nullable=True)


class Oid4vciArtifact(SQLModel, table=True):
    """A short-lived, one-time artefact: a ``c_nonce``, an access token, a pushed
    authorization request, an authorization code or a seen DPoP proof id.

    ``hash`` is the SHA-256 of ``<kind>:<value>``; ``data`` what the artefact stands for
    (records, PKCE challenge, redirect URI, DPoP key thumbprint), never a secret.
    """

    __tablename__ = "oid4vci_artifacts"

    hash: str = Field(max_length=64, primary_key=True, repr=False)
    kind: str = Field(max_length=16)
    holder_id: int | None = Field(default=None, foreign_key="holders.id")
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    created_at: datetime = _at()
    expires_at: datetime = _at(index=True)
    used_at: datetime | None = _at(nullable=True)
