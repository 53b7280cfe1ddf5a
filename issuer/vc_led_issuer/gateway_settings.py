"""Configuration of the citizen gateway (login, sessions), from ``VCLED_`` variables.

The identity provider is configuration, as LED's portal uses the government's one:

- ``VCLED_OIDC_ISSUER``: the OpenID Provider's issuer URL (its discovery document is
  ``<issuer>/.well-known/openid-configuration``). Empty: citizens cannot log in (the portal
  says so); there is no other way in.
- ``VCLED_OIDC_CLIENT_ID`` and ``VCLED_OIDC_CLIENT_SECRET_FILE`` (or ``_SECRET``): the
  gateway's client registration at the provider.
- ``VCLED_OIDC_INSZ_CLAIM``: the ID token claim that carries the INSZ (default ``egovNRN``,
  the federal authentication service's name for the national register number).
- ``VCLED_SESSION_IDLE_MINUTES`` (default 30) and ``VCLED_SESSION_ABSOLUTE_HOURS``
  (default 8): a session ends after that long without a request, and that long after login.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from vc_led.errors import ConfigurationError

__all__ = ["GatewaySettings", "load_gateway_settings"]


class GatewaySettings(BaseSettings):
    """The citizen gateway's configuration (the client secret never appears in ``repr``)."""

    model_config = SettingsConfigDict(
        env_prefix="VCLED_", extra="ignore", frozen=True, populate_by_name=True
    )

    oidc_issuer: str = ""
    oidc_client_id: str = "vc-led-gateway"
    oidc_client_secret: SecretStr | None = None
    oidc_client_secret_file: Path | None = None
    oidc_insz_claim: str = "egovNRN"
    oidc_scope: str = "openid profile egovnrn"
    oidc_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(default=8, ge=1, le=7 * 24)

    @property
    def login_configured(self) -> bool:
        """Whether an OpenID Provider is configured."""
        return bool(self.oidc_issuer)

    def client_secret(self) -> str:
        """The client secret.

        Raises:
            ConfigurationError: none configured, both a value and a file, or an unreadable
                or empty file.
        """
        value, path = self.oidc_client_secret, self.oidc_client_secret_file
        if value is not None and path is not None:
            raise ConfigurationError("configure the OIDC client secret as a value or a file")
        if value is not None:
            return value.get_secret_value()
        if path is None:
            raise ConfigurationError("no OIDC client secret (set VCLED_OIDC_CLIENT_SECRET_FILE)")
        try:
            secret = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            message = f"cannot read the OIDC client secret file: {type(exc).__name__}"
            raise ConfigurationError(message) from None
        if not secret:
            raise ConfigurationError("the OIDC client secret file is empty")
        return secret


def load_gateway_settings(**overrides: object) -> GatewaySettings:
    """Gateway settings from the environment, with keyword overrides.

    Raises:
        ConfigurationError: a value does not validate (names the field, never the value).
    """
    try:
        return GatewaySettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise ConfigurationError("invalid gateway settings: " + ", ".join(fields)) from None
