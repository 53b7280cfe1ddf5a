"""Errors the web verifier answers with: a page for people, an RFC 9457 problem document for
programs, in the one shape of :mod:`vc_led.problems` (shared with the registry). Always 4xx
for what a request contains; never a stack trace."""

from __future__ import annotations

from starlette.requests import Request

from vc_led.errors import ServiceError
from vc_led.problems import PROBLEM_BASE, ProblemError

__all__ = [
    "PROBLEM_BASE",
    "BodyTimeoutError",
    "PayloadTooLargeError",
    "WebProblemError",
    "wants_json",
]


class WebProblemError(ProblemError):
    """A request the verifier answers with an error (a 4xx or 5xx status).

    Args:
        status: the HTTP status.
        code: the stable snake_case code (``too_large``, ``busy``...).
        detail: what went wrong, for people (in the visitor's language).
        headers: extra response headers (``Retry-After``).
    """

    def __init__(
        self, status: int, code: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status, code, detail, headers=headers)


class PayloadTooLargeError(ServiceError):
    """The request body is larger than the verifier accepts (raised while it is read)."""


class BodyTimeoutError(ServiceError):
    """The request body did not arrive in time (raised while it is read)."""


def wants_json(request: Request) -> bool:
    """Whether to answer with JSON: API paths, or a client asking for JSON and not HTML."""
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "json" in accept and "text/html" not in accept
