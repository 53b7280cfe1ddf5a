"""Errors the web verifier answers with: a page for people, an RFC 9457 problem document for
programs. Always 4xx for what a request contains; never a stack trace."""

from __future__ import annotations

from starlette.requests import Request

__all__ = [
    "PROBLEM_BASE",
    "BodyTimeoutError",
    "PayloadTooLargeError",
    "WebProblemError",
    "wants_json",
]

PROBLEM_BASE = "https://w3id.org/vc-led/problems/"


class WebProblemError(Exception):
    """A request the verifier answers with an error (a 4xx status).

    Args:
        status: the HTTP status.
        slug: the problem type (``not-json``, ``too-large``...); also the UI text key.
        detail: what went wrong, for people.
        headers: extra response headers (``Retry-After``).
    """

    def __init__(
        self, status: int, slug: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.headers = headers or {}

    def document(self, title: str, instance: str) -> dict[str, object]:
        """The RFC 9457 problem document."""
        return {
            "type": PROBLEM_BASE + self.slug,
            "title": title,
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
        }


class PayloadTooLargeError(Exception):
    """The request body is larger than the verifier accepts (raised while it is read)."""


class BodyTimeoutError(Exception):
    """The request body did not arrive in time (raised while it is read)."""


def wants_json(request: Request) -> bool:
    """Whether to answer with JSON: API paths, or a client asking for JSON and not HTML."""
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "json" in accept and "text/html" not in accept
