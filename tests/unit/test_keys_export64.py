"""Ed25519 secrets of 64 bytes (seed || public key), as digitalbazaar's ed25519-multikey
exports them (issue 11): accepted when the second half is the seed's public key, refused with
a clear :class:`KeyFormatError` otherwise. The vector and its provenance are in
``tests/vectors/digitalbazaar-ed25519-multikey/``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vc_led import KeyFormatError, KeyPair, KeyType, load_key_file
from vc_led._multibase import multibase_decode, multibase_encode_b58

VECTOR = (
    Path(__file__).resolve().parent.parent
    / "vectors"
    / "digitalbazaar-ed25519-multikey"
    / "export-seed-0-31.json"
)
SEED = bytes(range(32))
PRIV = b"\x80\x26"


def _export() -> dict[str, str]:
    data: dict[str, str] = json.loads(VECTOR.read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, str]) -> Path:
    path = tmp_path / "key.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_vector_is_a_64_byte_secret():
    raw = multibase_decode(_export()["secretKeyMultibase"])
    assert raw[:2] == PRIV and len(raw) == 2 + 64 and raw[2:34] == SEED


def test_digitalbazaar_export_loads_and_signs():
    data = _export()
    key = load_key_file(VECTOR)
    assert key.key_type is KeyType.ED25519
    assert key.public.multibase == data["publicKeyMultibase"]
    assert key.id == data["id"] and key.controller == data["controller"]
    assert key.public.verify(key.sign(b"data"), b"data")
    # it is the key of the seed, and it is written back in the 32-byte form
    assert key.secret_multibase() == multibase_encode_b58(PRIV + SEED)
    assert (
        KeyPair.from_multibase(
            public=data["publicKeyMultibase"], secret=key.secret_multibase()
        ).public
        == key.public
    )


def test_second_half_not_the_public_key_is_refused(tmp_path):
    data = _export()
    raw = bytearray(multibase_decode(data["secretKeyMultibase"]))
    raw[-1] ^= 0x01
    data["secretKeyMultibase"] = multibase_encode_b58(bytes(raw))
    with pytest.raises(KeyFormatError, match="second half is not the public key"):
        load_key_file(_write(tmp_path, data))


def test_second_half_of_another_key_is_refused(tmp_path):
    """The file's public key, the seed's and the appended one must all be the same key."""
    data = _export()
    other = KeyPair.generate(KeyType.ED25519)
    data["secretKeyMultibase"] = multibase_encode_b58(PRIV + SEED + other.public.raw)
    with pytest.raises(KeyFormatError, match="second half"):
        load_key_file(_write(tmp_path, data))
    # a consistent 64-byte secret (seed || its public key) of another key than the file's
    other_seed = multibase_decode(other.secret_multibase())[2:]
    data["secretKeyMultibase"] = multibase_encode_b58(PRIV + other_seed + other.public.raw)
    with pytest.raises(KeyFormatError, match="does not match publicKeyMultibase"):
        load_key_file(_write(tmp_path, data))


@pytest.mark.parametrize("size", [0, 31, 33, 48, 63, 65, 96])
def test_other_lengths_are_refused(size):
    data = _export()
    with pytest.raises(KeyFormatError, match="must be 32 or 64 bytes"):
        KeyPair.from_multibase(
            public=data["publicKeyMultibase"],
            secret=multibase_encode_b58(PRIV + bytes(range(size))),
        )


@pytest.mark.parametrize("key_type", [KeyType.P256, KeyType.P384])
def test_ec_secrets_keep_their_one_length(key_type):
    key = KeyPair.generate(key_type)
    raw = multibase_decode(key.secret_multibase())
    with pytest.raises(KeyFormatError, match="must be"):
        KeyPair.from_multibase(
            public=key.public.multibase,
            secret=multibase_encode_b58(raw + key.public.raw[1:]),
        )
