"""The trust registry: seeds from the LED table, lookups, JSON form, the signed trust list."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from vc_led import (
    AccreditationScope,
    AccreditedIssuer,
    ConfigurationError,
    IssuerKey,
    IssuerStatus,
    KeyPair,
    TrustListError,
    TrustRegistry,
    VerificationPolicy,
    Verifier,
    default_led_registry,
    load_trust_list,
    sign_credential,
)
from vc_led.jsonld.loader import default_registry
from vc_led.trust import (
    REGISTRY_DOCUMENTS,
    SELF_DECLARED_ON_HONOUR,
    SELF_DECLARED_VERIFIED,
    CredentialScope,
    build_trust_list_credential,
    led_suppliers,
)

ROOT = Path(__file__).resolve().parent.parent.parent
NOW = datetime(2026, 1, 1, tzinfo=UTC)
REGISTRY = KeyPair.generate()
LIST_ID = "https://led.example/trust/issuers"

# (supplier, category, coverage start) for every dated row of the LED table
TABLE = [
    ("Basisonderwijs", "Basisonderwijs", date(2016, 9, 1)),
    ("Examencommissie", "Basisonderwijs", date(2024, 9, 1)),
    ("Secundair onderwijs", "Secundair onderwijs", date(2001, 9, 1)),
    ("Secundair onderwijs", "Beroepskwalificatie", date(2021, 1, 1)),
    ("Examencommissie", "Secundair onderwijs", date(2014, 1, 1)),
    ("Hoger onderwijs", "Hoger onderwijs", date(1999, 9, 1)),
    ("Volwassenenonderwijs", "Volwassenenonderwijs", date(2013, 4, 1)),
    ("VDAB", "Beroepsopleiding", date(2000, 1, 1)),
    ("VLAIO", "Ondernemersopleidingen", date(2002, 1, 1)),
    ("Opleidingsinstantie erkend door Departement WSE", "Beroepskwalificatie", date(2021, 1, 1)),
    ("EVC-testcentra", "Ervaringsbewijzen", date(2006, 1, 1)),
    ("EVC-testcentra", "Beroepskwalificatie", date(2020, 1, 1)),
    ("NARIC Vlaanderen", "Gelijkwaardigheid", date(2014, 1, 1)),
    ("Departement Omgeving", "Certificaten", date(2021, 1, 1)),
    ("Vlaams Energie- en Klimaatagentschap", "Certificaten", date(2021, 1, 1)),
]


def scope_of(category: str, *, self_declared: bool = False, types: tuple[str, ...] = ()):
    return CredentialScope(frozenset(types), frozenset({category}), self_declared=self_declared)


@pytest.fixture(scope="module")
def registry() -> TrustRegistry:
    return default_led_registry(registry_did=REGISTRY.controller)


@pytest.mark.parametrize(("supplier", "category", "start"), TABLE)
def test_every_row_of_the_led_table(registry, supplier, category, start):
    issuer = registry.by_name(supplier)
    assert issuer is not None and issuer.did is None and issuer.role == "Leverancier"
    starts = [s.coverage_start for s in issuer.scopes if s.matches(scope_of(category))]
    assert min(d for d in starts if d) == start


def test_expected_rows_are_not_covered_yet(registry):
    for supplier in ("VDAB", "VLAIO"):
        scopes = [
            s for s in registry.by_name(supplier).scopes if "Beroepskwalificatie" in s.categories
        ]
        assert [s.coverage_start for s in scopes] == [None]


def test_self_declarations_are_their_own_category(registry):
    vdab = registry.by_name("VDAB")
    declared = [s for s in vdab.scopes if s.self_declared]
    assert len(declared) == 1 and declared[0].coverage_start == date(1985, 1, 1)
    assert declared[0].categories == {SELF_DECLARED_ON_HONOUR, SELF_DECLARED_VERIFIED}
    assert declared[0].matches(scope_of(SELF_DECLARED_ON_HONOUR, self_declared=True))
    assert not declared[0].matches(scope_of("Secundair onderwijs"))
    naric = registry.by_name("NARIC Vlaanderen").scopes[0]  # any category, but not self-declared
    assert naric.matches(scope_of("Hoger onderwijs"))
    assert not naric.matches(scope_of(SELF_DECLARED_ON_HONOUR, self_declared=True))


def test_registry_entry_and_aliases(registry):
    entry = registry.by_did(REGISTRY.controller)
    assert entry.signs_on_behalf and entry.role == "Register"
    assert entry.scopes == (REGISTRY_DOCUMENTS,)  # in its own name: status lists, trust lists
    assert len(registry) == 1 + len(led_suppliers()) == 13
    assert registry.find("SYNTRA Vlaanderen").name == "VLAIO"
    assert registry.find("VEKA").name == "Vlaams Energie- en Klimaatagentschap"
    assert registry.find("Werk en Sociale Economie").name == "EVC-testcentra"
    assert registry.find(REGISTRY.controller) is entry
    assert registry.find("Vlaamse Trainersschool") is None  # onboarding is a registry operation


def test_every_supplier_of_the_led_code_list_is_known(registry):
    codelists = json.loads((ROOT / "vc_led" / "led" / "data" / "codelists.json").read_text())
    names = [v["value"] for v in codelists["dimensions"]["supplier"]["values"]]
    assert names and all(registry.find(n) is not None for n in names), names


def test_scope_matching_rules():
    scope = AccreditationScope(
        credential_types=frozenset({"LedQualificationCredential"}),
        categories=frozenset({"Hoger onderwijs"}),
        coverage_start=date(1999, 9, 1),
    )
    assert scope.matches(scope_of("Hoger onderwijs", types=("LedQualificationCredential", "X")))
    assert not scope.matches(scope_of("Hoger onderwijs", types=("LedCompetenceCredential",)))
    assert not scope.matches(
        CredentialScope(frozenset({"LedQualificationCredential"}), frozenset())
    )
    two = CredentialScope(frozenset(), frozenset({"Hoger onderwijs", "Basisonderwijs"}))
    assert not replace(scope, credential_types=frozenset()).matches(two)  # every category in scope
    assert AccreditationScope().matches(CredentialScope(frozenset(), frozenset()))


def test_key_windows():
    start, end = NOW - timedelta(days=30), NOW - timedelta(days=1)
    key = IssuerKey(id="did:web:x#k", valid_from=start, retired_at=end)
    assert key.allows(start) and key.allows(end) and key.allows(NOW - timedelta(days=2))
    assert not key.allows(start - timedelta(seconds=1))
    assert not key.allows(end + timedelta(seconds=1))
    assert not key.allows(None)  # a windowed key needs a created time
    assert IssuerKey(id="did:web:x#k").allows(None)


def test_duplicates_are_configuration_errors():
    a = AccreditedIssuer(name="A", did="did:web:a", keys=(IssuerKey(id="did:web:a#1"),))
    for b in (
        AccreditedIssuer(name="A"),
        AccreditedIssuer(name="B", did="did:web:a"),
        AccreditedIssuer(name="B", aliases=frozenset({"A"})),
        AccreditedIssuer(name="B", keys=(IssuerKey(id="did:web:a#1"),)),
    ):
        with pytest.raises(ConfigurationError):
            TrustRegistry([a, b])


def test_immutable_updates(registry):
    suspended = registry.with_status("Hoger onderwijs", IssuerStatus.SUSPENDED)
    assert suspended.by_name("Hoger onderwijs").suspended
    assert not registry.by_name("Hoger onderwijs").suspended
    assert suspended != registry and len(suspended) == len(registry)
    with pytest.raises(KeyError):
        registry.with_status("nobody", "suspended")
    trainers = AccreditedIssuer(
        name="Vlaamse Trainersschool",
        did="did:web:trainers.example",
        scopes=(
            AccreditationScope(
                categories=frozenset({"Sportopleiding"}), coverage_start=date(2026, 1, 1)
            ),
        ),
    )
    onboarded = registry.with_issuer(trainers)
    assert onboarded.by_did("did:web:trainers.example") == trainers
    assert "TrustRegistry(14 issuers)" == repr(onboarded)


def test_json_round_trip(registry):
    keyed = registry.with_issuer(
        replace(
            registry.by_did(REGISTRY.controller),
            keys=(IssuerKey(id=REGISTRY.id, valid_from=NOW - timedelta(days=9), retired_at=NOW),),
        )
    ).with_status("VDAB", "suspended")
    text = keyed.to_json()
    assert TrustRegistry.from_json(text) == keyed
    assert TrustRegistry.from_dict(json.loads(text)) == keyed
    data = keyed.to_dict()
    assert data["type"] == "LedTrustList"
    hoger = next(i for i in data["accreditedIssuer"] if i["name"] == "Hoger onderwijs")
    assert hoger["accreditationScope"][0]["coverageStart"] == "1999-09-01"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(type="Other"),
        lambda d: d["accreditedIssuer"][1].pop("name"),
        lambda d: d["accreditedIssuer"][1].update(issuerStatus="retired"),
        lambda d: d["accreditedIssuer"][1].update(signsOnBehalf="yes"),
        lambda d: d["accreditedIssuer"][1].update(alternativeName=[1]),
        lambda d: d["accreditedIssuer"][1]["accreditationScope"][0].update(coverageStart="2016"),
        lambda d: d["accreditedIssuer"][1]["accreditationScope"][0].update(type="Scope"),
        lambda d: d["accreditedIssuer"][0].update(verificationKey=[{"type": "AccreditedKey"}]),
        lambda d: d["accreditedIssuer"][0].update(
            verificationKey=[{"type": "AccreditedKey", "id": "did:x#1", "retiredAt": "yesterday"}]
        ),
        lambda d: d["accreditedIssuer"].append("not an object"),
    ],
)
def test_malformed_json_is_refused(registry, mutate):
    data = copy.deepcopy(registry.to_dict())
    mutate(data)
    with pytest.raises(ConfigurationError):
        TrustRegistry.from_dict(data)


def test_not_json_is_refused():
    for text in ("{", "[]", b"\xff"):
        with pytest.raises(ConfigurationError):
            TrustRegistry.from_json(text)


# ---------------------------------------------------------------- the signed trust list


def trust_list(registry: TrustRegistry, *, key: KeyPair = REGISTRY, **kw) -> dict:
    unsigned = build_trust_list_credential(
        registry,
        issuer=REGISTRY.controller,
        list_id=LIST_ID,
        valid_from=NOW - timedelta(days=1),
        **kw,
    )
    return sign_credential(unsigned, key=key, created=NOW - timedelta(days=1))


def pinned() -> Verifier:
    return Verifier(VerificationPolicy(trusted_issuers={REGISTRY.controller}))


def test_trust_list_round_trip(registry):
    signed = trust_list(registry, valid_until=NOW + timedelta(days=7))
    assert signed["@context"][1] == "https://w3id.org/vc-led/trust/v1"
    assert signed["credentialSubject"]["id"] == LIST_ID + "#issuers"
    assert load_trust_list(signed, verifier=pinned(), now=NOW) == registry
    assert load_trust_list(json.dumps(signed), verifier=pinned(), now=NOW) == registry


def test_trust_list_refusals(registry):
    signed = trust_list(registry, valid_until=NOW + timedelta(days=7))
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["accreditedIssuer"][1]["name"] = "Hoger onderwijs bis"
    cases = {
        "proof.signature_invalid": tampered,
        "issuer.key_not_controlled": trust_list(registry, key=KeyPair.generate()),
        "validity.expired": trust_list(registry, valid_until=NOW - timedelta(hours=1)),
    }
    for code, doc in cases.items():
        with pytest.raises(TrustListError) as exc:
            load_trust_list(doc, verifier=pinned(), now=NOW)
        assert code in str(exc.value) and exc.value.result is not None
    other = Verifier(VerificationPolicy(trusted_issuers={"did:web:someone.example"}))
    with pytest.raises(TrustListError, match=r"issuer\.not_trusted"):
        load_trust_list(signed, verifier=other, now=NOW)


def test_a_verifier_holding_the_registry_accepts_the_registrys_own_documents(registry):
    """No explicit trust needed: the registry's scope covers status lists and trust lists,
    and nothing else in its own name."""
    with_registry = Verifier(VerificationPolicy(), trust=registry)
    assert load_trust_list(trust_list(registry), verifier=with_registry, now=NOW) == registry
    from vc_led.status import Bitstring, build_status_list_credential

    status = build_status_list_credential(
        list_url="https://led.example/status/1", issuer=REGISTRY.controller,
        bitstring=Bitstring(), purpose="revocation", valid_from=NOW,
    )  # fmt: skip
    signed = sign_credential(status, key=REGISTRY, created=NOW)
    assert with_registry.verify_credential(signed, now=NOW).verified
    other = {**status, "type": ["VerifiableCredential", "LedQualificationCredential"]}
    other["@context"] = [*status["@context"], "https://www.w3.org/ns/credentials/examples/v2"]
    result = with_registry.verify_credential(
        sign_credential(other, key=REGISTRY, created=NOW), now=NOW
    )
    assert result.codes == ("issuer.out_of_scope",)


def test_a_verified_credential_that_is_not_a_trust_list_is_refused():
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://w3id.org/vc-led/trust/v1"],
        "type": ["VerifiableCredential"],
        "issuer": REGISTRY.controller,
        "credentialSubject": {"id": "did:example:x", "supplierRole": "Leverancier"},
    }
    signed = sign_credential(doc, key=REGISTRY, created=NOW)
    with pytest.raises(TrustListError, match="not a LedTrustListCredential"):
        load_trust_list(signed, verifier=pinned(), now=NOW)
    doc["type"].append("LedTrustListCredential")
    with pytest.raises(TrustListError, match="trust registry"):
        load_trust_list(sign_credential(doc, key=REGISTRY, created=NOW), verifier=pinned(), now=NOW)


def test_trust_context_is_shipped_protected_and_in_its_namespace():
    context = default_registry().get("https://w3id.org/vc-led/trust/v1")["@context"]
    assert context["@protected"] is True
    terms = {k: v for k, v in context.items() if not k.startswith("@")}
    assert len(terms) == 18
    for term, definition in terms.items():
        iri = definition if isinstance(definition, str) else definition["@id"]
        assert iri == f"https://w3id.org/vc-led/trust#{term}"
