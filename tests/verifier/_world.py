"""A small LED world for the bundle, stapled-status, CLI, web and browser tests.

A registry key (signs on behalf of suppliers, signs the status list and the bundle), two
issuers with their own DIDs -- "Universiteit Voorbeeld" (higher education; key A1 retired 60
days ago, key A2 current) and "Scholengroep Voorbeeld" (secondary education only) -- one
revocation list with index 7 set, and credentials that each show one outcome:

==================  ==============================================  ===========================
name                what it is                                      verifying it offline
==================  ==============================================  ===========================
registry_ok         registry-signed for "Hoger onderwijs"           verified
revoked             registry-signed, status index 7                 status.revoked
self_declared       registry-signed VDAB "Eigen verklaring - Op eer" verified, self-declared
supplier_ok         signed by Universiteit Voorbeeld's current key  verified
retired_before      signed by its retired key before retirement     verified
retired_after       signed by its retired key after retirement      proof.key_retired
out_of_scope        Scholengroep Voorbeeld issues a master diploma  issuer.out_of_scope
led_diploma         issue_credential: a generated "Hoger onderwijs"  verified
                    record, LED profile and context, status 21
led_revoked         the same record issued again, status index 9    status.revoked
==================  ==============================================  ===========================

(The full flow through the registry database -- generate, import, issue, revoke, bundle -- is
tested with the registry service; this world signs most credentials as plain VC 2.0 with the
examples context in the LED shape of docs/led-domain.md section 6b, and two with the LED
profiles' ``issue_credential`` from a generated record.)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from vc_led import (
    AccreditationScope,
    AccreditedIssuer,
    Holder,
    IssuerKey,
    KeyPair,
    TrustBundle,
    TrustRegistry,
    default_led_registry,
    did_web_document,
    issue_credential,
    sign_credential,
)
from vc_led.led import LedRecord
from vc_led.led.synthetic import generate_records
from vc_led.status import Bitstring, build_status_entry, build_status_list_credential

V2 = "https://www.w3.org/ns/credentials/v2"
EX = "https://www.w3.org/ns/credentials/examples/v2"
LIST_URL = "https://registry.demo.vc-led.example/status/revocation/1"
UNIVERSITY = "did:web:universiteit.demo.vc-led.example"
SCHOOL = "did:web:scholengroep.demo.vc-led.example"
TITLE = "Master of Science in de informatica"
EXPECTED = {
    "registry_ok": ("verified", []),
    "revoked": ("failed", ["status.revoked"]),
    "self_declared": ("verified", []),
    "supplier_ok": ("verified", []),
    "retired_before": ("verified", []),
    "retired_after": ("failed", ["proof.key_retired"]),
    "out_of_scope": ("failed", ["issuer.out_of_scope"]),
    "led_diploma": ("verified", []),
    "led_revoked": ("failed", ["status.revoked"]),
}


def did_key(did: str) -> KeyPair:
    key = KeyPair.generate()
    return key.with_id(id=f"{did}#{key.public.multibase}", controller=did)


def _scope(category: str, start: date) -> AccreditationScope:
    return AccreditationScope(
        description=category, categories=frozenset({category}), coverage_start=start
    )


@dataclass
class World:
    now: datetime
    registry_key: KeyPair
    keys: dict[str, KeyPair]
    registry: TrustRegistry
    did_documents: list[dict[str, Any]]
    status_list: dict[str, Any]
    credentials: dict[str, dict[str, Any]] = field(default_factory=dict)

    def bundle(self, **changes: Any) -> TrustBundle:
        options: dict[str, Any] = {
            "registry": self.registry,
            "registry_key": self.registry_key,
            "did_documents": self.did_documents,
            "status_lists": [self.status_list],
            "now": self.now - timedelta(minutes=10),
        }
        return TrustBundle.create(**{**options, **changes})


def led_document(
    issuer: str,
    *,
    supplier: str,
    category: str = "Hoger onderwijs",
    authenticity: str = "Authentiek",
    title: str = TITLE,
    valid_from: datetime,
    index: int | None = None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": [V2, EX],
        "type": ["VerifiableCredential", "LedQualificationCredential"],
        "issuer": issuer,
        "validFrom": valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": "did:example:holder",
            "givenName": "Amina",
            "familyName": "Peeters",
            "birthDate": "1999-04-12",
            "qualification": {
                "title": title,
                "category": category,
                "eqfLevel": "http://data.europa.eu/snb/eqf/7",
            },
            "awardingBody": {"name": "Universiteit Voorbeeld"},
            "awardedOn": {"year": 2025, "month": 6, "day": 30},
        },
        "evidence": [
            {"type": ["LedSourceRecord"], "supplier": supplier, "authenticity": authenticity}
        ],
    }
    if index is not None:
        doc["credentialStatus"] = build_status_entry(
            list_url=LIST_URL, index=index, purpose="revocation"
        )
    return doc


def _registry(world_keys: dict[str, KeyPair], registry_key: KeyPair, now: datetime):
    retired = now - timedelta(days=60)
    university = AccreditedIssuer(
        name="Universiteit Voorbeeld",
        did=UNIVERSITY,
        scopes=(_scope("Hoger onderwijs", date(1999, 9, 1)),),
        keys=(
            IssuerKey(id=world_keys["A1"].id, retired_at=retired),
            IssuerKey(id=world_keys["A2"].id, valid_from=retired),
        ),
    )
    school = AccreditedIssuer(
        name="Scholengroep Voorbeeld",
        did=SCHOOL,
        scopes=(_scope("Secundair onderwijs", date(2001, 9, 1)),),
    )
    base = default_led_registry(registry_did=registry_key.controller)
    return base.with_issuer(university).with_issuer(school)


def _status_list(registry_key: KeyPair, now: datetime, revoked: tuple[int, ...]) -> dict:
    bits = Bitstring()
    for index in revoked:
        bits.set(index)
    unsigned = build_status_list_credential(
        list_url=LIST_URL,
        issuer=registry_key.controller,
        bitstring=bits,
        purpose="revocation",
        valid_from=now - timedelta(hours=1),
    )
    return sign_credential(unsigned, key=registry_key, created=now - timedelta(hours=1))


def build_world(*, now: datetime, registry_key: KeyPair | None = None) -> World:
    """The world above, at ``now`` (pass the demo registry key for the default pin)."""
    reg = registry_key or did_key("did:web:registry.test.vc-led.example")
    keys = {"A1": did_key(UNIVERSITY), "A2": did_key(UNIVERSITY), "B": did_key(SCHOOL)}
    documents = [
        did_web_document(reg.controller, keys=[reg.public]),
        did_web_document(UNIVERSITY, keys=[keys["A2"].public], retired=[keys["A1"].public]),
        did_web_document(SCHOOL, keys=[keys["B"].public]),
    ]
    world = World(
        now=now,
        registry_key=reg,
        keys=keys,
        registry=_registry(keys, reg, now),
        did_documents=documents,
        status_list=_status_list(reg, now, (7, 9)),
    )
    month = timedelta(days=30)
    recent = now - month

    def signed(key: KeyPair, created: datetime, **kw: Any) -> dict[str, Any]:
        doc = led_document(key.controller, valid_from=created, **kw)
        return sign_credential(doc, key=key, created=created)

    world.credentials = {
        "registry_ok": signed(reg, recent, supplier="Hoger onderwijs", index=5),
        "revoked": signed(reg, recent, supplier="Hoger onderwijs", index=7),
        "self_declared": signed(
            reg,
            recent,
            supplier="VDAB",
            category="Beroepsopleiding",
            authenticity="Eigen verklaring - Op eer",
            title="Eigen verklaring: opleiding boekhouding",
        ),
        "supplier_ok": signed(keys["A2"], recent, supplier=UNIVERSITY, index=11),
        "retired_before": signed(keys["A1"], now - 3 * month, supplier=UNIVERSITY),
        "retired_after": signed(keys["A1"], recent, supplier=UNIVERSITY),
        "out_of_scope": signed(keys["B"], recent, supplier=SCHOOL),
        "led_diploma": _issued(reg, recent, 21),
        "led_revoked": _issued(reg, recent, 9),
    }
    return world


@functools.cache
def led_record() -> LedRecord:
    """The first generated "Hoger onderwijs" record (seed 7)."""
    for _, record in generate_records(persons=40, seed=7):
        supplier = record.supplier.name if record.supplier else None
        if supplier == "Hoger onderwijs" and not record.is_cancelled:
            return record
    raise AssertionError("no higher education record generated")


def _issued(key: KeyPair, now: datetime, index: int) -> dict[str, Any]:
    holder = Holder(given_name="An", family_name="Peeters", birth_date=date(1990, 5, 1))
    entry = build_status_entry(list_url=LIST_URL, index=index, purpose="revocation")
    return issue_credential(
        record=led_record(), holder=holder, issuer_key=key, status_entries=[entry], now=now
    )
