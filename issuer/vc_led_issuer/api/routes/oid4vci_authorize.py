"""The authorization code flow of OpenID4VCI (HAIP): pushed authorization requests (RFC 9126)
with PKCE S256 (RFC 7636), the authorization endpoint that sends the citizen through the
gateway's OpenID Connect login, and the code's redemption at the token endpoint.

- ``POST /oid4vci/par``: ``client_id``, ``redirect_uri``, ``code_challenge`` (S256),
  ``scope`` (credential configuration ids) and/or ``authorization_details``; a DPoP proof
  binds the code (and so the access token) to the wallet's key. Answers ``request_uri``.
- ``GET /oid4vci/authorize?client_id=&request_uri=`` (:mod:`.oid4vci_consent`): the login,
  the citizen's consent, then the code to the ``redirect_uri``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from datetime import timedelta
from functools import partial
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlsplit

from anyio import to_thread
from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from ...context import Registry
from ...oid4vci.access import RequestContext, dpop_key
from ...oid4vci.config import Oid4vciSettings
from ...oid4vci.errors import NO_STORE, OAuthError
from ...oid4vci.metadata import CONFIGURATIONS, Endpoints
from ...oid4vci.models import ArtifactKind
from ...oid4vci.store import consume_artifact, put_artifact
from ...oid4vci.tokens import Grant

__all__ = ["redeem_authorization_code", "router"]

router = APIRouter(tags=["oid4vci"])
REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:"
MAX_FIELD_CHARS = 2000
_PAR_FORM = {
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "required": ["client_id", "redirect_uri", "code_challenge"],
                "properties": {
                    k: {"type": "string"}
                    for k in (
                        "response_type client_id redirect_uri code_challenge "
                        "code_challenge_method scope authorization_details state "
                        "issuer_state resource"
                    ).split()
                },
            }
        }
    }
}


def _invalid(code: str, description: str) -> OAuthError:
    return OAuthError("invalid_request", f"oid4vci.{code}", description)


def _redirect_uri_ok(uri: str) -> bool:
    parts = urlsplit(uri)
    if parts.fragment or not parts.scheme or parts.scheme in ("javascript", "data", "file"):
        return False
    if parts.scheme == "http":
        return parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme == "https":
        return bool(parts.netloc)
    return True  # a wallet app's own scheme


def _requested(fields: dict[str, str]) -> list[str]:
    wanted = [s for s in fields.get("scope", "").split() if s in CONFIGURATIONS]
    details = fields.get("authorization_details")
    if details:
        try:
            items = json.loads(details)
        except ValueError:
            raise _invalid("details_invalid", "authorization_details is not JSON") from None
        if not isinstance(items, list):
            raise _invalid("details_invalid", "authorization_details must be a list")
        for item in items:
            cid = item.get("credential_configuration_id") if isinstance(item, dict) else None
            if cid not in CONFIGURATIONS:
                raise _invalid("details_invalid", "unknown credential_configuration_id")
            wanted.append(cid)
    if not wanted:
        raise OAuthError("invalid_scope", "oid4vci.scope_invalid", "ask for a known credential")
    return sorted(set(wanted))


def _check_par(fields: dict[str, str]) -> None:
    if any(len(v) > MAX_FIELD_CHARS for v in fields.values()) or "request_uri" in fields:
        raise _invalid("par_invalid", "the pushed request is too large or has a request_uri")
    if fields.get("response_type", "code") != "code":
        raise OAuthError(
            "unsupported_response_type", "oid4vci.response_type", "response_type must be code"
        )
    if not fields.get("client_id") or not _redirect_uri_ok(fields.get("redirect_uri", "")):
        raise _invalid("client_invalid", "client_id and an acceptable redirect_uri are needed")
    challenge = fields.get("code_challenge", "")
    if fields.get("code_challenge_method") != "S256" or not 43 <= len(challenge) <= 128:
        raise _invalid("pkce_required", "PKCE with code_challenge_method S256 is required")


@router.post(
    "/oid4vci/par",
    summary="Pushed authorization request (PKCE S256)",
    status_code=201,
    openapi_extra={"requestBody": _PAR_FORM},
)
async def pushed_authorization_request(
    request: Request, dpop: Annotated[str | None, Header(alias="DPoP")] = None
) -> JSONResponse:
    registry: Registry = request.app.state.registry
    settings: Oid4vciSettings = request.app.state.oid4vci
    body = await request.body()
    if len(body) > 16_000:
        raise _invalid("request_too_large", "the request is too large")
    fields = dict(parse_qsl(body.decode("utf-8", "replace")))
    _check_par(fields)
    configurations = _requested(fields)
    context = RequestContext("POST", Endpoints(registry.settings.public_url).par, None, dpop)
    work = partial(_store_pushed_request, registry, settings, context, fields, configurations)
    answer = await to_thread.run_sync(work)
    return JSONResponse(answer, status_code=201, headers=NO_STORE)


def _store_pushed_request(
    registry: Registry,
    settings: Oid4vciSettings,
    context: RequestContext,
    fields: dict[str, str],
    configurations: list[str],
) -> dict[str, Any]:
    """Check the DPoP proof and store the request (in a worker thread: it blocks)."""
    jkt = dpop_key(registry, settings, context) or fields.get("dpop_jkt")
    value = secrets.token_urlsafe(32)
    data = {
        "client_id": fields["client_id"],
        "redirect_uri": fields["redirect_uri"],
        "code_challenge": fields["code_challenge"],
        "state": fields.get("state"),
        "configurations": configurations,
        "jkt": jkt,
    }
    with registry.write() as session:
        put_artifact(
            session,
            kind=ArtifactKind.PAR,
            value=value,
            now=registry.now(),
            lifetime=timedelta(seconds=settings.par_seconds),
            data=data,
        )
    return {"request_uri": REQUEST_URI_PREFIX + value, "expires_in": settings.par_seconds}


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def redeem_authorization_code(
    registry: Registry, *, fields: dict[str, str], jkt: str | None
) -> Grant:
    """Redeem an authorization code (single use) with its PKCE verifier.

    Raises:
        OAuthError: ``invalid_grant`` for an unknown, used or expired code, another
            client or redirect URI, a wrong verifier or another DPoP key.
    """
    code, verifier = fields.get("code", ""), fields.get("code_verifier", "")
    with registry.write() as session:
        row = consume_artifact(
            session, kind=ArtifactKind.AUTHORIZATION_CODE, value=code, now=registry.now()
        )
    data: dict[str, Any] = row.data if row is not None else {}
    if row is None or row.holder_id is None:
        raise OAuthError("invalid_grant", "oid4vci.code_invalid", "unknown, used or expired code")
    if (
        fields.get("client_id") != data["client_id"]
        or fields.get("redirect_uri") != data["redirect_uri"]
    ):
        raise OAuthError("invalid_grant", "oid4vci.client_mismatch", "another client or URI")
    if not 43 <= len(verifier) <= 128 or not secrets.compare_digest(
        _s256(verifier), data["code_challenge"]
    ):
        raise OAuthError("invalid_grant", "oid4vci.pkce_failed", "the code_verifier is wrong")
    if data.get("jkt") is not None and data["jkt"] != jkt:
        raise OAuthError("invalid_grant", "oid4vci.dpop_key_mismatch", "another DPoP key")
    return Grant(row.holder_id, tuple(data.get("records", [])))
