"""The FastAPI application of the registry: ``create_app(registry)``."""

from __future__ import annotations

from fastapi import FastAPI

from ..context import Registry
from ..gateway_settings import GatewaySettings
from ..oid4vci.config import Oid4vciSettings
from .gateway import install_gateway
from .problems import install_problem_handlers
from .routes import admin, bundle, credentials, health, status, trust, wellknown
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
        The app (OpenAPI at ``/docs``).
    """
    app = FastAPI(
        title="vc-led registry",
        summary="LED registry: status lists, trust list, DID document, admin API",
        version="0.1.0",
    )
    app.state.registry = registry
    app.state.admin_token = admin_token
    install_problem_handlers(app)
    for module in (health, wellknown, status, trust, bundle, admin, credentials):
        app.include_router(module.router)
    install_gateway(app, registry, gateway)
    install_oid4vci(app, oid4vci)
    return app
