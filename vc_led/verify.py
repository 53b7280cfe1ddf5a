"""Verify credentials and presentations — the safe recipe.

    >>> from vc_led import Verifier, VerificationPolicy
    >>> verifier = Verifier(VerificationPolicy(trusted_issuers={"did:web:led.vlaanderen.be"}))
    >>> result = verifier.verify_credential(open("diploma.json", "rb").read())
    >>> result.verified, [c.code for c in result.checks if c.code]

Checks run in order ``structure -> context -> proof -> issuer -> validity -> status ->
holder_binding``. A check that fails or cannot decide at ``structure``, ``context`` or
``proof`` makes every later check ``skipped``: nothing else in the document can be trusted.
Verification never raises because of the document's content.

``structure`` also validates the credential against every ``credentialSchema`` of type
``JsonSchema`` that vc-led ships (``structure.schema_invalid``); a schema it does not ship is
never fetched, only reported in the check's details (or ``indeterminate``,
``structure.schema_unavailable``, under ``VerificationPolicy(require_known_schema=True)``).

``holder_binding`` (see :mod:`vc_led._holder`) carries a stable ``binding`` detail: a credential
verified alone is ``bearer`` (no subject key: anyone with a copy can show it) or
``subject_key``; in a presentation, a credential's subject must be the signer
(``holder_binding.not_subject``).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime
from typing import Any

from . import _checks
from ._checks import check_from_error, finish
from ._holder import credential_binding
from ._schema_check import check_schemas
from ._structure import check_credential_shape, parse_document
from ._time import utcnow
from .bundle import TrustBundle
from .dids import DidResolver, KeyResolver
from .errors import ConfigurationError, DocumentError
from .jsonld.canon import CanonicalForm, shared_canonicalizer
from .jsonld.loader import ContextRegistry
from .policy import VerificationPolicy
from .proofs.core import ProofExpectations, ProofOutcome, verify_proofs
from .results import CheckResult, CheckStatus, VerificationResult
from .stapled import is_stapled, verify_stapled
from .status import StatusProvider
from .trust.checks import apply_key_windows
from .trust.model import TrustRegistry
from .trust.scope import ScopeExtractor

__all__ = ["Verifier", "verify_credential", "verify_presentation"]


_VERSIONS = {1: "1.1", 2: "2.0"}


class Verifier:
    """Verifies credentials and presentations against a policy, offline by default.

    Args:
        policy: what to accept (default: :class:`VerificationPolicy` defaults).
        resolver: resolves verification methods (default: did:key only, offline).
        contexts: extra JSON-LD contexts the caller trusts (default: the shipped ones).
        status_provider: decides the ``status`` check (default: none, so ``indeterminate``;
            with a bundle: the bundle's snapshots).
        trust: the trust registry (accredited issuers, scopes, coverage dates, key windows).
            With it, the ``issuer`` check accepts an issuer the policy does not trust
            explicitly only if the registry accredits it for this credential, and the ``proof``
            check fails a proof made outside its key's window (``proof.key_retired``). Without
            it, the policy's ``trusted_issuers`` alone decide. A checked :class:`TrustBundle`
            gives the registry, and the resolver and status provider unless they are given
            (see :meth:`from_bundle`).
        scope_extractor: reads type, category, supplier and issue date for the registry
            checks (default: :data:`vc_led.trust.default_scope_extractor`).

    Raises:
        ConfigurationError: on an invalid policy.
    """

    def __init__(
        self,
        policy: VerificationPolicy | None = None,
        *,
        resolver: KeyResolver | None = None,
        contexts: ContextRegistry | None = None,
        status_provider: StatusProvider | None = None,
        trust: TrustRegistry | TrustBundle | None = None,
        scope_extractor: ScopeExtractor | None = None,
    ) -> None:
        self.policy = policy or VerificationPolicy()
        if not self.policy.allowed_cryptosuites:
            raise ConfigurationError("the policy allows no cryptosuite")
        self.bundle = trust if isinstance(trust, TrustBundle) else None
        if self.bundle is not None:
            resolver = resolver or self.bundle.resolver()
            if status_provider is None:
                status_provider = self.bundle.status_provider(max_age=self.policy.max_status_age)
            trust = self.bundle.registry
        self.resolver: KeyResolver = resolver or DidResolver()
        registry = trust if isinstance(trust, TrustRegistry) else None
        self.canonicalizer = shared_canonicalizer(contexts, limits=self.policy.limits)
        self.status_provider = status_provider
        self.trust: TrustRegistry | None = registry
        self.scope_extractor = scope_extractor

    @classmethod
    def from_bundle(
        cls,
        bundle: TrustBundle,
        *,
        policy: VerificationPolicy | None = None,
        contexts: ContextRegistry | None = None,
        scope_extractor: ScopeExtractor | None = None,
    ) -> Verifier:
        """A verifier that needs no network: keys from the bundle's DID documents, the issuer
        check from its trust list, the status check from its status list snapshots (as fresh as
        the bundle; ``policy.max_status_age`` or the bundle's recommended maximum age).

        Args:
            bundle: a bundle checked by :meth:`TrustBundle.load`.
            policy: what to accept (default: :class:`VerificationPolicy` defaults).
            contexts: extra JSON-LD contexts the caller trusts.
            scope_extractor: reads the claims the registry checks.

        Returns:
            The verifier.

        Raises:
            ConfigurationError: on an invalid policy.
        """
        return cls(policy, contexts=contexts, trust=bundle, scope_extractor=scope_extractor)

    def _budgeted(self) -> Verifier:
        """A copy of this verifier whose canonicalization work limits are one budget for
        everything it verifies (a presentation and its credentials; a credential and its
        proofs), so embedding many costly credentials does not multiply the work."""
        twin: Verifier = copy.copy(self)
        twin.canonicalizer = self.canonicalizer.with_budget()
        return twin

    def _with_status(self, provider: StatusProvider) -> Verifier:
        """A copy of this verifier deciding ``status`` with ``provider`` (shares the caches)."""
        twin: Verifier = copy.copy(self)
        twin.status_provider = provider
        return twin

    def verify_credential(
        self, credential: Any, *, now: datetime | None = None
    ) -> VerificationResult:
        """Verify a credential given as JSON text, bytes or a parsed mapping, bare or stapled
        to status list snapshots (:mod:`vc_led.stapled`).

        Args:
            credential: the secured credential, or a ``LedStapledCredential`` wrapper.
            now: the verification time (default: the current UTC time).

        Returns:
            The :class:`VerificationResult`; never raises on the credential's content.
        """
        if self.canonicalizer.budget is None:  # one work budget for the whole verification
            return self._budgeted().verify_credential(credential, now=now)
        moment = now or utcnow()
        done: list[CheckResult] = []
        try:
            doc = parse_document(credential, self.policy.limits)
            if is_stapled(doc):
                return verify_stapled(self, doc, now=moment)
            version = check_credential_shape(doc)
        except DocumentError as exc:
            return finish("credential", [check_from_error("structure", exc)], None)
        structure = check_schemas(doc, require_known=self.policy.require_known_schema)
        if structure.status is not CheckStatus.PASSED:
            return finish("credential", [structure], doc)
        done.append(replace(structure, message=f"a VC {_VERSIONS[version]} credential"))
        outcomes = self._context_and_proofs(doc, done, self._expect("assertionMethod", moment))
        if outcomes is None:
            return finish("credential", done, doc)
        done.append(
            _checks.check_issuer(
                doc, outcomes, self.policy, trust=self.trust, extractor=self.scope_extractor
            )
        )
        done.append(_checks.check_validity(doc, version, now=moment, policy=self.policy))
        done.append(_checks.check_status(doc, self.status_provider, now=moment))
        done.append(credential_binding(doc))
        return finish("credential", done, doc)

    def verify_presentation(
        self,
        presentation: Any,
        *,
        challenge: str | None = None,
        domain: str | None = None,
        now: datetime | None = None,
    ) -> VerificationResult:
        """Verify a presentation and every credential it embeds.

        Args:
            presentation: the presentation, as JSON text, bytes or a mapping.
            challenge: the challenge the verifier issued (required for a signed presentation
                to be ``verified``; without it the proof check is ``indeterminate``).
            domain: the expected domain, if any.
            now: the verification time.

        Returns:
            The :class:`VerificationResult` with one nested result per embedded credential.
        """
        from ._presentation import verify_presentation_document

        verifier = self if self.canonicalizer.budget is not None else self._budgeted()
        return verify_presentation_document(
            verifier, presentation, challenge=challenge, domain=domain, now=now or utcnow()
        )

    def _expect(
        self, purpose: str, now: datetime, challenge: str | None = None, domain: str | None = None
    ) -> ProofExpectations:
        return ProofExpectations(
            purpose=purpose,
            now=now,
            allowed_suites=self.policy.allowed_cryptosuites,
            challenge=challenge,
            domain=domain,
            require_challenge=purpose == "authentication",
            max_clock_skew_seconds=int(self.policy.max_clock_skew.total_seconds()),
        )

    def _context_and_proofs(
        self, doc: dict[str, Any], done: list[CheckResult], expect: ProofExpectations
    ) -> list[ProofOutcome] | None:
        unsecured = {k: v for k, v in doc.items() if k != "proof"}
        try:
            canonical: CanonicalForm = self.canonicalizer.canonicalize(unsecured)
        except DocumentError as exc:
            done.append(check_from_error("context", exc))
            return None
        done.append(
            CheckResult(
                "context",
                CheckStatus.PASSED,
                None,
                "every term is defined by contexts available offline",
            )
        )
        outcomes = verify_proofs(
            doc,
            resolver=self.resolver,
            expect=expect,
            canonicalizer=self.canonicalizer,
            unsecured_canonical=canonical,
        )
        if self.trust is not None:
            outcomes = apply_key_windows(doc, outcomes, self.trust)
        summary = _checks.summarize_proofs(outcomes)
        done.append(summary)
        return outcomes if summary.status is CheckStatus.PASSED else None


def verify_credential(
    credential: Any, *, policy: VerificationPolicy | None = None, now: datetime | None = None
) -> VerificationResult:
    """Verify a credential with a one-off :class:`Verifier`.

    Args:
        credential: the secured credential (JSON text, bytes or a mapping).
        policy: the policy (default: :class:`VerificationPolicy` defaults, which trust nobody).
        now: the verification time (default: now).

    Returns:
        The :class:`VerificationResult`; never raises on the credential's content.
    """
    return Verifier(policy).verify_credential(credential, now=now)


def verify_presentation(
    presentation: Any,
    *,
    policy: VerificationPolicy | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    now: datetime | None = None,
) -> VerificationResult:
    """Verify a presentation with a one-off :class:`Verifier`.

    Args:
        presentation: the presentation (JSON text, bytes or a mapping).
        policy: the policy.
        challenge: the expected challenge.
        domain: the expected domain.
        now: the verification time (default: now).

    Returns:
        The :class:`VerificationResult` with nested credential results.
    """
    return Verifier(policy).verify_presentation(
        presentation, challenge=challenge, domain=domain, now=now
    )
