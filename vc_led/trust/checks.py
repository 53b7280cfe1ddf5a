"""The verifier's use of a :class:`TrustRegistry`: key windows in the ``proof`` check and
accreditation, scope and coverage in the ``issuer`` check.

``issuer`` with a registry (after the issuer's own key is known to have signed):

1. an issuer the policy trusts explicitly (``trusted_issuers``) passes as before;
2. an issuer the registry does not know fails ``issuer.not_accredited`` (unless the policy
   accepts any issuer); a suspended one ``issuer.suspended``; a key the registry does not
   list for it ``issuer.key_not_accredited``;
3. the *subject* of the scope checks is the issuer, or, when the issuer signs on behalf of
   suppliers (the registry key), the supplier the credential names in its supplier evidence
   (unknown: ``issuer.not_accredited``; suspended: ``issuer.suspended``). A supplier-signed
   credential that names another supplier is ``issuer.out_of_scope``;
4. the credential's type and category must fall in one of the subject's scopes
   (``issuer.out_of_scope``); for an authentic record the issue date must not be before the
   earliest coverage start of the matching scopes (``issuer.before_coverage``). Self-declared
   records match only self-declaration scopes and have no coverage date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .._time import parse_datetime_stamp
from ..proofs.core import ProofOutcome
from ..results import CheckResult, CheckStatus, ErrorCode
from .model import AccreditationScope, AccreditedIssuer, TrustRegistry
from .scope import CredentialScope, ScopeExtractor

__all__ = ["apply_key_windows", "check_accreditation"]

P, F = CheckStatus.PASSED, CheckStatus.FAILED


def _proof_list(doc: Mapping[str, Any]) -> list[Any]:
    proof = doc.get("proof")
    return list(proof) if isinstance(proof, list) else [proof]


def apply_key_windows(
    doc: Mapping[str, Any], outcomes: Sequence[ProofOutcome], trust: TrustRegistry
) -> list[ProofOutcome]:
    """Fail (``proof.key_retired``) every verified proof whose key the registry lists with a
    window that its ``created`` falls outside of.

    Args:
        doc: the secured document.
        outcomes: the outcome of each proof.
        trust: the registry holding key windows.

    Returns:
        The outcomes, with those proofs turned into failures.
    """
    proofs = _proof_list(doc)
    out: list[ProofOutcome] = []
    for o in outcomes:
        found = trust.key(o.verification_method) if o.verification_method else None
        if o.status is not P or found is None:
            out.append(o)
            continue
        _, key = found
        proof = proofs[o.index] if o.index < len(proofs) else None
        created_text = proof.get("created") if isinstance(proof, Mapping) else None
        if key.allows(parse_datetime_stamp(created_text)):
            out.append(o)
            continue
        details: dict[str, str | int] = {**dict(o.details), "created": str(created_text)[:40]}
        if key.valid_from is not None:
            details["key_valid_from"] = key.valid_from.isoformat()
        if key.retired_at is not None:
            details["key_retired_at"] = key.retired_at.isoformat()
        message = "the proof was made outside the key's validity window (retired key)"
        out.append(
            replace(o, status=F, code=ErrorCode.PROOF_KEY_RETIRED, message=message, details=details)
        )
    return out


def _fail(code: ErrorCode, message: str, **details: str) -> CheckResult:
    return CheckResult("issuer", F, code, message, {k: v[:200] for k, v in details.items()})


def _subject(
    issuer: AccreditedIssuer, scope: CredentialScope, trust: TrustRegistry
) -> AccreditedIssuer | CheckResult:
    named = set(scope.suppliers)
    if len(named) > 1:
        return _fail(ErrorCode.ISSUER_OUT_OF_SCOPE, "the credential names several suppliers")
    if not named:
        return issuer
    (reference,) = named
    supplier = trust.find(reference)
    if not issuer.signs_on_behalf:
        if supplier is issuer:
            return issuer
        return _fail(
            ErrorCode.ISSUER_OUT_OF_SCOPE,
            "the credential names a supplier other than its issuer",
            supplier=reference,
        )
    if supplier is None:
        return _fail(
            ErrorCode.ISSUER_NOT_ACCREDITED,
            "the supplier the credential names is not accredited",
            supplier=reference,
        )
    if supplier.suspended:
        return _fail(
            ErrorCode.ISSUER_SUSPENDED, "the supplier is suspended", supplier=supplier.name
        )
    return supplier


def _coverage(
    subject: AccreditedIssuer, scope: CredentialScope, matching: list[AccreditationScope]
) -> CheckResult | None:
    if scope.self_declared:
        return None
    starts = [s.coverage_start for s in matching if s.coverage_start is not None]
    where = {"supplier": subject.name}
    if not starts:
        return _fail(
            ErrorCode.ISSUER_BEFORE_COVERAGE, "LED does not cover this kind of record yet", **where
        )
    start = min(starts)
    if scope.issued is None or scope.issued < start:
        return _fail(
            ErrorCode.ISSUER_BEFORE_COVERAGE,
            "issued before the date LED covers this issuer's records from",
            **where,
            coverage_start=start.isoformat(),
            issued=scope.issued.isoformat() if scope.issued else "unknown",
        )
    return None


def check_accreditation(
    doc: Mapping[str, Any],
    *,
    issuer: str,
    signing_methods: Sequence[str],
    trust: TrustRegistry,
    extractor: ScopeExtractor,
) -> CheckResult | None:
    """The registry's verdict on ``issuer`` for ``doc``; ``None`` when the registry does not
    know the issuer (the caller decides: ``issuer.not_accredited`` unless the policy accepts
    any issuer).

    Args:
        doc: the credential.
        issuer: its issuer id (whose own key made a verified proof).
        signing_methods: the verification methods of the issuer's verified proofs.
        trust: the registry.
        extractor: reads the credential's type, category, supplier and issue date.

    Returns:
        The ``issuer`` check result, or ``None``.
    """
    entry = trust.by_did(issuer)
    if entry is None:
        return None
    if entry.suspended:
        return _fail(ErrorCode.ISSUER_SUSPENDED, "the issuer is suspended", issuer=issuer)
    unlisted = [m for m in signing_methods if entry.keys and entry.key(m) is None]
    if unlisted:
        return _fail(
            ErrorCode.ISSUER_KEY_NOT_ACCREDITED,
            "the proof's key is not registered for this issuer",
            verification_method=unlisted[0],
        )
    scope = extractor(doc)
    subject = _subject(entry, scope, trust)
    if isinstance(subject, CheckResult):
        return subject
    matching = [s for s in subject.scopes if s.matches(scope)]
    if not matching:
        return _fail(
            ErrorCode.ISSUER_OUT_OF_SCOPE,
            "the issuer is not accredited for this kind of credential",
            supplier=subject.name,
            category=", ".join(sorted(scope.categories)) or "none",
            type=", ".join(sorted(scope.types)) or "none",
        )
    return _coverage(subject, scope, matching) or _accredited(issuer, subject, scope)


def _accredited(issuer: str, subject: AccreditedIssuer, scope: CredentialScope) -> CheckResult:
    kind = "a self-declared record, not authentic" if scope.self_declared else "within scope"
    details: dict[str, str | int] = {"issuer": issuer[:200], "supplier": subject.name[:200]}
    if scope.categories:
        details["category"] = ", ".join(sorted(scope.categories))[:200]
    if scope.authenticity:
        details["authenticity"] = scope.authenticity[:200]
    return CheckResult("issuer", P, None, f"accredited issuer ({subject.name}); {kind}", details)
