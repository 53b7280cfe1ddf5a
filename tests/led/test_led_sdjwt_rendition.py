"""The SD-JWT VC rendition of LED records: claims mirror the W3C profile, everything is
selectively disclosable, special-needs data is never in the clear, no INSZ or reference, and
the published Type Metadata marks exactly the paths the mapping makes disclosable."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from sdjwt_led_support import HOLDER, NOW, full, one_per_profile, special_needs, synthetic

from vc_led.led import LedRecord
from vc_led.led.insz_text import insz_paths
from vc_led.led.profiles import build_credential, select_profile
from vc_led.led.profiles._sdjwt_terms import COMPETENCE_TERMS
from vc_led.led.profiles.sdjwt import (
    NEVER_DISCLOSABLE,
    NODE_CLAIM,
    SdJwtRendition,
    all_vcts,
    convert_node,
    sd_jwt_rendition,
    vct_for,
)
from vc_led.led.vct import metadata_bytes, type_metadata, vct_files, vct_integrity
from vc_led.led.vct.build import generated_files, type_paths

_W3C_NODE = {
    "qualification": "qualification",
    "competence": "achievement",
    "equivalence": "equivalence",
    "self-declared": "selfDeclaration",
}
#: Open Badges fields of the competence credential's achievement (not record claims).
_OB_HEAD = ("id", "name", "description", "criteria", "achievementType", "alignment")
_OB_HEAD += ("fieldOfStudy", "inLanguage", "microCredentialElements", "competences")


def _render(record: LedRecord) -> SdJwtRendition:
    profile = select_profile(record).value
    return sd_jwt_rendition(record=record, holder=HOLDER, profile=profile, issued_at=NOW)


def _w3c(record: LedRecord) -> dict[str, Any]:
    _, doc = build_credential(
        record=record,
        holder=HOLDER,
        issuer_id="did:web:registry.example",
        credential_id="urn:uuid:00000000-0000-4000-8000-000000000001",
        issued_at=NOW,
    )
    return doc


def _records() -> list[LedRecord]:
    return [r for _, r in synthetic()] + [full(r) for r in one_per_profile().values()]


def test_every_kind_and_marker_is_in_the_sample() -> None:
    kinds = {(select_profile(r).value, r.is_intermediate) for r in _records()}
    assert {p for p, _ in kinds} == set(NODE_CLAIM)
    assert any(i for _, i in kinds) and special_needs()


def test_vct_per_kind_and_intermediate() -> None:
    assert vct_for("qualification", intermediate=False) == (
        "https://w3id.org/vc-led/vct/qualification/v1"
    )
    assert vct_for("self-declared", intermediate=True) == (
        "https://w3id.org/vc-led/vct/self-declared-intermediate/v1"
    )
    assert len({v for _, _, v in all_vcts()}) == 8
    with pytest.raises(ValueError):
        vct_for("badge", intermediate=False)
    for record in _records():
        rendition = _render(record)
        assert rendition.vct.endswith("-intermediate/v1") == record.is_intermediate


def test_claims_mirror_the_w3c_profile() -> None:
    """The same record says the same things in both renditions (converted names), no more."""
    for record in _records():
        rendition, doc = _render(record), _w3c(record)
        subject = doc["credentialSubject"]
        raw = dict(subject[_W3C_NODE[rendition.profile]])
        node = dict(rendition.claims[NODE_CLAIM[rendition.profile]])
        if rendition.profile == "competence":
            raw = {k: v for k, v in raw.items() if k not in _OB_HEAD}
            node.pop("description", None)
            comps = [
                {COMPETENCE_TERMS[k]: v for k, v in c.items() if k != "type"}
                for c in subject["achievement"]["competences"]
            ]
            assert rendition.claims["competences"] == comps
        assert convert_node(raw) == node
        assert rendition.claims["given_name"] == subject["givenName"]
        assert rendition.claims["birthdate"] == subject["birthDate"]
        evidence = doc["evidence"][0]
        assert rendition.claims["source"] == {
            "supplier": evidence["supplier"],
            "registered_on": evidence["registeredOn"],
        }
        assert rendition.not_before.strftime("%Y-%m-%dT%H:%M:%SZ") == doc["validFrom"]
        until = rendition.expires.strftime("%Y-%m-%dT%H:%M:%SZ") if rendition.expires else None
        assert until == doc.get("validUntil")


def test_everything_but_the_reserved_claims_is_disclosable() -> None:
    for record in _records():
        rendition = _render(record)
        assert not set(rendition.claims) & set(NEVER_DISCLOSABLE)
        assert not {p for p in rendition.disclosable if p[0] in NEVER_DISCLOSABLE}
        for name in rendition.claims:  # every top-level claim, hence nothing in the clear
            assert (name,) in rendition.disclosable
        node = NODE_CLAIM[rendition.profile]
        for key in rendition.claims[node]:  # and each member one by one
            assert (node, key) in rendition.disclosable
        if "competences" in rendition.claims:
            assert ("competences", None) in rendition.disclosable


def test_special_needs_values_are_only_in_disclosable_claims() -> None:
    records = special_needs()
    assert records
    for record in records:
        rendition = _render(record)
        node = rendition.claims[NODE_CLAIM[rendition.profile]]
        education = node["education"]
        assert education.get("school_type") == "Buitengewoon" or education["grade"].startswith("OV")
        paths = rendition.disclosable
        node_name = NODE_CLAIM[rendition.profile]
        for member in ("school_type", "grade", "education_form"):
            if member in education:
                assert (node_name, "education", member) in paths
        assert (node_name, "education") in paths and (node_name,) in paths


def test_no_insz_and_no_led_or_supplier_reference() -> None:
    for who, record in synthetic():
        rendition = _render(record)
        text = json.dumps(rendition.claims, ensure_ascii=False)
        assert not list(insz_paths(rendition.claims))
        assert who.insz not in text
        assert record.led_reference not in text
        assert record.led_mutation_reference not in text
        assert record.supplier.reference not in text


def test_metadata_files_are_current_and_cover_every_vct() -> None:
    folder = Path(__file__).resolve().parents[2] / "vc_led" / "led" / "vct"
    for name, data in generated_files().items():
        assert (folder / name).read_bytes() == data, f"run scripts/gen_led_vct.py ({name})"
    assert set(vct_files().values()) == set(generated_files())
    for _, _, vct in all_vcts():
        doc = type_metadata(vct)
        assert doc["vct"] == vct
        assert {d["locale"] for d in doc["display"]} == {"nl", "en"}


def test_vct_integrity_is_the_sri_hash_of_the_shipped_bytes() -> None:
    for _, _, vct in all_vcts():
        digest = base64.b64encode(hashlib.sha256(metadata_bytes(vct)).digest()).decode()
        assert vct_integrity(vct) == f"sha256-{digest}"
    with pytest.raises(KeyError):
        vct_integrity("https://example.org/other")


def _marked(vct: str) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    always, never = set(), set()
    for claim in type_metadata(vct)["claims"]:
        path = tuple(claim["path"])
        (always if claim["sd"] == "always" else never).add(path)
        if claim["sd"] == "always":
            labels = {d["locale"]: d["label"] for d in claim["display"]}
            assert set(labels) == {"nl", "en"} and all(labels.values())
    return always, never


def test_metadata_sd_markings_equal_the_disclosable_paths() -> None:
    """Per vct: every path a credential makes disclosable is marked ``always``, every path
    marked ``always`` is disclosable in some credential of the kind, and the ``never`` paths
    are exactly the reserved claims."""
    union: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    for record in _records():
        rendition = _render(record)
        always, never = _marked(rendition.vct)
        assert rendition.disclosable <= always, rendition.disclosable - always
        assert never == {(n,) for n in NEVER_DISCLOSABLE}
        union[rendition.vct] |= rendition.disclosable
    for profile, _, vct in all_vcts():
        if vct in union:
            assert union[vct] == _marked(vct)[0], _marked(vct)[0] - union[vct]
        assert _marked(vct)[0] == set(type_paths(profile))
