"""PKCS#11 custody against SoftHSM2 (Debian's ``softhsm2``, installed by scripts/setup).

Each test gets its own token in a temporary ``SOFTHSM2_CONF``. Ed25519 signs with
``CKM_EDDSA``, P-256/P-384 with ``CKM_ECDSA`` over a software digest; every signature is
checked with vc_led's public key, and a credential signed through the token verifies.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from issuer_helpers import SOFTHSM_MODULE, SOFTHSM_PIN

from vc_led import DidResolver, KeyType, VerificationPolicy, Verifier, sign_credential
from vc_led.dids import did_web_document
from vc_led_issuer.errors import KeyCustodyError
from vc_led_issuer.keys.pkcs11 import Pkcs11Custody, Pkcs11Session

MODULE, PIN = SOFTHSM_MODULE, SOFTHSM_PIN
DID = "did:web:registry.example"

pytestmark = pytest.mark.skipif(
    not MODULE.exists() or shutil.which("softhsm2-util") is None,
    reason="SoftHSM2 is not installed (scripts/setup installs Debian's softhsm2)",
)


@pytest.fixture
def token(softhsm_token: str) -> str:
    """A fresh SoftHSM2 token (``softhsm_token`` in conftest); its label."""
    return softhsm_token


def _id_for(public: Any) -> str:
    return f"{DID}#{public.multibase}"


@pytest.mark.parametrize("key_type", [KeyType.ED25519, KeyType.P256, KeyType.P384])
def test_generate_and_sign(
    token: str, key_type: KeyType, example_credential: dict[str, Any]
) -> None:
    session = Pkcs11Session(module=MODULE, token_label=token, pin=PIN)
    custody = Pkcs11Custody(session)
    created = custody.create(key_type=key_type, id_for=_id_for)
    assert created.public.key_type is key_type and created.reference.startswith("vc-led-")
    signer = custody.signer(
        reference=created.reference,
        public=created.public,
        id=_id_for(created.public),
        controller=DID,
    )
    signature = signer.sign(b"hello")
    assert created.public.verify(signature, b"hello")
    suite = "eddsa-rdfc-2022" if key_type is KeyType.ED25519 else "ecdsa-rdfc-2019"
    signed = sign_credential(dict(example_credential, issuer=DID), key=signer, cryptosuite=suite)  # type: ignore[arg-type]
    resolver = DidResolver({DID: did_web_document(DID, keys=[created.public])})
    policy = VerificationPolicy(trusted_issuers=frozenset({DID}))
    result = Verifier(policy, resolver=resolver).verify_credential(signed)
    assert {c.check: c.status.value for c in result.checks}["proof"] == "passed"
    assert PIN not in repr(session) and PIN not in repr(custody)
    session.close()


def test_wrong_pin_is_a_custody_error(token: str) -> None:
    session = Pkcs11Session(module=MODULE, token_label=token, pin="000000")
    with pytest.raises(KeyCustodyError, match="PKCS#11 error") as info:
        Pkcs11Custody(session).create(key_type=KeyType.ED25519, id_for=_id_for)
    assert "000000" not in str(info.value)


def test_private_key_is_not_extractable(token: str) -> None:
    from pkcs11 import Attribute, ObjectClass

    session = Pkcs11Session(module=MODULE, token_label=token, pin=PIN)
    created = Pkcs11Custody(session).create(key_type=KeyType.P256, id_for=_id_for)

    def attributes(s: Any) -> tuple[bool, bool]:
        key = s.get_key(object_class=ObjectClass.PRIVATE_KEY, label=created.reference)
        return key[Attribute.SENSITIVE], key[Attribute.EXTRACTABLE]

    assert session.run(attributes) == (True, False)
    session.close()


def test_a_missing_key_is_a_custody_error(token: str) -> None:
    session = Pkcs11Session(module=MODULE, token_label=token, pin=PIN)
    custody = Pkcs11Custody(session)
    created = custody.create(key_type=KeyType.ED25519, id_for=_id_for)
    signer = custody.signer(reference="vc-led-nope", public=created.public, id="x", controller=DID)
    with pytest.raises(KeyCustodyError):
        signer.sign(b"data")
    session.close()


def test_sessions_of_one_process_share_the_login(token: str) -> None:
    # regression: a second session on the same token failed with UserAlreadyLoggedIn, so an
    # inline bulk issuance (which opens its own registry) could not sign with a token key
    first = Pkcs11Session(module=MODULE, token_label=token, pin=PIN)
    custody = Pkcs11Custody(first)
    created = custody.create(key_type=KeyType.ED25519, id_for=_id_for)
    second = Pkcs11Session(module=MODULE, token_label=token, pin=PIN)
    signer = Pkcs11Custody(second).signer(
        reference=created.reference, public=created.public, id="x", controller=DID
    )
    assert created.public.verify(signer.sign(b"one"), b"one")
    wrong = Pkcs11Session(module=MODULE, token_label=token, pin="000000")
    with pytest.raises(KeyCustodyError, match="PinIncorrect"):
        Pkcs11Custody(wrong).create(key_type=KeyType.ED25519, id_for=_id_for)
    first.close()
    first.close()  # closing twice is harmless
    assert created.public.verify(signer.sign(b"two"), b"two")  # still logged in for `second`
    second.close()
    again = Pkcs11Custody(Pkcs11Session(module=MODULE, token_label=token, pin=PIN)).signer(
        reference=created.reference, public=created.public, id="x", controller=DID
    )
    assert created.public.verify(again.sign(b"three"), b"three")  # a fresh login
