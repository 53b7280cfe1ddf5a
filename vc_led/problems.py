"""RFC 9457 problem documents: the one error shape of both services (the registry and the web
verifier), built here without any web framework.

A problem document has ``type`` (:data:`PROBLEM_BASE` followed by the stable ``code``, or
``about:blank`` for a plain HTTP error without one), ``title`` (the HTTP status phrase unless
given), ``status``, ``detail`` (for people: never a request value, a secret or an INSZ),
``code`` (the stable snake_case code; ``oid4vci.<reason>`` for the credential issuance API),
and, where the service knows it, ``instance`` (the request path). Extension members are
snake_case (``code``, ``errors``, ``retry_after``...). Served as :data:`PROBLEM_JSON`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from .errors import ServiceError

__all__ = ["PROBLEM_BASE", "PROBLEM_JSON", "ProblemError", "problem_document"]

#: The ``type`` of a problem is this base followed by its code.
PROBLEM_BASE = "https://w3id.org/vc-led/problems#"
#: The media type of a problem document.
PROBLEM_JSON = "application/problem+json"
_CODE = re.compile(r"[a-z0-9]+(?:[._][a-z0-9]+)*")
_MEMBER = re.compile(r"[a-z][a-z0-9_]*")
_RESERVED = frozenset({"type", "title", "status", "detail", "instance", "code"})


def problem_document(
    *,
    status: int,
    code: str | None,
    detail: str,
    title: str | None = None,
    instance: str | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A problem document (see the module docstring).

    Args:
        status: the HTTP status.
        code: the stable snake_case code (``not_found``, ``too_large``...); ``None`` for a
            plain HTTP error (``type`` ``about:blank``).
        detail: what went wrong, for people.
        title: the title (default: the status phrase).
        instance: the request path, if known.
        extensions: further snake_case members (``errors``...).

    Returns:
        The document, a JSON object.

    Raises:
        ValueError: for a code or extension name that is not snake_case, or an extension that
            would replace a standard member (a programming error).
    """
    if code is not None and not _CODE.fullmatch(code):
        raise ValueError(f"problem code {code!r} is not snake_case")
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code if code else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if code:
        body["code"] = code
    if instance is not None:
        body["instance"] = instance
    for name, value in (extensions or {}).items():
        if name in _RESERVED or not _MEMBER.fullmatch(name):
            raise ValueError(f"problem extension {name!r} is reserved or not snake_case")
        body[name] = value
    return body


class ProblemError(ServiceError):
    """Raise in a service to answer a problem document.

    Args:
        status: the HTTP status.
        code: the stable snake_case code.
        detail: what went wrong, for people.
        headers: extra response headers (``Retry-After``...).
    """

    def __init__(
        self, status: int, code: str, detail: str, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.headers: dict[str, str] = dict(headers or {})

    def document(self, *, title: str | None = None, instance: str | None = None) -> dict[str, Any]:
        """This error's problem document."""
        return problem_document(
            status=self.status, code=self.code, detail=self.detail, title=title, instance=instance
        )
