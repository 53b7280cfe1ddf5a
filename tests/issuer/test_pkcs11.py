"""PKCS#11 custody against SoftHSM2 (Debian's ``softhsm2``, installed by scripts/setup).

Each test gets its own token in a temporary ``SOFTHSM2_CONF``. Ed25519 signs with
``CKM_EDDSA``, P-256/P-384 with ``CKM_ECDSA`` over a software digest; every signature is
checked with vc_led's public key, and a credential signed through the token verifies.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from issuer.errors import KeyCustodyError
from issuer.pkcs11 import Pkcs11Custody, Pkcs11Session, reinitialize_module
from vc_led import DidResolver, KeyType, VerificationPolicy, Verifier, sign_credential
from vc_led.dids import did_web_document

MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
PIN, SO_PIN = "246810", "13579"
DID = "did:web:registry.example"

pytestmark = pytest.mark.skipif(
    not MODULE.exists() or shutil.which("softhsm2-util") is None,
    reason="SoftHSM2 is not installed (scripts/setup installs Debian's softhsm2)",
)


@pytest.fixture
def token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SoftHSM2 token; its label."""
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n"
    )
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    label = f"vcled-{tmp_path.name[-12:]}"
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            label,
            "--so-pin",
            SO_PIN,
            "--pin",
            PIN,
        ],
        check=True,
        capture_output=True,
    )
    reinitialize_module(MODULE)  # the module reads SOFTHSM2_CONF when it initializes
    yield label


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
