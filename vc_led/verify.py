"""Verify credentials and presentations — the safe recipe.

    >>> from vc_led import Verifier, VerificationPolicy
    >>> verifier = Verifier(VerificationPolicy(trusted_issuers={"did:web:led.vlaanderen.be"}))
    >>> result = verifier.verify(open("diploma.json", "rb").read())
    >>> result.verified, [c.code for c in result.checks if c.code]

:meth:`Verifier.verify` reads any input the verifier knows (a credential, a presentation, a
stapled credential: its *formats*, :mod:`vc_led._formats`), parsed once with the policy's
limits applied before anything else. :meth:`Verifier.verify_credential` and
:meth:`Verifier.verify_presentation` accept one kind only.

Checks run in order ``structure -> context -> proof -> issuer -> validity -> status ->
holder_binding`` (:mod:`vc_led._engine`). A check that fails or cannot decide at
``structure``, ``context`` or ``proof`` makes every later check ``skipped``: nothing else in
the document can be trusted. Verification never raises because of the document's content.

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

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ._engine import DocumentFormat, Engine, Kind, VerifyRequest
from ._formats import DEFAULT_FORMATS
from ._time import utcnow
from .bundle import TrustBundle
from .dids import KeyResolver
from .jsonld.loader import ContextRegistry
from .keys import PublicKey
from .policy import VerificationPolicy
from .results import VerificationResult
from .status import StatusProvider
from .trust.model import TrustRegistry
from .trust.scope import ScopeExtractor

__all__ = ["Verifier", "verify_credential", "verify_presentation"]

_ANY: frozenset[Kind] = frozenset({"credential", "presentation"})


class Verifier:
    """Verifies credentials and presentations against a policy, offline by default.

    Args:
        policy: what to accept (default: :class:`VerificationPolicy` defaults).
        resolver: resolves verification methods (default: did:key only, offline).
        contexts: extra JSON-LD contexts the caller trusts (default: the shipped ones).
        status_provider: decides the ``status`` check (default: none, so ``indeterminate``).
        trust: the trust registry (accredited issuers, scopes, coverage dates, key windows).
            With it, the ``issuer`` check accepts an issuer the policy does not trust
            explicitly only if the registry accredits it for this credential, and the ``proof``
            check fails a proof made outside its key's window (``proof.key_retired``). Without
            it, the policy's ``trusted_issuers`` alone decide. For a :class:`TrustBundle` use
            :meth:`from_bundle` (a bundle passed here is refused).
        scope_extractor: reads type, category, supplier and issue date for the registry
            checks (default: :data:`vc_led.trust.default_scope_extractor`).
        formats: the input formats, tried in order (default:
            :data:`vc_led._formats.DEFAULT_FORMATS`; see
            :class:`vc_led._engine.DocumentFormat` to add one).
        x509_anchors: trusted X.509 roots for SD-JWT VC ``x5c`` chains
            (:func:`vc_led.x509.verify_x5c`); ``iss`` must be a SAN URI of the leaf.
        issuer_keys: public keys trusted per SD-JWT VC ``iss`` (instead of ``x5c``).
        token_status: decides ``status`` for SD-JWT VCs (``status.status_list``): an object
            with ``check(*, uri, idx, now) -> CheckResult``
            (:class:`vc_led.status.token_status_list.TokenStatusProvider`).

    Raises:
        ConfigurationError: on an invalid policy, or a ``trust`` that is not a
            :class:`TrustRegistry`.
    """

    def __init__(
        self,
        policy: VerificationPolicy | None = None,
        *,
        resolver: KeyResolver | None = None,
        contexts: ContextRegistry | None = None,
        status_provider: StatusProvider | None = None,
        trust: TrustRegistry | None = None,
        scope_extractor: ScopeExtractor | None = None,
        formats: Sequence[DocumentFormat] = DEFAULT_FORMATS,
        x509_anchors: Any = None,
        issuer_keys: Mapping[str, Sequence[PublicKey]] | None = None,
        token_status: Any = None,
    ) -> None:
        self.engine = Engine(
            policy or VerificationPolicy(),
            resolver=resolver,
            contexts=contexts,
            status_provider=status_provider,
            trust=trust,
            scope_extractor=scope_extractor,
            formats=formats,
            x509_anchors=x509_anchors,
            issuer_keys=issuer_keys,
            token_status=token_status,
        )
        #: The trust bundle this verifier was built from (:meth:`from_bundle`), if any.
        self.bundle: TrustBundle | None = None

    @classmethod
    def from_bundle(
        cls,
        bundle: TrustBundle,
        *,
        policy: VerificationPolicy | None = None,
        resolver: KeyResolver | None = None,
        contexts: ContextRegistry | None = None,
        status_provider: StatusProvider | None = None,
        scope_extractor: ScopeExtractor | None = None,
        formats: Sequence[DocumentFormat] = DEFAULT_FORMATS,
        x509_anchors: Any = None,
        issuer_keys: Mapping[str, Sequence[PublicKey]] | None = None,
        token_status: Any = None,
    ) -> Verifier:
        """A verifier that needs no network: keys from the bundle's DID documents, the issuer
        check from its trust list, the status check from its status list snapshots (as fresh as
        the bundle; ``policy.max_status_age`` or the bundle's recommended maximum age); for
        SD-JWT VCs its X.509 anchors, issuer metadata keys and Status List Tokens.

        Args:
            bundle: a bundle checked by :meth:`TrustBundle.load`.
            policy: what to accept (default: :class:`VerificationPolicy` defaults).
            resolver: resolves verification methods (default: the bundle's DID documents).
            contexts: extra JSON-LD contexts the caller trusts.
            status_provider: decides ``status`` (default: the bundle's snapshots).
            scope_extractor: reads the claims the registry checks.
            formats: the input formats (default: :data:`vc_led._formats.DEFAULT_FORMATS`).
            x509_anchors: trusted X.509 roots for SD-JWT VC ``x5c`` chains, instead of the
                bundle's ``x509TrustAnchors`` (default: those; none when it has none).
            issuer_keys: public keys trusted per SD-JWT VC ``iss``, added to the bundle's
                ``jwtVcIssuerMetadata`` keys (these win for their ``iss``).
            token_status: the Token Status List provider for SD-JWT VCs (default: the
                bundle's Status List Tokens, as fresh as the bundle:
                ``policy.max_status_age`` or its recommended maximum age).

        Returns:
            The verifier.

        Raises:
            ConfigurationError: on an invalid policy.
        """
        policy = policy or VerificationPolicy()
        verifier = cls(
            policy,
            resolver=resolver or bundle.resolver(),
            contexts=contexts,
            status_provider=(
                bundle.status_provider(max_age=policy.max_status_age)
                if status_provider is None
                else status_provider
            ),
            trust=bundle.registry,
            scope_extractor=scope_extractor,
            formats=formats,
            x509_anchors=x509_anchors if x509_anchors is not None else bundle.x509_anchors or None,
            issuer_keys={**bundle.issuer_keys, **(issuer_keys or {})},
            token_status=(
                bundle.token_status_provider(max_age=policy.max_status_age)
                if token_status is None
                else token_status
            ),
        )
        verifier.bundle = bundle
        return verifier

    @property
    def policy(self) -> VerificationPolicy:
        """What this verifier accepts."""
        return self.engine.policy

    @property
    def resolver(self) -> KeyResolver:
        """Resolves verification methods."""
        return self.engine.resolver

    @property
    def status_provider(self) -> StatusProvider | None:
        """Decides the ``status`` check."""
        return self.engine.status_provider

    @property
    def trust(self) -> TrustRegistry | None:
        """The trust registry, if any."""
        return self.engine.trust

    def verify(
        self,
        document: Any,
        *,
        challenge: str | None = None,
        domain: str | None = None,
        now: datetime | None = None,
    ) -> VerificationResult:
        """Verify any input this verifier reads: a credential, a presentation (with the nested
        results of its credentials), a stapled credential or an SD-JWT VC (with or without a
        key binding JWT), told apart by its formats after one parse under the policy's limits.

        Args:
            document: the input, as JSON text, bytes or a parsed mapping.
            challenge: the challenge the verifier issued (a signed presentation needs it to be
                ``verified``; without it the proof check is ``indeterminate``). Ignored for a
                W3C credential; for an SD-JWT VC it is the KB-JWT ``nonce`` expected (given,
                a KB-JWT is required).
            domain: the expected presentation domain, if any (for an SD-JWT VC: the KB-JWT
                ``aud``).
            now: the verification time (default: the current UTC time).

        Returns:
            The :class:`VerificationResult` (``kind`` says which it was); never raises on the
            document's content: input that cannot be parsed within the limits is a failed
            ``structure`` check (``structure.too_deep``, ``structure.malformed_json``...).
        """
        request = VerifyRequest(now=now or utcnow(), challenge=challenge, domain=domain)
        return self.engine.dispatch(document, request, kinds=_ANY)

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
        return self.engine.verify_credential(credential, now=now or utcnow())

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
        request = VerifyRequest(now=now or utcnow(), challenge=challenge, domain=domain)
        return self.engine.dispatch(presentation, request, kinds=frozenset({"presentation"}))


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
