"""The DEMO registry pin shipped with vc-led, and the insecure demo key behind it.

:data:`DEMO_REGISTRY_PIN` is the public key of a demonstration registry whose *private key is
public on purpose* (it is derived from a fixed, published seed by
:func:`insecure_demo_registry_key`), so that the demo, the examples and the tests can make
bundles. Anyone can sign a bundle with it, so nothing trusts it by default: a caller opts in
loudly (``pinned_keys=INSECURE_DEMO_PINS`` in Python, ``--insecure-demo-pin`` or
``VCLED_INSECURE_DEMO_PIN=1`` on the command line) and every bundle accepted on it is logged.
A real verifier pins the LED registry's key: ``pinned_keys=[...]`` in Python, ``--pinned-key``
or ``VCLED_PINNED_REGISTRY_KEY`` on the command line.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric import ed25519

from ..keys import KeyPair

__all__ = [
    "DEMO_REGISTRY_DID",
    "DEMO_REGISTRY_PIN",
    "INSECURE_DEMO_PINS",
    "insecure_demo_registry_key",
]

#: The DID the demo registry uses (not a real host).
DEMO_REGISTRY_DID = "did:web:registry.demo.vc-led.example"
#: ``publicKeyMultibase`` of the demo registry key: the DEMO pin, NOT the LED registry's key.
DEMO_REGISTRY_PIN = "z6Mkvc1dhRUBmq5HUcdbq8SpZGHBinnsa2knFAEzkFKN6itL"
#: INSECURE: the pins of the demo registry, for demonstrations and tests that opt in explicitly.
INSECURE_DEMO_PINS: tuple[str, ...] = (DEMO_REGISTRY_PIN,)

_SEED_TEXT = b"vc-led demo registry key - public on purpose, never for production"


def insecure_demo_registry_key(*, did: str = DEMO_REGISTRY_DID) -> KeyPair:
    """INSECURE: the demo registry's signing key, derived from a published seed.

    Everyone has this private key. Use it for demonstrations and tests only: bundles it signs
    are accepted only by a verifier that opts in to the demo pin (:data:`INSECURE_DEMO_PINS`).

    Args:
        did: the ``did:web`` the key is published under (its id is ``<did>#<multibase>``).

    Returns:
        The key pair.
    """
    seed = hashlib.sha256(_SEED_TEXT).digest()
    key = KeyPair(ed25519.Ed25519PrivateKey.from_private_bytes(seed))
    return key.with_id(id=f"{did}#{key.public.multibase}", controller=did)
