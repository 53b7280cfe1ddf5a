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
from .problems import ProblemError

__all__ = ["AdminDep", "RegistryDep", "SessionDep", "get_registry", "get_session", "require_admin"]

_bearer = HTTPBearer(auto_error=False, description="the admin token (VCLED_ADMIN_TOKEN_FILE)")


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
    """Check the admin bearer token; returns the actor name for the audit log.

    Raises:
        ProblemError: 401 without a token or with a wrong one.
    """
    token: str = request.app.state.admin_token
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None or credentials.scheme.lower() != "bearer":
        message = "an admin bearer token is required"
        raise ProblemError(401, "unauthorized", message, headers=challenge)
    if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise ProblemError(401, "unauthorized", "the admin token is not valid", headers=challenge)
    return "admin-api"


AdminDep = Annotated[str, Depends(require_admin)]
