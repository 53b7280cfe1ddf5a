"""Why a trust bundle is refused: :class:`BundleError` with a stable :class:`BundleErrorCode`."""

from __future__ import annotations

from enum import StrEnum

from ..errors import ConfigurationError

__all__ = ["BundleError", "BundleErrorCode"]


class BundleErrorCode(StrEnum):
    """Stable ``bundle.<reason>`` codes. Released codes are never renamed or reused."""

    #: not JSON, truncated, too deep, or not an object
    MALFORMED = "bundle.malformed"
    #: larger than the bundle size limit
    TOO_LARGE = "bundle.too_large"
    #: JSON, but not a ``LedTrustBundleCredential`` of a format this version reads
    WRONG_FORMAT = "bundle.wrong_format"
    #: the proof does not verify: the bundle was altered after signing
    SIGNATURE_INVALID = "bundle.signature_invalid"
    #: signed by a key that is neither pinned nor reached from a pinned key by the rotation chain
    UNTRUSTED_KEY = "bundle.untrusted_key"
    #: a link of the registry's key-rotation chain does not verify
    KEY_CHAIN_INVALID = "bundle.key_chain_invalid"
    #: signed by a registry key after the chain says it was replaced
    KEY_RETIRED = "bundle.key_retired"
    #: older than the maximum age (the caller's, or the bundle's recommendation)
    EXPIRED = "bundle.expired"
    #: created in the future
    NOT_YET_VALID = "bundle.not_yet_valid"
    #: signed, but its trust list, DID documents or status lists are unusable
    CONTENT_INVALID = "bundle.content_invalid"
    #: older than the newest bundle this verifier already accepted (its trust state)
    ROLLED_BACK = "bundle.rolled_back"


class BundleError(ConfigurationError):
    """A trust bundle that must not be used. Nothing of a refused bundle is ever half-loaded.

    Attributes:
        code: the stable :class:`BundleErrorCode`.
        message: a sentence for people (may change between releases).
        details: compared values, safe to show.
    """

    def __init__(
        self, code: BundleErrorCode, message: str, details: dict[str, str | int] | None = None
    ) -> None:
        super().__init__(f"{message} [{code.value}]")
        self.code = code
        self.message = message
        self.details: dict[str, str | int] = dict(details or {})
