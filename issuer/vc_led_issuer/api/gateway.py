"""The citizen gateway's part of the app: sessions, login, the portal pages."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from vc_led.errors import ConfigurationError

from ..context import Registry
from ..gateway_settings import GatewaySettings, load_gateway_settings
from .pages import install_page_errors
from .routes import downloads, login, portal, verify_page
from .sessions import ServerSessionMiddleware

__all__ = ["install_gateway"]


def install_gateway(app: FastAPI, registry: Registry, gateway: GatewaySettings | None) -> None:
    """Add the session middleware, the login routes and the portal to ``app``.

    Args:
        app: the service app.
        registry: its registry (sessions are stored in its database).
        gateway: the login and session settings (default: from the environment).

    Raises:
        ConfigurationError: an http identity provider in production mode, or a provider
            without a client secret.
    """
    gateway = gateway if gateway is not None else load_gateway_settings()
    if not registry.settings.demo and gateway.login_configured:
        if not gateway.oidc_issuer.startswith("https://"):
            raise ConfigurationError("VCLED_OIDC_ISSUER must be https in production mode")
    app.state.gateway = gateway
    app.state.oauth = login.make_oauth(gateway)
    app.add_middleware(
        ServerSessionMiddleware,
        registry=registry,
        idle=timedelta(minutes=gateway.session_idle_minutes),
        absolute=timedelta(hours=gateway.session_absolute_hours),
        secure=registry.settings.public_url.startswith("https://"),
    )
    install_page_errors(app)
    for module in (login, portal, downloads, verify_page):
        app.include_router(module.router)
