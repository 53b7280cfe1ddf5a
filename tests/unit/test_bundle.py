"""TrustBundle: made and signed by the registry, checked against the pinned key (or through the
key-rotation chain), refused with a stable code when it must not be used."""

from __future__ import annotations

import copy
import json
import logging
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vc_led import (
    BundleError,
    ConfigurationError,
    KeyPair,
    KeyType,
    TrustBundle,
    did_web_document,
    sign_credential,
)
from vc_led.bundle import (
    DEMO_REGISTRY_PIN,
    INSECURE_DEMO_PINS,
    BundleErrorCode,
    KeyLink,
    insecure_demo_registry_key,
    link_registry_key,
)
from vc_led.bundle._format import format_duration, parse_duration

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import LIST_URL, World, build_world, did_key

NOW = datetime(2026, 1, 1, tzinfo=UTC)
C = BundleErrorCode


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(now=NOW)


@pytest.fixture(scope="module")
def bundle(world: World) -> TrustBundle:
    return world.bundle()


def load(data: Any, world: World, **kw: Any) -> TrustBundle:
    kw.setdefault("pinned_keys", [world.registry_key.public])
    kw.setdefault("now", NOW)
    return TrustBundle.load(data, **kw)


def refused(data: Any, world: World, **kw: Any) -> BundleError:
    with pytest.raises(BundleError) as info:
        load(data, world, **kw)
    return info.value


def test_round_trip_keeps_every_part(world, bundle):
    text = bundle.to_json()
    for data in (text, text.encode(), json.loads(text)):
        again = load(data, world)
        assert again.registry == world.registry
        assert again.registry_did == world.registry_key.controller
        assert set(again.did_documents) == {d["id"] for d in world.did_documents}
        assert dict(again.status_lists) == {LIST_URL: world.status_list}
        assert again.created == NOW - timedelta(minutes=10)
        assert again.max_age == timedelta(days=7)
        assert again.signing_key == world.registry_key.public.multibase
        assert not again.chained and again.key_chain == ()
    assert bundle.expires_at == bundle.created + timedelta(days=7)
    assert bundle.age(now=NOW) == timedelta(minutes=10)
    assert json.loads(text)["credentialSubject"]["recommendedMaxAge"] == "P7D"


@pytest.mark.parametrize("key_type", [KeyType.P256, KeyType.P384])
def test_an_ecdsa_registry_key_signs_and_verifies_bundles(key_type):
    # regression: the bundle was always signed with eddsa-rdfc-2022, which refuses these keys
    did = "did:web:registry.test.vc-led.example"
    key = KeyPair.generate(key_type)
    key = key.with_id(id=f"{did}#{key.public.multibase}", controller=did)
    made = build_world(now=NOW, registry_key=key).bundle()
    assert made.document["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    loaded = TrustBundle.load(made.to_json(), pinned_keys=[key.public], now=NOW)
    assert loaded.registry_did == did


def test_registry_did_document_is_added_when_missing(world):
    made = world.bundle(did_documents=world.did_documents[1:])
    assert world.registry_key.controller in made.did_documents


def _tamper(bundle: TrustBundle, change) -> dict:
    doc = copy.deepcopy(dict(bundle.document))
    change(doc)
    return doc


def _rename_issuer(doc: dict) -> None:
    doc["credentialSubject"]["trustList"]["accreditedIssuer"][1]["name"] = "Someone else"


def _unrevoke(doc: dict) -> None:
    doc["credentialSubject"]["statusListCredentials"][0]["credentialSubject"]["encodedList"] = "uH4"


def _swap_key(doc: dict) -> None:
    other = KeyPair.generate()
    registry = doc["credentialSubject"]["didDocuments"][0]
    registry["verificationMethod"][0]["publicKeyMultibase"] = other.public.multibase


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (_rename_issuer, C.SIGNATURE_INVALID),
        (_unrevoke, C.SIGNATURE_INVALID),
        (lambda d: d.update(validFrom="2025-12-31T23:55:00Z"), C.SIGNATURE_INVALID),
        (lambda d: d["credentialSubject"].update(recommendedMaxAge="P3650D"), C.SIGNATURE_INVALID),
        (lambda d: d.pop("proof"), C.SIGNATURE_INVALID),
        (_swap_key, C.UNTRUSTED_KEY),
        (lambda d: d["credentialSubject"].update(didDocuments=[]), C.UNTRUSTED_KEY),
        (lambda d: d["credentialSubject"].update(bundleFormat="3"), C.WRONG_FORMAT),
        (lambda d: d["credentialSubject"].update(bundleFormat="2"), C.SIGNATURE_INVALID),
        (lambda d: d.update(type=["VerifiableCredential"]), C.WRONG_FORMAT),
        (lambda d: d["credentialSubject"].update(type="Other"), C.WRONG_FORMAT),
        (lambda d: d.update(issuer={"id": d["issuer"]}), C.WRONG_FORMAT),
        (lambda d: d["credentialSubject"].update(didDocuments={}), C.CONTENT_INVALID),
        (lambda d: d["credentialSubject"].update(registryKeyChain={}), C.KEY_CHAIN_INVALID),
    ],
)
def test_tampered_bundles_are_refused(world, bundle, change, code):
    assert refused(_tamper(bundle, change), world).code is code


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", C.MALFORMED),
        (b"{not json", C.MALFORMED),
        (b"[]", C.MALFORMED),
        ("\u00e9t\u00e9", C.MALFORMED),
        (b'{"@context": "x"}', C.WRONG_FORMAT),
    ],
)
def test_unreadable_or_foreign_files_are_refused(world, data, code):
    assert refused(data, world).code is code


def test_truncated_bundle_is_refused(world, bundle):
    text = bundle.to_json().encode()
    for cut in (1, len(text) // 3, len(text) // 2, len(text) - 3):
        assert refused(text[:cut], world).code is C.MALFORMED


def test_other_documents_are_not_bundles(world):
    for doc in (world.status_list, world.credentials["registry_ok"]):
        assert refused(doc, world).code is C.WRONG_FORMAT


def test_too_large_bundle_is_refused(world, bundle, monkeypatch):
    from vc_led.bundle import _load
    from vc_led.limits import Limits

    monkeypatch.setattr(_load, "BUNDLE_LIMITS", Limits(max_bytes=1000))
    assert refused(bundle.to_json(), world).code is C.TOO_LARGE


def test_bundle_signed_by_another_key_is_refused(world):
    stranger = did_key(world.registry_key.controller)
    forged = world.bundle(
        registry_key=stranger,
        did_documents=[
            did_web_document(stranger.controller, keys=[stranger.public]),
            *world.did_documents[1:],
        ],
    )
    error = refused(forged.to_json(), world)
    assert error.code is C.UNTRUSTED_KEY and error.details["key"] == stranger.public.multibase


def test_age_is_checked_against_the_recommendation_or_the_callers_limit(world, bundle):
    text = bundle.to_json()
    assert load(text, world, now=NOW + timedelta(days=6)).created == bundle.created
    error = refused(text, world, now=NOW + timedelta(days=7))
    assert error.code is C.EXPIRED and error.details["max_age_seconds"] == 7 * 86400
    assert refused(text, world, max_age=timedelta(minutes=5)).code is C.EXPIRED
    assert load(text, world, now=NOW + timedelta(days=20), max_age=timedelta(days=30))
    assert refused(text, world, now=NOW - timedelta(hours=1)).code is C.NOT_YET_VALID


def test_content_that_does_not_read_is_refused_even_when_signed(world, bundle):
    doc = _tamper(bundle, lambda d: d["credentialSubject"].update(trustList={"type": "Nope"}))
    doc.pop("proof")
    resigned = sign_credential(doc, key=world.registry_key, created=NOW - timedelta(minutes=1))
    assert refused(resigned, world).code is C.CONTENT_INVALID


def test_maker_inputs_are_checked(world):
    with pytest.raises(BundleError) as info:
        world.bundle(status_lists=[world.status_list, world.status_list])
    assert info.value.code is C.CONTENT_INVALID
    with pytest.raises(BundleError):
        world.bundle(did_documents=[{"no": "id"}])
    with pytest.raises(ValueError):
        world.bundle(max_age=timedelta(0))


def test_pins_are_required_and_must_decode(bundle):
    with pytest.raises(ConfigurationError):
        TrustBundle.load(bundle.to_json(), pinned_keys=[], now=NOW)
    with pytest.raises(ConfigurationError):
        TrustBundle.load(bundle.to_json(), pinned_keys=["zNotAKey"], now=NOW)


# -- key rotation ------------------------------------------------------------------------------


def _rotated(world: World, *links: KeyLink, key: KeyPair, retired: list[KeyPair]) -> TrustBundle:
    did = world.registry_key.controller
    document = did_web_document(did, keys=[key.public], retired=[k.public for k in retired])
    return world.bundle(
        registry_key=key,
        did_documents=[document, *world.did_documents[1:]],
        key_chain=links,
    )


def test_rotation_chain_leads_from_the_pinned_key_to_the_new_one(world):
    old, did = world.registry_key, world.registry_key.controller
    k2, k3 = did_key(did), did_key(did)
    when = NOW - timedelta(days=3)
    first = link_registry_key(previous=old, next_key=k2.public, registry=did, valid_from=when)
    second = link_registry_key(previous=k2, next_key=k3.public, registry=did, valid_from=when)
    made = _rotated(world, first, second, key=k3, retired=[old, k2])
    again = load(made.to_json(), world)
    assert again.chained and again.signing_key == k3.public.multibase
    assert again.key_chain == (first, second)
    assert KeyLink.from_dict(first.to_dict()) == first
    assert load(made.to_json(), world, pinned_keys=[k2.public.multibase]).signing_key


def test_a_retired_registry_key_cannot_sign_later_bundles(world):
    old, did = world.registry_key, world.registry_key.controller
    new = did_key(did)
    link = link_registry_key(
        previous=old, next_key=new.public, registry=did, valid_from=NOW - timedelta(days=1)
    )
    with pytest.raises(BundleError) as info:
        _rotated(world, link, key=old, retired=[])
    assert info.value.code is C.KEY_RETIRED


def _chain_with(world: World, edit) -> dict:
    old, did = world.registry_key, world.registry_key.controller
    new = did_key(did)
    link = link_registry_key(previous=old, next_key=new.public, registry=did, valid_from=NOW)
    doc = copy.deepcopy(dict(_rotated(world, link, key=new, retired=[old]).document))
    edit(doc["credentialSubject"]["registryKeyChain"][0])
    return doc


@pytest.mark.parametrize(
    "edit",
    [
        lambda link: link.update(validFrom="2030-01-01T00:00:00Z"),
        lambda link: link.update(nextKey=KeyPair.generate().public.multibase),
        lambda link: link.update(registry="did:web:elsewhere.example"),
        lambda link: link.update(signature="z" + "1" * 80),
        lambda link: link.pop("signature"),
        lambda link: link.update(type="Other"),
    ],
)
def test_an_altered_rotation_link_is_refused(world, edit):
    assert refused(_chain_with(world, edit), world).code is C.KEY_CHAIN_INVALID


def test_a_link_signed_by_someone_else_leads_nowhere(world):
    did = world.registry_key.controller
    thief, target = did_key(did), did_key(did)
    # a valid link from the thief's key: it does not start at any pinned key
    link = link_registry_key(previous=thief, next_key=target.public, registry=did, valid_from=NOW)
    made = _rotated(world, link, key=target, retired=[])
    assert refused(made.to_json(), world).code is C.UNTRUSTED_KEY


def test_link_needs_a_new_key_and_an_aware_date(world):
    key = world.registry_key
    with pytest.raises(ValueError):
        link_registry_key(previous=key, next_key=key.public, registry="did:x", valid_from=NOW)
    with pytest.raises(ValueError):
        link_registry_key(
            previous=key,
            next_key=KeyPair.generate().public,
            registry="did:x",
            valid_from=datetime(2026, 1, 1),
        )


# -- the demo pin ------------------------------------------------------------------------------


def test_the_demo_pin_is_trusted_only_when_asked_for_by_name(caplog):
    demo = insecure_demo_registry_key()
    assert demo.public.multibase == DEMO_REGISTRY_PIN and INSECURE_DEMO_PINS == (DEMO_REGISTRY_PIN,)
    world = build_world(now=NOW, registry_key=demo)
    text = world.bundle().to_json()
    with pytest.raises(TypeError):  # no default pin: nothing is trusted without one
        TrustBundle.load(text, now=NOW)  # type: ignore[call-arg]
    with caplog.at_level(logging.WARNING, logger="vc_led"):
        assert TrustBundle.load(text, pinned_keys=INSECURE_DEMO_PINS, now=NOW).signing_key == (
            DEMO_REGISTRY_PIN
        )
    assert "INSECURE DEMO registry pin" in caplog.text
    other = build_world(now=NOW).bundle().to_json()
    with pytest.raises(BundleError):
        TrustBundle.load(other, pinned_keys=INSECURE_DEMO_PINS, now=NOW)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("P7D", timedelta(days=7)),
        ("PT3600S", timedelta(hours=1)),
        ("P1DT2H3M4S", timedelta(days=1, hours=2, minutes=3, seconds=4)),
        ("P0D", None),
        ("P", None),
        ("PT", None),
        ("P1DT", None),
        ("7 days", None),
        (7, None),
    ],
)
def test_durations(text, value):
    assert parse_duration(text) == value
    if value is not None:
        assert parse_duration(format_duration(value)) == value
