"""``POST /oauth2/token``: the client-credentials grant for VC-API callers and afnemers, and
:func:`client_scoped`, the dependency that guards their routes.

Client authentication (RFC 6749 §2.3, RFC 7523 §2.2): ``client_secret_basic``,
``client_secret_post`` or ``private_key_jwt`` — exactly one per request. Errors are OAuth
errors (RFC 6749 §5.2: ``error``, ``error_description``) that are also problem documents
(:mod:`vc_led_issuer.oid4vci.errors`), never cached. The ``audience`` parameter some clients
send (the W3C test-suite harness does) is ignored: a token is good for this service only.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import parse_qsl, unquote

from anyio import to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ...context import Registry
from ...oauth.clients import (
    ASSERTION_TYPE,
    ClientError,
    Granted,
    OAuthErrorCode,
    authenticate_assertion,
    authenticate_secret,
    issue_token,
    token_owner,
)
from ...oauth.models import OAuthClient
from ...oid4vci.errors import NO_STORE, OAuthError
from ..problems import ProblemError

__all__ = ["TOKEN_PATH", "authenticate_client_token", "client_scoped", "router"]

router = APIRouter(tags=["oauth2"])

TOKEN_PATH = "/oauth2/token"
MAX_TOKEN_REQUEST_BYTES = 16_384
_FORM = {
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "required": ["grant_type"],
                "properties": {
                    "grant_type": {"type": "string", "enum": ["client_credentials"]},
                    "scope": {"type": "string"},
                    "client_id": {"type": "string"},
                    "client_secret": {"type": "string"},
                    "client_assertion_type": {"type": "string", "enum": [ASSERTION_TYPE]},
                    "client_assertion": {"type": "string"},
                },
            }
        }
    }
}


def _error(code: OAuthErrorCode, description: str, *, basic: bool = False) -> OAuthError:
    status = 401 if code is OAuthErrorCode.INVALID_CLIENT else 400
    headers = {"WWW-Authenticate": 'Basic realm="vc-led"'} if basic and status == 401 else None
    return OAuthError(
        code.value, f"oauth.{code.value}", description, status=status, headers=headers
    )


def _basic(header: str | None) -> tuple[str, str] | None:
    scheme, _, value = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _error(
            OAuthErrorCode.INVALID_CLIENT, "malformed Basic credentials", basic=True
        ) from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise _error(OAuthErrorCode.INVALID_CLIENT, "malformed Basic credentials", basic=True)
    return unquote(client_id), unquote(secret)  # RFC 6749 §2.3.1: form-encoded first


@router.post(
    TOKEN_PATH,
    summary="Token endpoint (client_credentials; client_secret_basic/post, private_key_jwt)",
    openapi_extra={"requestBody": _FORM},
)
async def token(request: Request) -> JSONResponse:
    body = await request.body()
    if len(body) > MAX_TOKEN_REQUEST_BYTES:
        raise _error(OAuthErrorCode.INVALID_REQUEST, "the request is too large")
    fields = dict(parse_qsl(body.decode("utf-8", "replace"), max_num_fields=20))
    basic = _basic(request.headers.get("authorization"))
    registry: Registry = request.app.state.registry
    audiences = [registry.settings.public_url + TOKEN_PATH, registry.settings.public_url]
    work = _TokenRequest(registry, fields, basic, audiences)
    return JSONResponse(await to_thread.run_sync(work), headers=NO_STORE)


class _TokenRequest:
    """The token endpoint's database work (in a worker thread: it blocks)."""

    def __init__(
        self,
        registry: Registry,
        fields: dict[str, str],
        basic: tuple[str, str] | None,
        audiences: list[str],
    ) -> None:
        self.registry, self.fields, self.basic, self.audiences = registry, fields, basic, audiences

    def __call__(self) -> dict[str, Any]:
        if self.fields.get("grant_type") != "client_credentials":
            raise _error(OAuthErrorCode.UNSUPPORTED_GRANT_TYPE, "only client_credentials")
        try:
            with self.registry.write() as session:
                client = self._client(session)
                token, lifetime, scopes = issue_token(
                    session, client=client, scope=self.fields.get("scope"), now=self.registry.now()
                )
        except ClientError as exc:
            raise _error(exc.code, str(exc), basic=self.basic is not None) from None
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime,
            "scope": " ".join(scopes),
        }

    def _client(self, session: Any) -> OAuthClient:
        fields = self.fields
        assertion = fields.get("client_assertion")
        secret = fields.get("client_secret")
        methods = sum(x is not None for x in (assertion, secret, self.basic))
        if methods != 1:
            raise ClientError(
                OAuthErrorCode.INVALID_CLIENT, "use exactly one client authentication method"
            )
        if assertion is not None:
            if fields.get("client_assertion_type") != ASSERTION_TYPE:
                raise ClientError(
                    OAuthErrorCode.INVALID_CLIENT, "unsupported client_assertion_type"
                )
            return authenticate_assertion(
                session,
                assertion=assertion,
                audiences=self.audiences,
                client_id=fields.get("client_id"),
                now=self.registry.now(),
            )
        if self.basic is not None:
            client_id, secret = self.basic
            if fields.get("client_id") not in (None, client_id):
                raise ClientError(OAuthErrorCode.INVALID_CLIENT, "client_id and Basic differ")
        else:
            client_id = fields.get("client_id", "")
        assert secret is not None
        return authenticate_secret(session, client_id=client_id, secret=secret)


def authenticate_client_token(registry: Registry, header: str | None) -> Granted | None:
    """The client behind an ``Authorization: Bearer`` access token, or None."""
    scheme, _, presented = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        return None
    with registry.read() as session:
        return token_owner(session, presented.strip(), now=registry.now())


_bearer = HTTPBearer(auto_error=False)


def client_scoped(scope: str) -> Any:
    """A dependency for routes of machine clients: a valid access token carrying ``scope``.

    Use as ``client: Annotated[Granted, client_scoped("vcapi:issue")]``.

    Raises (as problem documents): 401 ``unauthorized`` without a valid token
    (``WWW-Authenticate: Bearer error="invalid_token"``), 403 ``scope_missing`` when the token
    lacks ``scope`` (RFC 6750 ``insufficient_scope``).
    """

    def check(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Granted:
        header = f"Bearer {credentials.credentials}" if credentials is not None else None
        granted = authenticate_client_token(request.app.state.registry, header)
        if granted is None:
            challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            raise ProblemError(
                401, "unauthorized", "a valid access token is required", headers=challenge
            )
        if scope not in granted.scopes:
            challenge = {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'}
            raise ProblemError(
                403, "scope_missing", f"the access token lacks scope {scope}", headers=challenge
            )
        return granted

    dependency: Callable[..., Granted] = check
    return Depends(dependency)
