"""OpenID4VCI 1.0 endpoints: metadata, nonce, token and credential (see
:mod:`vc_led_issuer.oid4vci`).

Errors are OAuth error objects that are also problem documents
(:mod:`vc_led_issuer.oid4vci.errors`). The authorization-code endpoints (PAR, authorize) are in
:mod:`.oid4vci_authorize`.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Annotated, Any
from urllib.parse import parse_qsl

from anyio import to_thread
from fastapi import APIRouter, FastAPI, Header, Request
from fastapi.responses import JSONResponse

from vc_led.jose import alg_of
from vc_led.keys import decode_multikey

from ...context import Registry
from ...errors import NotFoundError
from ...oid4vci.access import RequestContext, authenticate, dpop_key
from ...oid4vci.config import Oid4vciSettings, load_oid4vci_settings
from ...oid4vci.credential import (
    credential_identifiers,
    issue_credential_request,
    record_configurations,
)
from ...oid4vci.errors import NO_STORE, OAuthError, oauth_error_response
from ...oid4vci.metadata import (
    PRE_AUTHORIZED_GRANT,
    Endpoints,
    authorization_server_metadata,
    credential_issuer_metadata,
)
from ...oid4vci.models import ArtifactKind
from ...oid4vci.store import purge_expired, put_artifact
from ...oid4vci.tokens import Grant, issue_access_token, redeem_pre_authorized
from .oid4vci_authorize import redeem_authorization_code

__all__ = ["install_oid4vci", "router"]

router = APIRouter(tags=["oid4vci"])
MAX_BODY_BYTES = 64_000
_FORM = {
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "required": ["grant_type"],
                "properties": {
                    "grant_type": {"type": "string"},
                    "pre-authorized_code": {"type": "string"},
                    "tx_code": {"type": "string"},
                    "code": {"type": "string"},
                    "code_verifier": {"type": "string"},
                    "redirect_uri": {"type": "string"},
                    "client_id": {"type": "string"},
                },
            }
        }
    }
}
_JSON = {"content": {"application/json": {"schema": {"type": "object"}}}}


def install_oid4vci(app: FastAPI, settings: Oid4vciSettings | None) -> None:
    """Add the OpenID4VCI routes and their error handler."""
    from . import oid4vci_authorize, oid4vci_consent, wallet_offer

    app.state.oid4vci = settings or load_oid4vci_settings()
    app.add_exception_handler(OAuthError, _oauth_error)  # type: ignore[arg-type]
    app.include_router(router)
    app.include_router(oid4vci_authorize.router)
    app.include_router(oid4vci_consent.router)
    app.include_router(wallet_offer.router)


async def _oauth_error(request: Request, exc: OAuthError) -> JSONResponse:
    return oauth_error_response(exc, instance=request.url.path)


def _parts(request: Request) -> tuple[Registry, Oid4vciSettings, Endpoints]:
    registry: Registry = request.app.state.registry
    return registry, request.app.state.oid4vci, Endpoints(registry.settings.public_url)


async def _body(request: Request) -> bytes:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise OAuthError("invalid_request", "oid4vci.request_too_large", "the request is too large")
    return body


@router.get("/.well-known/openid-credential-issuer", summary="Credential issuer metadata")
def issuer_metadata(request: Request) -> JSONResponse:
    registry, _, endpoints = _parts(request)
    return JSONResponse(credential_issuer_metadata(endpoints, sd_jwt_algs=_sd_jwt_algs(registry)))


def _sd_jwt_algs(registry: Registry) -> list[str]:
    """The ``dc+sd-jwt`` signing algorithm: the current issuing key's (ES256 for P-256, EdDSA
    for Ed25519), ES256 while the registry has no key."""
    try:
        with registry.read() as session:
            key = registry.current_key(session)
        return [alg_of(decode_multikey(key.public_multibase).key_type)]
    except NotFoundError:
        return ["ES256"]


@router.get("/.well-known/oauth-authorization-server", summary="Authorization server metadata")
def as_metadata(request: Request) -> JSONResponse:
    return JSONResponse(authorization_server_metadata(_parts(request)[2]))


@router.post("/oid4vci/nonce", summary="A fresh c_nonce for key proofs")
def nonce(request: Request) -> JSONResponse:
    import secrets
    from datetime import timedelta

    registry, settings, _ = _parts(request)
    value = secrets.token_urlsafe(24)
    with registry.write() as session:
        purge_expired(session, now=registry.now())
        put_artifact(
            session,
            kind=ArtifactKind.NONCE,
            value=value,
            now=registry.now(),
            lifetime=timedelta(seconds=settings.nonce_seconds),
        )
    return JSONResponse({"c_nonce": value}, headers=NO_STORE)


@router.post(
    "/oid4vci/token",
    summary="Token endpoint (pre-authorized code, authorization code)",
    openapi_extra={"requestBody": _FORM},
)
async def token(
    request: Request, dpop: Annotated[str | None, Header(alias="DPoP")] = None
) -> JSONResponse:
    registry, settings, endpoints = _parts(request)
    fields = dict(parse_qsl((await _body(request)).decode("utf-8", "replace")))
    context = RequestContext("POST", endpoints.token, None, dpop)
    work = partial(_token_response, registry, settings, context, fields)
    return JSONResponse(await to_thread.run_sync(work), headers=NO_STORE)


def _token_response(
    registry: Registry, settings: Oid4vciSettings, context: RequestContext, fields: dict[str, str]
) -> dict[str, Any]:
    """The token endpoint's database work (in a worker thread: it blocks)."""
    jkt = dpop_key(registry, settings, context)
    grant_type = fields.get("grant_type")
    if grant_type == PRE_AUTHORIZED_GRANT:
        code = fields.get("pre-authorized_code")
        if not code:
            raise OAuthError("invalid_request", "oid4vci.code_missing", "pre-authorized_code?")
        grant = redeem_pre_authorized(registry, settings, code=code, tx_code=fields.get("tx_code"))
    elif grant_type == "authorization_code":
        grant = redeem_authorization_code(registry, fields=fields, jkt=jkt)
    else:
        raise OAuthError(
            "unsupported_grant_type", "oid4vci.grant_type_unsupported", "unsupported grant_type"
        )
    grant = Grant(grant.holder_id, grant.record_ids, jkt)
    identifiers = credential_identifiers(record_configurations(registry, grant.record_ids))
    return issue_access_token(registry, settings, grant=grant, identifiers=identifiers)


@router.post(
    "/oid4vci/credential",
    summary="Credential endpoint (jwt key proofs)",
    openapi_extra={"requestBody": _JSON},
)
async def credential(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    dpop: Annotated[str | None, Header(alias="DPoP")] = None,
) -> JSONResponse:
    registry, settings, endpoints = _parts(request)
    context = RequestContext("POST", endpoints.credential, authorization, dpop)
    raw = await _body(request)
    work = partial(_credential_response, registry, settings, context, raw)
    return JSONResponse(await to_thread.run_sync(work), headers=NO_STORE)


def _credential_response(
    registry: Registry, settings: Oid4vciSettings, context: RequestContext, raw: bytes
) -> dict[str, Any]:
    """The credential endpoint's work (in a worker thread: database and signing block)."""
    access_token, grant = authenticate(registry, settings, context)
    try:
        body: Any = json.loads(raw)
    except (ValueError, UnicodeError):
        body = None
    return issue_credential_request(registry, settings, token=access_token, grant=grant, body=body)
