"""The verifier's trust state and its own age policy: a retired registry key cannot leave its
rotation out or back-date its way in, and an older bundle cannot replace a newer one."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vc_led import ConfigurationError, KeyPair, TrustBundle, Verifier, did_web_document
from vc_led.bundle import (
    DEFAULT_MAX_AGE,
    BundleError,
    BundleErrorCode,
    TrustState,
    link_registry_key,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import World, _status_list, build_world, did_key

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ROTATED = NOW - timedelta(days=2)  # k1 -> k2
C = BundleErrorCode


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(now=NOW)


@pytest.fixture
def state(tmp_path: Path) -> TrustState:
    return TrustState(tmp_path / "state" / "trust-state.json")


def _bundle(world: World, *, key: KeyPair, at: datetime, **kw: Any) -> TrustBundle:
    """A bundle of the world's registry signed by ``key`` at ``at`` (no age check here)."""
    did = world.registry_key.controller
    keys = [key.public] if key is world.registry_key else [key.public, world.registry_key.public]
    document = did_web_document(did, keys=keys)
    kw.setdefault("did_documents", [document, *world.did_documents[1:]])
    return world.bundle(registry_key=key, now=at, **kw)


def _rotation(world: World) -> tuple[KeyPair, Any]:
    k1, did = world.registry_key, world.registry_key.controller
    k2 = did_key(did)
    return k2, link_registry_key(previous=k1, next_key=k2.public, registry=did, valid_from=ROTATED)


def _load(bundle: TrustBundle | dict, world: World, **kw: Any) -> TrustBundle:
    data = bundle.to_json() if isinstance(bundle, TrustBundle) else bundle
    kw.setdefault("now", NOW)
    return TrustBundle.load(data, pinned_keys=[world.registry_key.public], **kw)


def _refused(bundle: TrustBundle | dict, world: World, **kw: Any) -> BundleError:
    with pytest.raises(BundleError) as info:
        _load(bundle, world, **kw)
    return info.value


def _forged(world: World, *, created: datetime, max_age: str) -> dict:
    """What the holder of the retired key k1 can sign: no chain, any recommendedMaxAge."""
    from vc_led import sign_credential

    made = _bundle(world, key=world.registry_key, at=created)
    doc = json.loads(made.to_json())
    doc.pop("proof")
    doc["credentialSubject"]["recommendedMaxAge"] = max_age
    return sign_credential(doc, key=world.registry_key, created=created)


# -- a remembered rotation ------------------------------------------------------------------


def test_a_remembered_rotation_refuses_the_retired_key_that_leaves_the_chain_out(world, state):
    k2, link = _rotation(world)
    rotated = _bundle(world, key=k2, at=NOW - timedelta(days=1), key_chain=[link])
    assert _load(rotated, world, state=state).chained
    forged = _forged(world, created=NOW - timedelta(hours=1), max_age="P7D")
    assert _load(forged, world).signing_key  # judged on its own, the forgery looks fine
    error = _refused(forged, world, state=state)  # a verifier that saw the rotation knows
    assert error.code is C.KEY_RETIRED
    assert error.details["retired_at"] == ROTATED.isoformat()
    assert state.record(world.registry_key.controller).key_chain == (link,)  # type: ignore[union-attr]


def test_a_back_dated_bundle_with_a_century_of_age_is_capped_by_the_verifier(world, state):
    forged = _forged(world, created=ROTATED - timedelta(hours=1), max_age="P36500D")
    error = _refused(forged, world, now=NOW + timedelta(days=30))
    assert error.code is C.EXPIRED
    assert error.details["max_age_seconds"] == int(DEFAULT_MAX_AGE.total_seconds())
    assert _load(forged, world).max_age == DEFAULT_MAX_AGE  # not the century it asks for
    shorter = _bundle(world, key=world.registry_key, at=NOW, max_age=timedelta(days=1))
    assert _load(shorter, world).max_age == timedelta(days=1)  # a bundle may shorten it
    assert _load(shorter, world, max_age=timedelta(days=30)).max_age == timedelta(days=30)
    k2, link = _rotation(world)
    _load(_bundle(world, key=k2, at=NOW - timedelta(days=1), key_chain=[link]), world, state=state)
    assert _refused(forged, world, state=state).code is C.ROLLED_BACK  # and older than seen


# -- rollback ----------------------------------------------------------------------------------


def test_an_older_bundle_cannot_bring_a_revoked_credential_back(world, state):
    reg = world.registry_key
    old = _bundle(world, key=reg, at=NOW - timedelta(days=2))
    revoked_five = _status_list(reg, NOW - timedelta(hours=2), (5, 7, 9))
    new = _bundle(world, key=reg, at=NOW - timedelta(hours=1), status_lists=[revoked_five])
    credential = world.credentials["registry_ok"]  # status index 5
    first = _load(new, world, state=state)
    assert Verifier.from_bundle(first).verify_credential(credential, now=NOW).codes == (
        "status.revoked",
    )
    stale = _load(old, world)  # stateless: the old one loads, and the credential verifies again
    assert Verifier.from_bundle(stale).verify_credential(credential, now=NOW).verified
    error = _refused(old, world, state=state)
    assert error.code is C.ROLLED_BACK
    assert error.details["newest_accepted"] == first.created.isoformat()
    assert _load(new, world, state=state).created == first.created  # the same one again: fine
    record = state.record(reg.controller)
    assert record is not None and record.created == first.created


def test_states_are_per_registry_and_per_file(world, state, tmp_path):
    reg = world.registry_key
    _load(_bundle(world, key=reg, at=NOW - timedelta(hours=1)), world, state=state)
    other = build_world(now=NOW, registry_key=did_key("did:web:other-registry.example"))
    older = other.bundle(now=NOW - timedelta(days=3))
    TrustBundle.load(older.to_json(), pinned_keys=[other.registry_key.public], now=NOW, state=state)
    assert set(state.records()) == {reg.controller, other.registry_key.controller}
    fresh = TrustState(tmp_path / "elsewhere.json")
    assert fresh.records() == {}
    _load(_bundle(world, key=reg, at=NOW - timedelta(days=2)), world, state=fresh)


# -- the state file --------------------------------------------------------------------------


def test_the_state_file_is_public_json_replaced_atomically(world, state):
    _load(_bundle(world, key=world.registry_key, at=NOW - timedelta(hours=1)), world, state=state)
    data = json.loads(state.path.read_text())
    assert data["type"] == "LedVerifierTrustState" and data["version"] == 1
    entry = data["registries"][world.registry_key.controller]
    assert set(entry) == {"bundleId", "created", "acceptedAt", "registryKeyChain"}
    assert [p.name for p in state.path.parent.iterdir()] == [state.path.name]  # no leftovers


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"type": "Other"}',
        '{"type": "LedVerifierTrustState", "version": 2, "registries": {}}',
        '{"type": "LedVerifierTrustState", "version": 1, "registries": {"did:x": {}}}',
    ],
)
def test_an_unreadable_state_is_a_configuration_error_never_forgotten(world, state, content):
    state.path.parent.mkdir(parents=True)
    state.path.write_text(content)
    with pytest.raises(ConfigurationError, match="trust state"):
        _load(_bundle(world, key=world.registry_key, at=NOW), world, state=state)
    assert state.path.read_text() == content


def test_a_tampered_remembered_link_is_refused(world, state):
    k2, link = _rotation(world)
    _load(_bundle(world, key=k2, at=NOW - timedelta(days=1), key_chain=[link]), world, state=state)
    data = json.loads(state.path.read_text())
    entry = data["registries"][world.registry_key.controller]
    entry["registryKeyChain"][0]["validFrom"] = "2030-01-01T00:00:00Z"
    state.path.write_text(json.dumps(data))
    with pytest.raises(ConfigurationError, match="not signed by its previous key"):
        state.records()


# -- which lifetime ran out --------------------------------------------------------------------


def test_a_stale_status_says_which_lifetime_ran_out(world):
    from vc_led import sign_credential
    from vc_led.report import build_report
    from vc_led.status import Bitstring, build_status_list_credential

    made = NOW - timedelta(hours=1)
    day_long = build_status_list_credential(
        list_url=world.status_list["id"],
        issuer=world.registry_key.controller,
        bitstring=Bitstring(),
        purpose="revocation",
        valid_from=made,
        valid_until=made + timedelta(hours=24),
    )
    snapshot = sign_credential(day_long, key=world.registry_key, created=made)
    bundle = _bundle(world, key=world.registry_key, at=NOW, status_lists=[snapshot])
    verifier = Verifier.from_bundle(_load(bundle, world))
    credential = world.credentials["registry_ok"]
    later = verifier.verify_credential(credential, now=NOW + timedelta(days=2))
    check = later.check("status")
    assert (check.code, check.details["expired"]) == ("status.stale", "list_valid_until")
    line = build_report(later).checks[-2].text
    assert "status list itself expired on" in line and "before the trust bundle did" in line
    much_later = verifier.verify_credential(credential, now=NOW + timedelta(days=8))
    assert much_later.check("status").details["expired"] == "list_valid_until"
    fine = _bundle(world, key=world.registry_key, at=NOW)  # the world's list has no validUntil
    old = Verifier.from_bundle(_load(fine, world)).verify_credential(
        credential, now=NOW + timedelta(days=8)
    )
    assert old.check("status").details["expired"] == "max_age"
    assert "more than the 7 days this verifier accepts" in build_report(old).checks[-2].text
