"""The web verifier application: :func:`create_app`, and :func:`serve` to run it.

Middleware bounds the request body (413 before it is all read: by ``Content-Length``, or
while a chunked or multipart body streams in; 408 when it does not arrive in time) and sets
strict security headers (no external anything: ``default-src 'none'``, scripts and styles
from this server only). Errors become a page in the visitor's language or an RFC 9457
problem document. Verifications run in worker processes (:mod:`vc_led_verifier.workers`), started
with the application and killed when it stops -- at once on SIGTERM, even mid-verification.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vc_led.problems import PROBLEM_JSON

from .i18n import UI, pick_language
from .problems import BodyTimeoutError, PayloadTooLargeError, WebProblemError, wants_json
from .ratelimit import ConcurrencyLimit, RateLimiter
from .routes import page_context, router
from .settings import VerifierSettings
from .store import ResultStore
from .workers import Recipe, WorkerPool

__all__ = ["create_app", "serve"]

HERE = Path(__file__).resolve().parent
log = logging.getLogger("verifier")
_CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", _CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


#: How long the application waits at start-up for its worker processes to be ready.
STARTUP_SECONDS = 60

#: How much of a too-large body is still read (and discarded) before answering 413, so that the
#: client finishes sending and can read the answer instead of a connection reset.
DRAIN_BYTES = 16 * 1024 * 1024
_ENDLESS = 10**18


async def _drain(receive: Receive, budget: int) -> None:
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return


class BodyLimit:
    """Refuse a request body over ``max_bytes``: by its ``Content-Length``, or while it is
    read (``PayloadTooLargeError``, answered 413). Up to :data:`DRAIN_BYTES` of the rest is
    read and dropped first, so browsers show the answer. A body still arriving ``seconds``
    after it was first read is refused too (``BodyTimeoutError``, answered 408)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, seconds: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        # ASCII digits only (bytes); more than 18 of them is past any limit (and past what
        # int() converts)
        size = (int(declared) if len(declared) <= 18 else _ENDLESS) if declared.isdigit() else 0
        seen, complete = 0, False
        deadline: float | None = None

        async def timed() -> Message:
            nonlocal deadline
            deadline = deadline or asyncio.get_running_loop().time() + self.seconds
            try:
                async with asyncio.timeout_at(deadline):
                    return await receive()
            except TimeoutError:
                raise BodyTimeoutError from None

        async def refuse(drain: int) -> NoReturn:
            with contextlib.suppress(BodyTimeoutError):
                await _drain(timed, drain)
            raise PayloadTooLargeError

        async def limited() -> Message:
            nonlocal seen, complete
            if complete:  # the body is in: what follows is the disconnect, whenever it comes
                return await receive()
            if size > self.max_bytes:
                await refuse(size if size <= self.max_bytes + DRAIN_BYTES else 0)
            message = await timed()
            complete = not message.get("more_body", False)
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                await refuse(0 if complete else DRAIN_BYTES)
            return message

        await self.app(scope, limited, send)


class SecurityHeaders:
    """Add the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def _problem(request: Request, problem: WebProblemError) -> Response:
    lang = pick_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    headers = {"Cache-Control": "no-store", **problem.headers}
    if wants_json(request):
        body = problem.document(title=UI[lang]["error_title"], instance=request.url.path)
        return JSONResponse(body, problem.status, headers=headers, media_type=PROBLEM_JSON)
    templates: Jinja2Templates = request.app.state.templates
    context = page_context(request, lang) | {"error": problem.detail}
    return templates.TemplateResponse(
        request, "index.html", context, status_code=problem.status, headers=headers
    )


def _install_handlers(app: FastAPI) -> None:
    def lang_of(request: Request) -> str:
        return pick_language(
            request.query_params.get("lang"), request.headers.get("accept-language")
        )

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WebProblemError)
        return _problem(request, exc)

    async def on_too_large(request: Request, exc: Exception) -> Response:
        settings: VerifierSettings = request.app.state.settings
        limit = f"{settings.max_document_bytes / 1024 / 1024:.0f} MB"
        detail = UI[lang_of(request)]["too_large"].format(limit=limit)
        close = {"Connection": "close"}  # the rest of the body is not read
        return _problem(request, WebProblemError(413, "too_large", detail, close))

    async def on_slow_body(request: Request, exc: Exception) -> Response:
        seconds = int(request.app.state.settings.body_timeout.total_seconds())
        detail = UI[lang_of(request)]["slow_body"].format(seconds=seconds)
        close = {"Connection": "close"}
        return _problem(request, WebProblemError(408, "request_timeout", detail, close))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        key = {404: "not_found", 405: "not_allowed"}.get(status, "bad_request")
        minutes = int(request.app.state.settings.result_ttl.total_seconds() // 60)
        detail = UI[lang_of(request)][key].format(minutes=minutes)
        return _problem(request, WebProblemError(status, key, detail))

    async def on_invalid(request: Request, exc: Exception) -> Response:
        detail = UI[lang_of(request)]["bad_request"]
        return _problem(request, WebProblemError(422, "bad_request", detail))

    async def on_error(request: Request, exc: Exception) -> Response:  # a bug, not the input
        log.exception("unexpected error while answering %s", request.url.path)
        detail = UI[lang_of(request)]["server_error"]
        problem = WebProblemError(500, "server_error", detail)
        body = problem.document(title=detail, instance=request.url.path)
        return JSONResponse(body, 500, media_type=PROBLEM_JSON)

    app.add_exception_handler(WebProblemError, on_problem)
    app.add_exception_handler(PayloadTooLargeError, on_too_large)
    app.add_exception_handler(BodyTimeoutError, on_slow_body)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(Exception, on_error)


def create_app(settings: VerifierSettings | None = None) -> FastAPI:
    """The web verifier.

    Args:
        settings: trust bundle, policy, limits and clock (default: no bundle, default policy).

    Returns:
        The FastAPI application (no OpenAPI pages: they would load assets from a CDN).
    """
    settings = settings or VerifierSettings()
    pool = WorkerPool(
        size=settings.workers,
        budget=settings.verification_budget.total_seconds(),
        recipe=Recipe.of(settings),
        task=settings.worker_task,
        max_bytes=settings.worker_memory_bytes,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if not await pool.wait_ready(STARTUP_SECONDS):
            log.warning("the verification workers were not ready within %s s", STARTUP_SECONDS)
        try:
            yield
        finally:
            pool.join()

    app = FastAPI(
        title="vc-led verifier",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False
    )
    state: dict[str, Any] = {
        "settings": settings,
        "pool": pool,
        "limiter": _limiter(settings),
        "admission": ConcurrencyLimit(settings.workers + settings.max_waiting),
        "store": ResultStore(
            ttl=settings.result_ttl,
            max_entries=settings.max_results,
            max_bytes=settings.max_result_bytes,
        ),
        "templates": Jinja2Templates(env=env),
    }
    for name, value in state.items():
        setattr(app.state, name, value)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _install_handlers(app)
    seconds = settings.body_timeout.total_seconds()
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, seconds=seconds)
    app.add_middleware(SecurityHeaders)
    return app


def _limiter(settings: VerifierSettings) -> RateLimiter | None:
    if settings.rate_limit_per_minute is None:
        return None
    return RateLimiter(
        per_minute=settings.rate_limit_per_minute,
        burst=settings.rate_limit_burst,
        max_clients=settings.rate_limit_clients,
    )


#: Seconds uvicorn waits for requests under way once it was told to stop (verifications
#: under way are stopped at once; this bounds everything else).
GRACEFUL_SECONDS = 3


def serve(settings: VerifierSettings, *, host: str, port: int) -> None:
    """Run the verifier with uvicorn until SIGINT or SIGTERM. On the signal the worker
    processes are killed at once (verifications under way answer 503 ``shutting-down``),
    so the server stops within seconds whatever it was verifying."""
    import uvicorn

    app = create_app(settings)
    pool: WorkerPool = app.state.pool

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            pool.close()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=GRACEFUL_SECONDS
    )
    Server(config).run()
