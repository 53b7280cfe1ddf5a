"""The trust bundle carries the DID documents of every did:web issuer the registry holds keys
for, not only the registry's own (issue 5: "the DID documents of the registry and every issuer")."""

from __future__ import annotations

import json

from issuer_helpers import REGISTRY_DID, add_key

from vc_led.keys import KeyPair
from vc_led_issuer.context import Registry
from vc_led_issuer.publish.trust_bundle import trust_bundle_document


def test_bundle_holds_every_did_web_issuer_document(registry: Registry) -> None:
    school = "did:web:school.example"
    with registry.write() as session:
        key = add_key(session, controller=school)
        key.public_multibase = KeyPair.generate().public.multibase
        session.add(key)
    body = json.loads(trust_bundle_document(registry).body)
    text = json.dumps(body)
    assert REGISTRY_DID in text
    assert f'"id": "{school}"' in text or f'\\"id\\": \\"{school}\\"' in text
