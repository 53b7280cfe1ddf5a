"""Build the SD-JWT VC Type Metadata documents of the LED vcts (draft-ietf-oauth-sd-jwt-vc-19,
section "SD-JWT VC Type Metadata"): ``vct``, ``name``, ``description``, ``display`` (nl, en)
and ``claims`` -- every claim path a credential of the type can hold, with its ``display``
label (nl, en) and ``sd``: ``always`` for every claim of the LED rendition, ``never`` for
``iss``, ``iat``, ``nbf``, ``exp``, ``cnf``, ``vct``, ``vct#integrity`` and ``status``.

The paths come from the same term table as the credentials
(:mod:`vc_led.led.profiles._sdjwt_terms`); the labels from the LED vocabulary
(``vc_led/led/vocab/terms.json``). ``scripts/gen_led_vct.py`` writes the files into
``vc_led/led/vct/``; a test checks the committed ones are current and that their ``sd``
markings equal the disclosable paths of issued credentials.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from ..profiles._sdjwt_terms import (
    COMPETENCE_TERMS,
    GROUP_LABELS,
    HOLDER_TERMS,
    NODE_TERMS,
    ORG_TERMS,
    SOURCE_TERMS,
)
from ..profiles.sdjwt import NEVER_DISCLOSABLE, NODE_CLAIM, ClaimPath, all_vcts
from ..vocab import load_vocabulary

__all__ = ["build_type_metadata", "file_name", "generated_files", "type_paths"]

_SELF = ("selfDeclared", "selfDeclarationKind")
_DOMESTIC = ("language", "country", "awardingBody")
_FOREIGN = ("foreignLanguage", "foreignCountry", "originalInstitution", "awardingBody")
_ORG = ("name", "institution_number", "authority_class")
_NAMES = {
    "qualification": ("LED qualification", "LED-kwalificatiebewijs"),
    "competence": ("LED competence record", "LED-competentiebewijs"),
    "equivalence": ("NARIC equivalence decision (LED)", "Gelijkwaardigheidsbesluit NARIC (LED)"),
    "self-declared": (
        "Self-declaration (not verified by the source)",
        "Eigen verklaring (niet geverifieerd door de bron)",
    ),
}
_DESCRIPTIONS = {
    "qualification": (
        "An authentic qualification (diploma, certificate, attest) from the Flemish LED.",
        "Een authentiek kwalificatiebewijs (diploma, getuigschrift, attest) uit de LED.",
    ),
    "competence": (
        "A LED record with competences (learning outcomes, professional or partial "
        "qualifications).",
        "Een LED-bewijs met competenties (leeruitkomsten, beroeps- of deelkwalificaties).",
    ),
    "equivalence": (
        "A decision of NARIC-Vlaanderen that a foreign qualification is equivalent to a "
        "Flemish one.",
        "Een besluit van NARIC-Vlaanderen over de gelijkwaardigheid van een buitenlands "
        "studiebewijs met een Vlaamse kwalificatie.",
    ),
    "self-declared": (
        "A self-declaration of the holder recorded in LED; not an authentic record of the "
        "education provider.",
        "Een eigen verklaring van de houder in de LED; geen authentiek bewijs van de "
        "onderwijsverstrekker.",
    ),
}
_INTERMEDIATE = (
    "Intermediate certificate (not a final qualification)",
    "Tussenbewijs (geen eindbewijs)",
)


def file_name(profile: str, intermediate: bool) -> str:
    """The file of a type's metadata: ``<profile>[-intermediate]-v1.json``."""
    return f"{profile}{'-intermediate' if intermediate else ''}-v1.json"


def _org(prefix: ClaimPath, *, alternatives: bool, country: bool) -> Iterator[ClaimPath]:
    yield prefix
    yield from ((*prefix, m) for m in _ORG)
    if country:
        yield (*prefix, "country")
    if alternatives:
        alt = (*prefix, "alternative_authorities")
        yield from (alt, (*alt, None), (*alt, None, "role"), (*alt, None, "authority_class"))


def _node_paths(profile: str) -> Iterator[ClaimPath]:
    kept = {"self-declared": (*_SELF, *_DOMESTIC), "equivalence": _FOREIGN}.get(profile, _DOMESTIC)
    skip = {*_SELF, *_DOMESTIC, *_FOREIGN} - set(kept)
    seen: set[ClaimPath] = set()
    for term, rel in NODE_TERMS.items():
        if term in skip or rel[0] in ("awarding_body", "original_institution"):
            continue
        for i in range(1, len(rel) + 1):
            if rel[:i] not in seen:
                seen.add(rel[:i])
                yield rel[:i]
        if term in ("notAvailable", "notApplicable"):
            yield (*rel, None)
        if term == "additionalInformation":
            yield from ((*rel, None), (*rel, None, "info_type"), (*rel, None, "content"))
    if profile == "equivalence":
        yield from (("awarding_body",), ("awarding_body", "name"))
        yield from _org(("original_institution",), alternatives=False, country=True)
    else:
        yield from _org(("awarding_body",), alternatives=True, country=True)


def type_paths(profile: str) -> tuple[ClaimPath, ...]:
    """Every selectively disclosable claim path a credential of ``profile`` can hold."""
    node = NODE_CLAIM[profile]
    paths: list[ClaimPath] = [(name,) for name in HOLDER_TERMS.values()]
    paths.append((node,))
    paths += [(node, *rel) for rel in _node_paths(profile)]
    if profile == "competence":
        paths += [("competences",), ("competences", None)]
        paths += [("competences", None, m) for m in COMPETENCE_TERMS.values()]
    paths += [("source",), *(("source", m) for m in SOURCE_TERMS.values())]
    return tuple(paths)


def _reverse(table: Mapping[str, Any]) -> dict[Any, str]:
    return {v: k for k, v in table.items()}


def _labels(path: ClaimPath) -> tuple[dict[str, str], dict[str, str]] | None:
    """``(label, comment)`` by language for a path (an element: its array's)."""
    keys = tuple(k for k in path if k is not None)
    vocab = {p.term: (p.label, p.comment) for p in load_vocabulary().properties}
    node_terms = {"qualification", "equivalence", "self_declaration"}
    term: str | None = None
    if len(keys) == 1:
        nodes = {"self_declaration": "selfDeclaration"}
        term = _reverse(HOLDER_TERMS).get(keys[0]) or nodes.get(keys[0], keys[0])
    elif keys[0] == "source":
        term = _reverse(SOURCE_TERMS).get(keys[-1])
    elif keys[0] == "competences":
        term = _reverse(COMPETENCE_TERMS).get(keys[-1])
    elif keys[0] in node_terms:
        rel = keys[1:]
        term = _reverse(NODE_TERMS).get(rel) or _reverse(ORG_TERMS).get(rel[-1])
        if rel in GROUP_LABELS:
            en, nl = GROUP_LABELS[rel]
            return {"en": en, "nl": nl}, {}
    if term in vocab:
        return dict(vocab[term][0]), dict(vocab[term][1])
    if keys[-1:] and (keys[-1],) in GROUP_LABELS:
        en, nl = GROUP_LABELS[(keys[-1],)]
        return {"en": en, "nl": nl}, {}
    return None


def _claim(path: ClaimPath) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": list(path)}
    labels = _labels(path)
    if labels is None:
        raise KeyError(f"no label for claim path {path!r}")
    label, comment = labels
    entry["display"] = [
        {"locale": lang, "label": label[lang]} | ({"description": comment[lang]} if comment else {})
        for lang in ("nl", "en")
    ]
    entry["sd"] = "always"
    return entry


def build_type_metadata(profile: str, intermediate: bool, vct: str) -> dict[str, Any]:
    """The Type Metadata document of one LED vct."""
    (en, nl), (den, dnl) = _NAMES[profile], _DESCRIPTIONS[profile]
    if intermediate:
        en, nl = f"{_INTERMEDIATE[0]}: {en}", f"{_INTERMEDIATE[1]}: {nl}"
    claims = [_claim(p) for p in type_paths(profile)]
    claims += [{"path": [name], "sd": "never"} for name in NEVER_DISCLOSABLE]
    return {
        "vct": vct,
        "name": en,
        "description": den,
        "display": [
            {"locale": "nl", "name": nl, "description": dnl},
            {"locale": "en", "name": en, "description": den},
        ],
        "claims": claims,
    }


def generated_files() -> dict[str, bytes]:
    """File name (in ``vc_led/led/vct/``) -> bytes, for every LED vct."""
    out: dict[str, bytes] = {}
    for profile, intermediate, vct in all_vcts():
        doc = build_type_metadata(profile, intermediate, vct)
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        out[file_name(profile, intermediate)] = text.encode("utf-8")
    return out
