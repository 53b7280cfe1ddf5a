"""Multikey encoding, key files, did:key and did:web."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from vc_led import DidResolver, KeyFormatError, KeyPair, KeyType, load_key_file
from vc_led._multibase import b58decode, b58encode, multibase_decode, multibase_encode_b58
from vc_led.dids import ResolutionError, did_key_document, did_web_document, did_web_url
from vc_led.keys import decode_multikey

V = Path(__file__).resolve().parent.parent / "vectors" / "w3c"
PREFIXES = {KeyType.ED25519: "z6Mk", KeyType.P256: "zDn", KeyType.P384: "z82"}


@pytest.mark.parametrize("key_type", list(KeyType))
def test_generate_round_trip(key_type, tmp_path):
    key = KeyPair.generate(key_type)
    assert key.public.multibase.startswith(PREFIXES[key_type])
    assert decode_multikey(key.public.multibase) == key.public
    key.save(tmp_path / "k.json")
    assert stat.S_IMODE((tmp_path / "k.json").stat().st_mode) == 0o600
    again = load_key_file(tmp_path / "k.json")
    assert again.public == key.public and again.id == key.id
    data = b"hello"
    assert again.public.verify(key.sign(data), data)
    assert not again.public.verify(key.sign(data), b"other")


def test_save_refuses_to_overwrite(tmp_path):
    KeyPair.generate().save(tmp_path / "k.json")
    with pytest.raises(FileExistsError):
        KeyPair.generate().save(tmp_path / "k.json")


@pytest.mark.parametrize(
    "name",
    ["vc-di-eddsa/keyPair.json", "vc-di-ecdsa/p256KeyPair.json", "vc-di-ecdsa/p384KeyPair.json"],
)
def test_vector_key_files_load_as_they_are(name):
    data = json.loads((V / name).read_text())
    key = load_key_file(V / name)
    assert key.public.multibase == data["publicKeyMultibase"]
    secret = data.get("secretKeyMultibase") or data["privateKeyMultibase"]
    assert key.secret_multibase() == secret


def test_secret_never_in_repr():
    key = load_key_file(V / "vc-di-eddsa/keyPair.json")
    secret = json.loads((V / "vc-di-eddsa/keyPair.json").read_text())["privateKeyMultibase"]
    assert secret not in repr(key) and secret not in str(key.verification_method())


@pytest.mark.parametrize(
    "raw",
    [
        b"\xec\x01" + b"\x01" * 32,  # x25519-pub, not ed25519
        b"\xe7\x01" + b"\x02" * 33,  # secp256k1-pub
        b"\xed\x01" + b"\x01" * 31,  # ed25519 but too short
        b"\x80\x24" + b"\x05" + b"\x01" * 32,  # p256 with an invalid point prefix
    ],
)
def test_wrong_multicodec_or_length_rejected(raw):
    with pytest.raises(KeyFormatError):
        decode_multikey(multibase_encode_b58(raw))


def test_non_base58_multibase_rejected():
    with pytest.raises(KeyFormatError):
        decode_multikey("u7QE" + "A" * 40)


def test_secret_of_other_type_rejected():
    ed = KeyPair.generate(KeyType.ED25519)
    p256 = KeyPair.generate(KeyType.P256)
    with pytest.raises(KeyFormatError):
        KeyPair.from_multibase(public=ed.public.multibase, secret=p256.secret_multibase())
    other = KeyPair.generate(KeyType.ED25519)
    with pytest.raises(KeyFormatError):
        KeyPair.from_multibase(public=ed.public.multibase, secret=other.secret_multibase())


def test_base58_round_trip_with_leading_zeros():
    for data in [b"", b"\0", b"\0\0\x01", bytes(range(50))]:
        assert b58decode(b58encode(data)) == data
    assert multibase_decode("u" + "AAEC") == b"\x00\x01\x02"
    with pytest.raises(ValueError):
        multibase_decode("mAAEC")


@pytest.mark.parametrize("key_type", list(KeyType))
def test_did_key_resolves_offline(key_type):
    key = KeyPair.generate(key_type)
    method = DidResolver().resolve(key.id)
    assert method.public_key == key.public and method.controller == key.controller
    assert {"assertionMethod", "authentication"} <= method.relationships
    assert did_key_document(key.controller)["id"] == key.controller


def test_unknown_did_is_unresolvable_and_bad_did_key_invalid():
    with pytest.raises(ResolutionError) as unknown:
        DidResolver().resolve("did:web:example.org#key-1")
    assert unknown.value.kind == "unresolvable"
    bad = "did:key:" + multibase_encode_b58(b"\xe7\x01" + b"\x02" * 33)
    with pytest.raises(ResolutionError) as invalid:
        DidResolver().resolve(bad + "#x")
    assert invalid.value.kind == "invalid"


def test_did_web_document_keeps_retired_keys():
    current, old = KeyPair.generate(), KeyPair.generate(KeyType.P256)
    did = "did:web:led.example.org"
    doc = did_web_document(did, keys=[current.public], retired=[old.public])
    resolver = DidResolver({did: doc})
    old_vm = f"{did}#{old.public.multibase}"
    assert resolver.resolve(old_vm).relationships == frozenset({"assertionMethod"})
    cur = resolver.resolve(f"{did}#{current.public.multibase}")
    assert {"assertionMethod", "authentication"} <= cur.relationships


def test_did_web_urls():
    assert did_web_url("did:web:example.org") == "https://example.org/.well-known/did.json"
    assert (
        did_web_url("did:web:example.org%3A8443:led:v1")
        == "https://example.org:8443/led/v1/did.json"
    )
