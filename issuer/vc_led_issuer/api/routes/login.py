"""Citizen login and logout with OpenID Connect (authorization code flow with PKCE, Authlib).

``GET /login?next=/path`` starts the flow at the configured provider; ``GET /auth/callback``
takes the code, checks the ID token (signature, issuer, audience, expiry, nonce), turns its
INSZ into the peppered look-up key at once, finds (or makes) the citizen's holder row, and
replaces the session with a new one (no fixation). ``POST /logout`` (CSRF-checked) ends the
session and sends the browser to the provider's ``end_session_endpoint`` (RP-initiated
logout). No value of the ID token is logged; the INSZ is in no URL, cookie, page or log.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from anyio import to_thread
from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import col, select

from ...context import Registry
from ...gateway_settings import GatewaySettings
from ...models import Holder
from ..citizen import CITIZEN_KEY, Citizen, safe_next_path
from ..csrf import require_csrf
from ..problems import ProblemError
from ..sessions import session_state

__all__ = ["make_oauth", "router"]

router = APIRouter(include_in_schema=False)
log = logging.getLogger("issuer.api.login")
_NEXT_KEY = "login_next"
_CLIENT = "led"


def make_oauth(gateway: GatewaySettings) -> OAuth | None:
    """The Authlib client registry for the configured provider (None when none is)."""
    if not gateway.login_configured:
        return None
    oauth = OAuth()
    issuer = gateway.oidc_issuer.rstrip("/")
    oauth.register(
        _CLIENT,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_id=gateway.oidc_client_id,
        client_secret=gateway.client_secret(),
        client_kwargs={
            "scope": gateway.oidc_scope,
            "code_challenge_method": "S256",
            "timeout": gateway.oidc_timeout_seconds,
        },
    )
    return oauth


def _client(request: Request) -> Any:
    oauth: OAuth | None = request.app.state.oauth
    if oauth is None:
        raise ProblemError(503, "login_unavailable", "no identity provider is configured")
    return oauth.create_client(_CLIENT)


def _public_url(request: Request) -> str:
    registry: Registry = request.app.state.registry
    return registry.settings.public_url


@router.get("/login")
async def login(request: Request, next: str | None = None) -> Response:
    """Start the login at the identity provider."""
    client = _client(request)
    public = _public_url(request)
    if urlsplit(public).netloc != request.url.netloc:
        # the provider sends the browser back to the public URL: start there, or the session
        # cookie (host-only) would be missing at the callback
        query = urlencode({"next": safe_next_path(next)})
        return RedirectResponse(f"{public}/login?{query}", status_code=303)
    request.session[_NEXT_KEY] = safe_next_path(next)
    try:
        return await client.authorize_redirect(  # type: ignore[no-any-return]
            request, f"{public}/auth/callback"
        )
    except Exception as exc:  # discovery failed: unreachable, not JSON, an httpx error...
        log.warning("identity provider unavailable: %s", type(exc).__name__)
        raise ProblemError(
            503, "login_unavailable", "the identity provider did not answer"
        ) from None


@router.get("/auth/callback")
async def callback(request: Request) -> Response:
    """Finish the login: check the ID token, map it to the citizen, rotate the session."""
    client = _client(request)
    gateway: GatewaySettings = request.app.state.gateway
    try:
        token = await client.authorize_access_token(request)
    except OAuthError as exc:
        log.info("login refused: %s", (exc.error or "invalid")[:60])
        raise ProblemError(400, "login_failed", "the login did not complete; try again") from None
    except Exception as exc:  # the provider misbehaved or did not answer
        log.warning("login failed: %s", type(exc).__name__)
        raise ProblemError(502, "login_failed", "the identity provider did not answer") from None
    claims = token.get("userinfo") or {}
    citizen = await to_thread.run_sync(_citizen_of, request.app.state.registry, claims, gateway)
    next_path = safe_next_path(request.session.pop(_NEXT_KEY, "/"))
    session_state(request).log_in(citizen.holder_id)
    request.session[CITIZEN_KEY] = citizen.to_session()
    return RedirectResponse(next_path, status_code=303)


@router.post("/logout", dependencies=[Depends(require_csrf)])
async def logout(request: Request) -> Response:
    """End the session here and at the identity provider."""
    was_in = session_state(request).holder_id is not None
    session_state(request).log_out()
    oauth: OAuth | None = request.app.state.oauth
    home = f"{_public_url(request)}/"
    if oauth is None or not was_in:
        return RedirectResponse("/", status_code=303)
    gateway: GatewaySettings = request.app.state.gateway
    try:
        metadata = await oauth.create_client(_CLIENT).load_server_metadata()
    except Exception as exc:
        log.warning("identity provider unavailable at logout: %s", type(exc).__name__)
        return RedirectResponse("/", status_code=303)
    end = metadata.get("end_session_endpoint")
    if not isinstance(end, str):
        return RedirectResponse("/", status_code=303)
    query = urlencode({"client_id": gateway.oidc_client_id, "post_logout_redirect_uri": home})
    return RedirectResponse(f"{end}?{query}", status_code=303)


def _claim_str(claims: dict[str, Any], name: str) -> str | None:
    value = claims.get(name)
    return value[:200] if isinstance(value, str) and value else None


def _citizen_of(registry: Registry, claims: dict[str, Any], gateway: GatewaySettings) -> Citizen:
    insz = claims.get(gateway.oidc_insz_claim)
    try:
        insz_hash = registry.hasher().digest(insz if isinstance(insz, str) else "")
    except ValueError:
        raise ProblemError(
            400, "login_failed", "the identity provider gave no valid INSZ"
        ) from None
    del insz
    given, family = _claim_str(claims, "given_name"), _claim_str(claims, "family_name")
    birth_text = _claim_str(claims, "birthdate")
    try:
        birth = date.fromisoformat(birth_text) if birth_text else None
    except ValueError:
        birth = None
    with registry.write() as session:
        holder_id = session.exec(
            select(Holder.id).where(col(Holder.insz_hash) == insz_hash)
        ).first()
        if holder_id is None:
            row = Holder(
                insz_hash=insz_hash,
                given_name=given,
                family_name=family,
                birth_date=birth,
                created_at=registry.now(),
            )
            session.add(row)
            session.flush()
            holder_id = row.id
    assert holder_id is not None
    return Citizen(holder_id, given, family, birth)
