"""vc-led: signed W3C Verifiable Credentials from the Flemish LED, verified online or offline.

The safe recipes live here; primitives (cryptosuites, canonicalization) are in
:mod:`vc_led.proofs` and :mod:`vc_led.jsonld` and are not re-exported.
"""

from __future__ import annotations

from .dids import DidResolver, did_key_document, did_web_document
from .errors import (
    ConfigurationError,
    ContextError,
    DocumentError,
    KeyFormatError,
    LimitExceededError,
    SigningError,
    VcLedError,
    VerificationError,
)
from .issue import sign_credential, sign_presentation
from .jsonld.loader import ContextRegistry
from .keys import KeyPair, KeyType, PublicKey, load_key_file
from .limits import Limits
from .policy import VerificationPolicy
from .results import CheckResult, CheckStatus, ErrorCode, Outcome, VerificationResult
from .verify import Verifier, verify_credential, verify_presentation

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "CheckStatus",
    "ConfigurationError",
    "ContextError",
    "ContextRegistry",
    "DidResolver",
    "DocumentError",
    "ErrorCode",
    "KeyFormatError",
    "KeyPair",
    "KeyType",
    "LimitExceededError",
    "Limits",
    "Outcome",
    "PublicKey",
    "SigningError",
    "VcLedError",
    "VerificationError",
    "VerificationPolicy",
    "VerificationResult",
    "Verifier",
    "__version__",
    "did_key_document",
    "did_web_document",
    "load_key_file",
    "sign_credential",
    "sign_presentation",
    "verify_credential",
    "verify_presentation",
]
