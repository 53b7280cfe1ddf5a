"""Presentation verification: the VP's own checks plus one nested result per credential."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._checks import check_from_error, finish
from ._engine import CONTEXT_PASSED, Engine, Kind, VerifyRequest
from ._holder import check_holder_binding
from ._structure import check_presentation_shape, is_presentation
from .errors import DocumentError
from .proofs.core import ProofOutcome
from .results import CheckResult, CheckStatus, VerificationResult

__all__ = ["PRESENTATION", "PresentationFormat", "verify_presentation_document"]

P, F, S = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.SKIPPED


def _embedded(doc: Mapping[str, Any]) -> list[Any]:
    creds = doc.get("verifiableCredential", [])
    return list(creds) if isinstance(creds, list) else [creds]


class PresentationFormat:
    """A W3C verifiable presentation (JSON, Data Integrity proof)."""

    name = "presentation"
    kind: Kind = "presentation"

    def claims_text(self, text: str) -> bool:
        """JSON only."""
        return False

    def claims(self, document: Mapping[str, Any]) -> bool:
        """A document whose ``type`` includes ``VerifiablePresentation``."""
        return is_presentation(document)

    def verify(self, engine: Engine, document: Any, request: VerifyRequest) -> VerificationResult:
        """See :func:`verify_presentation_document`."""
        return verify_presentation_document(engine, document, request)


#: The presentation format :class:`vc_led.Verifier` lists.
PRESENTATION = PresentationFormat()


def verify_presentation_document(
    engine: Engine, doc: dict[str, Any], request: VerifyRequest
) -> VerificationResult:
    """Verify a parsed presentation and every credential it embeds (each through the
    engine's credential formats, so a stapled credential may be embedded).

    Args:
        engine: the engine (with its budget: one for the presentation and its credentials).
        doc: the parsed, bounded presentation.
        request: the time, the challenge and the domain.

    Returns:
        The :class:`VerificationResult` with one nested result per embedded credential.
    """
    try:
        check_presentation_shape(doc)
    except DocumentError as exc:
        return finish("presentation", [check_from_error("structure", exc)], None)
    done = [CheckResult("structure", P, None, "a verifiable presentation")]
    now = request.now
    credentials = tuple(engine.verify_credential(c, now=now) for c in _embedded(doc))
    if "proof" not in doc and engine.policy.allow_unsigned_presentations:
        outcomes: list[ProofOutcome] | None = _unsigned(engine, doc, done)
    else:
        expect = engine.expect("authentication", now, request.challenge, request.domain)
        outcomes = engine.context_and_proofs(doc, done, expect)
    if outcomes is None:
        return finish("presentation", done, doc, credentials)
    for name in ("issuer", "validity", "status"):
        done.append(CheckResult(name, S, None, "checked on each embedded credential"))
    done.append(check_holder_binding(doc, outcomes, credentials, engine.policy))
    return finish("presentation", done, doc, credentials)


def _unsigned(
    engine: Engine, doc: dict[str, Any], done: list[CheckResult]
) -> list[ProofOutcome] | None:
    try:
        engine.canonicalizer.canonicalize(doc)
    except DocumentError as exc:
        done.append(check_from_error("context", exc))
        return None
    done.append(CONTEXT_PASSED)
    done.append(CheckResult("proof", S, None, "unsigned presentation accepted by the policy"))
    return []
