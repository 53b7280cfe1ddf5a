"""Settings of the OpenID4VCI endpoints (environment prefix ``VCLED_OID4VCI_``).

- ``OFFER_MINUTES``: how long a portal offer (its pre-authorized code) is valid (10).
- ``BULK_OFFER_DAYS``: default validity of ``vc-led offer create`` offers (30), sent by post.
- ``TX_CODE_LENGTH``: digits of the transaction code (PIN) (6).
- ``TX_CODE_ATTEMPTS``: wrong PINs after which the offer is void (5).
- ``ACCESS_TOKEN_SECONDS``: access token lifetime (300).
- ``NONCE_SECONDS``: ``c_nonce`` lifetime (300); each nonce is accepted once.
- ``PROOF_MAX_AGE_SECONDS``: oldest ``iat`` of a key or DPoP proof (300).
- ``CLOCK_SKEW_SECONDS``: how far in the future an ``iat`` may lie (60).
- ``AUTHORIZATION_CODE_SECONDS`` / ``PAR_SECONDS``: authorization code and pushed request
  lifetimes (60 / 90).
- ``DPOP_REQUIRED``: refuse access tokens without DPoP (HAIP); default false, so wallets
  without DPoP get plain bearer tokens.
"""

from __future__ import annotations

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from vc_led.errors import ConfigurationError

__all__ = ["Oid4vciSettings", "load_oid4vci_settings"]


class Oid4vciSettings(BaseSettings):
    """OpenID4VCI configuration (see the module docstring)."""

    model_config = SettingsConfigDict(env_prefix="VCLED_OID4VCI_", extra="ignore", frozen=True)

    offer_minutes: int = Field(default=10, ge=1, le=24 * 60)
    bulk_offer_days: int = Field(default=30, ge=1, le=366)
    tx_code_length: int = Field(default=6, ge=4, le=12)
    tx_code_attempts: int = Field(default=5, ge=1, le=20)
    access_token_seconds: int = Field(default=300, ge=30, le=3600)
    nonce_seconds: int = Field(default=300, ge=10, le=3600)
    proof_max_age_seconds: int = Field(default=300, ge=10, le=3600)
    clock_skew_seconds: int = Field(default=60, ge=0, le=600)
    authorization_code_seconds: int = Field(default=60, ge=10, le=600)
    par_seconds: int = Field(default=90, ge=10, le=600)
    dpop_required: bool = False


def load_oid4vci_settings(**overrides: object) -> Oid4vciSettings:
    """The settings from the environment, with keyword overrides.

    Raises:
        ConfigurationError: a value does not validate (the message names the field only).
    """
    try:
        return Oid4vciSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise ConfigurationError("invalid VCLED_OID4VCI_ settings: " + ", ".join(fields)) from None
