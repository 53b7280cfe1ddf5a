"""The ``credentialSubject``: the holder's claims, the record claims, the sensitive claims."""

from __future__ import annotations

from typing import Any

from ..model import LedRecord
from ._envelope import sensitive_pointers
from .holder import Holder

__all__ = ["learner"]


def learner(
    holder: Holder,
    record: LedRecord,
    subject_type: str | list[str],
    claims: dict[str, Any],
    claim: str,
) -> dict[str, Any]:
    """The subject: holder DID/name/birth date, ``claims`` (the record node under ``claim``),
    and ``sensitiveClaims`` listing the JSON Pointers that reveal special-needs education.

    Args:
        holder: who the credential is about.
        record: the record (for its special-needs fields).
        subject_type: the subject's ``type``.
        claims: the subject's other properties, among them ``claim``.
        claim: the property holding the record node.

    Returns:
        The ``credentialSubject`` object.
    """
    holder_claims = holder.subject_claims()
    subject: dict[str, Any] = {}
    if "id" in holder_claims:
        subject["id"] = holder_claims.pop("id")
    subject["type"] = subject_type
    subject |= holder_claims | claims
    pointers = sensitive_pointers(record, claims[claim], f"/credentialSubject/{claim}")
    if pointers:
        subject["sensitiveClaims"] = pointers
    return subject
