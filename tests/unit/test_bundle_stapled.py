"""Stapled status: a credential carried with signed status list snapshots, verified with no
network and no bundle; the snapshot's age is reported and an old one is never a pass."""

from __future__ import annotations

import copy
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from vc_led import (
    CheckStatus,
    DidResolver,
    KeyPair,
    VerificationPolicy,
    Verifier,
    sign_credential,
    staple_status,
)
from vc_led.stapled import STAPLED_TYPE, is_stapled

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import LIST_URL, World, _status_list, build_world

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(now=NOW)


def plain_verifier(world: World, **policy) -> Verifier:
    """No bundle, no network: trusts the registry by name, resolves from DID documents."""
    documents = {d["id"]: d for d in world.did_documents}
    trusted = frozenset({world.registry_key.controller})
    return Verifier(
        VerificationPolicy(trusted_issuers=trusted, **policy), resolver=DidResolver(documents)
    )


def stapled(world: World, name: str = "registry_ok", lists=None, at=NOW) -> dict:
    lists = [world.status_list] if lists is None else lists
    return staple_status(world.credentials[name], status_lists=lists, now=at)


def codes(result) -> list[str]:
    return [c.value for c in result.codes]


def test_wrapper_shape(world):
    wrapper = stapled(world)
    assert wrapper["type"] == STAPLED_TYPE and is_stapled(wrapper)
    assert wrapper["credential"] == world.credentials["registry_ok"]
    assert wrapper["statusListCredentials"] == [world.status_list]
    assert wrapper["stapledAt"] == "2026-01-01T00:00:00Z"
    assert not is_stapled(world.credentials["registry_ok"])
    no_status = staple_status(world.credentials["self_declared"], status_lists=[world.status_list])
    assert no_status["statusListCredentials"] == []
    with pytest.raises(ValueError):
        staple_status(world.credentials["revoked"], status_lists=[])
    with pytest.raises(ValueError):
        staple_status(b"[]", status_lists=[])


def test_stapled_snapshot_decides_status_and_reports_its_age(world):
    verifier = plain_verifier(world)
    result = verifier.verify_credential(stapled(world), now=NOW)
    assert result.verified
    status = result.check("status")
    assert status.details["source"] == "stapled"
    assert status.details["snapshot_age_seconds"] == 3600  # the list was signed an hour ago
    assert result.document == world.credentials["registry_ok"]
    revoked = verifier.verify_credential(stapled(world, "revoked"), now=NOW)
    assert codes(revoked) == ["status.revoked"]
    bare = verifier.verify_credential(world.credentials["registry_ok"], now=NOW)
    assert codes(bare) == ["status.no_provider"]


def test_an_old_snapshot_is_stale_never_passed(world):
    verifier = plain_verifier(world)
    late = NOW + timedelta(days=31)
    result = verifier.verify_credential(stapled(world), now=late)
    status = result.check("status")
    assert status.status is CheckStatus.INDETERMINATE and status.code.value == "status.stale"
    assert status.details["snapshot_age_seconds"] > 30 * 86400
    assert plain_verifier(world).verify_credential(stapled(world), now=NOW + timedelta(days=29))
    strict = plain_verifier(world, max_status_age=timedelta(minutes=30))
    assert codes(strict.verify_credential(stapled(world), now=NOW)) == ["status.stale"]


def test_a_snapshot_from_someone_else_does_not_count(world):
    stranger = KeyPair.generate()
    forged = _status_list(stranger, NOW, ())
    result = plain_verifier(world).verify_credential(stapled(world, lists=[forged]), now=NOW)
    assert codes(result) == ["status.list_invalid"]


def test_a_tampered_snapshot_does_not_count(world):
    lists = [copy.deepcopy(world.status_list)]
    lists[0]["credentialSubject"]["encodedList"] = _status_list(world.registry_key, NOW, ())[
        "credentialSubject"
    ]["encodedList"]
    result = plain_verifier(world).verify_credential(stapled(world, "revoked", lists), now=NOW)
    assert codes(result) == ["status.list_invalid"]


def test_the_credential_issuers_own_list_counts(world):
    """A supplier that signs its own credentials may staple its own list."""
    key = world.keys["A2"]
    own = _status_list(key, NOW, (11,))
    documents = {d["id"]: d for d in world.did_documents}
    verifier = Verifier(
        VerificationPolicy(trusted_issuers={key.controller}), resolver=DidResolver(documents)
    )
    result = verifier.verify_credential(stapled(world, "supplier_ok", [own]), now=NOW)
    assert codes(result) == ["status.revoked"]


def test_an_old_stapled_list_cannot_hide_a_revocation_the_bundle_knows(world):
    clean = _status_list(world.registry_key, NOW - timedelta(days=1), ())
    verifier = Verifier.from_bundle(world.bundle())
    result = verifier.verify_credential(stapled(world, "revoked", [clean]), now=NOW)
    assert codes(result) == ["status.revoked"]


def test_a_fresh_stapled_list_helps_when_the_bundle_is_stale(world):
    verifier = Verifier.from_bundle(world.bundle())
    later = NOW + timedelta(days=10)
    fresh = _status_list(world.registry_key, later, (7,))
    result = verifier.verify_credential(stapled(world, lists=[fresh]), now=later)
    assert result.verified and result.check("status").details["source"] == "stapled"
    unstapled = verifier.verify_credential(world.credentials["registry_ok"], now=later)
    assert codes(unstapled) == ["status.stale"]


def _wrapper_edits():
    return [
        lambda w: w.update(type="Other"),
        lambda w: w.update(extra=1),
        lambda w: w.update(credential="text"),
        lambda w: w.update(credential=copy.deepcopy(w)),
        lambda w: w.update(statusListCredentials={}),
        lambda w: w.update(statusListCredentials=[{"no": "id"}]),
        lambda w: w.update(statusListCredentials=w["statusListCredentials"] * 2),
        lambda w: w.update(statusListCredentials=[{"id": str(i)} for i in range(9)]),
        lambda w: w.update(stapledAt="yesterday"),
        lambda w: w.pop("type"),
    ]


@pytest.mark.parametrize("edit", _wrapper_edits())
def test_malformed_wrappers_fail_structure(world, edit):
    wrapper = stapled(world)
    edit(wrapper)
    result = plain_verifier(world).verify_credential(wrapper, now=NOW)
    assert codes(result) == ["structure.invalid_stapled_status"]
    assert result.check("proof").status is CheckStatus.SKIPPED


def test_an_entry_without_a_stapled_list_is_not_found(world):
    doc = copy.deepcopy(world.credentials["registry_ok"])
    doc.pop("proof")
    doc["credentialStatus"] = [
        doc["credentialStatus"],
        {
            **doc["credentialStatus"],
            "id": "https://elsewhere.example/1#3",
            "statusListCredential": "https://elsewhere.example/1",
            "statusListIndex": "3",
        },
    ]
    signed = sign_credential(doc, key=world.registry_key, created=NOW - timedelta(days=1))
    wrapper = staple_status(
        signed, status_lists=[world.status_list, {"id": "https://elsewhere.example/1"}]
    )
    wrapper["statusListCredentials"] = [world.status_list]
    result = plain_verifier(world).verify_credential(wrapper, now=NOW)
    assert codes(result) == ["status.list_not_found"]
    assert LIST_URL in {s["id"] for s in wrapper["statusListCredentials"]}
