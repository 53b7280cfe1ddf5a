"""Tables of the client-credentials server: clients, access tokens, used assertion ids."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from ..models import JSONType, UTCDateTime

__all__ = ["OAuthAssertion", "OAuthClient", "OAuthToken"]


def _at(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class OAuthClient(SQLModel, table=True):
    """A machine client: its granted scopes and how it authenticates.

    Only the SHA-256 of a client secret is stored (a secret is 256 random bits); a
    ``private_key_jwt`` client has its public keys (a JWKS) instead. ``afnemer`` names the
    afnemer a client acts for, if any.
    """

    __tablename__ = "oauth_clients"

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200)
    scopes: list[str] = Field(sa_type=JSONType)
    secret_hash: str | None = Field(default=None, max_length=64, repr=False)
    jwks: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    afnemer: str | None = Field(default=None, max_length=100, index=True)
    created_at: datetime = _at()
    disabled_at: datetime | None = _at(nullable=True)


class OAuthToken(SQLModel, table=True):
    """An access token (its SHA-256 only), the client and scopes it carries, its expiry."""

    __tablename__ = "oauth_tokens"

    token_hash: str = Field(max_length=64, primary_key=True, repr=False)
    client_id: str = Field(max_length=64, index=True)
    scopes: list[str] = Field(sa_type=JSONType)
    expires_at: datetime = _at(index=True)


class OAuthAssertion(SQLModel, table=True):
    """A ``private_key_jwt`` assertion already used (``jti`` is single use until it expires)."""

    __tablename__ = "oauth_assertions"

    key: str = Field(max_length=64, primary_key=True)  # SHA-256 of client_id + jti
    expires_at: datetime = _at(index=True)
