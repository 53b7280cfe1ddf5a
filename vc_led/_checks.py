"""The ``proof``, ``issuer``, ``validity`` and ``status`` checks of a credential."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ._time import parse_datetime_stamp
from .errors import DocumentError
from .policy import VerificationPolicy
from .proofs.core import ProofOutcome
from .results import (
    CHECK_ORDER,
    Authenticity,
    CheckResult,
    CheckStatus,
    ErrorCode,
    VerificationResult,
)
from .status import StatusProvider
from .trust.checks import check_accreditation
from .trust.model import AUTHENTIC, TrustRegistry
from .trust.scope import ScopeExtractor, default_scope_extractor

__all__ = [
    "check_from_error",
    "check_issuer",
    "check_status",
    "check_validity",
    "finish",
    "summarize_proofs",
    "untrusted_issuer",
]

P, F, IND, S = (
    CheckStatus.PASSED,
    CheckStatus.FAILED,
    CheckStatus.INDETERMINATE,
    CheckStatus.SKIPPED,
)


def summarize_proofs(outcomes: Sequence[ProofOutcome]) -> CheckResult:
    """One ``proof`` check from the outcomes of every proof (all must pass)."""
    if not outcomes:
        return CheckResult("proof", F, ErrorCode.PROOF_MISSING, "the document has no proof")
    for wanted in (F, IND):
        for o in outcomes:
            if o.status is wanted:
                details = {"proof": o.index, **dict(o.details)}
                if o.verification_method:
                    details["verification_method"] = o.verification_method[:200]
                return CheckResult("proof", wanted, o.code, o.message, details)
    methods = ", ".join(sorted({o.verification_method or "" for o in outcomes}))
    return CheckResult(
        "proof",
        P,
        None,
        f"{len(outcomes)} proof(s) verified",
        {"proofs": len(outcomes), "verification_methods": methods[:400]},
    )


def issuer_id(doc: Mapping[str, Any]) -> str | None:
    """The issuer's id (``issuer`` or ``issuer.id``)."""
    issuer = doc.get("issuer")
    value = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return value if isinstance(value, str) else None


def check_issuer(
    doc: Mapping[str, Any],
    outcomes: Sequence[ProofOutcome],
    policy: VerificationPolicy,
    *,
    trust: TrustRegistry | None = None,
    extractor: ScopeExtractor | None = None,
) -> CheckResult:
    """The issuer's own key must have made a proof, and the policy (or, when given, the trust
    registry: accreditation, scope and coverage) must accept the issuer. An accepted issuer's
    check carries the credential's authenticity (``authenticity_level``), and fails
    ``issuer.not_authentic`` when the policy requires authentic records and it is not one."""
    verdict = _issuer_verdict(doc, outcomes, policy, trust=trust, extractor=extractor)
    if verdict.status is not P:
        return verdict
    return _with_authenticity(doc, verdict, policy, extractor or default_scope_extractor)


def _with_authenticity(
    doc: Mapping[str, Any],
    verdict: CheckResult,
    policy: VerificationPolicy,
    extractor: ScopeExtractor,
) -> CheckResult:
    try:
        scope = extractor(doc)
        stated, declared = scope.authenticity, scope.self_declared
    except Exception:  # a custom extractor's bug must not turn into a crash
        stated, declared = None, False
    if declared:
        level = Authenticity.SELF_DECLARED
    else:
        level = Authenticity.AUTHENTIC if stated == AUTHENTIC else Authenticity.NOT_STATED
    details: dict[str, str | int] = {**dict(verdict.details), "authenticity_level": level.value}
    if stated:
        details["authenticity"] = stated[:200]
    if policy.require_authentic and level is not Authenticity.AUTHENTIC:
        message = (
            "the record is self-declared, and the policy accepts authentic records only"
            if declared
            else "the record does not state that it is authentic, and the policy requires it"
        )
        return CheckResult("issuer", F, ErrorCode.ISSUER_NOT_AUTHENTIC, message, details)
    return CheckResult("issuer", P, None, verdict.message, details)


def _issuer_verdict(
    doc: Mapping[str, Any],
    outcomes: Sequence[ProofOutcome],
    policy: VerificationPolicy,
    *,
    trust: TrustRegistry | None,
    extractor: ScopeExtractor | None,
) -> CheckResult:
    issuer = issuer_id(doc) or ""
    controllers = {
        o.controller for o in outcomes if o.status is P and o.purpose == "assertionMethod"
    }
    details = {"issuer": issuer[:200]}
    if issuer not in controllers and policy.issuer_binding == "proof_only":
        signers = sorted(c for c in controllers if c)
        if signers:
            return _binding_not_checked(details, signers, policy)
    if issuer not in controllers:
        return CheckResult(
            "issuer",
            F,
            ErrorCode.ISSUER_KEY_NOT_CONTROLLED,
            "no proof was made with a key controlled by the issuer",
            {**details, "key_controllers": ", ".join(sorted(c or "" for c in controllers))[:400]},
        )
    if issuer in policy.trusted_issuers:
        return CheckResult("issuer", P, None, "issuer is trusted by the policy", details)
    if trust is not None:
        return _check_registry(doc, outcomes, policy, trust, extractor, issuer)
    if policy.accept_any_issuer:
        return CheckResult(
            "issuer", P, None, "issuer accepted: the policy accepts any issuer", details
        )
    return untrusted_issuer(policy, details)


def untrusted_issuer(policy: VerificationPolicy, details: Mapping[str, str]) -> CheckResult:
    """The ``issuer`` verdict when neither the policy nor a registry accepts the issuer:
    failed (``issuer.not_trusted``) under a policy that names trusted issuers, else
    indeterminate (``issuer.no_trust_policy``)."""
    if policy.trusted_issuers:
        return CheckResult(
            "issuer", F, ErrorCode.ISSUER_NOT_TRUSTED, "issuer is not trusted", dict(details)
        )
    return CheckResult(
        "issuer",
        IND,
        ErrorCode.ISSUER_NO_TRUST_POLICY,
        "no trusted issuers are configured, so trust cannot be decided",
        dict(details),
    )


def _binding_not_checked(
    details: dict[str, str], signers: Sequence[str], policy: VerificationPolicy
) -> CheckResult:
    """``issuer_binding="proof_only"`` and the issuer controls none of the signing keys: the
    issuer is a claim nobody checked. Skipped (the caller decides trust), never passed."""
    shown: dict[str, str | int] = {
        **details,
        "issuer_binding": "not_checked",
        "key_controllers": ", ".join(signers)[:400],
    }
    if policy.require_authentic:
        return CheckResult(
            "issuer",
            F,
            ErrorCode.ISSUER_NOT_AUTHENTIC,
            "the issuer is not bound to the proof (issuer_binding='proof_only'), so the record "
            "cannot be shown to be authentic, and the policy requires it",
            shown,
        )
    return CheckResult(
        "issuer",
        CheckStatus.SKIPPED,
        None,
        "issuer not checked: the policy verifies the proof against its key alone "
        "(issuer_binding='proof_only'); the issuer named is a claim, not bound to the key that "
        "signed, and trust in it is the caller's decision",
        shown,
    )


def _check_registry(
    doc: Mapping[str, Any],
    outcomes: Sequence[ProofOutcome],
    policy: VerificationPolicy,
    trust: TrustRegistry,
    extractor: ScopeExtractor | None,
    issuer: str,
) -> CheckResult:
    methods = [
        o.verification_method
        for o in outcomes
        if o.status is P and o.controller == issuer and o.verification_method
    ]
    verdict = check_accreditation(
        doc,
        issuer=issuer,
        signing_methods=methods,
        trust=trust,
        extractor=extractor or default_scope_extractor,
    )
    if verdict is not None:
        return verdict
    details = {"issuer": issuer[:200]}
    if policy.accept_any_issuer:
        return CheckResult(
            "issuer", P, None, "issuer accepted: the policy accepts any issuer", details
        )
    return CheckResult(
        "issuer",
        F,
        ErrorCode.ISSUER_NOT_ACCREDITED,
        "the issuer is not in the trust registry",
        details,
    )


def check_validity(
    doc: Mapping[str, Any], version: int, *, now: datetime, policy: VerificationPolicy
) -> CheckResult:
    """``validFrom``/``validUntil`` (or the VC 1.1 ``issuanceDate``/``expirationDate``)."""
    start_name, end_name = (
        ("validFrom", "validUntil") if version == 2 else ("issuanceDate", "expirationDate")
    )
    start = parse_datetime_stamp(doc.get(start_name))
    end = parse_datetime_stamp(doc.get(end_name))
    details = {"now": now.isoformat()}
    if start is not None:
        details[start_name] = str(doc[start_name])
    if end is not None:
        details[end_name] = str(doc[end_name])
    if start is not None and end is not None and end < start:
        return CheckResult(
            "validity",
            F,
            ErrorCode.VALIDITY_INVALID_RANGE,
            f"{end_name} is before {start_name}",
            details,
        )
    if start is not None and start > now + policy.max_clock_skew:
        return CheckResult(
            "validity",
            F,
            ErrorCode.VALIDITY_NOT_YET_VALID,
            "the credential is not valid yet",
            details,
        )
    if end is not None and end < now - policy.max_clock_skew:
        return CheckResult(
            "validity",
            F,
            ErrorCode.VALIDITY_EXPIRED,
            "the credential has expired (it may still be genuine)",
            details,
        )
    return CheckResult("validity", P, None, "within its validity period", details)


def check_status(
    doc: Mapping[str, Any], provider: StatusProvider | None, *, now: datetime
) -> CheckResult:
    """Skipped without ``credentialStatus``; indeterminate without a provider."""
    entries = doc.get("credentialStatus")
    if entries is None:
        return CheckResult("status", S, None, "the credential has no status information")
    items = entries if isinstance(entries, list) else [entries]
    if provider is None:
        return CheckResult(
            "status",
            IND,
            ErrorCode.STATUS_NO_PROVIDER,
            "the credential has a status entry but no status source is configured",
        )
    try:
        return provider.check(doc, items, now=now)
    except Exception:  # a provider bug must not turn into a crash or a pass
        return CheckResult(
            "status", IND, ErrorCode.STATUS_RETRIEVAL_ERROR, "the status provider failed"
        )


def finish(
    kind: str,
    done: list[CheckResult],
    doc: Mapping[str, Any] | None,
    credentials: tuple[VerificationResult, ...] = (),
) -> VerificationResult:
    """Complete ``done`` with ``skipped`` for every check not run, in order."""
    names = {c.check for c in done}
    rest = [
        CheckResult(n, S, None, "not checked: an earlier check did not pass")
        for n in CHECK_ORDER
        if n not in names
    ]
    return VerificationResult(kind, tuple(done + rest), credentials, doc)


def check_from_error(check: str, exc: DocumentError) -> CheckResult:
    """A failed check from a :class:`DocumentError`.

    Raises:
        ValueError: when the error carries a code outside :class:`ErrorCode` (a bug: every
            code a document error carries is in the enum).
    """
    code = ErrorCode(exc.code)  # an unknown code is a bug, not a verdict
    return CheckResult(check, CheckStatus.FAILED, code, exc.message, dict(exc.details))
