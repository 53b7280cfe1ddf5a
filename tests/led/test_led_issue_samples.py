"""Every record of every MAGDA sample answer, issued: it verifies, it passes safe mode and its
JSON Schema (ours and the ``jsonschema`` reference agree), and it carries no INSZ, no LED
reference and no supplier reference."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from issue_support import (
    ISSUED_AT,
    KEY,
    ROOT,
    issued_samples,
    reference_validator,
    refused_samples,
    verifier,
)
from led_support import LED_NOW

from vc_led import VerificationPolicy, Verifier, default_led_registry
from vc_led._schema_check import shipped_schemas
from vc_led.jsonld.canon import Canonicalizer
from vc_led.led import CredentialProfile, select_profile
from vc_led.led.values import led_text
from vc_led.trust import default_scope_extractor

SCHEMA_FILES = {p.schema_id: f"{p.value}-v1.json" for p in CredentialProfile}


def test_the_173_sample_records_are_issued_in_two_profiles_or_refused() -> None:
    """Issuance applies the LED trust list: the two NARIC equivalences of 2006 predate NARIC's
    coverage (1 January 2014) and a self-declaration supplied by Volwassenenonderwijs is out of
    its scope (self-declarations are VDAB's), so they are refused, as the verifier would."""
    issued = issued_samples()
    assert len(issued) == 170
    profiles = Counter(select_profile(i.record) for i in issued)
    assert profiles == {CredentialProfile.QUALIFICATION: 144, CredentialProfile.SELF_DECLARED: 26}
    assert refused_samples() == {
        "75721232437.xml#1": "issuer.before_coverage",
        "75721232437.xml#2": "issuer.out_of_scope",
        "79652300264.xml#1": "issuer.before_coverage",
    }


def test_every_issued_credential_verifies() -> None:
    check = verifier()
    failures = {}
    for item in issued_samples():
        result = check.verify_credential(item.credential, now=LED_NOW)
        if not result.verified:
            failures[item.label] = [c.value for c in result.codes]
        assert result.check("structure").details["schemas_checked"].startswith("https://")
    assert not failures


def test_every_credential_matches_its_schema_and_the_reference_validator_agrees() -> None:
    for item in issued_samples():
        doc = item.credential
        (schema_ref,) = doc["credentialSchema"]
        assert schema_ref["type"] == "JsonSchema"
        assert shipped_schemas()[schema_ref["id"]].violations(doc) == (), item.label
        reference = reference_validator(SCHEMA_FILES[schema_ref["id"]])
        assert list(reference.iter_errors(doc)) == [], item.label


def _leaves(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_leaves(v) for k, v in value.items() if k != "@context")
    if isinstance(value, list):
        return sum(_leaves(v) for v in value)
    return 1


def _expanded_leaves(value: Any) -> int:
    if isinstance(value, dict):
        if "@value" in value:
            return 1
        own = len(value["@type"]) if isinstance(value.get("@type"), list) else 0
        own += 1 if "@id" in value else 0
        nested = [v for k, v in value.items() if k.startswith("http") or k in ("@graph", "@list")]
        return own + sum(_expanded_leaves(v) for v in nested)
    if isinstance(value, list):
        return sum(_expanded_leaves(v) for v in value)
    return 0


def test_safe_mode_expansion_keeps_every_claim() -> None:
    """Safe mode raises on a dropped term; on top, every JSON leaf (string, number, boolean)
    of the credential, proof included, must come out of expansion as a value, IRI or type."""
    canon = Canonicalizer()
    for item in issued_samples():
        expanded = canon.expand(item.credential)
        assert _expanded_leaves(expanded) == _leaves(item.credential), item.label


def _insz_forms(insz: str) -> set[str]:
    yy, mm, dd, serial, check = insz[:2], insz[2:4], insz[4:6], insz[6:9], insz[9:]
    forms = {
        insz,
        f"{yy}.{mm}.{dd}-{serial}.{check}",
        f"{yy}{mm}{dd}-{serial}-{check}",
        f"{yy}{mm}{dd}-{serial}.{check}",
        f"{yy}{mm}{dd} {serial} {check}",
        f"{yy}.{mm}.{dd} {serial}-{check}",
        f"{yy}-{mm}-{dd}-{serial}-{check}",
    }
    hashed = set()
    for form in forms:
        for name in ("md5", "sha1", "sha256", "sha512"):
            digest = hashlib.new(name, form.encode()).digest()
            hashed |= {digest.hex(), digest.hex().upper()}
            hashed.add(base64.urlsafe_b64encode(digest).decode().rstrip("="))
            hashed.add(base64.b64encode(digest).decode())
    return forms | hashed


_UUID = re.compile(r"urn:uuid:[0-9a-f-]{36}")
_INSZ_SHAPED = re.compile(r"(?<![\dA-Za-z])\d{2}\.?\d{2}\.?\d{2}[-. ]?\d{3}[-. ]?\d{2}(?!\d)")


def _text_without_keys(doc: dict[str, Any]) -> str:
    """The credential as JSON without the proof, the issuer's did:key and the random
    ``urn:uuid:`` ids (text that may hold runs of digits by chance)."""
    clean = {k: v for k, v in doc.items() if k != "proof"}
    text = json.dumps(clean, ensure_ascii=False).replace(KEY.controller, "did:key:<issuer>")
    return _UUID.sub("urn:uuid:<uuid>", text)


def test_no_insz_no_led_reference_no_supplier_reference() -> None:
    for item in issued_samples():
        full = json.dumps(item.credential, ensure_ascii=False)
        for form in _insz_forms(item.holder.insz):
            assert form not in full, item.label
        assert not _INSZ_SHAPED.search(_text_without_keys(item.credential)), item.label
        record = item.record
        for reference in (record.led_reference, record.led_mutation_reference):
            assert reference not in full and reference.upper() not in full.upper(), item.label
        supplier_reference = record.supplier.reference
        assert len(supplier_reference) >= 4
        assert supplier_reference not in full, item.label


def test_the_scope_extractor_reads_supplier_category_authenticity_and_date() -> None:
    for item in issued_samples():
        scope = default_scope_extractor(item.credential)
        basis = item.record.basis
        assert scope.suppliers == (item.record.supplier.name,), item.label
        assert scope.authenticity == led_text(basis.authenticity)
        assert scope.self_declared == item.record.is_self_declared
        if not item.record.is_self_declared:
            assert scope.categories == {led_text(basis.category)}, item.label
        if basis.issue_date.is_placeholder:  # LED's "unknown": valid from the issuance
            assert scope.issued == ISSUED_AT.date(), item.label
        else:
            assert scope.issued == min(basis.issue_date.latest(), ISSUED_AT.date()), item.label


def test_the_led_trust_registry_accredits_what_its_table_covers() -> None:
    """The registry signs on behalf of the supplier named in ``evidence``; the table decides,
    at issuance as at verification: every credential issued verifies against the registry (the
    three records it would refuse are not issued: see the test above)."""
    trust = default_led_registry(registry_did=KEY.controller)
    check = Verifier(VerificationPolicy(), trust=trust)
    outcomes: Counter[tuple[str, ...]] = Counter()
    for item in issued_samples():
        result = check.verify_credential(item.credential, now=LED_NOW)
        outcomes[tuple(c.value for c in result.codes)] += 1
    assert outcomes == {(): 170}


GOLDEN = sorted((ROOT / "tests" / "cases").glob("led-*/input.json"))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.parent.name)
def test_golden_fixtures_expand_fully_and_both_validators_agree(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    expanded = Canonicalizer().expand(doc)
    assert _expanded_leaves(expanded) == _leaves(doc)
    for entry in doc.get("credentialSchema", []):
        schema = shipped_schemas().get(entry["id"])
        if schema is None:
            continue
        reference = reference_validator(SCHEMA_FILES[entry["id"]])
        assert schema.is_valid(doc) == reference.is_valid(doc)
        assert schema.is_valid(doc) == (path.parent.name != "led-schema-invalid")


def _mutations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Broken copies: a missing required claim, a wrong type, an extra claim, a bad date, a
    wrong constant, an empty string, a bad pattern, an extra array item."""
    out = []
    node_name = next(
        k
        for k in ("qualification", "selfDeclaration", "equivalence")
        if k in doc["credentialSubject"]
    )
    edits = [
        lambda d: d.pop("issuer"),
        lambda d: d["credentialSubject"][node_name].pop("category"),
        lambda d: d["credentialSubject"][node_name].__setitem__("isIntermediate", "no"),
        lambda d: d["credentialSubject"][node_name].__setitem__("nickname", "x"),
        lambda d: d.__setitem__("validFrom", "2019-06-30"),
        lambda d: d["evidence"][0].__setitem__("type", ["Evidence"]),
        lambda d: d["credentialSubject"][node_name].__setitem__("grade", ""),
        lambda d: d["credentialSubject"][node_name].__setitem__("awardedOn", "30/06/2019"),
        lambda d: d["type"].append("LedCompetenceCredential"),
        lambda d: d["credentialSubject"].__setitem__("birthDate", "1990-02-30"),
    ]
    for edit in edits:
        copy = json.loads(json.dumps(doc))
        edit(copy)
        out.append(copy)
    return out


def test_broken_copies_are_refused_by_both_validators() -> None:
    for item in issued_samples()[::7]:
        schema_id = item.credential["credentialSchema"][0]["id"]
        ours, reference = shipped_schemas()[schema_id], reference_validator(SCHEMA_FILES[schema_id])
        for broken in _mutations(item.credential):
            assert not ours.is_valid(broken), item.label
            assert not reference.is_valid(broken), item.label
