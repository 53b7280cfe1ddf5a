"""Presentation verification: the VP's own checks plus one nested result per credential."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._checks import check_from_error, finish
from ._holder import check_holder_binding
from ._structure import check_presentation_shape, parse_document
from .errors import DocumentError
from .proofs.core import ProofOutcome
from .results import CheckResult, CheckStatus, VerificationResult

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
    done.append(check_holder_binding(doc, outcomes, credentials, verifier.policy))
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
