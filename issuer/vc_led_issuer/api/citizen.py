"""Who is logged in: the citizen of a request, and how to send a browser to the login.

This is the interface other gateway parts (the portal, OpenID4VCI's authorization code flow)
build on. A citizen is known by the :class:`~vc_led_issuer.models.Holder` row her login maps to
(through the peppered HMAC of the INSZ from the ID token); the INSZ itself is never kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from .problems import ProblemError
from .sessions import session_state

__all__ = [
    "Citizen",
    "CitizenDep",
    "RequiredCitizenDep",
    "current_citizen",
    "login_redirect",
    "require_citizen",
    "safe_next_path",
]

CITIZEN_KEY = "citizen"
_MAX_NEXT = 2000


@dataclass(frozen=True, slots=True)
class Citizen:
    """The logged-in citizen (never the INSZ).

    Attributes:
        holder_id: ``holders.id``; her records are the ones with this holder.
        given_name, family_name, birth_date: from the ID token of her login.
    """

    holder_id: int
    given_name: str | None
    family_name: str | None
    birth_date: date | None

    def to_session(self) -> dict[str, Any]:
        """The names as kept in the session."""
        birth = self.birth_date.isoformat() if self.birth_date else None
        return {"given_name": self.given_name, "family_name": self.family_name, "birth": birth}


def current_citizen(request: Request) -> Citizen | None:
    """The logged-in citizen of ``request``, or None (a FastAPI dependency)."""
    state = session_state(request)
    if state.holder_id is None or state.destroy:
        return None
    names = request.session.get(CITIZEN_KEY)
    names = names if isinstance(names, dict) else {}
    birth = names.get("birth")
    try:
        birth_date = date.fromisoformat(birth) if isinstance(birth, str) else None
    except ValueError:
        birth_date = None
    return Citizen(state.holder_id, names.get("given_name"), names.get("family_name"), birth_date)


def require_citizen(request: Request) -> Citizen:
    """The logged-in citizen (a FastAPI dependency for APIs).

    Raises:
        ProblemError: 401 ``login_required`` when nobody is logged in.
    """
    citizen = current_citizen(request)
    if citizen is None:
        raise ProblemError(401, "login_required", "log in first")
    return citizen


CitizenDep = Annotated[Citizen | None, Depends(current_citizen)]
RequiredCitizenDep = Annotated[Citizen, Depends(require_citizen)]


def safe_next_path(value: str | None) -> str:
    """``value`` when it is a path on this site, else ``/`` (no open redirect).

    A local path starts with one ``/`` (not ``//`` or ``/\\``), has no scheme or host, no
    control characters or backslashes, and is at most 2000 characters.
    """
    if not value or len(value) > _MAX_NEXT or not value.startswith("/"):
        return "/"
    if value.startswith("//") or "\\" in value:
        return "/"
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in value):
        return "/"
    return value


def login_redirect(request: Request, *, next_path: str) -> RedirectResponse:
    """Send the browser to the login; after it, the browser comes back to ``next_path``.

    Args:
        request: the request (unused beyond its app; kept for the interface).
        next_path: a local path (see :func:`safe_next_path`; anything else becomes ``/``).

    Returns:
        A 303 to ``/login?next=...``, which starts the OpenID Connect authorization code flow.
    """
    del request
    target = quote(safe_next_path(next_path), safe="")
    return RedirectResponse(f"/login?next={target}", status_code=303)
