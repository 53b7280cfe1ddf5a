"""The DEMO registry pin shipped with vc-led, and the insecure demo key behind it.

The default that :meth:`vc_led.TrustBundle.load` trusts is :data:`DEMO_REGISTRY_PIN`: the public
key of a demonstration registry whose *private key is public on purpose* (it is derived from a
fixed, published seed by :func:`insecure_demo_registry_key`), so that the demo, the examples and
the tests can make bundles that a fresh installation accepts. Anyone can sign a bundle with it.
A real verifier pins the LED registry's key instead: ``pinned_keys=[...]`` in Python,
``--pinned-key`` or ``VC_LED_PINNED_REGISTRY_KEY`` on the command line.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric import ed25519

from ..keys import KeyPair

__all__ = [
    "DEFAULT_PINNED_KEYS",
    "DEMO_REGISTRY_DID",
    "DEMO_REGISTRY_PIN",
    "insecure_demo_registry_key",
]

#: The DID the demo registry uses (not a real host).
DEMO_REGISTRY_DID = "did:web:registry.demo.vc-led.example"
#: ``publicKeyMultibase`` of the demo registry key: the DEMO pin, NOT the LED registry's key.
DEMO_REGISTRY_PIN = "z6Mkvc1dhRUBmq5HUcdbq8SpZGHBinnsa2knFAEzkFKN6itL"
#: What :meth:`vc_led.TrustBundle.load` trusts when the caller pins nothing.
DEFAULT_PINNED_KEYS: tuple[str, ...] = (DEMO_REGISTRY_PIN,)

_SEED_TEXT = b"vc-led demo registry key - public on purpose, never for production"


def insecure_demo_registry_key(*, did: str = DEMO_REGISTRY_DID) -> KeyPair:
    """INSECURE: the demo registry's signing key, derived from a published seed.

    Everyone has this private key. Use it for demonstrations and tests only: bundles it signs
    are accepted by the default (demo) pin, which is why a real verifier must pin the LED
    registry's key.

    Args:
        did: the ``did:web`` the key is published under (its id is ``<did>#<multibase>``).

    Returns:
        The key pair.
    """
    seed = hashlib.sha256(_SEED_TEXT).digest()
    key = KeyPair(ed25519.Ed25519PrivateKey.from_private_bytes(seed))
    return key.with_id(id=f"{did}#{key.public.multibase}", controller=did)
