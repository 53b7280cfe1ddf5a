"""What a web verifier is configured with: its trust bundle, policy, limits and clock, and how
it protects itself (worker processes, a time budget per verification, a rate limit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from vc_led import TrustBundle, VerificationPolicy, Verifier
from vc_led._time import utcnow

from .workers import Task, run_job

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
        max_result_bytes: most bytes of verified documents kept with their results (the
            oldest go first; their parsed form takes several times as much memory).
        clock: the current time (injectable for tests).
        workers: how many worker processes verify (one document at a time each).
        worker_memory_bytes: each worker's address-space limit (1 GiB; ``None``: none); a
            verification that needs more answers 422 ``verification-aborted``.
        max_waiting: requests beyond ``workers`` that may hold their document while they
            wait for a worker; more answer 503 ``busy`` at once, before their body is read.
        verification_budget: the wall-clock time one verification may take; past it the
            worker is killed and the request answered 422 ``verification-timeout``. Also the
            longest wait for a free worker (then 503 ``busy``).
        body_timeout: how long a request body may take to arrive (408 ``request-timeout``).
        rate_limit_per_minute: POSTs to ``/verify`` and ``/api/verify`` one client (IP
            address) may make per minute on average, or ``None`` for no limit (429
            ``rate-limited`` with ``Retry-After``).
        rate_limit_burst: how many of those it may make at once.
        rate_limit_clients: most clients remembered (the least recently seen are forgotten).
        worker_task: what a worker does with a job (a module-level function; tests inject
            slowness or failures here).
    """

    bundle: TrustBundle | None = None
    policy: VerificationPolicy = field(default_factory=VerificationPolicy)
    result_ttl: timedelta = timedelta(minutes=15)
    max_results: int = 256
    max_result_bytes: int = 32 * 1024 * 1024
    clock: Callable[[], datetime] = utcnow
    # self-protection (issue 9)
    workers: int = 2
    max_waiting: int = 16
    worker_memory_bytes: int | None = 1024 * 1024 * 1024
    body_timeout: timedelta = timedelta(seconds=30)
    verification_budget: timedelta = timedelta(seconds=10)
    rate_limit_per_minute: int | None = None
    rate_limit_burst: int = 10
    rate_limit_clients: int = 10_000
    worker_task: Task = run_job

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
