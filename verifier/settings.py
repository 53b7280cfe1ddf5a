"""What a web verifier is configured with: its trust bundle, policy, limits and clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from vc_led import TrustBundle, VerificationPolicy, Verifier
from vc_led._time import utcnow

__all__ = ["VerifierSettings"]

#: Room for the multipart envelope around a document of the policy's maximum size.
FORM_OVERHEAD = 64 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifierSettings:
    """The web verifier's configuration.

    Attributes:
        bundle: the checked trust bundle (keys, accredited issuers, status lists); without one
            only ``policy.trusted_issuers`` are trusted and status cannot be decided.
        policy: what to accept. Holder binding is strict by default: a presentation signed by
            someone other than a credential's subject fails ``holder_binding.not_subject``
            unless ``policy.allow_presenter_not_subject`` (``--allow-presenter-not-subject``).
        result_ttl: how long a result page stays available (results are kept in memory only).
        max_results: most results kept at once (the oldest go first).
        clock: the current time (injectable for tests).
    """

    bundle: TrustBundle | None = None
    policy: VerificationPolicy = field(default_factory=VerificationPolicy)
    result_ttl: timedelta = timedelta(minutes=15)
    max_results: int = 256
    clock: Callable[[], datetime] = utcnow

    @property
    def max_document_bytes(self) -> int:
        """The largest document verified (the policy's limit)."""
        return self.policy.limits.max_bytes

    @property
    def max_body_bytes(self) -> int:
        """The largest request body accepted (a document plus the form around it)."""
        return self.max_document_bytes + FORM_OVERHEAD

    def verifier(self) -> Verifier:
        """The :class:`~vc_led.Verifier` of these settings (offline)."""
        if self.bundle is not None:
            return Verifier.from_bundle(self.bundle, policy=self.policy)
        return Verifier(self.policy)
