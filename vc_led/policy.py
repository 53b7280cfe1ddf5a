"""Verification policy: what a verifier accepts. Safe defaults; unsafe options have loud names."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from ._time import MAX_CLOCK_SKEW
from .errors import ConfigurationError
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_CRYPTOSUITES", "ISSUER_BINDINGS", "VerificationPolicy"]

log = logging.getLogger("vc_led")

#: Cryptosuites accepted unless the policy says otherwise.
DEFAULT_CRYPTOSUITES = frozenset({"eddsa-rdfc-2022", "ecdsa-rdfc-2019"})
#: The values of :attr:`VerificationPolicy.issuer_binding`.
ISSUER_BINDINGS = frozenset({"controller", "proof_only"})


@dataclass(frozen=True, slots=True)
class VerificationPolicy:
    """What a :class:`~vc_led.Verifier` accepts.

    Attributes:
        allowed_cryptosuites: cryptosuites whose proofs are checked; others fail.
        trusted_issuers: issuer ids (DIDs) trusted to issue anything.
        accept_any_issuer: UNSAFE: trust any issuer whose own key made a valid proof.
            Use only for testing or when a later step decides trust; logs a warning.
        allow_unsigned_presentations: accept a presentation without a proof (no holder binding).
        allow_presenter_not_subject: UNSAFE: in a presentation, accept a credential whose
            subject ``id`` is not the key that signed the presentation (someone presenting
            another person's credential); logs a warning. By default such a presentation
            fails ``holder_binding.not_subject``.
        require_authentic: accept only records that state they are authentic (LED
            ``Authentiek``): a self-declared record, or one that does not say, fails the
            ``issuer`` check with ``issuer.not_authentic``.
        max_status_age: the oldest status snapshot accepted (a trust bundle's or one stapled to
            the credential), else ``status.stale``; ``None``: the source's own default (a
            bundle's recommended maximum age, 30 days for a stapled snapshot).
        require_known_schema: a ``credentialSchema`` vc-led does not ship makes ``structure``
            ``indeterminate`` (``structure.schema_unavailable``); by default it is only
            reported in the check's details (schemas are never fetched).
        max_clock_skew: tolerance for dates just in the future or just past.
        limits: denial-of-service limits.
        issuer_binding: how the ``issuer`` is bound to the proof. ``"controller"`` (the
            default): a proof must be made with a key the issuer controls (the key's
            controller is the ``issuer``), else ``issuer.key_not_controlled``.
            ``"proof_only"`` -- UNSAFE, for a caller that decides trust itself (a VC API
            service, the W3C test vectors whose issuer ``https://vc.example/issuers/5678``
            controls no key): a credential whose issuer controls none of the keys that made its
            valid proofs gets a *skipped* ``issuer`` check, saying that the binding was not
            checked and which keys' controllers signed (``key_controllers``); no trust list,
            trusted issuer or authenticity is applied to an issuer the proof does not bind
            (with ``require_authentic`` it fails ``issuer.not_authentic``). Logs a warning.

    Raises:
        ConfigurationError: for a ``max_status_age`` that is not positive, or an unknown
            ``issuer_binding``.
    """

    allowed_cryptosuites: frozenset[str] = DEFAULT_CRYPTOSUITES
    trusted_issuers: frozenset[str] = frozenset()
    accept_any_issuer: bool = False
    allow_unsigned_presentations: bool = False
    allow_presenter_not_subject: bool = False
    require_known_schema: bool = False
    require_authentic: bool = False
    max_status_age: timedelta | None = None
    max_clock_skew: timedelta = MAX_CLOCK_SKEW
    limits: Limits = field(default=DEFAULT_LIMITS)
    issuer_binding: str = "controller"

    def __post_init__(self) -> None:
        object.__setattr__(self, "trusted_issuers", frozenset(self.trusted_issuers))
        object.__setattr__(self, "allowed_cryptosuites", frozenset(self.allowed_cryptosuites))
        if self.max_status_age is not None and self.max_status_age <= timedelta(0):
            raise ConfigurationError("max_status_age must be a positive duration")
        if self.issuer_binding not in ISSUER_BINDINGS:
            raise ConfigurationError(
                f"issuer_binding must be one of {', '.join(sorted(ISSUER_BINDINGS))}, "
                f"not {str(self.issuer_binding)[:40]!r}"
            )
        if self.issuer_binding == "proof_only":
            log.warning(
                "verification policy does not bind the issuer to the proof's key "
                "(issuer_binding='proof_only'): the caller decides trust (unsafe)"
            )
        if self.accept_any_issuer:
            log.warning("verification policy accepts ANY issuer whose key verifies (unsafe)")
        if self.allow_presenter_not_subject:
            log.warning(
                "verification policy accepts presentations of credentials about someone other "
                "than the presenter (unsafe)"
            )
