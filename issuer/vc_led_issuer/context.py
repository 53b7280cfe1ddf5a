"""The composition root: one :class:`Registry` holds what the CLI, the service and the jobs
share — settings, the engine, the clock, randomness, the INSZ hasher, the key custodies and
the registry's signer. Nothing here is global; tests build one on their own database with a
fixed clock and seeded randomness.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from .db import make_engine, migrate, read_session, write_session
from .keys.custody import DEFAULT_SCRYPT_N, EncryptedFileCustody, KeyCustody, Signer
from .keys.keyring import current_key, load_signer
from .models import KeyRecord
from .privacy import InszHasher
from .settings import Settings

__all__ = ["Clock", "Registry", "open_registry", "system_clock"]

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)


@dataclass(eq=False)
class Registry:
    """What a registry process works with.

    Args:
        settings: the configuration.
        engine: the database (migrated).
        clock: the time source (timezone-aware UTC).
        rng: randomness for status indexes (default: the OS CSPRNG).
        scrypt_n: scrypt cost of new key files (tests lower it).
    """

    settings: Settings
    engine: Engine
    clock: Clock = system_clock
    rng: random.Random | None = None
    scrypt_n: int = DEFAULT_SCRYPT_N
    _signers: dict[str, Signer] = field(default_factory=dict, repr=False)
    _custodies: dict[str, KeyCustody] | None = field(default=None, repr=False)
    _audit_key: tuple[bytes | None] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def did(self) -> str:
        """The registry's DID."""
        return self.settings.registry_did

    def now(self) -> datetime:
        """The current time from :attr:`clock`."""
        return self.clock().astimezone(UTC)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session (see :func:`vc_led_issuer.db.read_session`)."""
        with read_session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A serialized write session (see :func:`vc_led_issuer.db.write_session`); its audit
        entries are keyed when ``VCLED_AUDIT_KEY_FILE`` is set (:mod:`vc_led_issuer.audit`)."""
        from .audit import AUDIT_KEY_INFO

        key = self.audit_key()
        with write_session(self.engine) as session:
            if key is not None:
                session.info[AUDIT_KEY_INFO] = key
            yield session

    def audit_key(self) -> bytes | None:
        """The audit log's HMAC key (read once), or None.

        Raises:
            ConfigurationError: a key that is too short.
        """
        with self._lock:
            if self._audit_key is None:
                self._audit_key = (self.settings.audit_key_bytes(),)
            return self._audit_key[0]

    def hasher(self) -> InszHasher:
        """The INSZ hasher (the pepper from configuration).

        Raises:
            ConfigurationError: no pepper configured.
        """
        return InszHasher(self.settings.pepper_bytes())

    def custodies(self) -> dict[str, KeyCustody]:
        """The key custody backends: encrypted files always, PKCS#11 when configured.

        Raises:
            ConfigurationError: a secret the backend needs is not configured.
        """
        with self._lock:
            if self._custodies is None:
                self._custodies = _custodies(self.settings, self.scrypt_n)
            return self._custodies

    def custody(self) -> KeyCustody:
        """The backend new keys go to (``VCLED_KEY_CUSTODY``).

        Raises:
            ConfigurationError: that backend is not configured.
        """
        from vc_led.errors import ConfigurationError

        backend = self.custodies().get(self.settings.key_custody)
        if backend is None:
            raise ConfigurationError(f"key custody {self.settings.key_custody!r} is not set up")
        return backend

    def current_key(self, session: Session) -> KeyRecord:
        """The registry's current key row.

        Raises:
            NotFoundError: the registry has no key yet (``vc-led registry init``).
        """
        return current_key(session, controller=self.did)

    def signer(self, key: KeyRecord) -> Signer:
        """The signer of a key row, loaded once per process.

        Raises:
            KeyCustodyError: the key cannot be loaded.
        """
        with self._lock:
            cached = self._signers.get(key.id)
        if cached is not None:
            return cached
        signer = load_signer(key, custodies=self.custodies())
        with self._lock:
            self._signers[key.id] = signer
        return signer

    def current_signer(self) -> Signer:
        """The signer of the registry's current key.

        Raises:
            NotFoundError: no key yet. KeyCustodyError: it cannot be loaded.
        """
        with self.read() as session:
            key = self.current_key(session)
        return self.signer(key)


def _custodies(settings: Settings, scrypt_n: int) -> dict[str, KeyCustody]:
    found: dict[str, KeyCustody] = {}
    configured = settings.key_passphrase is not None or settings.key_passphrase_file is not None
    if configured or settings.demo or settings.key_custody == "encrypted-file":
        found["encrypted-file"] = EncryptedFileCustody(
            settings.keys_dir(), passphrase=settings.key_passphrase_bytes(), scrypt_n=scrypt_n
        )
    if settings.pkcs11_module is not None and settings.pkcs11_token:
        from .keys.pkcs11 import Pkcs11Custody, Pkcs11Session

        session = Pkcs11Session(
            module=settings.pkcs11_module,
            token_label=settings.pkcs11_token,
            pin=settings.pkcs11_pin_value(),
        )
        found["pkcs11"] = Pkcs11Custody(session)
    return found


def open_registry(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Clock = system_clock,
    rng: random.Random | None = None,
    scrypt_n: int = DEFAULT_SCRYPT_N,
    upgrade: bool = True,
) -> Registry:
    """A :class:`Registry` on the configured database, migrated to the newest schema.

    Args:
        settings: the configuration.
        engine: an engine (default: :func:`vc_led_issuer.db.make_engine` from ``settings``).
        clock: the time source.
        rng: randomness for status indexes.
        scrypt_n: scrypt cost of new key files.
        upgrade: run the migrations first (idempotent).

    Returns:
        The registry.
    """
    engine = engine or make_engine(settings=settings)
    if upgrade:
        migrate(engine)
    return Registry(settings, engine, clock=clock, rng=rng, scrypt_n=scrypt_n)
