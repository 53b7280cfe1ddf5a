"""Rendering the portal's server-side pages: language, template context, security headers.

Every page is Jinja2 (autoescaped), has no script and no external asset, and is answered
with a strict Content-Security-Policy, ``nosniff``, no referrer, no framing and ``no-store``
(pages name a person). A ``?lang=`` link is remembered in a cookie.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ..portal.i18n import LANG_COOKIE, LANGUAGES, NAMES, TEXTS, pick_language
from .citizen import Citizen, current_citizen
from .csrf import csrf_token
from .problems import ProblemError, problem_response

__all__ = [
    "TEMPLATES_DIR",
    "install_page_errors",
    "page_language",
    "render_page",
    "secure_headers",
]

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
_templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
_YEAR = 365 * 86_400


def page_language(request: Request) -> str:
    """The language of this request's page (see :mod:`vc_led_issuer.portal.i18n`)."""
    return pick_language(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )


def _form_origins(request: Request) -> str:
    """``'self'`` and the identity provider's origin (the logout form redirects there)."""
    issuer = getattr(request.app.state, "gateway", None)
    url = issuer.oidc_issuer if issuer is not None else ""
    parts = urlsplit(url)
    extra = f" {parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return "'self'" + extra


def secure_headers(request: Request, response: Response, *, private: bool = True) -> Response:
    """Add the page security headers to ``response`` (returned for chaining)."""
    csp = (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; "
        f"form-action {_form_origins(request)}; frame-ancestors 'none'; base-uri 'none'"
    )
    response.headers["Content-Security-Policy"] = csp
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store" if private else "no-cache"
    return response


def _names(citizen: Citizen | None) -> tuple[str, str]:
    if citizen is None:
        return "", ""
    name = " ".join(n for n in (citizen.given_name, citizen.family_name) if n)
    born = citizen.birth_date.isoformat() if citizen.birth_date else ""
    return name, born


def render_page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    private: bool = True,
) -> HTMLResponse:
    """Render ``portal/<template>`` with the common context (language, citizen, CSRF)."""
    lang = page_language(request)
    citizen = current_citizen(request)
    name, born = _names(citizen)
    values: dict[str, Any] = {
        "lang": lang,
        "t": TEXTS[lang],
        "languages": [(code, NAMES[code]) for code in LANGUAGES],
        "citizen": citizen,
        "citizen_name": name,
        "citizen_born": born,
        "csrf": csrf_token(request) if citizen is not None else "",
    }
    values |= context or {}
    response = _templates.TemplateResponse(
        request, f"portal/{template}", values, status_code=status_code
    )
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        secure = request.app.state.registry.settings.public_url.startswith("https://")
        response.set_cookie(
            LANG_COOKIE, chosen, max_age=_YEAR, httponly=True, samesite="lax", secure=secure
        )
    secure_headers(request, response, private=private)
    return response


_PAGE_PREFIXES = ("/login", "/auth/", "/logout", "/records/")
_MESSAGES = {
    "login_failed": "login_failed",
    "login_unavailable": "login_unavailable",
    "login_required": "login_required",
    "record_not_found": "not_found",
    "csrf_failed": "csrf_failed",
}


def _wants_page(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.startswith(_PAGE_PREFIXES) and "text/html" in accept


def install_page_errors(app: FastAPI) -> None:
    """A browser (``Accept: text/html``) on a portal route gets its problems as a page in its
    language, with the same status; every other client keeps the RFC 9457 document."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> Response:
        if _wants_page(request) and exc.code in _MESSAGES:
            message = TEXTS[page_language(request)][_MESSAGES[exc.code]]
            return render_page(request, "error.html", {"message": message}, status_code=exc.status)
        path = request.url.path
        return problem_response(
            exc.status, exc.code, exc.detail, headers=exc.headers, instance=path
        )
