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
    │   └── SigningError              a document that cannot be signed (carries a stable code)
    │   ├── CertificateError          an x5c chain refused (``vc_led.x509``)
    │   └── TokenStatusError          a status list token refused (``vc_led.status``)
    ├── VerificationError         raised only by ``VerificationResult.raise_for_failure()``
    ├── InputError                input a reader refuses, outside verification (also a ValueError)
    │   ├── RecordNotIssuableError    a LED record no credential can be made of (``vc_led.led``)
    │   ├── SchemaDefinitionError     a JSON Schema vc-led cannot evaluate (``vc_led._jsonschema``)
    │   ├── BitstringDecodeError      a status list bitstring that does not decode
    │   │   └── BitstringTooLargeError    (``vc_led.status.bitstring``)
    │   └── issuer: NotIssuableError, WhereError, JoseError, ProofError, DpopError
    ├── FieldError, XmlRejectedError  a LED record field / MAGDA XML refused (``vc_led.led``)
    ├── ResolutionError           a verification method that does not resolve (``vc_led.dids``)
    ├── UsageError                a command-line usage problem, exit 2 (``vc_led.cli``)
    ├── RegistryError             the registry refuses an operation (``vc_led_issuer.errors``)
    └── ServiceError              what a service answers with an HTTP error, never a traceback
        ├── ProblemError              an RFC 9457 problem document (``vc_led.problems``)
        │   └── WebProblemError           the web verifier's (``vc_led_verifier.problems``)
        ├── OAuthError                an OAuth error response (``vc_led_issuer.oid4vci``)
        └── request and worker errors of the services (body too large or too slow, pool busy,
            closed, verification timed out or aborted)

Every exception class in vc-led, ``issuer`` and ``verifier`` is in this tree (a test walks
them). Every :class:`DocumentError` and :class:`SigningError` has a ``code``, an
:class:`~vc_led.results.ErrorCode`: the same stable ``<check>.<reason>`` the verifier reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .results import ErrorCode, VerificationResult

__all__ = [
    "ConfigurationError",
    "ContextError",
    "DocumentError",
    "InputError",
    "KeyFormatError",
    "LimitExceededError",
    "ServiceError",
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
        code: the stable ``<check>.<reason>`` code, always an
            :class:`~vc_led.results.ErrorCode` (a code outside the enum is a bug).
        details: compared values, safe to show (never secrets).
    """

    def __init__(self, code: ErrorCode, message: str, details: dict[str, str | int] | None = None):
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


class InputError(VcLedError, ValueError):
    """Input a reader or parser refuses outside verification (a LED record, a schema, a status
    bitstring, a request parameter). Also a :class:`ValueError`, as callers relied on."""


class ServiceError(VcLedError):
    """An error a service (the registry, the web verifier) answers with an HTTP error response,
    never a traceback."""
