"""Encrypted key files and the Signer: round trip, wrong passphrase, tampering, signing."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from vc_led import DidResolver, KeyPair, KeyType, VerificationPolicy, Verifier, sign_credential
from vc_led.dids import did_web_document
from vc_led_issuer.errors import KeyCustodyError
from vc_led_issuer.keys.custody import (
    EncryptedFileCustody,
    Signer,
    read_encrypted_key,
    write_encrypted_key,
)

PASSPHRASE = b"correct horse battery staple"
FAST = 2**12  # scrypt cost for tests only
DID = "did:web:registry.example"


@pytest.mark.parametrize("key_type", list(KeyType))
def test_round_trip(tmp_path: Path, key_type: KeyType) -> None:
    key = KeyPair.generate(key_type)
    path = tmp_path / "k.json"
    write_encrypted_key(path, key, passphrase=PASSPHRASE, scrypt_n=FAST)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = read_encrypted_key(path, passphrase=PASSPHRASE)
    assert loaded.public == key.public and loaded.id == key.id
    assert loaded.secret_multibase() == key.secret_multibase()
    text = path.read_text()
    assert key.secret_multibase() not in text and PASSPHRASE.decode() not in text


def test_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    write_encrypted_key(path, KeyPair.generate(), passphrase=PASSPHRASE, scrypt_n=FAST)
    with pytest.raises(KeyCustodyError, match="wrong passphrase") as info:
        read_encrypted_key(path, passphrase=b"Correct horse battery staple")
    assert "horse" not in str(info.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [("publicKeyMultibase", KeyPair.generate().public.multibase), ("id", "did:web:evil#k")],
)
def test_header_is_authenticated(tmp_path: Path, field: str, value: str) -> None:
    path = tmp_path / "k.json"
    write_encrypted_key(path, KeyPair.generate(), passphrase=PASSPHRASE, scrypt_n=FAST)
    data = json.loads(path.read_text())
    data[field] = value
    path.write_text(json.dumps(data))
    with pytest.raises(KeyCustodyError):
        read_encrypted_key(path, passphrase=PASSPHRASE)


def test_junk_in_base64url_is_refused(tmp_path: Path) -> None:
    """A character outside base64url is an error, not skipped (the lenient decoder read this
    file as if the junk were not there)."""
    path = tmp_path / "k.json"
    write_encrypted_key(path, KeyPair.generate(), passphrase=PASSPHRASE, scrypt_n=FAST)
    data = json.loads(path.read_text())
    data["ciphertext"] = data["ciphertext"][:8] + "!!" + data["ciphertext"][8:]
    path.write_text(json.dumps(data))
    with pytest.raises(KeyCustodyError, match="cannot read the key file"):
        read_encrypted_key(path, passphrase=PASSPHRASE)


def test_refuses_to_overwrite_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    write_encrypted_key(path, KeyPair.generate(), passphrase=PASSPHRASE, scrypt_n=FAST)
    with pytest.raises(FileExistsError):
        write_encrypted_key(path, KeyPair.generate(), passphrase=PASSPHRASE, scrypt_n=FAST)
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(KeyCustodyError, match="not a vc-led"):
        read_encrypted_key(tmp_path / "bad.json", passphrase=PASSPHRASE)
    with pytest.raises(KeyCustodyError, match="FileNotFoundError"):
        read_encrypted_key(tmp_path / "missing.json", passphrase=PASSPHRASE)
    with pytest.raises(ValueError, match="empty passphrase"):
        write_encrypted_key(tmp_path / "e.json", KeyPair.generate(), passphrase=b"")


def _id_for(public: Any) -> str:
    return f"{DID}#{public.multibase}"


def test_custody_signer_signs_credentials(
    tmp_path: Path, example_credential: dict[str, Any]
) -> None:
    custody = EncryptedFileCustody(tmp_path / "keys", passphrase=PASSPHRASE, scrypt_n=FAST)
    created = custody.create(key_type=KeyType.ED25519, id_for=_id_for)
    signer = custody.signer(
        reference=created.reference,
        public=created.public,
        id=_id_for(created.public),
        controller=DID,
    )
    assert "secret" not in repr(signer).lower() and PASSPHRASE.decode() not in repr(custody)
    credential = dict(example_credential, issuer=DID)
    signed = sign_credential(credential, key=signer)  # type: ignore[arg-type]
    assert signed["proof"]["verificationMethod"] == signer.id
    resolver = DidResolver({DID: did_web_document(DID, keys=[created.public])})
    policy = VerificationPolicy(trusted_issuers=frozenset({DID}))
    result = Verifier(policy, resolver=resolver).verify_credential(signed)
    assert {c.check: c.status.value for c in result.checks}["proof"] == "passed"


def test_custody_refuses_path_references_and_other_keys(tmp_path: Path) -> None:
    custody = EncryptedFileCustody(tmp_path, passphrase=PASSPHRASE, scrypt_n=FAST)
    created = custody.create(key_type=KeyType.P256, id_for=_id_for)
    with pytest.raises(KeyCustodyError, match="plain file name"):
        custody.signer(reference="../x", public=created.public, id="x", controller=DID)
    other = KeyPair.generate(KeyType.P256).public
    with pytest.raises(KeyCustodyError, match="another key"):
        custody.signer(reference=created.reference, public=other, id="x", controller=DID)


def test_signer_checks_its_backend() -> None:
    key, other = KeyPair.generate(), KeyPair.generate()
    signer = Signer(other, public=key.public, id="did:example:1#k", controller="did:example:1")
    with pytest.raises(KeyCustodyError, match="another key"):
        signer.sign(b"data")
    good = Signer(key, public=key.public, id="did:example:1#k", controller="did:example:1")
    assert key.public.verify(good.sign(b"data"), b"data")
