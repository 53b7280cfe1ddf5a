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
from ..operators import TOKEN_PREFIX, authenticate_operator, operator_actor
from .problems import ProblemError

__all__ = ["AdminDep", "RegistryDep", "SessionDep", "get_registry", "get_session", "require_admin"]

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


def require_admin(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """Check the bearer token; returns the actor for the audit log.

    An operator's own token (``vc-led operators add``) gives ``operator:<name>``; the shared
    admin token (configuration, for bootstrap and automation) gives ``admin-api``.

    Raises:
        ProblemError: 401 without a token, or with one that is wrong or disabled.
    """
    token: str = request.app.state.admin_token
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None or credentials.scheme.lower() != "bearer":
        message = "an admin bearer token is required"
        raise ProblemError(401, "unauthorized", message, headers=challenge)
    presented = credentials.credentials
    if presented.startswith(TOKEN_PREFIX):
        registry: Registry = request.app.state.registry
        with registry.read() as session:
            operator = authenticate_operator(session, presented)
        if operator is not None:
            return operator_actor(operator.name)
    elif hmac.compare_digest(presented.encode(), token.encode()):
        return "admin-api"
    raise ProblemError(401, "unauthorized", "the admin token is not valid", headers=challenge)


AdminDep = Annotated[str, Depends(require_admin)]
