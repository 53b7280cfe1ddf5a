"""Stapled status cannot be used to make a verifier decode what nobody trusts: a wrapper
carries only the lists its credential names, a list from an issuer the verifier does not trust
is refused before it is verified or decoded, and a trusted list is bounded by
``Limits.max_status_list_bytes`` (issue 9: 20 wrappers of 183 KB took a verifier to 2.68 GB)."""

from __future__ import annotations

import sys
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vc_led import DidResolver, KeyPair, Limits, VerificationPolicy, Verifier, sign_credential
from vc_led.stapled import STAPLED_TYPE
from vc_led.status import Bitstring, build_status_entry, build_status_list_credential

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import World, build_world, led_document

NOW = datetime(2026, 1, 1, tzinfo=UTC)
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(now=NOW)


def verifier_of(world: World, *trusted: str, **policy: Any) -> Verifier:
    documents = {d["id"]: d for d in world.did_documents}
    names = frozenset({world.registry_key.controller, *trusted})
    return Verifier(
        VerificationPolicy(trusted_issuers=names, **policy), resolver=DidResolver(documents)
    )


def big_lists(key: KeyPair, urls: list[str], *, decoded_bytes: int) -> list[dict[str, Any]]:
    """Signed, all-clear lists of ``decoded_bytes`` each (a few KB once compressed)."""
    encoded = Bitstring(decoded_bytes * 8).encode()
    out = []
    for url in urls:
        doc = build_status_list_credential(
            list_url=url,
            issuer=key.controller,
            bitstring=Bitstring(),
            purpose="revocation",
            valid_from=NOW - timedelta(hours=1),
        )
        doc["credentialSubject"]["encodedList"] = encoded
        out.append(sign_credential(doc, key=key, created=NOW - timedelta(hours=1)))
    return out


def wrapper_of(key: KeyPair, urls: list[str], lists: list[dict[str, Any]]) -> dict[str, Any]:
    doc = led_document(key.controller, supplier="Hoger onderwijs", valid_from=NOW - timedelta(1))
    doc["credentialStatus"] = [
        build_status_entry(list_url=u, index=5, purpose="revocation") for u in urls
    ]
    credential = sign_credential(doc, key=key, created=NOW - timedelta(days=1))
    return {"type": STAPLED_TYPE, "credential": credential, "statusListCredentials": lists}


def decode_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = Bitstring.decode.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Bitstring], encoded: str, **kw: Any) -> Bitstring:
        calls.append(len(encoded))
        return original(cls, encoded, **kw)

    monkeypatch.setattr(Bitstring, "decode", classmethod(spy))
    return calls


def test_an_untrusted_issuers_own_lists_are_never_decoded(world, monkeypatch):
    """The issue's wrapper: a stranger's credential with 8 self-signed 16 MiB lists."""
    stranger = KeyPair.generate()
    urls = [f"https://stranger.example/status/{i}" for i in range(8)]
    wrapper = wrapper_of(stranger, urls, big_lists(stranger, urls, decoded_bytes=16 * MIB))
    calls = decode_calls(monkeypatch)
    tracemalloc.start()
    try:
        result = verifier_of(world).verify_credential(wrapper, now=NOW)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [c.value for c in result.codes] == ["issuer.not_trusted", "status.list_invalid"]
    assert result.check("status").details["cause"] == "issuer.not_trusted"
    assert calls == []
    assert peak < 8 * MIB  # one decoded list alone would be 16 MiB


def test_a_trusted_issuers_list_counts(world):
    key = world.keys["A2"]
    urls = ["https://universiteit.example/status/1"]
    wrapper = wrapper_of(key, urls, big_lists(key, urls, decoded_bytes=16 * 1024))
    assert verifier_of(world, key.controller).verify_credential(wrapper, now=NOW).verified
    anyone = verifier_of(world, accept_any_issuer=True)
    assert anyone.verify_credential(wrapper, now=NOW).check("status").status.value == "passed"
    registry = Verifier.from_bundle(world.bundle())  # the registry accredits the university
    result = registry.verify_credential(wrapper, now=NOW)
    assert result.check("status").details["source"] == "stapled", result.checks


def test_a_trusted_list_over_the_limit_is_too_large_and_not_inflated(world):
    key = world.keys["A2"]
    urls = ["https://universiteit.example/status/1"]
    wrapper = wrapper_of(key, urls, big_lists(key, urls, decoded_bytes=12 * MIB))
    tracemalloc.start()
    try:
        result = verifier_of(world, key.controller).verify_credential(wrapper, now=NOW)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    status = result.check("status")
    assert (status.status.value, status.code.value) == ("failed", "status.list_too_large")
    assert status.details["limit"] == Limits().max_status_list_bytes == 2 * MIB
    assert peak < 8 * MIB  # decompression stopped at the limit, far below 12 MiB
    small = Limits(max_status_list_bytes=8 * 1024)
    strict = verifier_of(world, key.controller, limits=small)
    little = wrapper_of(key, urls, big_lists(key, urls, decoded_bytes=16 * 1024))
    assert [c.value for c in strict.verify_credential(little, now=NOW).codes] == [
        "status.list_too_large"
    ]


@pytest.mark.parametrize("extra", ["unnamed", "duplicate-url-count"])
def test_a_wrapper_carries_only_the_lists_its_credential_names(world, extra):
    key = world.keys["A2"]
    named = ["https://universiteit.example/status/1"]
    other = ["https://universiteit.example/status/2"]
    lists = big_lists(key, named + other, decoded_bytes=16 * 1024)
    if extra == "unnamed":
        wrapper = wrapper_of(key, named, lists)
    else:  # two entries on one list: one list needed, two carried
        wrapper = wrapper_of(key, named + named, lists)
    result = verifier_of(world, key.controller).verify_credential(wrapper, now=NOW)
    assert [c.value for c in result.codes] == ["structure.invalid_stapled_status"]


def test_a_suspended_registry_does_not_sign_snapshots(world):
    from dataclasses import replace

    from vc_led import TrustRegistry
    from vc_led.trust.model import IssuerStatus

    suspended = TrustRegistry(
        replace(i, status=IssuerStatus.SUSPENDED) if i.signs_on_behalf else i
        for i in world.registry.issuers
    )
    documents = {d["id"]: d for d in world.did_documents}
    verifier = Verifier(VerificationPolicy(), resolver=DidResolver(documents), trust=suspended)
    wrapper = {
        "type": STAPLED_TYPE,
        "credential": world.credentials["registry_ok"],
        "statusListCredentials": [world.status_list],
    }
    status = verifier.verify_credential(wrapper, now=NOW).check("status")
    assert (status.code.value, status.details["cause"]) == (
        "status.list_invalid",
        "issuer.not_trusted",
    )
