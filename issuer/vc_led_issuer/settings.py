"""Configuration of the LED registry, from environment variables (prefix ``VCLED_``).

Secrets (the INSZ pepper, the key-file passphrase, the PKCS#11 PIN) come from a value or,
better, a file (``VCLED_PEPPER_FILE``...). There are no built-in secrets: in ``production``
mode (the default) a missing secret is a :class:`~vc_led.errors.ConfigurationError`. The
clearly-marked ``demo`` mode generates missing secrets into ``<data_dir>/secrets/`` (mode 0600)
so that ``vc-led serve`` runs with no setup.

- ``DATABASE_URL``: SQLAlchemy URL; default SQLite ``<data_dir>/registry.sqlite3``;
  PostgreSQL as ``postgresql+psycopg://user@host/db``.
- ``VCLED_MODE``: ``production`` (default) or ``demo``.
- ``VCLED_DATA_DIR``: data directory (default ``~/.local/share/vc-led``).
- ``VCLED_PEPPER_FILE`` (or ``VCLED_PEPPER``): the INSZ HMAC pepper, at least 32 bytes.
- ``VCLED_KEY_PASSPHRASE_FILE`` (or ``VCLED_KEY_PASSPHRASE``): passphrase of key files.
- ``VCLED_PKCS11_MODULE``, ``VCLED_PKCS11_TOKEN``, ``VCLED_PKCS11_PIN_FILE`` (or ``_PIN``).
- ``VCLED_ADMIN_TOKEN_FILE`` (or ``VCLED_ADMIN_TOKEN``): the bearer token of the admin API.
- ``VCLED_PUBLIC_URL``: where the service is reached (``/trust/issuers`` is the trust list id).
- ``VCLED_REGISTRY_DID``: the registry's ``did:web`` (default: from the public URL's host).
- ``VCLED_STATUS_BASE_URL``: base URL of published status lists (https in production;
  default ``<public URL>/status``).
- ``VCLED_TOKEN_STATUS_BASE_URL``: base URL of published IETF Token Status Lists (default
  ``<status base URL>/tsl``, served at ``/status/tsl/{id}``).
- ``VCLED_X509_CHAIN``: PEM file of the issuing key's X.509 chain (leaf first, then the
  intermediates, the root last), put in ``x5c`` of the registry's JWTs; production needs it
  for Token Status Lists (an HSM key's certificate is issued outside and configured the same
  way; a rotation needs a new file). Demo mode makes a demo CA and leaf certificates under
  ``<data_dir>/x509`` instead. ``VCLED_X509_TRUST_ANCHOR``: PEM file of the root to publish
  at ``/trust/x509-anchors.pem`` (demo mode: the demo CA).
- ``VCLED_STATUS_LIST_SIZE``: entries per status list (>= 131,072, a multiple of 8).
- ``VCLED_STATUS_TTL_SECONDS``: the ``ttl`` of status lists and their HTTP ``max-age``.
- ``VCLED_STATUS_VALIDITY_HOURS``: ``validUntil`` - ``validFrom`` of a signed status list;
  it is re-signed when it changes or half of that time has passed.
- ``VCLED_TRUST_LIST_TTL_SECONDS`` / ``VCLED_TRUST_LIST_VALIDITY_DAYS``: the same for the
  trust list; ``VCLED_TRUST_BUNDLE_MAX_AGE_DAYS``: the trust bundle's recommended maximum age
  (its status list snapshots are signed copies valid twice as long, whatever
  ``VCLED_STATUS_VALIDITY_HOURS`` says, so status never expires before the bundle).
- ``VCLED_KEY_CUSTODY``: where new registry keys are kept: ``encrypted-file`` (default, in
  ``<data_dir>/keys``) or ``pkcs11``.
- ``VCLED_AUDIT_KEY_FILE`` (or ``VCLED_AUDIT_KEY``): opt-in; at least 32 bytes. The audit
  log's entries are then chained with HMAC-SHA-256 under this key instead of plain SHA-256,
  so someone who can write the database but not read this file cannot rewrite the log (see
  :mod:`vc_led_issuer.audit`). Keep it off the database host; never generated.
- ``VCLED_MAX_REQUEST_BYTES`` (default 65,536) / ``VCLED_ADMIN_MAX_REQUEST_BYTES`` (default
  16,384): the largest request body the service reads, elsewhere / under ``/admin``.
- ``VCLED_RATE_LIMIT_PER_MINUTE`` / ``VCLED_RATE_LIMIT_BURST``: the token bucket of each client
  address on the admin POST routes (default 60 a minute, bursts of 20; 0 turns it off;
  in demo mode the default is off).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from vc_led.errors import ConfigurationError

__all__ = ["MIN_PEPPER_BYTES", "MIN_STATUS_LIST_SIZE", "Settings", "load_settings"]

MIN_STATUS_LIST_SIZE = 131_072
"""The Bitstring Status List minimum for herd privacy (16 KiB uncompressed)."""
MIN_PEPPER_BYTES = 32


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "vc-led"


class Settings(BaseSettings):
    """Registry configuration. Secret values never appear in ``repr`` (``SecretStr``)."""

    model_config = SettingsConfigDict(
        env_prefix="VCLED_", extra="ignore", frozen=True, populate_by_name=True
    )

    mode: Literal["production", "demo"] = "production"
    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "VCLED_DATABASE_URL")
    )
    sqlite_busy_timeout_ms: int = 30_000
    pepper: SecretStr | None = None
    pepper_file: Path | None = None
    key_passphrase: SecretStr | None = None
    key_passphrase_file: Path | None = None
    pkcs11_module: Path | None = None
    pkcs11_token: str | None = None
    pkcs11_pin: SecretStr | None = None
    pkcs11_pin_file: Path | None = None
    admin_token: SecretStr | None = None
    admin_token_file: Path | None = None
    audit_key: SecretStr | None = None
    audit_key_file: Path | None = None
    public_url: str = "http://localhost:8000"
    registry_did: str = ""
    status_base_url: str = ""
    token_status_base_url: str = ""
    x509_chain: Path | None = None
    x509_trust_anchor: Path | None = None
    status_list_size: int = MIN_STATUS_LIST_SIZE
    status_ttl_seconds: int = Field(default=300, ge=1, le=86_400)
    status_validity_hours: int = Field(default=24, ge=1, le=24 * 366)
    trust_list_ttl_seconds: int = Field(default=3600, ge=1, le=7 * 86_400)
    trust_list_validity_days: int = Field(default=30, ge=1, le=366)
    trust_bundle_max_age_days: int = Field(default=7, ge=1, le=366)
    key_custody: Literal["encrypted-file", "pkcs11"] = "encrypted-file"
    max_request_bytes: int = Field(default=65_536, ge=1_024, le=64 * 1024 * 1024)
    admin_max_request_bytes: int = Field(default=16_384, ge=1_024, le=1024 * 1024)
    rate_limit_per_minute: int | None = Field(default=None, ge=0, le=1_000_000)
    rate_limit_burst: int = Field(default=20, ge=1, le=100_000)

    @model_validator(mode="after")
    def _derive_urls(self) -> Settings:
        public = self.public_url.rstrip("/")
        object.__setattr__(self, "public_url", public)
        if not self.status_base_url:
            object.__setattr__(self, "status_base_url", f"{public}/status")
        if not self.token_status_base_url:
            base = self.status_base_url.rstrip("/")
            object.__setattr__(self, "token_status_base_url", f"{base}/tsl")
        if not self.registry_did:
            object.__setattr__(self, "registry_did", _did_web_of(public))
        return self

    @field_validator("status_list_size")
    @classmethod
    def _check_size(cls, value: int) -> int:
        if value < MIN_STATUS_LIST_SIZE or value % 8:
            raise ValueError(
                f"status lists need >= {MIN_STATUS_LIST_SIZE} entries, a multiple of 8"
            )
        return value

    @property
    def demo(self) -> bool:
        """True in the clearly-marked demo mode (secrets generated into the data dir)."""
        return self.mode == "demo"

    def admin_rate_per_minute(self) -> int:
        """Requests a minute per client on the admin POST routes; 0 = no limit.

        Default: 60 in production, off in demo mode.
        """
        if self.rate_limit_per_minute is not None:
            return self.rate_limit_per_minute
        return 0 if self.demo else 60

    def keys_dir(self) -> Path:
        """Where encrypted key files live."""
        return self.data_dir / "keys"

    def sqlite_path(self) -> Path:
        """The default SQLite database file."""
        return self.data_dir / "registry.sqlite3"

    def check_production(self) -> None:
        """Check settings that production must not get wrong.

        Raises:
            ConfigurationError: a non-https status base URL in production mode.
        """
        if self.demo:
            return
        for name, url in (
            ("STATUS_BASE_URL", self.status_base_url),
            ("TOKEN_STATUS_BASE_URL", self.token_status_base_url),
            ("PUBLIC_URL", self.public_url),
        ):
            if not url.startswith("https://"):
                raise ConfigurationError(f"VCLED_{name} must be https in production mode")

    def pepper_bytes(self) -> bytes:
        """The INSZ HMAC pepper.

        Returns:
            At least :data:`MIN_PEPPER_BYTES` bytes.

        Raises:
            ConfigurationError: when no pepper is configured (production) or it is too short.
        """
        value = self._secret(self.pepper, self.pepper_file, name="pepper", generate=64)
        if len(value) < MIN_PEPPER_BYTES:
            raise ConfigurationError(f"the pepper must be at least {MIN_PEPPER_BYTES} bytes")
        return value

    def key_passphrase_bytes(self) -> bytes:
        """The passphrase of encrypted key files.

        Raises:
            ConfigurationError: when none is configured (production mode).
        """
        return self._secret(
            self.key_passphrase, self.key_passphrase_file, name="key-passphrase", generate=32
        )

    def pkcs11_pin_value(self) -> str:
        """The PKCS#11 user PIN.

        Raises:
            ConfigurationError: when none is configured (never generated, not even in demo).
        """
        return self._secret(self.pkcs11_pin, self.pkcs11_pin_file, name="pkcs11-pin").decode()

    def admin_token_value(self) -> str:
        """The bearer token of the admin API (generated in demo mode).

        Raises:
            ConfigurationError: when none is configured (production mode), it is shorter
                than 32 characters, or it starts like an operator's token (``vcled_op_``).
        """
        value = self._secret(
            self.admin_token, self.admin_token_file, name="admin-token", generate=32
        ).decode()
        if len(value) < 32:
            raise ConfigurationError("the admin token must be at least 32 characters")
        if value.startswith("vcled_op_"):
            raise ConfigurationError("the admin token may not start with 'vcled_op_'")
        return value

    def audit_key_bytes(self) -> bytes | None:
        """The audit log's HMAC key, or None when the plain SHA-256 chain is used.

        Raises:
            ConfigurationError: a key shorter than :data:`MIN_PEPPER_BYTES` (32) bytes, or
                one given both as a value and a file.
        """
        if self.audit_key is None and self.audit_key_file is None:
            return None
        value = self._secret(self.audit_key, self.audit_key_file, name="audit-key")
        if len(value) < MIN_PEPPER_BYTES:
            raise ConfigurationError(f"the audit key must be at least {MIN_PEPPER_BYTES} bytes")
        return value

    def _secret(
        self, value: SecretStr | None, path: Path | None, *, name: str, generate: int = 0
    ) -> bytes:
        if value is not None and path is not None:
            raise ConfigurationError(f"configure the {name} as a value or a file, not both")
        if value is not None:
            return value.get_secret_value().encode()
        if path is not None:
            return _read_secret_file(path, name=name)
        if self.demo and generate:
            return _demo_secret(self.data_dir / "secrets" / name, size=generate)
        raise ConfigurationError(f"no {name} configured (set VCLED_{_env(name)}_FILE)")


def _did_web_of(url: str) -> str:
    """``did:web`` of a URL's host (a port is percent-encoded), as did:web derives it."""
    from urllib.parse import quote, urlsplit

    host = urlsplit(url).netloc.rsplit("@", 1)[-1]
    return f"did:web:{quote(host, safe='')}" if host else "did:web:localhost"


def _env(name: str) -> str:
    return name.upper().replace("-", "_")


def _read_secret_file(path: Path, *, name: str) -> bytes:
    try:
        data = path.read_bytes().strip()
    except OSError as exc:
        raise ConfigurationError(f"cannot read the {name} file: {type(exc).__name__}") from None
    if not data:
        raise ConfigurationError(f"the {name} file is empty")
    return data


def _demo_secret(path: Path, *, size: int) -> bytes:
    """Read or create (exclusively, mode 0600) a generated demo secret."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret_file(path, name=path.name)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_urlsafe(size) + "\n")
    return _read_secret_file(path, name=path.name)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with keyword overrides (tests, CLI options).

    Returns:
        The frozen settings.

    Raises:
        ConfigurationError: when a value does not validate (the message names the field,
            never its value).
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise ConfigurationError("invalid settings: " + ", ".join(fields)) from None
