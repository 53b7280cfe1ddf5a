"""Processed contexts are cached per context registry (issue 11): signing or verifying with
``contexts=`` processed the registry's contexts again on every call; different registries
never share a cache entry."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from typing import Any

from vc_led import KeyPair, VerificationPolicy, Verifier, sign_credential
from vc_led.jsonld import ContextRegistry, default_registry
from vc_led.jsonld.canon import shared_canonicalizer
from vc_led.jsonld.loader import MAX_DERIVED
from vc_led.limits import Limits

V2 = "https://www.w3.org/ns/credentials/v2"
CTX = "https://issuer.example/contexts/degree/v1"
KEY = KeyPair.generate()


class SpyRegistry(ContextRegistry):
    """Counts the documents the strict loader asks for (each is a context processed anew)."""

    def __init__(self, documents: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        super().__init__(documents)
        self.served: Counter[str] = Counter()

    def get(self, url: str) -> Mapping[str, Any] | None:
        self.served[url] += 1
        return super().get(url)


def _registry(iri: str) -> SpyRegistry:
    docs = {url: default_registry().get(url) for url in default_registry().urls()}
    registry = SpyRegistry({u: d for u, d in docs.items() if d is not None})
    registry.register(
        CTX,
        {"@context": {"@protected": True, "DegreeCredential": iri + "#Degree", "grade": iri}},
    )
    return registry


def _credential() -> dict[str, Any]:
    return {
        "@context": [V2, CTX],
        "type": ["VerifiableCredential", "DegreeCredential"],
        "issuer": KEY.controller,
        "credentialSubject": {"id": "did:example:holder", "grade": "A"},
    }


def test_signing_twice_with_one_registry_processes_its_contexts_once():
    registry = _registry("https://issuer.example/vocab/grade")
    sign_credential(_credential(), key=KEY, contexts=registry)
    first = registry.served.copy()
    assert first[CTX] >= 1 and first[V2] >= 1
    sign_credential(_credential(), key=KEY, contexts=registry)
    sign_credential(_credential(), key=KEY, contexts=registry)
    assert registry.served == first  # nothing loaded (so nothing processed) again


def test_verifying_with_a_new_verifier_and_the_same_registry_reuses_the_contexts():
    registry = _registry("https://issuer.example/vocab/grade")
    signed = sign_credential(_credential(), key=KEY, contexts=registry)
    policy = VerificationPolicy(trusted_issuers={KEY.controller})
    assert Verifier(policy, contexts=registry).verify_credential(signed).verified
    before = registry.served.copy()
    assert Verifier(policy, contexts=registry).verify_credential(signed).verified
    assert registry.served == before


def test_registries_never_share_a_context_url_defined_differently():
    one = _registry("https://one.example/grade")
    two = _registry("https://two.example/grade")
    doc = _credential()
    for _ in range(2):  # in both orders, after both caches are warm
        assert "https://one.example/grade" in shared_canonicalizer(one).canonicalize(doc).nquads
        assert "https://two.example/grade" in shared_canonicalizer(two).canonicalize(doc).nquads
    signed = sign_credential(doc, key=KEY, contexts=one)
    policy = VerificationPolicy(trusted_issuers={KEY.controller})
    assert Verifier(policy, contexts=one).verify_credential(signed).verified
    assert not Verifier(policy, contexts=two).verify_credential(signed).verified
    assert Verifier(policy, contexts=one.copy()).verify_credential(signed).verified


def test_one_canonicalizer_per_registry_and_limits():
    registry = _registry("https://issuer.example/vocab/grade")
    assert shared_canonicalizer(registry) is shared_canonicalizer(registry)
    assert shared_canonicalizer(registry) is not shared_canonicalizer(registry.copy())
    assert shared_canonicalizer(registry) is not shared_canonicalizer(default_registry())
    small = Limits(max_depth=8)
    assert shared_canonicalizer(registry, limits=small).limits == small
    assert shared_canonicalizer(registry, limits=small) is not shared_canonicalizer(registry)
    assert shared_canonicalizer(None) is shared_canonicalizer(default_registry())


def test_the_cache_is_bounded_per_registry():
    registry = _registry("https://issuer.example/vocab/grade")
    first = shared_canonicalizer(registry, limits=Limits(max_depth=1))
    for depth in range(2, MAX_DERIVED + 2):
        shared_canonicalizer(registry, limits=Limits(max_depth=depth))
    assert shared_canonicalizer(registry, limits=Limits(max_depth=1)) is not first


def test_threads_get_the_same_canonicalizer():
    registry = _registry("https://issuer.example/vocab/grade")
    seen: list[object] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        seen.append(shared_canonicalizer(registry))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and all(item is seen[0] for item in seen)
