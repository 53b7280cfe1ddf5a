"""Server-side citizen sessions: a pure ASGI middleware over the ``citizen_sessions`` table.

The cookie carries 256 random bits; the table keeps only their SHA-256. ``request.session``
is the session's ``data`` dict (the Starlette API, which Authlib uses for its login state);
:func:`session_state` gives the rest. A session ends after ``idle`` without a request or
``absolute`` after it began; a login replaces it by a new one (new cookie value, the old row
deleted: no fixation); a logout deletes it (a replayed cookie finds nothing).

The cookie is ``HttpOnly``, ``SameSite=Lax`` and, when the public URL is https, ``Secure``
with the ``__Host-`` prefix. Nothing in a session is the INSZ.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from anyio import to_thread
from sqlmodel import col
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..context import Registry
from ..models import CitizenSession

__all__ = ["ServerSessionMiddleware", "SessionState", "session_state"]

STATE_KEY = "vcled.session"
_TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often


@dataclass(eq=False)
class SessionState:
    """One request's view of its session (in ``scope["vcled.session"]``)."""

    row_id: int | None = None
    holder_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    original: dict[str, Any] = field(default_factory=dict)
    last_seen: datetime | None = None
    had_cookie: bool = False
    stale_row: int | None = None
    rotate: bool = False
    destroy: bool = False

    def log_in(self, holder_id: int) -> None:
        """Make this session the citizen's: a new session id is issued with the response."""
        self.holder_id, self.rotate, self.destroy = holder_id, True, False
        self.data.pop("csrf", None)

    def log_out(self) -> None:
        """End the session (its row is deleted; the cookie is cleared)."""
        self.destroy, self.rotate, self.holder_id = True, False, None
        self.data.clear()


def session_state(request: Request) -> SessionState:
    """The session state of ``request`` (the middleware must be installed)."""
    state: SessionState = request.scope[STATE_KEY]
    return state


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class ServerSessionMiddleware:
    """Loads the session before the app runs and saves it when the response starts.

    Args:
        app: the ASGI app.
        registry: where the sessions are stored.
        idle: how long a session lives without a request.
        absolute: how long a session lives at most.
        secure: set ``Secure`` (and the ``__Host-`` name), for a public https URL.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        registry: Registry,
        idle: timedelta,
        absolute: timedelta,
        secure: bool,
    ) -> None:
        self.app, self.registry = app, registry
        self.idle, self.absolute, self.secure = idle, absolute, secure
        self.cookie_name = "__Host-vcled_session" if secure else "vcled_session"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _cookie(scope, self.cookie_name)
        state = await to_thread.run_sync(self._load, token)
        scope["session"] = state.data
        scope[STATE_KEY] = state

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await to_thread.run_sync(self._save, state)
                if cookie is not None:
                    headers = list(message.get("headers", []))
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _expired(self, row: CitizenSession, now: datetime) -> bool:
        return now - row.last_seen_at > self.idle or now - row.created_at > self.absolute

    def _load(self, token: str | None) -> SessionState:
        if token is None:
            return SessionState()
        now = self.registry.now()
        with self.registry.read() as session:
            row = session.execute(
                sa.select(CitizenSession).where(col(CitizenSession.token_hash) == _digest(token))
            ).scalar_one_or_none()
            if row is None or self._expired(row, now):
                return SessionState(had_cookie=True, stale_row=row.id if row else None)
            data = dict(row.data)
            return SessionState(
                row.id, row.holder_id, data, dict(data), row.last_seen_at, had_cookie=True
            )

    def _save(self, state: SessionState) -> str | None:
        now = self.registry.now()
        if state.stale_row is not None:
            self._delete(state.stale_row)
            state.stale_row = None
        if state.destroy:
            self._delete(state.row_id)
            state.row_id, state.destroy = None, False
            return self._clear() if state.had_cookie else None
        if state.rotate or (state.row_id is None and state.data):
            return self._create(state, now)
        if state.row_id is None:
            return self._clear() if state.had_cookie else None
        changed = state.data != state.original
        stale = state.last_seen is None or now - state.last_seen > _TOUCH_EVERY
        if changed or stale:
            with self.registry.write() as session:
                session.execute(
                    sa.update(CitizenSession)
                    .where(col(CitizenSession.id) == state.row_id)
                    .values(data=dict(state.data), last_seen_at=now)
                )
            state.original, state.last_seen = dict(state.data), now
        return None

    def _create(self, state: SessionState, now: datetime) -> str:
        token = secrets.token_urlsafe(32)
        with self.registry.write() as session:
            if state.row_id is not None:
                session.execute(
                    sa.delete(CitizenSession).where(col(CitizenSession.id) == state.row_id)
                )
            if state.rotate:  # a login: a good moment to forget expired sessions
                session.execute(
                    sa.delete(CitizenSession).where(
                        sa.or_(
                            col(CitizenSession.last_seen_at) < now - self.idle,
                            col(CitizenSession.created_at) < now - self.absolute,
                        )
                    )
                )
            row = CitizenSession(
                token_hash=_digest(token),
                holder_id=state.holder_id,
                data=dict(state.data),
                created_at=now,
                last_seen_at=now,
                authenticated_at=now if state.holder_id is not None else None,
            )
            session.add(row)
            session.flush()
            state.row_id = row.id
        state.rotate, state.original, state.last_seen = False, dict(state.data), now
        return self._cookie(token)

    def _delete(self, row_id: int | None) -> None:
        if row_id is None:
            return
        with self.registry.write() as session:
            session.execute(sa.delete(CitizenSession).where(col(CitizenSession.id) == row_id))

    def _cookie(self, value: str, *, max_age: int | None = None) -> str:
        parts = [f"{self.cookie_name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)

    def _clear(self) -> str:
        return self._cookie("", max_age=0)


def _cookie(scope: Scope, name: str) -> str | None:
    """The session cookie's value (Starlette's lenient parser: another site's malformed
    cookie on the same host does not lose the session)."""
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            found = cookie_parser(value.decode("latin-1")).get(name)
            if found is not None and 0 < len(found) <= 100:
                return found
    return None
