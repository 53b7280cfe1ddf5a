"""Reusable ASGI hardening for the registry and the citizen gateway.

Every piece is plain ASGI middleware (``app.add_middleware(Cls, ...)``) that answers its
refusals as RFC 9457 problem documents (:func:`vc_led_issuer.api.problems.problem_response`):

- :class:`BodyLimit`: at most ``max_bytes`` of request body, per path prefix (the longest
  matching prefix wins). A declared ``Content-Length`` over the limit is refused **before**
  anything is read (413 ``request_too_large``); a chunked or lying body is stopped as soon as
  the bytes received pass the limit, whatever the application was doing with it.
- :class:`AuthenticateFirst`: under the given path prefixes the bearer token is checked
  before the application (and so FastAPI's body parsing) runs; a wrong or missing token is a
  401 ``unauthorized`` without one byte of the body read. The actor is left in
  ``request.state.actor`` for the route's own dependency.
- :class:`RateLimit` with :class:`TokenBuckets`: a token bucket per client address for the
  expensive routes (method + path prefix); 429 ``rate_limited`` with ``Retry-After``. In
  memory, at most ``max_clients`` buckets (least recently seen dropped first). Behind a
  reverse proxy every client has the proxy's address: run uvicorn with
  ``--proxy-headers --forwarded-allow-ips=<proxy>`` so the client address is the real one.
- :class:`SecurityHeaders`: CSP, ``X-Content-Type-Options``, ``Referrer-Policy``,
  ``X-Frame-Options``, ``Cross-Origin-Opener-Policy`` (and HSTS behind https) on every answer;
  :data:`API_CSP` (nothing may load) by default, :data:`DOCS_CSP` (scripts, styles and images
  from this server only) for the documentation pages.
- :func:`vc_led_issuer.api.local_docs.install_local_docs`: Swagger UI served from the installed
  ``fastapi-offline`` package, no CDN.

Order (outermost first): ``SecurityHeaders``, ``RateLimit``, ``BodyLimit``,
``AuthenticateFirst`` (``add_middleware`` in the reverse order), so that even refusals carry
the headers and a flood is cut before a token is looked up.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vc_led.errors import ServiceError

from .problems import problem_response

__all__ = [
    "API_CSP",
    "DOCS_CSP",
    "AuthenticateFirst",
    "BodyLimit",
    "RateLimit",
    "SecurityHeaders",
    "TokenBuckets",
]

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
"""The Content-Security-Policy of API answers: JSON needs nothing loaded."""
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
"""The policy of the documentation pages: Swagger UI's own files, nothing from elsewhere
(its React components set ``style`` attributes, hence ``'unsafe-inline'`` for styles only)."""


def _prefixed(path: str, prefixes: Collection[str]) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)


async def _refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    refusal: tuple[int, str, str],
    headers: dict[str, str] | None = None,
) -> None:
    status, code, detail = refusal
    path = str(scope.get("path", ""))
    response = problem_response(status, code, detail, headers=headers, instance=path)
    await response(scope, receive, send)


class _BodyTooLargeError(ServiceError):
    """Raised from ``receive`` once the body passes the limit."""


class BodyLimit:
    """Refuse request bodies over a limit (413 ``request_too_large``).

    Args:
        app: the wrapped application.
        max_bytes: the limit of paths no prefix names.
        limits: ``(path prefix, max bytes)`` pairs; the longest matching prefix wins.
    """

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, limits: Sequence[tuple[str, int]] = ()
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.limits = sorted(limits, key=lambda pair: len(pair[0]), reverse=True)

    def limit_for(self, path: str) -> int:
        """The body limit of ``path``."""
        for prefix, limit in self.limits:
            if _prefixed(path, (prefix,)):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
        numeric = declared.isdigit()  # ASCII digits only (bytes)
        if not numeric or len(declared) > 18 or int(declared) > limit:
            await _refuse(scope, receive, send, _too_large(limit, numeric=numeric))
            return
        await self._streaming(scope, receive, send, limit)

    async def _streaming(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        seen = 0
        exceeded = started = False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                exceeded = True
                raise _BodyTooLargeError
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:  # whatever the app answers to the interrupted read is replaced
                return
            started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except _BodyTooLargeError:
            exceeded = True
        if exceeded and not started:
            await _refuse(scope, receive, send, _too_large(limit, numeric=True))


def _too_large(limit: int, *, numeric: bool) -> tuple[int, str, str]:
    if not numeric:
        return 400, "request_invalid", "the Content-Length header is not a number"
    return 413, "request_too_large", f"the request body is larger than {limit} bytes"


Authenticator = Callable[[str | None], str | None]
"""``authenticate(authorization_header) -> actor or None``; may block (runs in a thread)."""


class AuthenticateFirst:
    """Check the bearer token before the application reads anything (401 ``unauthorized``).

    Args:
        app: the wrapped application.
        prefixes: the protected path prefixes.
        authenticate: ``(Authorization header or None) -> actor or None``, called in a
            worker thread (it may query a database).
    """

    def __init__(
        self, app: ASGIApp, *, prefixes: Collection[str], authenticate: Authenticator
    ) -> None:
        self.app, self.prefixes, self.authenticate = app, tuple(prefixes), authenticate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _prefixed(scope["path"], self.prefixes):
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers", [])).get(b"authorization")
        value = header.decode("latin-1") if header is not None else None
        actor = await run_in_threadpool(self.authenticate, value)
        if actor is None:
            refusal = (401, "unauthorized", "a valid bearer token is required")
            await _refuse(scope, receive, send, refusal, {"WWW-Authenticate": "Bearer"})
            return
        scope.setdefault("state", {})["actor"] = actor
        await self.app(scope, receive, send)


class TokenBuckets:
    """Token buckets per client: ``burst`` requests at once, refilled at ``per_minute``.

    Memory is bounded: at most ``max_clients`` buckets; the least recently seen client is
    forgotten first (it starts again with a full bucket).

    Args:
        per_minute: the sustained rate (> 0).
        burst: the bucket size (>= 1).
        max_clients: how many clients are remembered.
        clock: seconds, monotonic (tests pass their own).
    """

    def __init__(
        self,
        *,
        per_minute: float,
        burst: int,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute <= 0 or burst < 1 or max_clients < 1:
            raise ValueError("per_minute > 0, burst >= 1 and max_clients >= 1 are required")
        self.rate, self.burst, self.max_clients = per_minute / 60, float(burst), max_clients
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> float:
        """Take a token for ``client``.

        Returns:
            0 when the request may go ahead, else the seconds until a token is available.
        """
        now = self.clock()
        tokens, then = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[client] = (tokens - 1 if wait == 0 else tokens, now)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait


class RateLimit:
    """429 ``rate_limited`` (with ``Retry-After``) for a client over its token bucket.

    Args:
        app: the wrapped application.
        buckets: the token buckets.
        methods: the limited methods (e.g. ``{"POST"}``).
        prefixes: the limited path prefixes.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        buckets: TokenBuckets,
        methods: Collection[str],
        prefixes: Collection[str],
    ) -> None:
        self.app, self.buckets = app, buckets
        self.methods, self.prefixes = frozenset(methods), tuple(prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limited = (
            scope["type"] == "http"
            and scope["method"] in self.methods
            and _prefixed(scope["path"], self.prefixes)
        )
        if limited:
            client = scope.get("client") or ("unknown", 0)
            wait = self.buckets.take(str(client[0]))
            if wait > 0:
                retry = str(max(1, math.ceil(wait)))
                refusal = (429, "rate_limited", "too many requests from this client; try later")
                await _refuse(scope, receive, send, refusal, {"Retry-After": retry})
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Security headers on every HTTP answer (a header the app set itself is kept).

    Args:
        app: the wrapped application.
        docs_prefixes: paths whose pages get :data:`DOCS_CSP` instead of :data:`API_CSP`.
        hsts: also send ``Strict-Transport-Security`` (a service reached over https).
    """

    def __init__(
        self, app: ASGIApp, *, docs_prefixes: Collection[str] = ("/docs",), hsts: bool = False
    ) -> None:
        self.app, self.docs_prefixes, self.hsts = app, tuple(docs_prefixes), hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if _prefixed(scope["path"], self.docs_prefixes) else API_CSP
        extra = _headers(csp)
        if self.hsts:
            extra.append((b"strict-transport-security", b"max-age=31536000"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                added = [(n, v) for n, v in extra if n not in present]
                message["headers"] = [*message.get("headers", []), *added]
            await send(message)

        await self.app(scope, receive, with_headers)


def _headers(csp: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
