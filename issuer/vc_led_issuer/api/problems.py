"""RFC 9457 problem documents for every error the service answers, in the one shape of
:mod:`vc_led.problems` (shared with the web verifier).

A problem has ``type`` (``https://w3id.org/vc-led/problems#<code>``, or ``about:blank`` for
plain HTTP errors), ``title``, ``status``, ``detail``, our stable ``code`` and ``instance``
(the request path). Nothing from the request is echoed back (no input values in validation
errors), and no exception text from a backend: a detail names what was wrong, never a secret
or an INSZ.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from vc_led.errors import ConfigurationError
from vc_led.problems import PROBLEM_JSON, ProblemError, problem_document

from ..errors import (
    AllocationError,
    HolderMismatchError,
    KeyCustodyError,
    NotFoundError,
    RegistryError,
    StatusChangeError,
)

__all__ = ["PROBLEM_JSON", "ProblemError", "install_problem_handlers", "problem_response"]

log = logging.getLogger("issuer.api")


def problem_response(
    status: int,
    code: str | None,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
    instance: str | None = None,
) -> JSONResponse:
    """A problem document response (:func:`vc_led.problems.problem_document`)."""
    body = problem_document(
        status=status, code=code, detail=detail, title=title, instance=instance, extensions=extra
    )
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_REGISTRY_ERRORS: tuple[tuple[type[Exception], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (StatusChangeError, 409, "status_change_refused"),
    (HolderMismatchError, 409, "holder_mismatch"),
    (AllocationError, 409, "allocation_conflict"),
    (KeyCustodyError, 503, "signing_unavailable"),
    (RegistryError, 409, "registry_refused"),
)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error as a problem document."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(
            exc.status, exc.code, exc.detail, headers=exc.headers, instance=request.url.path
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request refused"
        headers = dict(exc.headers) if exc.headers else None
        path = request.url.path
        return problem_response(exc.status_code, None, detail, headers=headers, instance=path)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "location": ".".join(str(p) for p in e.get("loc", ())),
                "message": str(e.get("msg"))[:200],
            }
            for e in exc.errors()[:20]
        ]
        return problem_response(
            422,
            "request_invalid",
            "the request does not match the API",
            extra={"errors": errors},
            instance=request.url.path,
        )

    @app.exception_handler(RegistryError)
    async def _registry(request: Request, exc: RegistryError) -> JSONResponse:
        path = request.url.path
        for kind, status, code in _REGISTRY_ERRORS:
            if isinstance(exc, kind):
                return problem_response(status, code, str(exc)[:300], instance=path)
        refused = "the registry refused the operation"
        return problem_response(409, "registry_refused", refused, instance=path)

    @app.exception_handler(ConfigurationError)
    async def _configuration(request: Request, exc: ConfigurationError) -> JSONResponse:
        log.error("configuration problem: %s", exc)
        detail = "the service is not fully configured"
        return problem_response(503, "not_configured", detail, instance=request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s", type(exc).__name__)
        detail = "the request could not be completed"
        return problem_response(500, "internal_error", detail, instance=request.url.path)
