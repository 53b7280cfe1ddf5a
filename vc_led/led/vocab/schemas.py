"""The JSON Schemas of the LED credentials (``vc_led/led/schemas/*.json``), built from the
vocabulary's class schemas plus the VC 2.0 envelope of each credential type.

The schemas are strict: ``additionalProperties: false`` everywhere, so a credential carries
nothing its schema (and the LED context) does not name. The competence schema also holds the
Open Badges 3.0 rules a badge wallet checks (``Achievement`` with ``id``, ``name``,
``description`` and ``criteria``; one ``credentialStatus`` object; ``Evidence`` typing).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from . import CONTEXT_URL, class_schemas

__all__ = ["SCHEMA_BASE", "CredentialKind", "build_schemas", "schema_id"]

SCHEMA_BASE = "https://w3id.org/vc-led/schemas/"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_V2 = "https://www.w3.org/ns/credentials/v2"
_OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
_INTERMEDIATE = "LedIntermediateProofCredential"
_URL = {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$", "maxLength": 2000}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
_STAMP = {"type": "string", "format": "date-time"}


@dataclass(frozen=True, slots=True)
class CredentialKind:
    """One credential type and its schema.

    Attributes:
        slug: the schema's path segment and file name stem. credential_type: the LED type.
        claim: the ``credentialSubject`` property holding the record claims (``None`` for the
            Open Badges credential, where it is ``achievement``). title: the schema title.
    """

    slug: str
    credential_type: str
    claim: str | None
    title: str


_K = CredentialKind
KINDS = (
    _K("qualification", "LedQualificationCredential", "qualification", "LED qualification"),
    _K("competence", "LedCompetenceCredential", None, "LED competence record (Open Badges 3.0)"),
    _K("equivalence", "LedEquivalenceCredential", "equivalence", "LED equivalence (NARIC)"),
    _K("self-declared", "LedSelfDeclaredCredential", "selfDeclaration", "LED self-declared"),
)


def schema_id(slug: str) -> str:
    """``https://w3id.org/vc-led/schemas/<slug>/v1``."""
    return f"{SCHEMA_BASE}{slug}/v1"


def _closed(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props, "required": required}
    return schema | {"additionalProperties": False}


def _status_entry() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "id": _URL,
            "type": {"const": "BitstringStatusListEntry"},
            "statusPurpose": {"enum": ["revocation", "suspension"]},
            "statusListIndex": {"type": "string", "pattern": "^[0-9]{1,20}$"},
            "statusListCredential": _URL,
        },
        "required": ["id", "type", "statusPurpose", "statusListIndex", "statusListCredential"],
        "additionalProperties": False,
    }


def _issuer(open_badges: bool) -> dict[str, Any]:
    props: dict[str, Any] = {"id": _URL, "name": _TEXT, "description": _TEXT}
    required = ["id"]
    if open_badges:
        props |= {"type": {"const": ["Profile"]}, "url": _URL, "address": _address()}
        required = ["id", "type"]
    profile = {"type": "object", "properties": props, "required": required}
    return {"oneOf": [_URL, profile | {"additionalProperties": False}]}


def _address() -> dict[str, Any]:
    props = {"type": {"const": ["Address"]}, "addressCountry": _TEXT}
    props |= {"addressCountryCode": {"type": "string", "pattern": "^[A-Z]{2}$"}}
    props |= {"addressRegion": _TEXT}
    return _closed(props, ["type"])


def _subject(defs: dict[str, Any], kind: CredentialKind) -> dict[str, Any]:
    subject: dict[str, Any] = copy.deepcopy(defs["LedLearner"])
    props = subject["properties"]
    for claim in ("qualification", "selfDeclaration", "equivalence"):
        if claim != kind.claim:
            del props[claim]
    props["id"] = {"type": "string", "pattern": "^did:[a-z0-9]+:[^\\s]+$", "maxLength": 2000}
    subject["required"] = ["type"] + ([kind.claim] if kind.claim else ["achievement"])
    subject["anyOf"] = [{"required": ["id"]}, {"required": ["givenName", "familyName"]}]
    if kind.claim is None:
        props["type"] = {"const": ["AchievementSubject", "LedLearner"]}
        props["achievement"] = {"$ref": "#/$defs/Achievement"}
        props["identifier"] = {"type": "array", "items": _identity(), "minItems": 1}
    return subject


def _identity() -> dict[str, Any]:
    props: dict[str, Any] = {"type": {"const": "IdentityObject"}}
    props["identityType"] = {"const": "name"}
    props |= {"hashed": {"const": False}, "identityHash": _TEXT}
    return _closed(props, list(props))


def _achievement(defs: dict[str, Any]) -> dict[str, Any]:
    achievement: dict[str, Any] = copy.deepcopy(defs["LedCompetenceRecord"])
    alignment: dict[str, Any] = {
        "type": "object",
        "properties": {
            "type": {"const": ["Alignment"]},
            "targetName": _TEXT,
            "targetUrl": _URL,
            "targetFramework": _TEXT,
            "targetCode": _TEXT,
        },
        "required": ["type", "targetName", "targetUrl"],
        "additionalProperties": False,
    }
    criteria: dict[str, Any] = {"type": "object"}
    criteria["properties"] = {"narrative": {"type": "string", "minLength": 1}}
    criteria |= {"required": ["narrative"], "additionalProperties": False}
    achievement["properties"] |= {
        "id": _URL,
        "type": {"const": ["Achievement", "LedCompetenceRecord"]},
        "name": _TEXT,
        "description": _TEXT,
        "criteria": criteria,
        "achievementType": {"enum": ["MicroCredential", "Certificate", "Competency"]},
        "alignment": {"type": "array", "items": alignment, "minItems": 1},
        "fieldOfStudy": _TEXT,
        "inLanguage": {"type": "string", "pattern": "^[a-z]{2,4}$"},
    }
    achievement["required"] += ["id", "name", "description", "criteria", "achievementType"]
    return achievement


def _envelope(kind: CredentialKind, open_badges: bool) -> dict[str, Any]:
    types: list[Any] = [{"const": "VerifiableCredential"}]
    if open_badges:
        types.append({"const": "OpenBadgeCredential"})
    types.append({"const": kind.credential_type})
    own = {"id": schema_id(kind.slug), "type": "JsonSchema"}
    schema_ref: dict[str, Any] = {"type": "object", "properties": {"id": _URL, "type": _TEXT}}
    schema_ref |= {"required": ["id", "type"], "additionalProperties": False}
    status: dict[str, Any] = {"$ref": "#/$defs/StatusEntry"}
    if not open_badges:
        many = {"type": "array", "items": {"$ref": "#/$defs/StatusEntry"}, "minItems": 1}
        status = {"oneOf": [status, many]}
    contexts = [_V2, _OB3, CONTEXT_URL] if open_badges else [_V2, CONTEXT_URL]
    return {
        "@context": {"const": contexts},
        "id": _URL,
        "type": {
            "type": "array",
            "prefixItems": types,
            "items": {"const": _INTERMEDIATE},
            "minItems": len(types),
            "maxItems": len(types) + 1,
        },
        "name": _TEXT,
        "description": _TEXT,
        "issuer": {"$ref": "#/$defs/Issuer"},
        "validFrom": _STAMP,
        "validUntil": _STAMP,
        "credentialSubject": {"$ref": "#/$defs/Subject"},
        "evidence": {
            "type": "array",
            "prefixItems": [{"$ref": "#/$defs/LedSourceRecord"}],
            "minItems": 1,
            "maxItems": 1,
        },
        "credentialSchema": {
            "type": "array",
            "prefixItems": [{"const": own}],
            "items": schema_ref,
            "minItems": 1,
        },
        "credentialStatus": status,
        "proof": {"type": ["object", "array"]},
    }


def _schema(kind: CredentialKind) -> dict[str, Any]:
    open_badges = kind.claim is None
    defs: dict[str, Any] = class_schemas()
    source_type = ["Evidence", "LedSourceRecord"] if open_badges else ["LedSourceRecord"]
    defs["LedSourceRecord"]["properties"]["type"] = {"const": source_type}
    defs["Subject"] = _subject(defs, kind)
    if open_badges:
        defs["Achievement"] = _achievement(defs)
    defs |= {"Issuer": _issuer(open_badges), "StatusEntry": _status_entry()}
    required = ["@context", "id", "type", "issuer", "validFrom", "credentialSubject"]
    return {
        "$schema": _DRAFT,
        "$id": schema_id(kind.slug),
        "title": kind.title,
        "description": f"JSON Schema of a {kind.credential_type} (vc-led, generated).",
        "type": "object",
        "properties": _envelope(kind, open_badges),
        "required": [*required, "evidence", "credentialSchema"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def build_schemas() -> dict[str, dict[str, Any]]:
    """File name (``<slug>-v1.json``) -> JSON Schema, for every LED credential type."""
    return {f"{kind.slug}-v1.json": _schema(kind) for kind in KINDS}
