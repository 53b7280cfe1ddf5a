"""vc-led: signed W3C Verifiable Credentials from the Flemish LED, verified online or offline.

The safe recipes live here; primitives (cryptosuites, canonicalization, the status bitstring)
are in :mod:`vc_led.proofs`, :mod:`vc_led.jsonld` and :mod:`vc_led.status` and are not
re-exported. The trust registry is :mod:`vc_led.trust`; trust bundles for offline verifiers are
:mod:`vc_led.bundle`, status stapled to a credential :mod:`vc_led.stapled`.
"""

from __future__ import annotations

from .bundle import BundleError, TrustBundle
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
from .led.issuing import issue_credential
from .led.profiles import Holder
from .limits import Limits
from .policy import VerificationPolicy
from .results import (
    Authenticity,
    CheckResult,
    CheckStatus,
    ErrorCode,
    Outcome,
    VerificationResult,
)
from .stapled import staple_status
from .status import ListStatusProvider, OnlineStatusProvider, StatusPolicy
from .trust import (
    AccreditationScope,
    AccreditedIssuer,
    IssuerKey,
    IssuerStatus,
    TrustListError,
    TrustRegistry,
    default_led_registry,
    load_trust_list,
)
from .verify import Verifier, verify_credential, verify_presentation

__version__ = "0.1.0"

__all__ = [
    "AccreditationScope",
    "AccreditedIssuer",
    "Authenticity",
    "BundleError",
    "CheckResult",
    "CheckStatus",
    "ConfigurationError",
    "ContextError",
    "ContextRegistry",
    "DidResolver",
    "DocumentError",
    "ErrorCode",
    "Holder",
    "IssuerKey",
    "IssuerStatus",
    "KeyFormatError",
    "KeyPair",
    "KeyType",
    "LimitExceededError",
    "Limits",
    "ListStatusProvider",
    "OnlineStatusProvider",
    "Outcome",
    "PublicKey",
    "SigningError",
    "StatusPolicy",
    "TrustBundle",
    "TrustListError",
    "TrustRegistry",
    "VcLedError",
    "VerificationError",
    "VerificationPolicy",
    "VerificationResult",
    "Verifier",
    "__version__",
    "default_led_registry",
    "did_key_document",
    "did_web_document",
    "issue_credential",
    "load_key_file",
    "load_trust_list",
    "sign_credential",
    "sign_presentation",
    "staple_status",
    "verify_credential",
    "verify_presentation",
]
