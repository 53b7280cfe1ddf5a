"""CSRF protection of the gateway's forms: a per-session synchronizer token.

Every state-changing form carries ``csrf_token`` (from :func:`csrf_token`); its route depends
on :func:`require_csrf`, which answers 403 ``csrf_failed`` when the field is missing or is not
the session's token. A login issues a new session and with it a new token.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from .problems import ProblemError

__all__ = ["CSRF_FIELD", "csrf_token", "require_csrf"]

CSRF_FIELD = "csrf_token"
_KEY = "csrf"


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made when the session has none)."""
    token = request.session.get(_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[_KEY] = token
    return token


async def require_csrf(request: Request) -> None:
    """A dependency: the form's ``csrf_token`` must be the session's.

    Raises:
        ProblemError: 403 ``csrf_failed``.
    """
    expected = request.session.get(_KEY)
    try:
        form = await request.form()
    except Exception:  # not a form at all
        form = None
    presented = form.get(CSRF_FIELD) if form is not None else None
    if (
        not isinstance(expected, str)
        or not isinstance(presented, str)
        or not hmac.compare_digest(presented.encode(), expected.encode())
    ):
        raise ProblemError(403, "csrf_failed", "the form is stale or was not sent by this site")
