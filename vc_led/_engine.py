"""The check pipeline every verification runs on, and the formats that feed it.

:class:`Engine` holds what the checks need (policy, key resolver, canonicalizer with its work
budget, status provider, trust registry, scope extractor) and runs the ordered checks
``structure -> context -> proof -> issuer -> validity -> status -> holder_binding`` on a parsed
document. A check that fails or cannot decide at ``structure``, ``context`` or ``proof`` makes
every later check ``skipped`` (:func:`vc_led._checks.finish`): nothing else in the document can
be trusted. Nothing here raises because of a document's content.

Input is parsed once, with the limits applied before anything else (:meth:`Engine.dispatch`:
the raw text is offered to the formats that read non-JSON text, then parsed by
:func:`vc_led._structure.parse_document` under ``policy.limits``), and the parsed document is
handed to the first :class:`DocumentFormat` that claims it. The formats vc-led ships
(:mod:`vc_led._formats`) are the stapled credential, the presentation and the bare
credential; :class:`vc_led.Verifier` wires them in. The engine imports none of them: they build
on it (:meth:`Engine.check_credential`, :meth:`Engine.context_and_proofs`,
:meth:`Engine.expect`, :meth:`Engine.budgeted`, :meth:`Engine.with_status`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal, Protocol

from . import _checks
from ._checks import check_from_error, finish
from ._holder import credential_binding
from ._schema_check import check_schemas
from ._structure import check_credential_shape, parse_document
from ._time import utcnow
from .dids import DidResolver, KeyResolver
from .errors import ConfigurationError, DocumentError
from .jsonld.canon import CanonicalForm, shared_canonicalizer
from .jsonld.loader import ContextRegistry
from .keys import PublicKey
from .policy import VerificationPolicy
from .proofs.core import ProofExpectations, ProofOutcome, verify_proofs
from .results import CheckResult, CheckStatus, VerificationResult
from .status import StatusProvider
from .trust.checks import apply_key_windows
from .trust.model import TrustRegistry
from .trust.scope import ScopeExtractor

__all__ = ["DocumentFormat", "Engine", "Kind", "VerifyRequest"]

Kind = Literal["credential", "presentation"]
_VERSIONS = {1: "1.1", 2: "2.0"}


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifyRequest:
    """What the caller expects of one verification.

    Attributes:
        now: the verification time (timezone-aware UTC).
        challenge: the challenge the verifier issued (presentations).
        domain: the expected domain (presentations).
    """

    now: datetime
    challenge: str | None = None
    domain: str | None = None


class DocumentFormat(Protocol):
    """One kind of input the verifier reads: detects it, then verifies it on the engine.

    A format is claimed in the order the verifier lists its formats (the first that claims a
    document verifies it; the last of a kind is the catch-all when none claims it). To add one
    (SD-JWT VC, an OpenID4VP ``vp_token``), write a class with these members and list it:
    ``Verifier(formats=(SdJwtVcFormat(), *DEFAULT_FORMATS))`` for a caller, or add it to
    :data:`vc_led._formats.DEFAULT_FORMATS` in the package. A format that reads non-JSON text
    (the SD-JWT compact ``<jwt>~<disclosure>~...~`` serialization) claims it in
    :meth:`claims_text`, before any JSON parsing; ``verify`` then gets the text, which it must
    bound by ``engine.policy.limits`` itself. A JSON format returns ``False`` there and gets
    the parsed, bounded document.

    Attributes:
        name: a short stable name (``credential``, ``presentation``, ``stapled``...).
        kind: ``credential`` (also what a presentation may embed) or ``presentation``.
    """

    name: str
    kind: Kind

    def claims_text(self, text: str) -> bool:
        """Whether raw input text (not JSON) is in this format."""
        ...

    def claims(self, document: Mapping[str, Any]) -> bool:
        """Whether a parsed JSON document is in this format."""
        ...

    def verify(self, engine: Engine, document: Any, request: VerifyRequest) -> VerificationResult:
        """Verify a document this format claimed; never raise on its content."""
        ...


class Engine:
    """The check pipeline (see the module docstring). Built by :class:`vc_led.Verifier`;
    formats, stapled status and bundles use it directly.

    Args:
        policy: what to accept.
        resolver: resolves verification methods (default: ``did:key`` only, offline).
        contexts: extra JSON-LD contexts the caller trusts (default: the shipped ones).
        status_provider: decides the ``status`` check (default: none, ``indeterminate``).
        trust: the trust registry (accreditation, scopes, coverage, key windows).
        scope_extractor: reads the claims the registry checks.
        formats: the formats :meth:`dispatch` chooses from, in order (default: none, so
            every input is read as a bare credential).
        x509_anchors: trusted X.509 roots for ``x5c`` chains (SD-JWT VC issuers), as
            :func:`vc_led.x509.verify_x5c` takes them (default: none, so an ``x5c`` issuer is
            ``issuer.certificate_chain_not_checked``).
        issuer_keys: public keys the caller trusts per SD-JWT VC ``iss``.
        token_status: decides ``status`` for an SD-JWT VC's ``status.status_list`` (an object
            with ``check(*, uri, idx, now) -> CheckResult``, such as
            :class:`vc_led.status.token_status_list.TokenStatusProvider`).

    Raises:
        ConfigurationError: on an invalid policy.
    """

    def __init__(
        self,
        policy: VerificationPolicy,
        *,
        resolver: KeyResolver | None = None,
        contexts: ContextRegistry | None = None,
        status_provider: StatusProvider | None = None,
        trust: TrustRegistry | None = None,
        scope_extractor: ScopeExtractor | None = None,
        formats: Sequence[DocumentFormat] = (),
        x509_anchors: Any = None,
        issuer_keys: Mapping[str, Sequence[PublicKey]] | None = None,
        token_status: Any = None,
    ) -> None:
        if not policy.allowed_cryptosuites:
            raise ConfigurationError("the policy allows no cryptosuite")
        if trust is not None and not isinstance(trust, TrustRegistry):
            raise ConfigurationError(
                f"trust must be a TrustRegistry, not {type(trust).__name__} "
                "(for a TrustBundle use Verifier.from_bundle(bundle))"
            )
        self.policy = policy
        self.resolver: KeyResolver = resolver or DidResolver()
        self.canonicalizer = shared_canonicalizer(contexts, limits=policy.limits)
        self.status_provider = status_provider
        self.trust = trust
        self.scope_extractor = scope_extractor
        self.formats: tuple[DocumentFormat, ...] = tuple(formats)
        self.x509_anchors = x509_anchors
        self.issuer_keys: Mapping[str, Sequence[PublicKey]] = dict(issuer_keys or {})
        self.token_status = token_status

    def budgeted(self) -> Engine:
        """A copy whose canonicalization work limits are one budget for everything it
        verifies (a presentation and its credentials; a credential and its proofs), so
        embedding many costly credentials does not multiply the work. Shares the caches."""
        twin: Engine = copy.copy(self)
        twin.canonicalizer = self.canonicalizer.with_budget()
        return twin

    def with_status(self, provider: StatusProvider | None) -> Engine:
        """A copy deciding ``status`` with ``provider`` (shares caches and budget)."""
        twin: Engine = copy.copy(self)
        twin.status_provider = provider
        return twin

    def dispatch(
        self, data: Any, request: VerifyRequest, *, kinds: frozenset[Kind]
    ) -> VerificationResult:
        """Parse ``data`` once under the limits and verify it with the first format of one of
        ``kinds`` that claims it (the last such format when none does).

        Args:
            data: JSON text, bytes, a parsed mapping, or text of a non-JSON format.
            request: the time, challenge and domain.
            kinds: which kinds of document are acceptable here.

        Returns:
            The :class:`VerificationResult`; a ``structure`` failure when the input cannot be
            parsed within the limits. Never raises on the input's content.
        """
        if self.canonicalizer.budget is None:  # one work budget for the whole verification
            return self.budgeted().dispatch(data, request, kinds=kinds)
        formats = [f for f in self.formats if f.kind in kinds]
        text = _text(data, self.policy.limits.max_bytes)
        claimed = [f for f in formats if f.claims_text(text)] if text is not None else []
        if claimed:
            return claimed[0].verify(self, text, request)
        failed_kind: Kind = "presentation" if kinds == {"presentation"} else "credential"
        try:
            doc = parse_document(data, self.policy.limits)
        except DocumentError as exc:
            return finish(failed_kind, [check_from_error("structure", exc)], None)
        for fmt in formats:
            if fmt.claims(doc):
                return fmt.verify(self, doc, request)
        if formats:
            return formats[-1].verify(self, doc, request)
        return self.check_credential(doc, now=request.now)

    def verify_credential(
        self, credential: Any, *, now: datetime | None = None
    ) -> VerificationResult:
        """Verify a credential given as text, bytes or a mapping, in any credential format
        the engine lists (a bare credential when it lists none). Status lists are verified
        with this (:class:`vc_led.status.CredentialVerifier`), and so are the credentials a
        presentation embeds.

        Args:
            credential: the credential.
            now: the verification time (default: the current UTC time).

        Returns:
            The :class:`VerificationResult`; never raises on the credential's content.
        """
        request = VerifyRequest(now=now or utcnow())
        return self.dispatch(credential, request, kinds=frozenset({"credential"}))

    def check_credential(self, doc: dict[str, Any], *, now: datetime) -> VerificationResult:
        """Run every check on a parsed, bounded credential.

        Args:
            doc: the credential, as :func:`vc_led._structure.parse_document` returned it.
            now: the verification time.

        Returns:
            The credential's :class:`VerificationResult`.
        """
        try:
            version = check_credential_shape(doc)
        except DocumentError as exc:
            return finish("credential", [check_from_error("structure", exc)], None)
        structure = check_schemas(doc, require_known=self.policy.require_known_schema)
        if structure.status is not CheckStatus.PASSED:
            return finish("credential", [structure], doc)
        done = [replace(structure, message=f"a VC {_VERSIONS[version]} credential")]
        outcomes = self.context_and_proofs(doc, done, self.expect("assertionMethod", now))
        if outcomes is None:
            return finish("credential", done, doc)
        done.append(
            _checks.check_issuer(
                doc, outcomes, self.policy, trust=self.trust, extractor=self.scope_extractor
            )
        )
        done.append(_checks.check_validity(doc, version, now=now, policy=self.policy))
        done.append(_checks.check_status(doc, self.status_provider, now=now))
        done.append(credential_binding(doc))
        return finish("credential", done, doc)

    def expect(
        self, purpose: str, now: datetime, challenge: str | None = None, domain: str | None = None
    ) -> ProofExpectations:
        """What a proof of ``purpose`` must satisfy under this engine's policy."""
        return ProofExpectations(
            purpose=purpose,
            now=now,
            allowed_suites=self.policy.allowed_cryptosuites,
            challenge=challenge,
            domain=domain,
            require_challenge=purpose == "authentication",
            max_clock_skew_seconds=int(self.policy.max_clock_skew.total_seconds()),
        )

    def context_and_proofs(
        self, doc: dict[str, Any], done: list[CheckResult], expect: ProofExpectations
    ) -> list[ProofOutcome] | None:
        """Run the ``context`` and ``proof`` checks, appending them to ``done``.

        Returns:
            The proof outcomes when both passed; ``None`` when the pipeline stops here.
        """
        unsecured = {k: v for k, v in doc.items() if k != "proof"}
        try:
            canonical: CanonicalForm = self.canonicalizer.canonicalize(unsecured)
        except DocumentError as exc:
            done.append(check_from_error("context", exc))
            return None
        done.append(CONTEXT_PASSED)
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


#: The ``context`` check of a document whose every term is defined offline.
CONTEXT_PASSED = CheckResult(
    "context", CheckStatus.PASSED, None, "every term is defined by contexts available offline"
)


def _text(data: Any, max_bytes: int) -> str | None:
    """The input as text for :meth:`DocumentFormat.claims_text`; ``None`` for a mapping, for
    bytes that are not UTF-8 and for bytes over the size limit (parsing refuses those)."""
    if isinstance(data, str):
        return data
    if not isinstance(data, bytes | bytearray) or len(data) > max_bytes:
        return None
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return None
