"""The exceptions vc-led raises.

Verification never raises because of what a credential contains: it returns a
:class:`~vc_led.results.VerificationResult`. Exceptions are for programming errors,
configuration, bad keys, and documents that must not be signed::

    VcLedError
    ├── ConfigurationError        a bad policy, option or file path
    │   ├── BundleError               a trust bundle refused (``vc_led.bundle``; ``bundle.*`` code)
    │   └── TrustListError            a trust list credential refused (``vc_led.trust``)
    ├── KeyFormatError            a key file or Multikey value that cannot be decoded
    ├── DocumentError             a document that cannot be processed (carries a stable code)
    │   ├── ContextError              JSON-LD context problems (offline loader, safe mode)
    │   └── LimitExceededError        size, depth or blank-node limits
    ├── SigningError              a document that cannot be signed (carries a stable code)
    └── VerificationError        raised only by ``VerificationResult.raise_for_failure()``

Every :class:`DocumentError` and :class:`SigningError` has a ``code``, the same stable
``<check>.<reason>`` string the verifier reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .results import VerificationResult

__all__ = [
    "ConfigurationError",
    "ContextError",
    "DocumentError",
    "KeyFormatError",
    "LimitExceededError",
    "SigningError",
    "VcLedError",
    "VerificationError",
]


class VcLedError(Exception):
    """Base class of every exception vc-led raises on purpose."""


class ConfigurationError(VcLedError):
    """A policy, option or path that cannot work."""


class KeyFormatError(VcLedError):
    """A key file or Multikey value that cannot be decoded (wrong multicodec, bad length...)."""


class DocumentError(VcLedError):
    """A document that cannot be processed.

    Attributes:
        code: the stable ``<check>.<reason>`` code.
        details: compared values, safe to show (never secrets).
    """

    def __init__(self, code: str, message: str, details: dict[str, str | int] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details: dict[str, str | int] = dict(details or {})


class ContextError(DocumentError):
    """A JSON-LD context problem: not available offline, undefined term, protected redefinition."""


class LimitExceededError(DocumentError):
    """A denial-of-service limit was exceeded (size, depth, blank nodes)."""


class SigningError(DocumentError):
    """A document that must not be signed (it would not verify, or it is not a VC/VP)."""


class VerificationError(VcLedError):
    """Raised by :meth:`VerificationResult.raise_for_failure`; ``result`` holds the checks."""

    def __init__(self, result: VerificationResult):
        codes = ", ".join(c.value for c in result.codes) or result.outcome.value
        super().__init__(f"verification did not succeed: {codes}")
        self.result = result
