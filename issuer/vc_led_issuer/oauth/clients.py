"""Clients, their authentication and their access tokens (the client-credentials grant).

- **Clients** are added by an operator (``vc-led clients add``), never by themselves. A secret
  is 256 random bits (prefix ``vcled_cs_``), returned once; only its SHA-256 is stored. A
  ``private_key_jwt`` client registers public keys (a JWKS of Ed25519, P-256 or P-384 keys).
- **Assertions** (RFC 7523 §3, OpenID Connect Core §9): a compact JWS with ``iss`` = ``sub`` =
  the client id, ``aud`` = the token endpoint URL (or the issuer URL), ``exp`` at most
  :data:`MAX_ASSERTION_LIFETIME` ahead, a ``jti`` that is accepted once; asymmetric algorithms
  only (:data:`vc_led.jose.ALLOWED_ALGS`).
- **Tokens** are opaque, 256 random bits (prefix ``vcled_at_``), live :data:`TOKEN_LIFETIME`,
  carry the granted scopes asked for (all granted ones when none are asked), and stop working
  when their client is disabled.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from vc_led._multibase import b64url_decode
from vc_led.jose import JoseError, parse_public_jwk, unverified_header, verify_compact

from .. import audit
from ..db import require_write_session
from ..errors import NotFoundError, RegistryError
from .models import OAuthAssertion, OAuthClient, OAuthToken

__all__ = [
    "ASSERTION_TYPE",
    "MAX_ASSERTION_LIFETIME",
    "SECRET_PREFIX",
    "TOKEN_LIFETIME",
    "TOKEN_PREFIX",
    "ClientError",
    "Granted",
    "OAuthErrorCode",
    "add_client",
    "authenticate_assertion",
    "authenticate_secret",
    "disable_client",
    "get_client",
    "issue_token",
    "list_clients",
    "token_owner",
]

SECRET_PREFIX = "vcled_cs_"
TOKEN_PREFIX = "vcled_at_"
TOKEN_LIFETIME = timedelta(minutes=15)
MAX_ASSERTION_LIFETIME = timedelta(minutes=5)
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
SKEW = timedelta(seconds=60)
MAX_JWKS_KEYS = 10
MAX_SCOPES = 20
_CLIENT_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_SCOPE = re.compile(r"[a-z][a-z0-9_-]{0,31}(:[a-z][a-z0-9_-]{0,31})?")


class OAuthErrorCode(StrEnum):
    """RFC 6749 §5.2 error codes the token endpoint answers."""

    INVALID_REQUEST = "invalid_request"
    INVALID_CLIENT = "invalid_client"
    INVALID_SCOPE = "invalid_scope"
    UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type"


class ClientError(RegistryError):
    """A token request that is refused; ``code`` is the RFC 6749 error code."""

    def __init__(self, code: OAuthErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Granted:
    """The client behind a valid access token, and the scopes the token carries."""

    client_id: str
    name: str
    scopes: frozenset[str]
    afnemer: str | None


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _checked_jwks(jwks: Mapping[str, Any]) -> dict[str, Any]:
    keys = jwks.get("keys")
    if not isinstance(keys, list) or not 1 <= len(keys) <= MAX_JWKS_KEYS:
        raise ValueError(f"a JWKS needs 1 to {MAX_JWKS_KEYS} keys")
    for key in keys:
        try:
            parse_public_jwk(key)
        except JoseError as exc:
            raise ValueError(f"a JWKS key is refused: {exc}") from None
    return {"keys": [dict(k) for k in keys]}


def add_client(
    session: Session,
    *,
    client_id: str,
    name: str,
    scopes: Sequence[str],
    jwks: Mapping[str, Any] | None = None,
    afnemer: str | None = None,
    actor: str,
    now: datetime | None = None,
) -> tuple[OAuthClient, str | None]:
    """Add a client (audited): with ``jwks`` a ``private_key_jwt`` client, otherwise one with a
    secret, which is returned (once).

    Raises:
        ValueError: a malformed client id, scope or JWKS, or a client id already used.
    """
    require_write_session(session)
    if not _CLIENT_ID.fullmatch(client_id):
        raise ValueError("a client id is 1-64 of a-z, 0-9, '.', '_', '-'")
    if not 1 <= len(scopes) <= MAX_SCOPES or not all(_SCOPE.fullmatch(s) for s in scopes):
        raise ValueError("scopes are 1-20 words such as 'vcapi:issue'")
    if not name.strip() or len(name) > 200:
        raise ValueError("a client needs a name of at most 200 characters")
    secret = None if jwks is not None else SECRET_PREFIX + secrets.token_urlsafe(32)
    row = OAuthClient(
        client_id=client_id,
        name=name.strip(),
        scopes=sorted(set(scopes)),
        secret_hash=_sha256(secret) if secret is not None else None,
        jwks=_checked_jwks(jwks) if jwks is not None else None,
        afnemer=afnemer,
        created_at=_now(now),
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise ValueError(f"client id {client_id} is already used") from None
    details = {"scopes": row.scopes, "auth": "private_key_jwt" if jwks else "client_secret"}
    if afnemer is not None:
        details["afnemer"] = afnemer
    audit.append(
        session, actor=actor, action="client.add", target=client_id, details=details, now=now
    )
    return row, secret


def get_client(session: Session, *, client_id: str) -> OAuthClient | None:
    """The client with this id, or None."""
    return session.exec(select(OAuthClient).where(OAuthClient.client_id == client_id)).first()


def list_clients(session: Session) -> list[OAuthClient]:
    """Every client, by id."""
    return list(session.exec(select(OAuthClient).order_by(col(OAuthClient.client_id))).all())


def disable_client(
    session: Session, *, client_id: str, actor: str, reason: str, now: datetime | None = None
) -> OAuthClient:
    """Disable a client (audited): its tokens stop working at once.

    Raises:
        NotFoundError: no such client.
    """
    require_write_session(session)
    row = get_client(session, client_id=client_id)
    if row is None:
        raise NotFoundError(f"no client {client_id}")
    if row.disabled_at is None:
        row.disabled_at = _now(now)
        session.add(row)
        session.execute(delete(OAuthToken).where(col(OAuthToken.client_id) == client_id))
        audit.append(
            session, actor=actor, action="client.disable", target=client_id, reason=reason, now=now
        )
    return row


def _enabled(session: Session, client_id: str) -> OAuthClient:
    row = get_client(session, client_id=client_id) if _CLIENT_ID.fullmatch(client_id) else None
    if row is None or row.disabled_at is not None:
        raise ClientError(OAuthErrorCode.INVALID_CLIENT, "client authentication failed")
    return row


def authenticate_secret(session: Session, *, client_id: str, secret: str) -> OAuthClient:
    """The enabled client whose secret this is.

    Raises:
        ClientError: ``invalid_client`` (unknown, disabled, a key client, or a wrong secret;
            the answer does not tell which).
    """
    row = _enabled(session, client_id)
    if row.secret_hash is None or not hmac.compare_digest(row.secret_hash, _sha256(secret)):
        raise ClientError(OAuthErrorCode.INVALID_CLIENT, "client authentication failed")
    return row


def authenticate_assertion(
    session: Session,
    *,
    assertion: str,
    audiences: Sequence[str],
    client_id: str | None = None,
    now: datetime | None = None,
) -> OAuthClient:
    """The enabled ``private_key_jwt`` client that signed ``assertion`` (its ``jti`` is used up).

    Args:
        session: a write session (the ``jti`` is recorded).
        assertion: the compact JWS.
        audiences: the accepted ``aud`` values (the token endpoint URL, the issuer URL).
        client_id: the ``client_id`` parameter, if the request sent one (must match).
        now: the time.

    Raises:
        ClientError: ``invalid_client`` for anything wrong, with a message saying what.
    """
    require_write_session(session)
    at = _now(now)
    fail = OAuthErrorCode.INVALID_CLIENT
    try:
        header = unverified_header(assertion)
    except JoseError as exc:
        raise ClientError(fail, f"the client assertion is refused: {exc}") from None
    claims = _claims_of(assertion)
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or claims.get("sub") != issuer:
        raise ClientError(fail, "the client assertion needs iss = sub = the client id")
    if client_id is not None and client_id != issuer:
        raise ClientError(fail, "client_id and the assertion's iss differ")
    row = _enabled(session, issuer)
    if row.jwks is None:
        raise ClientError(fail, "this client authenticates with a secret, not a key")
    _check_signature(assertion, header, row.jwks)
    aud = claims.get("aud")
    auds = aud if isinstance(aud, list) else [aud]
    if not any(a in audiences for a in auds):
        raise ClientError(fail, "the client assertion's aud is not this token endpoint")
    expires = _epoch(claims.get("exp"))
    if expires is None or expires <= at - SKEW or expires > at + MAX_ASSERTION_LIFETIME + SKEW:
        raise ClientError(fail, "the client assertion's exp is missing, past or too far ahead")
    issued = claims.get("iat")
    if issued is not None and (_epoch(issued) or at) > at + SKEW:
        raise ClientError(fail, "the client assertion's iat is in the future")
    jti = claims.get("jti")
    if not isinstance(jti, str) or not 1 <= len(jti) <= 200:
        raise ClientError(fail, "the client assertion needs a jti")
    _use_jti(session, issuer, jti, expires, at)
    return row


def _claims_of(assertion: str) -> dict[str, Any]:
    try:
        claims = json.loads(b64url_decode(assertion.split(".")[1]))
    except (ValueError, IndexError):
        claims = None
    if not isinstance(claims, dict):
        raise ClientError(OAuthErrorCode.INVALID_CLIENT, "the client assertion is malformed")
    return claims


def _check_signature(assertion: str, header: dict[str, Any], jwks: dict[str, Any]) -> None:
    kid = header.get("kid")
    for key in jwks["keys"]:
        if kid is not None and key.get("kid") != kid:
            continue
        try:
            verify_compact(assertion, parse_public_jwk(key), header=header)
            return
        except JoseError:
            continue
    raise ClientError(
        OAuthErrorCode.INVALID_CLIENT, "the client assertion's signature does not verify"
    )


def _epoch(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _use_jti(session: Session, client_id: str, jti: str, expires: datetime, at: datetime) -> None:
    session.execute(delete(OAuthAssertion).where(col(OAuthAssertion.expires_at) < at - SKEW))
    try:
        with session.begin_nested():
            session.add(OAuthAssertion(key=_sha256(f"{client_id}\n{jti}"), expires_at=expires))
            session.flush()
    except IntegrityError:
        raise ClientError(
            OAuthErrorCode.INVALID_CLIENT, "the client assertion was used before (jti)"
        ) from None


def issue_token(
    session: Session, *, client: OAuthClient, scope: str | None, now: datetime | None = None
) -> tuple[str, int, list[str]]:
    """An access token for ``client``: the token, its lifetime in seconds, its scopes.

    Raises:
        ClientError: ``invalid_scope`` when a scope asked for was not granted.
    """
    require_write_session(session)
    at = _now(now)
    asked = scope.split() if scope else list(client.scopes)
    if not asked or not set(asked) <= set(client.scopes):
        raise ClientError(OAuthErrorCode.INVALID_SCOPE, "a scope asked for is not granted")
    session.execute(delete(OAuthToken).where(col(OAuthToken.expires_at) < at))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    scopes = sorted(set(asked))
    session.add(
        OAuthToken(
            token_hash=_sha256(token),
            client_id=client.client_id,
            scopes=scopes,
            expires_at=at + TOKEN_LIFETIME,
        )
    )
    session.flush()
    return token, int(TOKEN_LIFETIME.total_seconds()), scopes


def token_owner(session: Session, token: str, *, now: datetime | None = None) -> Granted | None:
    """The client and scopes of a valid, unexpired access token of an enabled client, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = session.get(OAuthToken, _sha256(token))
    if row is None or row.expires_at <= _now(now):
        return None
    client = get_client(session, client_id=row.client_id)
    if client is None or client.disabled_at is not None:
        return None
    return Granted(
        client_id=client.client_id,
        name=client.name,
        scopes=frozenset(row.scopes),
        afnemer=client.afnemer,
    )
