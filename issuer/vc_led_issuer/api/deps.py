"""Dependencies of the routes, as ``Annotated`` aliases (``RegistryDep``, ``SessionDep``,
``AdminDep``)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from ..context import Registry
from ..crud.operators import TOKEN_PREFIX, authenticate_operator, operator_actor
from .problems import ProblemError

__all__ = [
    "AdminDep",
    "RegistryDep",
    "SessionDep",
    "authenticate_bearer",
    "get_registry",
    "get_session",
    "require_admin",
]

_bearer = HTTPBearer(
    auto_error=False,
    description="an operator's token (`vc-led operators add`) or the shared admin token",
)


def get_registry(request: Request) -> Registry:
    """The registry the app was made with."""
    registry: Registry = request.app.state.registry
    return registry


RegistryDep = Annotated[Registry, Depends(get_registry)]


def get_session(registry: RegistryDep) -> Iterator[Session]:
    """A read session for the request."""
    with registry.read() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def authenticate_bearer(registry: Registry, *, admin_token: str, header: str | None) -> str | None:
    """The actor of an ``Authorization: Bearer ...`` header, or None when it is not valid.

    An operator's own token (``vc-led operators add``) gives ``operator:<name>``; the shared
    admin token (configuration, for bootstrap and automation) gives ``admin-api``.
    """
    scheme, _, presented = (header or "").partition(" ")
    presented = presented.strip()
    if scheme.lower() != "bearer" or not presented:
        return None
    if presented.startswith(TOKEN_PREFIX):
        with registry.read() as session:
            operator = authenticate_operator(session, presented)
        return operator_actor(operator.name) if operator is not None else None
    if hmac.compare_digest(presented.encode(), admin_token.encode()):
        return "admin-api"
    return None


def require_admin(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """Check the bearer token; returns the actor for the audit log.

    The :class:`~vc_led_issuer.api.hardening.AuthenticateFirst` middleware has usually checked it
    already, before the body was read (its actor is reused); see :func:`authenticate_bearer`.

    Raises:
        ProblemError: 401 without a token, or with one that is wrong or disabled.
    """
    checked = getattr(request.state, "actor", None)
    if isinstance(checked, str):
        return checked
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        message = "an admin bearer token is required"
        raise ProblemError(401, "unauthorized", message, headers=challenge)
    actor = authenticate_bearer(
        request.app.state.registry,
        admin_token=request.app.state.admin_token,
        header=f"{credentials.scheme} {credentials.credentials}",
    )
    if actor is None:
        raise ProblemError(401, "unauthorized", "the admin token is not valid", headers=challenge)
    return actor


AdminDep = Annotated[str, Depends(require_admin)]
