"""End to end inside the library: a registry key, two issuers (one outside its scope, one with a
retired key), a revocation list, a bundle -- then every credential verified offline, with no
socket opened.

The same flow through the registry database (generate -> import -> issue -> revoke -> bundle)
belongs to the registry service's tests (issuer/), which build their bundle from the database.
"""

from __future__ import annotations

import socket
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from vc_led import CheckStatus, ConfigurationError, TrustBundle, VerificationPolicy, Verifier

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import EXPECTED, build_world

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def no_network(monkeypatch):
    """Count (and refuse) every attempt to open a socket or resolve a name."""
    attempts: list[str] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network disabled in this test ({name})")

        return blocked

    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "__init__", refuse("socket"))
    return attempts


def test_every_credential_verified_offline_from_the_bundle(no_network):
    world = build_world(now=NOW)
    text = world.bundle().to_json()
    bundle = TrustBundle.load(text, pinned_keys=[world.registry_key.public], now=NOW)
    verifier = Verifier.from_bundle(bundle)
    for name, credential in world.credentials.items():
        for result in (
            verifier.verify_credential(credential, now=NOW),
            verifier.verify(credential, now=NOW),
        ):
            outcome, codes = EXPECTED[name]
            assert (result.outcome.value, [c.value for c in result.codes]) == (outcome, codes), name
    assert no_network == []


def test_a_bundle_given_as_trust_is_refused_with_a_pointer_to_from_bundle():
    bundle = build_world(now=NOW).bundle()
    with pytest.raises(ConfigurationError, match=r"Verifier\.from_bundle"):
        Verifier(trust=bundle)  # type: ignore[arg-type]


def test_results_say_where_status_came_from_and_how_old_it_is():
    world = build_world(now=NOW)
    verifier = Verifier.from_bundle(world.bundle())
    status = verifier.verify_credential(world.credentials["registry_ok"], now=NOW).check("status")
    assert status.status is CheckStatus.PASSED
    assert status.details["source"] == "bundle"
    assert status.details["snapshot_age_seconds"] == 600  # the bundle's age, not the list's
    revoked = verifier.verify_credential(world.credentials["revoked"], now=NOW).check("status")
    assert revoked.details["index"] == 7 and revoked.details["source"] == "bundle"


def test_snapshots_go_stale_with_the_bundle_never_passing():
    world = build_world(now=NOW)
    verifier = Verifier.from_bundle(world.bundle())
    later = NOW + timedelta(days=8)
    result = verifier.verify_credential(world.credentials["registry_ok"], now=later)
    assert result.check("status").code.value == "status.stale"
    assert result.check("status").status is CheckStatus.INDETERMINATE
    strict = Verifier.from_bundle(
        world.bundle(), policy=VerificationPolicy(max_status_age=timedelta(minutes=5))
    )
    result = strict.verify_credential(world.credentials["supplier_ok"], now=NOW)
    assert [c.value for c in result.codes] == ["status.stale"]
    # a credential without status information is unaffected by the snapshot's age
    assert verifier.verify_credential(world.credentials["retired_before"], now=later).verified


def test_explicit_resolver_and_status_provider_win_over_the_bundle():
    world = build_world(now=NOW)
    verifier = Verifier.from_bundle(world.bundle(), status_provider=None)
    assert verifier.bundle is not None and verifier.trust == world.registry
    from vc_led import DidResolver

    bare = Verifier.from_bundle(world.bundle(), resolver=DidResolver())
    result = bare.verify_credential(world.credentials["supplier_ok"], now=NOW)
    assert [c.value for c in result.codes] == ["proof.verification_method_unresolvable"]


def test_a_suspended_issuer_in_the_bundle_fails():
    world = build_world(now=NOW)
    world.registry = world.registry.with_status("Universiteit Voorbeeld", "suspended")
    verifier = Verifier.from_bundle(world.bundle())
    result = verifier.verify_credential(world.credentials["supplier_ok"], now=NOW)
    assert [c.value for c in result.codes] == ["issuer.suspended"]
