"""The 11 mandatory elements of an EU micro-credential (Council Recommendation of 16 June 2022,
2022/C 243/02, Annex I) and where a LED competence credential holds each of them.

Each element lists the JSON Pointers of the claims that carry it (``availability:
inCredential``), or says ``notAvailableInLed``. A pointer is listed only when the claim is in
the credential, so the list can be checked mechanically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["ELEMENTS", "micro_credential_elements", "resolve_pointer"]

_A = "/credentialSubject/achievement"
_MISSING = object()

#: (number, name, candidate claim pointers); the element is in the credential when one is.
ELEMENTS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "identificationOfLearner", (
        "/credentialSubject/id", "/credentialSubject/givenName",
        "/credentialSubject/familyName", "/credentialSubject/birthDate",
    )),
    (2, "title", (f"{_A}/name", f"{_A}/title")),
    (3, "countryOfIssuer", (f"{_A}/country", "/issuer/address")),
    (4, "awardingBody", (
        f"{_A}/awardingBody/name", f"{_A}/awardingBody/institutionNumber",
        f"{_A}/awardingBody/authorityClass",
    )),
    (5, "dateOfIssuing", (f"{_A}/awardedOn",)),
    (6, "learningOutcomes", (f"{_A}/competences", f"{_A}/criteria/narrative")),
    (7, "notionalWorkload", (f"{_A}/adultEducationHours",)),
    (8, "level", (f"{_A}/eqfLevel", f"{_A}/vksLevel", f"{_A}/vksProfessionalLevel")),
    (9, "typeOfAssessment", (f"{_A}/obtainedViaEvc",)),
    (10, "formOfParticipation", ()),
    (11, "qualityAssurance", (f"{_A}/awardingBody/alternativeAuthorities",)),
)  # fmt: skip


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at a JSON Pointer (RFC 6901), or a sentinel (not None) when absent."""
    value = document
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, Mapping) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return _MISSING
    return value


def _present(doc: Mapping[str, Any], number: int, pointer: str) -> bool:
    value = resolve_pointer(doc, pointer)
    if value is _MISSING:
        return False
    if number == 7:  # lestijden: 0 means none were recorded
        return isinstance(value, int) and value > 0
    if number == 9:  # only a recognition of prior learning says how it was assessed
        return value is True
    if number == 11:  # an authority with the role "erkennend" (recognising)
        return any(isinstance(a, Mapping) and a.get("role") == "erkennend" for a in value)
    return True


def micro_credential_elements(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``LedMicroCredentialElement`` list of a competence credential.

    Args:
        doc: the credential (its achievement and subject complete, elements not yet added).

    Returns:
        11 elements, in Annex I order.
    """
    out: list[dict[str, Any]] = []
    for number, name, candidates in ELEMENTS:
        paths: Sequence[str] = [p for p in candidates if _present(doc, number, p)]
        element: dict[str, Any] = {
            "type": "LedMicroCredentialElement",
            "elementNumber": number,
            "elementName": name,
        }
        if paths:
            element |= {"availability": "inCredential", "claimPath": list(paths)}
        else:
            element["availability"] = "notAvailableInLed"
        out.append(element)
    return out
