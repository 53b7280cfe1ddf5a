"""An SD-JWT VC's disclosed claims, read as the W3C shapes the summary knows.

A verified SD-JWT VC's document holds the claims the holder disclosed, plus ``iss``, ``vct``,
``nbf``, ``exp``... (:mod:`vc_led.sdjwt`). :func:`sd_jwt_view` turns them into the
``credentialSubject`` shape of the LED W3C profiles -- through the same term table the LED
rendition is written with (:mod:`vc_led.led.profiles._sdjwt_terms`), in reverse -- so the
report shows the same facts with the same labels. Only disclosed claims are in the view:
nothing is invented for a claim the holder withheld, and no W3C-only field appears (the record
kind and the Tussenbewijs marker come from the ``vct``, which is never withheld). A non-LED
SD-JWT VC gives its holder (``given_name``, ``family_name``, ``birthdate``), issuer and expiry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..led.profiles._sdjwt_terms import HOLDER_TERMS, NODE_TERMS, ORG_TERMS, SOURCE_TERMS
from ..led.profiles.sdjwt import NODE_CLAIM, VCT_BASE

__all__ = ["is_sd_jwt_claims", "sd_jwt_view"]

_TYPES = {
    "qualification": "LedQualificationCredential",
    "competence": "LedCompetenceCredential",
    "equivalence": "LedEquivalenceCredential",
    "self-declared": "LedSelfDeclaredCredential",
}
_W3C_NODE = {
    "qualification": "qualification",
    "competence": "achievement",
    "equivalence": "equivalence",
    "self-declared": "selfDeclaration",
}
_ORG_BACK = {v: k for k, v in ORG_TERMS.items()}
_PATH_BACK = {".".join(v): k for k, v in NODE_TERMS.items()}


def is_sd_jwt_claims(doc: Mapping[str, Any]) -> bool:
    """True for the processed claims of an SD-JWT VC (a ``vct``, no ``credentialSubject``)."""
    return isinstance(doc.get("vct"), str) and "credentialSubject" not in doc


def _led_kind(vct: str) -> tuple[str, bool] | None:
    """``(profile, intermediate)`` of a LED vct, else None."""
    if not vct.startswith(VCT_BASE) or not vct.endswith("/v1"):
        return None
    slug = vct[len(VCT_BASE) : -len("/v1")]
    profile = slug.removesuffix("-intermediate")
    return (profile, slug != profile) if profile in NODE_CLAIM else None


def _at(node: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = node
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def _org(value: Any) -> Any:
    if isinstance(value, list):
        return [_org(v) for v in value[:64]]
    if not isinstance(value, Mapping):
        return value
    return {_ORG_BACK[k]: _org(v) for k, v in value.items() if k in _ORG_BACK}


def _node(node: Mapping[str, Any]) -> dict[str, Any]:
    """The W3C record node of a disclosed SD-JWT record node (disclosed members only)."""
    out: dict[str, Any] = {}
    for term, path in NODE_TERMS.items():
        value = _at(node, path)
        if value is None:
            continue
        if term in ("notAvailable", "notApplicable") and isinstance(value, list):
            value = [_PATH_BACK.get(str(v), str(v)) for v in value[:64]]
        elif term in ("awardingBody", "originalInstitution", "additionalInformation"):
            value = _org(value)
        out[term] = value
    return out


def _stamp(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


def sd_jwt_view(claims: Mapping[str, Any]) -> dict[str, Any]:
    """The W3C-shaped view of an SD-JWT VC's disclosed ``claims`` (see the module docstring)."""
    subject: dict[str, Any] = {
        term: claims[name] for term, name in HOLDER_TERMS.items() if name in claims
    }
    view: dict[str, Any] = {"type": ["SdJwtVc"], "credentialSubject": subject}
    if isinstance(claims.get("iss"), str):
        view["issuer"] = claims["iss"]
    until = _stamp(claims.get("exp"))
    if until is not None:
        view["validUntil"] = until
    kind = _led_kind(str(claims["vct"]))
    if kind is None:
        return view
    profile, intermediate = kind
    view["type"] = [_TYPES[profile], *(["LedIntermediateProofCredential"] if intermediate else [])]
    node = claims.get(NODE_CLAIM[profile])
    subject[_W3C_NODE[profile]] = _node(node) if isinstance(node, Mapping) else {}
    source = claims.get("source")
    if isinstance(source, Mapping):
        back = {v: k for k, v in SOURCE_TERMS.items()}
        entry = {back[k]: v for k, v in source.items() if k in back}
        view["evidence"] = [{"type": ["LedSourceRecord"], **entry}]
    return view
