"""Checking what a request presents: DPoP proofs (once per ``jti``) and access tokens.

An access token is presented as ``Authorization: Bearer <token>``, or — when it is bound to
a DPoP key — as ``Authorization: DPoP <token>`` with a DPoP proof for this request and token
signed by that key. A bound token presented as a bearer token is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..context import Registry
from .config import Oid4vciSettings
from .dpop import DpopError, verify_dpop
from .errors import OAuthError
from .models import ArtifactKind
from .store import find_artifact, remember_once
from .tokens import Grant

__all__ = ["RequestContext", "authenticate", "dpop_key"]


@dataclass(frozen=True, slots=True)
class RequestContext:
    """The parts of an HTTP request the checks need."""

    method: str
    url: str  # the public URL of the endpoint (the DPoP proof's htu)
    authorization: str | None
    dpop: str | None


def _dpop_error(exc: DpopError, *, status: int = 400) -> OAuthError:
    headers = {"WWW-Authenticate": 'DPoP error="invalid_dpop_proof"'} if status == 401 else None
    return OAuthError(
        "invalid_dpop_proof", f"oid4vci.dpop_{exc.reason}", str(exc), status=status, headers=headers
    )


def dpop_key(
    registry: Registry,
    settings: Oid4vciSettings,
    request: RequestContext,
    *,
    access_token: str | None = None,
    status: int = 400,
) -> str | None:
    """The thumbprint of the request's DPoP key, or None without a DPoP proof.

    Raises:
        OAuthError: ``invalid_dpop_proof`` for a bad or replayed proof, or for none when
            DPoP is required.
    """
    if request.dpop is None:
        if settings.dpop_required:
            raise _dpop_error(DpopError("required", "a DPoP proof is required"), status=status)
        return None
    now, age = registry.now(), timedelta(seconds=settings.proof_max_age_seconds)
    try:
        proof = verify_dpop(
            request.dpop,
            method=request.method,
            url=request.url,
            now=now,
            max_age=age,
            skew=timedelta(seconds=settings.clock_skew_seconds),
            access_token=access_token,
        )
    except DpopError as exc:
        raise _dpop_error(exc, status=status) from None
    with registry.write() as session:
        fresh = remember_once(
            session,
            kind=ArtifactKind.DPOP_PROOF,
            value=f"{proof.jkt}:{proof.jti}",
            now=now,
            lifetime=2 * age + timedelta(seconds=settings.clock_skew_seconds),
        )
    if not fresh:
        raise _dpop_error(DpopError("replayed", "this DPoP proof was used before"), status=status)
    return proof.jkt


def _unauthorized(code: str, description: str, scheme: str = "Bearer") -> OAuthError:
    header = f'{scheme} error="invalid_token"'
    return OAuthError(
        "invalid_token",
        f"oid4vci.{code}",
        description,
        status=401,
        headers={"WWW-Authenticate": header},
    )


def authenticate(
    registry: Registry, settings: Oid4vciSettings, request: RequestContext
) -> tuple[str, Grant]:
    """The access token of a resource request and its grant.

    Raises:
        OAuthError: 401 ``invalid_token`` (missing, unknown, expired, or a DPoP-bound token
            sent as a bearer token), 401 ``invalid_dpop_proof``.
    """
    scheme, _, token = (request.authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() not in ("bearer", "dpop") or not token:
        raise _unauthorized("token_missing", "an access token is required")
    with registry.read() as session:
        row = find_artifact(
            session, kind=ArtifactKind.ACCESS_TOKEN, value=token, now=registry.now()
        )
    if row is None or row.holder_id is None:
        raise _unauthorized("token_invalid", "the access token is unknown or expired")
    jkt = row.data.get("jkt")
    if jkt is None:
        if scheme.lower() != "bearer":
            raise _unauthorized("token_not_bound", "this access token is a bearer token")
    else:
        if scheme.lower() != "dpop":
            raise _unauthorized("token_bound", "this access token needs DPoP", "DPoP")
        presented = dpop_key(registry, settings, request, access_token=token, status=401)
        if presented != jkt:
            raise _dpop_error(DpopError("wrong_key", "the DPoP key is not the token's"), status=401)
    grant = Grant(
        row.holder_id,
        tuple(row.data.get("records", [])),
        jkt,
        tuple(row.data.get("issued", [])),
    )
    return token, grant
