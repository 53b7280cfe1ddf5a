"""The ``holder_binding`` check: who presents, and whether they are who the credential is about.

A credential is bound to a holder only through ``credentialSubject.id``: when it names the
holder's DID, a presentation signed with that DID's key shows that the subject presents it
(``binding`` ``holder_key``). A credential without a subject ``id`` (a downloaded file that names
its holder by name and birth date) is a *bearer* credential: anyone with a copy can present it,
and a presentation signature says nothing about who it is about (``binding`` ``bearer``).

The ``binding`` detail is stable, so reports are derived from the result:

- ``holder_key``: every credential names a subject whose key signed the presentation;
- ``bearer``: some credential names no subject key (compare name and birth date with an
  identity document);
- ``not_subject``: a credential's subject did not sign the presentation. This fails
  (``holder_binding.not_subject``) unless the policy says
  ``allow_presenter_not_subject=True`` (then it passes, saying so);
- on a credential verified alone (``skipped``, not a presentation): ``bearer``, or
  ``subject_key`` (it names a subject key, but nobody proved holding it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from .policy import VerificationPolicy
from .proofs.core import ProofOutcome
from .results import CheckResult, CheckStatus, ErrorCode, VerificationResult

__all__ = ["check_holder_binding", "credential_binding", "subject_ids"]

P, F, S = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.SKIPPED
CHECK = "holder_binding"


def subject_ids(doc: Mapping[str, Any] | None) -> list[str]:
    """The ``id`` of every credential subject that has one."""
    if doc is None:
        return []
    subject = doc.get("credentialSubject")
    items = subject if isinstance(subject, list) else [subject]
    return [s["id"] for s in items if isinstance(s, Mapping) and isinstance(s.get("id"), str)]


def credential_binding(doc: Mapping[str, Any]) -> CheckResult:
    """The ``skipped`` holder check of a credential verified on its own, saying whether it is
    bound to a subject key at all."""
    ids = subject_ids(doc)
    if not ids:
        return CheckResult(
            CHECK,
            S,
            None,
            "not a presentation; the credential names no holder key, so anyone with a copy can "
            "show it (compare name and birth date with an identity document)",
            {"binding": "bearer"},
        )
    return CheckResult(
        CHECK,
        S,
        None,
        "not a presentation; the credential names its subject's key, but holding it was not "
        "proven (ask for a presentation signed with it)",
        {"binding": "subject_key", "subject": ids[0][:200]},
    )


def _holder_id(doc: Mapping[str, Any]) -> str | None:
    holder = doc.get("holder")
    value = holder.get("id") if isinstance(holder, Mapping) else holder
    return value if isinstance(value, str) else None


def _classify(
    credentials: tuple[VerificationResult, ...], signers: Collection[str | None]
) -> dict[str, list[str]]:
    """Subject ids that did not sign (``not_subject``), and the numbers (1-based) of
    credentials without a subject key (``bearer``) or bound to a signer (``holder_key``)."""
    out: dict[str, list[str]] = {"not_subject": [], "bearer": [], "holder_key": []}
    for number, cred in enumerate(credentials, start=1):
        if cred.document is None:
            continue
        ids = subject_ids(cred.document)
        strangers = [i for i in ids if i not in signers]
        out["not_subject"] += strangers
        if not ids:
            out["bearer"].append(str(number))
        elif not strangers:
            out["holder_key"].append(str(number))
    return out


def check_holder_binding(
    doc: Mapping[str, Any],
    outcomes: list[ProofOutcome],
    credentials: tuple[VerificationResult, ...],
    policy: VerificationPolicy,
) -> CheckResult:
    """Decide ``holder_binding`` for a presentation (see the module docstring).

    Args:
        doc: the presentation.
        outcomes: its proofs' outcomes (empty: unsigned).
        credentials: the embedded credentials' results.
        policy: ``allow_presenter_not_subject``.

    Returns:
        The check result, with the stable ``binding`` detail.
    """
    if not outcomes:
        return CheckResult(CHECK, S, None, "unsigned presentation: no holder binding")
    holder = _holder_id(doc)
    signers = {o.controller for o in outcomes if o.status is P}
    if holder is not None and holder not in signers:
        return CheckResult(
            CHECK,
            F,
            ErrorCode.HOLDER_BINDING_HOLDER_MISMATCH,
            "the presentation was not signed by its holder",
            {"holder": holder[:200]},
        )
    found = _classify(credentials, signers)
    presenter = (holder or ", ".join(sorted(s or "" for s in signers)))[:200]
    details: dict[str, str | int] = {"holder": presenter}
    if found["bearer"]:
        details["bearer_credentials"] = ", ".join(found["bearer"])[:200]
    if found["not_subject"]:
        details |= {"binding": "not_subject", "subject": found["not_subject"][0][:200]}
        if not policy.allow_presenter_not_subject:
            return CheckResult(
                CHECK,
                F,
                ErrorCode.HOLDER_BINDING_NOT_SUBJECT,
                "a credential is about someone other than the one who signed the presentation",
                details,
            )
        message = "presented by someone other than a credential's subject (allowed by policy)"
        return CheckResult(CHECK, P, None, message, details)
    if found["bearer"]:
        details["binding"] = "bearer"
        message = (
            "signed by the presenter, but a credential names no holder key: anyone with a copy "
            "can present it (compare name and birth date with an identity document)"
        )
        return CheckResult(CHECK, P, None, message, details)
    details["binding"] = "holder_key"
    message = "presented by the credentials' subject, who signed the presentation"
    if not found["holder_key"]:
        message = "presented by the holder who signed it (it embeds no readable credential)"
    return CheckResult(CHECK, P, None, message, details)
