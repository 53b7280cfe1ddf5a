"""RFC 9457 problem documents for every error the service answers.

A problem has ``type`` (``https://w3id.org/vc-led/problems#<code>``, or ``about:blank`` for
plain HTTP errors), ``title``, ``status``, ``detail`` and our stable ``code``. Nothing from
the request is echoed back (no input values in validation errors), and no exception text
from a backend: a detail names what was wrong, never a secret or an INSZ.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from vc_led.errors import ConfigurationError

from ..errors import (
    AllocationError,
    HolderMismatchError,
    KeyCustodyError,
    NotFoundError,
    RegistryError,
    StatusChangeError,
)

__all__ = ["PROBLEM_JSON", "ProblemError", "install_problem_handlers", "problem_response"]

PROBLEM_JSON = "application/problem+json"
_TYPE = "https://w3id.org/vc-led/problems#"
log = logging.getLogger("issuer.api")


class ProblemError(Exception):
    """Raise in a route to answer a problem document."""

    def __init__(
        self, status: int, code: str, detail: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers = status, code, detail, headers


def problem_response(
    status: int,
    code: str | None,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """A problem document response."""
    from http import HTTPStatus

    body: dict[str, Any] = {
        "type": f"{_TYPE}{code}" if code else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if code:
        body["code"] = code
    body |= extra or {}
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
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.code, exc.detail, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request refused"
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(exc.status_code, None, detail, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "location": ".".join(str(p) for p in e.get("loc", ())),
                "message": str(e.get("msg"))[:200],
            }
            for e in exc.errors()[:20]
        ]
        return problem_response(
            422, "request_invalid", "the request does not match the API", extra={"errors": errors}
        )

    @app.exception_handler(RegistryError)
    async def _registry(_: Request, exc: RegistryError) -> JSONResponse:
        for kind, status, code in _REGISTRY_ERRORS:
            if isinstance(exc, kind):
                return problem_response(status, code, str(exc)[:300])
        return problem_response(409, "registry_refused", "the registry refused the operation")

    @app.exception_handler(ConfigurationError)
    async def _configuration(_: Request, exc: ConfigurationError) -> JSONResponse:
        log.error("configuration problem: %s", exc)
        return problem_response(503, "not_configured", "the service is not fully configured")

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s", type(exc).__name__)
        return problem_response(500, "internal_error", "the request could not be completed")
