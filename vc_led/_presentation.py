"""Presentation verification: the VP's own checks plus one nested result per credential."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._checks import check_from_error, finish
from ._structure import check_presentation_shape, parse_document
from .errors import DocumentError
from .proofs.core import ProofOutcome
from .results import CheckResult, CheckStatus, ErrorCode, VerificationResult

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["verify_presentation_document"]

P, F, S = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.SKIPPED


def _embedded(doc: Mapping[str, Any]) -> list[Any]:
    creds = doc.get("verifiableCredential", [])
    return list(creds) if isinstance(creds, list) else [creds]


def verify_presentation_document(
    verifier: Verifier,
    presentation: Any,
    *,
    challenge: str | None,
    domain: str | None,
    now: datetime,
) -> VerificationResult:
    """See :meth:`vc_led.Verifier.verify_presentation`."""
    try:
        doc = parse_document(presentation, verifier.policy.limits)
        check_presentation_shape(doc)
    except DocumentError as exc:
        return finish("presentation", [check_from_error("structure", exc)], None)
    done = [CheckResult("structure", P, None, "a verifiable presentation")]
    credentials = tuple(verifier.verify_credential(c, now=now) for c in _embedded(doc))
    if "proof" not in doc and verifier.policy.allow_unsigned_presentations:
        outcomes: list[ProofOutcome] | None = _unsigned(verifier, doc, done)
    else:
        expect = verifier._expect("authentication", now, challenge, domain)
        outcomes = verifier._context_and_proofs(doc, done, expect)
    if outcomes is None:
        return finish("presentation", done, doc, credentials)
    for name in ("issuer", "validity", "status"):
        done.append(CheckResult(name, S, None, "checked on each embedded credential"))
    done.append(_holder_binding(doc, outcomes, credentials, verifier))
    return finish("presentation", done, doc, credentials)


def _unsigned(
    verifier: Verifier, doc: dict[str, Any], done: list[CheckResult]
) -> list[ProofOutcome] | None:
    try:
        verifier.canonicalizer.canonicalize(doc)
    except DocumentError as exc:
        done.append(check_from_error("context", exc))
        return None
    done.append(
        CheckResult("context", P, None, "every term is defined by contexts available offline")
    )
    done.append(CheckResult("proof", S, None, "unsigned presentation accepted by the policy"))
    return []


def _holder_id(doc: Mapping[str, Any]) -> str | None:
    holder = doc.get("holder")
    value = holder.get("id") if isinstance(holder, Mapping) else holder
    return value if isinstance(value, str) else None


def _holder_binding(
    doc: Mapping[str, Any],
    outcomes: list[ProofOutcome],
    credentials: tuple[VerificationResult, ...],
    verifier: Verifier,
) -> CheckResult:
    if not outcomes:
        return CheckResult("holder_binding", S, None, "unsigned presentation: no holder binding")
    holder = _holder_id(doc)
    signers = {o.controller for o in outcomes if o.status is P}
    if holder is not None and holder not in signers:
        return CheckResult(
            "holder_binding",
            F,
            ErrorCode.HOLDER_BINDING_HOLDER_MISMATCH,
            "the presentation was not signed by its holder",
            {"holder": holder[:200]},
        )
    if verifier.policy.require_holder_is_subject:
        for cred in credentials:
            for subject_id in _subject_ids(cred.document):
                if subject_id not in signers:
                    return CheckResult(
                        "holder_binding",
                        F,
                        ErrorCode.HOLDER_BINDING_HOLDER_MISMATCH,
                        "a credential is about someone other than the presenter",
                        {"subject": subject_id[:200]},
                    )
    return CheckResult(
        "holder_binding",
        P,
        None,
        "presented by the holder who signed it",
        {"holder": (holder or ", ".join(sorted(s or "" for s in signers)))[:200]},
    )


def _subject_ids(doc: Mapping[str, Any] | None) -> list[str]:
    if doc is None:
        return []
    subject = doc.get("credentialSubject")
    items = subject if isinstance(subject, list) else [subject]
    return [s["id"] for s in items if isinstance(s, Mapping) and isinstance(s.get("id"), str)]
