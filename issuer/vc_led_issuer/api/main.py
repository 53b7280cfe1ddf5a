"""The FastAPI application of the registry: ``create_app(registry)``."""

from __future__ import annotations

from fastapi import FastAPI

from vc_led import __version__

from ..context import Registry
from ..gateway_settings import GatewaySettings
from ..oid4vci.config import Oid4vciSettings
from .deps import authenticate_bearer
from .gateway import install_gateway
from .hardening import AuthenticateFirst, BodyLimit, RateLimit, SecurityHeaders, TokenBuckets
from .local_docs import install_local_docs
from .problems import install_problem_handlers
from .routes import admin, bundle, credentials, health, oauth, status, trust, wellknown
from .routes.oid4vci import install_oid4vci

__all__ = ["create_app"]


def create_app(
    registry: Registry,
    *,
    admin_token: str,
    gateway: GatewaySettings | None = None,
    oid4vci: Oid4vciSettings | None = None,
) -> FastAPI:
    """The service: DID document, status lists, trust list, admin API, operator view, health.

    Args:
        registry: the registry it serves.
        admin_token: the admin API's bearer token.
        gateway: the citizen gateway's login and session settings (default: environment).
        oid4vci: the OpenID4VCI settings (default: environment).

    Returns:
        The app (OpenAPI at ``/docs``, served offline), hardened by
        :mod:`vc_led_issuer.api.hardening`: body limits, token checked before any body is read,
        a rate limit on the admin POST routes, security headers.
    """
    app = FastAPI(
        title="vc-led registry",
        summary="LED registry: status lists, trust list, DID document, admin API",
        version=__version__,
        docs_url=None,
        redoc_url=None,
    )
    app.state.registry = registry
    app.state.admin_token = admin_token
    install_problem_handlers(app)
    install_local_docs(app)
    for module in (health, wellknown, status, trust, bundle, admin, credentials, oauth):
        app.include_router(module.router)
    install_gateway(app, registry, gateway)
    install_oid4vci(app, oid4vci)
    _harden(app, registry, admin_token=admin_token)
    return app


_PROTECTED = ("/admin",)
"""Token checked before the body is read; the operator GET routes (``/credentials/{id}``) have
no body and check it in their dependency."""


def _harden(app: FastAPI, registry: Registry, *, admin_token: str) -> None:
    """Middleware, innermost first (``add_middleware`` wraps what was added before)."""
    settings = registry.settings

    def check(header: str | None) -> str | None:
        return authenticate_bearer(registry, admin_token=admin_token, header=header)

    app.add_middleware(AuthenticateFirst, prefixes=_PROTECTED, authenticate=check)
    limits = [(prefix, settings.admin_max_request_bytes) for prefix in _PROTECTED]
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes, limits=limits)
    per_minute = settings.admin_rate_per_minute()
    if per_minute:
        buckets = TokenBuckets(per_minute=per_minute, burst=settings.rate_limit_burst)
        app.add_middleware(RateLimit, buckets=buckets, methods={"POST"}, prefixes=("/admin",))
    https = settings.public_url.startswith("https://")
    app.add_middleware(SecurityHeaders, docs_prefixes=("/docs",), hsts=https)
