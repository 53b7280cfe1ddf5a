"""Profiles for qualifications, self-declared records and NARIC equivalence decisions.

- **Qualification** (``LedQualificationCredential``): an authentic diploma, getuigschrift,
  attest, certificate or experience proof; ``credentialSubject.qualification``.
- **Self-declared** (``LedSelfDeclaredCredential``, never also ``LedQualificationCredential``):
  an ``Eigen verklaring - Op eer`` / ``- Geverifieerd``; ``credentialSubject.selfDeclaration``
  with ``selfDeclared: true`` and ``selfDeclarationKind``, and a name and description that say
  so.
- **Equivalence** (``LedEquivalenceCredential``): a NARIC ``Gelijkwaardigheid``;
  ``credentialSubject.equivalence`` with the foreign country and language, NARIC as awarding
  body and the institution the record names as ``originalInstitution``.

A ``Tussenbewijs`` adds the type ``LedIntermediateProofCredential``, ``isIntermediate: true``
and a name that starts with "Tussenbewijs".
"""

from __future__ import annotations

from typing import Any

from ..model import LedRecord
from ..values import led_text
from ..vocab.schemas import schema_id
from ._claims import organisation, record_claims
from ._envelope import INTERMEDIATE_TYPE, IssueContext, display_title, envelope
from ._subject import learner
from .holder import Holder

__all__ = [
    "SELF_DECLARED_VERIFIED",
    "build_equivalence",
    "build_qualification",
    "build_self_declared",
]

SELF_DECLARED_VERIFIED = "Eigen verklaring - Geverifieerd"
_GENERIC = "LED-kwalificatiebewijs"
_INTERMEDIATE_NOTE = (
    "Tussenbewijs: een bewijs van een module of een deel van een opleiding, geen eindbewijs."
)


def _types(record: LedRecord, main: str) -> list[str]:
    return [main, INTERMEDIATE_TYPE] if record.is_intermediate else [main]


def _title(record: LedRecord) -> str:
    """The display title, generic for a special-needs record (its title may reveal it)."""
    title = None if record.is_special_needs else display_title(record)
    return title or _GENERIC


def _name(record: LedRecord, prefix: str | None = None) -> str:
    name = _title(record)
    if prefix:
        name = f"{prefix}: {name}"
    return f"Tussenbewijs (geen eindbewijs): {name}" if record.is_intermediate else name


def _subject(record: LedRecord, holder: Holder, claim: str, node: dict[str, Any]) -> dict[str, Any]:
    return learner(holder, record, "LedLearner", {claim: node}, claim)


def build_qualification(record: LedRecord, holder: Holder, ctx: IssueContext) -> dict[str, Any]:
    """The unsigned qualification credential of an authentic record."""
    node = record_claims(record, "LedQualification").done()
    return envelope(
        ctx,
        record,
        types=_types(record, "LedQualificationCredential"),
        schema_id=schema_id("qualification"),
        subject=_subject(record, holder, "qualification", node),
        name=_name(record),
        description=_INTERMEDIATE_NOTE if record.is_intermediate else None,
    )


def build_self_declared(record: LedRecord, holder: Holder, ctx: IssueContext) -> dict[str, Any]:
    """The unsigned credential of a self-declared record, marked as such in type and claims."""
    verified = led_text(record.basis.authenticity) == SELF_DECLARED_VERIFIED
    claims = record_claims(record, "LedSelfDeclaredQualification")
    claims.value("selfDeclared", True)
    claims.value("selfDeclarationKind", "verified" if verified else "onHonour")
    note = (
        "Eigen verklaring van de houder; een VDAB-consulent zag het papieren bewijs. "
        if verified
        else "Eigen verklaring van de houder, op eer; niemand heeft ze gecontroleerd. "
    )
    note += "Geen authentiek bewijs van de onderwijsverstrekker."
    return envelope(
        ctx,
        record,
        types=_types(record, "LedSelfDeclaredCredential"),
        schema_id=schema_id("self-declared"),
        subject=_subject(record, holder, "selfDeclaration", claims.done()),
        name=_name(record, "Eigen verklaring (niet geverifieerd door de bron)"),
        description=note + (" " + _INTERMEDIATE_NOTE if record.is_intermediate else ""),
    )


def build_equivalence(record: LedRecord, holder: Holder, ctx: IssueContext) -> dict[str, Any]:
    """The unsigned credential of a NARIC equivalence decision."""
    claims = record_claims(record, "LedEquivalenceDecision", foreign=True)
    claims.value("awardingBody", {"type": "LedOrganisation", "name": record.supplier.name})
    claims.value(
        "originalInstitution",
        organisation(record.basis.institution, record.basis.authority_class),
    )
    return envelope(
        ctx,
        record,
        types=_types(record, "LedEquivalenceCredential"),
        schema_id=schema_id("equivalence"),
        subject=_subject(record, holder, "equivalence", claims.done()),
        name=_name(record, f"Gelijkwaardigheidsbesluit {record.supplier.name}"),
        description=(
            f"Besluit van {record.supplier.name} over de gelijkwaardigheid van een buitenlands "
            "studiebewijs met een Vlaamse kwalificatie."
        ),
    )
