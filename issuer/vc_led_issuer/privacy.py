"""The INSZ, peppered: the only form in which the registry stores or looks it up.

``HMAC-SHA-256(pepper, insz)`` is a deterministic look-up key that cannot be reversed by
enumerating the ~10^11 possible INSZ without the pepper. The pepper comes from configuration
(:meth:`vc_led_issuer.settings.Settings.pepper_bytes`); it is never logged or shown by ``repr``.
"""

from __future__ import annotations

import hashlib
import hmac

from vc_led.errors import ConfigurationError
from vc_led.led.holder import insz_checksum_ok

from .settings import MIN_PEPPER_BYTES

__all__ = ["InszHasher"]


class InszHasher:
    """Turns an INSZ into its peppered HMAC-SHA-256 (64 hex characters).

    Args:
        pepper: the secret pepper, at least 32 bytes.

    Raises:
        ConfigurationError: for a pepper that is too short.
    """

    __slots__ = ("_pepper",)

    def __init__(self, pepper: bytes) -> None:
        if len(pepper) < MIN_PEPPER_BYTES:
            raise ConfigurationError(f"the pepper must be at least {MIN_PEPPER_BYTES} bytes")
        self._pepper = bytes(pepper)

    def __repr__(self) -> str:
        return "InszHasher(pepper=<secret>)"

    def __reduce__(self) -> tuple[object, ...]:  # process pools: the pepper is configuration
        return (InszHasher, (self._pepper,))

    def digest(self, insz: str) -> str:
        """The look-up key of ``insz``.

        Args:
            insz: 11 digits with a valid mod-97 check number.

        Returns:
            The HMAC-SHA-256 as 64 lower-case hex characters.

        Raises:
            ValueError: when ``insz`` is not a well-formed INSZ (the value is not echoed).
        """
        if not insz_checksum_ok(insz):
            raise ValueError("not a well-formed INSZ")
        return hmac.new(self._pepper, insz.encode("ascii"), hashlib.sha256).hexdigest()
