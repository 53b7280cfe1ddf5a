"""The SD-JWT VC rendition of a LED record: its ``vct``, its claims and which of them are
selectively disclosable (draft-ietf-oauth-sd-jwt-vc-19, RFC 9901).

The claims say what the W3C profile of the same record says (:mod:`vc_led.led.profiles`), in
snake_case as SD-JWT VC and EU attestations name them (the term table is
:mod:`._sdjwt_terms`)::

    given_name, family_name, birthdate          the holder, from the login
    qualification | equivalence | self_declaration {
        title, description, proof_type, proof_state, is_intermediate, authenticity,
        awarding_body {name, institution_number, authority_class, country,
                       alternative_authorities [{role, authority_class}]},
        awarded_on, awarded_on_precision,
        level {vks, vks_name, vks_professional, vks_professional_name, eqf},
        education {category, grade, education_form, school_type, finality},
        subject {code, name, led_number}, study_programme {name, code}, ...
        isced {...}, language, validity_period, adult_education_hours,
        additional_information [{info_type, content}], not_available [...], ...
    }
    competences [{kind, code, title, outcome_type, esco_skill, ...}]   competence records
    source {supplier, registered_on}

**Everything is selectively disclosable** except what the specification forbids (``iss``,
``nbf``, ``exp``, ``cnf``, ``vct``, ``vct#integrity``, ``status``) and ``iat``: every claim
and every member of every object one by one, every array element one by one. So nothing of
the record is in the clear in the issuer-signed JWT -- in particular no special-needs value
(``Schooltype`` Buitengewoon, grades OV1-OV4, a BuSO title). No INSZ, LED reference or
supplier reference is read.

The **vct** names the kind (qualification, competence, equivalence, self-declared) and whether
the record is a ``Tussenbewijs``: an intermediate certificate has its own vct, so a wallet
shows it as one and a verifier asking for qualifications does not receive it unasked (the
W3C rendition's ``LedIntermediateProofCredential`` type; a vct cannot be withheld).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..._time import parse_datetime_stamp
from ..model import LedRecord
from ..values import led_text
from ._claims import organisation, record_claims
from ._envelope import validity
from ._sdjwt_terms import (
    COMPETENCE_TERMS,
    HOLDER_TERMS,
    NODE_TERMS,
    ORG_TERMS,
    W3C_ONLY_TERMS,
    Path,
)
from .competence import competences, default_skill_lookup
from .holder import Holder
from .qualification import SELF_DECLARED_VERIFIED

__all__ = [
    "NEVER_DISCLOSABLE",
    "NODE_CLAIM",
    "VCT_BASE",
    "ClaimPath",
    "SdJwtRendition",
    "all_vcts",
    "disclosable_paths",
    "sd_jwt_rendition",
    "vct_for",
]

ClaimPath = tuple[str | None, ...]
"""A claim path: keys, ``None`` for every element of an array (SD-JWT VC claim paths)."""

VCT_BASE = "https://w3id.org/vc-led/vct/"
#: Claims that are never selectively disclosable (the specification's list, plus ``iat``).
NEVER_DISCLOSABLE = ("iss", "iat", "nbf", "exp", "cnf", "vct", "vct#integrity", "status")
#: The record node's claim name per profile (``CredentialProfile`` value).
NODE_CLAIM: Mapping[str, str] = {
    "qualification": "qualification",
    "competence": "qualification",
    "equivalence": "equivalence",
    "self-declared": "self_declaration",
}


def vct_for(profile: str, *, intermediate: bool) -> str:
    """The vct of a profile (``qualification``, ``competence``, ``equivalence``,
    ``self-declared``), e.g. ``https://w3id.org/vc-led/vct/qualification/v1`` or, for a
    ``Tussenbewijs``, ``https://w3id.org/vc-led/vct/qualification-intermediate/v1``.

    Raises:
        ValueError: for an unknown profile.
    """
    if profile not in NODE_CLAIM:
        raise ValueError(f"unknown LED credential profile {profile!r}")
    return f"{VCT_BASE}{profile}{'-intermediate' if intermediate else ''}/v1"


def all_vcts() -> tuple[tuple[str, bool, str], ...]:
    """Every LED vct: ``(profile, intermediate, vct)``, eight of them."""
    return tuple((p, i, vct_for(p, intermediate=i)) for p in NODE_CLAIM for i in (False, True))


@dataclass(frozen=True, slots=True, kw_only=True)
class SdJwtRendition:
    """What an SD-JWT VC of a LED record says.

    Attributes:
        profile: the LED profile (``CredentialProfile`` value).
        intermediate: a ``Tussenbewijs``.
        vct: the credential type.
        claims: the claims, without ``iss``, ``iat``, ``nbf``, ``exp``, ``cnf``, ``vct``,
            ``status`` (the issuer adds those).
        disclosable: the paths of every selectively disclosable claim.
        not_before: ``nbf``: the W3C rendition's ``validFrom``.
        expires: ``exp``: its ``validUntil``, or None.
    """

    profile: str
    intermediate: bool
    vct: str
    claims: dict[str, Any]
    disclosable: frozenset[ClaimPath]
    not_before: datetime
    expires: datetime | None


def _put(out: dict[str, Any], path: Path, value: Any) -> None:
    node = out
    for key in path[:-1]:
        node = node.setdefault(key, {})
    if isinstance(value, dict) and isinstance(node.get(path[-1]), dict):
        node[path[-1]].update(value)
    else:
        node[path[-1]] = value


def _members(value: Mapping[str, Any], gaps: dict[str, list[str]], prefix: str) -> dict[str, Any]:
    """An organisation / authority / information object with snake_case members."""
    out: dict[str, Any] = {}
    for term, item in value.items():
        if term == "type":
            continue
        if term in ("notAvailable", "notApplicable"):
            key = NODE_TERMS[term][0]
            gaps.setdefault(key, []).extend(f"{prefix}{ORG_TERMS[t]}" for t in item)
        elif isinstance(item, list):
            out[ORG_TERMS[term]] = [_members(i, gaps, prefix) for i in item]
        else:
            out[ORG_TERMS[term]] = item
    return out


def convert_node(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A W3C record node (without ``competences``) as the SD-JWT VC record node.

    Raises:
        KeyError: for a term the table does not know (the W3C profile grew; extend
            :mod:`._sdjwt_terms`).
    """
    out: dict[str, Any] = {}
    gaps: dict[str, list[str]] = {}
    for term, value in raw.items():
        if term in W3C_ONLY_TERMS:
            continue
        path = NODE_TERMS[term]
        if term in ("notAvailable", "notApplicable"):
            gaps.setdefault(path[0], []).extend(".".join(NODE_TERMS[t]) for t in value)
        elif term in ("awardingBody", "originalInstitution", "additionalInformation"):
            items = value if isinstance(value, list) else [value]
            converted = [_members(i, gaps, f"{path[0]}.") for i in items]
            _put(out, path, converted if isinstance(value, list) else converted[0])
        else:
            _put(out, path, value)
    for key, names in gaps.items():
        out[key] = list(dict.fromkeys(names))
    return out


def _raw_node(record: LedRecord, profile: str) -> dict[str, Any]:
    """The W3C record node the profile builds (the same helpers, the same claims)."""
    if profile == "equivalence":
        claims = record_claims(record, "LedEquivalenceDecision", foreign=True)
        claims.value("awardingBody", {"type": "LedOrganisation", "name": record.supplier.name})
        basis = record.basis
        claims.value("originalInstitution", organisation(basis.institution, basis.authority_class))
    elif profile == "self-declared":
        verified = led_text(record.basis.authenticity) == SELF_DECLARED_VERIFIED
        claims = record_claims(record, "LedSelfDeclaredQualification")
        claims.value("selfDeclared", True)
        claims.value("selfDeclarationKind", "verified" if verified else "onHonour")
    else:
        claims = record_claims(record, "LedQualification")
    return claims.done()


def _competences(record: LedRecord) -> list[dict[str, Any]]:
    return [
        {COMPETENCE_TERMS[k]: v for k, v in c.items() if k != "type"}
        for c in competences(record, default_skill_lookup)
    ]


def _stamp(text: str) -> datetime:
    moment = parse_datetime_stamp(text)
    if moment is None:  # validity() writes only dateTimeStamps
        raise ValueError(f"not a dateTimeStamp: {text!r}")
    return moment


def record_sd_claims(record: LedRecord, holder: Holder, profile: str) -> dict[str, Any]:
    """The claims of ``record`` for ``holder`` (see the module docstring)."""
    claims: dict[str, Any] = {}
    for term, value in holder.subject_claims().items():
        if term in HOLDER_TERMS:
            claims[HOLDER_TERMS[term]] = value
    claims[NODE_CLAIM[profile]] = convert_node(_raw_node(record, profile))
    if profile == "competence":
        claims["competences"] = _competences(record)
    claims["source"] = {
        "supplier": record.supplier.name,
        "registered_on": record.modified_at.date().isoformat(),
    }
    return claims


def disclosable_paths(claims: Mapping[str, Any]) -> frozenset[ClaimPath]:
    """Every claim path in ``claims`` except :data:`NEVER_DISCLOSABLE`: each object member,
    and ``None`` for the elements of each non-empty array, recursively."""
    out: set[ClaimPath] = set()

    def walk(value: Any, path: ClaimPath) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                out.add((*path, key))
                walk(item, (*path, key))
        elif isinstance(value, list) and value:
            out.add((*path, None))
            for item in value:
                walk(item, (*path, None))

    walk({k: v for k, v in claims.items() if k not in NEVER_DISCLOSABLE}, ())
    return frozenset(out)


def sd_jwt_rendition(
    *, record: LedRecord, holder: Holder, profile: str, issued_at: datetime
) -> SdJwtRendition:
    """The SD-JWT VC claims of a LED record.

    Args:
        record: the LED record (not cancelled: the caller checks, as for the W3C rendition).
        holder: the holder (names and birth date; the DID is not a claim, ``cnf`` binds).
        profile: the record's profile (:func:`vc_led.led.profiles.select_profile` value).
        issued_at: the issuance time (timezone-aware): ``nbf``/``exp`` as the W3C rendition's
            ``validFrom``/``validUntil``.

    Returns:
        The rendition.

    Raises:
        ValueError: for an unknown profile or a naive ``issued_at``.
    """
    if issued_at.tzinfo is None:
        raise ValueError("issued_at must be timezone-aware")
    claims = record_sd_claims(record, holder, profile)
    valid_from, valid_until = validity(record, issued_at)
    return SdJwtRendition(
        profile=profile,
        intermediate=record.is_intermediate,
        vct=vct_for(profile, intermediate=record.is_intermediate),
        claims=claims,
        disclosable=disclosable_paths(claims),
        not_before=_stamp(valid_from),
        expires=_stamp(valid_until) if valid_until is not None else None,
    )
