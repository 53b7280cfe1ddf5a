"""OAuth 2.0 / OpenID4VCI error responses.

An error has the specification's ``error`` code (``invalid_grant``, ``invalid_proof``,
``invalid_nonce``, ``invalid_dpop_proof``...) and ``error_description``, and — so that it is
also an RFC 9457 problem document like every other error of the service — ``type``,
``title``, ``status``, ``detail`` and our stable ``code`` (``oid4vci.<reason>``). The media
type is ``application/json``, as OAuth requires; nothing from the request is echoed back.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse

from vc_led.errors import ServiceError
from vc_led.problems import problem_document

__all__ = ["OAuthError", "oauth_error_response"]

NO_STORE = {"Cache-Control": "no-store"}


class OAuthError(ServiceError):
    """Raise to answer an OAuth error.

    Args:
        error: the specification's error code.
        code: our stable code, ``oid4vci.<reason>``.
        description: for people (ASCII, no request values).
        status: the HTTP status (400; 401 for a missing or bad access token).
        headers: e.g. ``WWW-Authenticate``.
    """

    def __init__(
        self,
        error: str,
        code: str,
        description: str,
        *,
        status: int = 400,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(description)
        self.error, self.code, self.description = error, code, description
        self.status, self.headers = status, headers or {}


def oauth_error_response(exc: OAuthError, *, instance: str | None = None) -> JSONResponse:
    """The JSON response of an :class:`OAuthError` (never cached), ``instance`` the request
    path."""
    body = problem_document(
        status=exc.status,
        code=exc.code,
        detail=exc.description,
        instance=instance,
        extensions={"error": exc.error, "error_description": exc.description},
    )
    return JSONResponse(body, status_code=exc.status, headers=NO_STORE | exc.headers)
