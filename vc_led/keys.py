"""Key pairs and Multikey encoding for Ed25519, P-256 and P-384.

A :class:`KeyPair` holds a private key and knows its Multikey public form. Key files use the
W3C test-vector JSON form::

    {"publicKeyMultibase": "z6Mk...", "secretKeyMultibase": "z3u2...",   # or privateKeyMultibase
     "id": "did:key:z6Mk...#z6Mk...", "controller": "did:key:z6Mk..."}    # both optional

An Ed25519 ``secretKeyMultibase`` holds the 32-byte seed, or 64 bytes (seed followed by the public
key: what digitalbazaar's ``@digitalbazaar/ed25519-multikey`` exports, and NaCl/libsodium's
secret-key form); the 64-byte form is accepted only when its second half is the public key the
seed derives. Keys are always written in the 32-byte form.

Secret keys are never part of ``repr()`` and are only written by :meth:`KeyPair.to_file_dict`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ._multibase import multibase_decode, multibase_encode_b58
from .errors import KeyFormatError

__all__ = [
    "KeyPair",
    "KeyType",
    "PublicKey",
    "SigningKey",
    "decode_multikey",
    "load_key_file",
]


class KeyType(StrEnum):
    """Supported key types (the Multikey multicodec names in brackets)."""

    ED25519 = "Ed25519"  # ed25519-pub 0xed01
    P256 = "P-256"  # p256-pub 0x1200
    P384 = "P-384"  # p384-pub 0x1201


# unsigned-varint encodings of the multicodec codes
_PUB_PREFIX = {KeyType.ED25519: b"\xed\x01", KeyType.P256: b"\x80\x24", KeyType.P384: b"\x81\x24"}
_SEC_PREFIX = {KeyType.ED25519: b"\x80\x26", KeyType.P256: b"\x86\x26", KeyType.P384: b"\x87\x26"}
_PUB_LEN: dict[KeyType, tuple[int, ...]] = {
    KeyType.ED25519: (32,),
    KeyType.P256: (33,),
    KeyType.P384: (49,),
}
_SEC_LEN = {KeyType.ED25519: 32, KeyType.P256: 32, KeyType.P384: 48}
# lengths accepted on reading: Ed25519 also as seed || public key (64 bytes, see the docstring)
_SEC_LEN_READ: dict[KeyType, tuple[int, ...]] = {
    KeyType.ED25519: (32, 64),
    KeyType.P256: (32,),
    KeyType.P384: (48,),
}
_CURVE: dict[KeyType, ec.EllipticCurve] = {
    KeyType.P256: ec.SECP256R1(),
    KeyType.P384: ec.SECP384R1(),
}
_HASH: dict[KeyType, type[hashes.HashAlgorithm]] = {
    KeyType.P256: hashes.SHA256,
    KeyType.P384: hashes.SHA384,
}


def _split(
    raw: bytes, table: dict[KeyType, bytes], lengths: dict[KeyType, tuple[int, ...]]
) -> tuple[KeyType, bytes]:
    for key_type, prefix in table.items():
        if raw.startswith(prefix):
            body = raw[len(prefix) :]
            if len(body) not in lengths[key_type]:
                wanted = " or ".join(str(n) for n in lengths[key_type])
                raise KeyFormatError(f"{key_type} key must be {wanted} bytes, got {len(body)}")
            return key_type, body
    raise KeyFormatError(f"unsupported multicodec prefix 0x{raw[:2].hex()}")


def _ed25519_private(body: bytes) -> ed25519.Ed25519PrivateKey:
    """The Ed25519 key of a 32-byte seed, or of a 64-byte seed || public key whose second half
    is the public key the seed derives.

    Raises:
        KeyFormatError: when the second half of a 64-byte secret is not that public key.
    """
    private = ed25519.Ed25519PrivateKey.from_private_bytes(body[:32])
    if len(body) == 64:
        derived = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        if body[32:] != derived:
            raise KeyFormatError(
                "Ed25519 64-byte secret key: the second half is not the public key of the "
                "first (a 64-byte secret must be seed followed by its public key)"
            )
    return private


@dataclass(frozen=True, slots=True)
class PublicKey:
    """A public key with its Multikey form.

    Attributes:
        key_type: Ed25519, P-256 or P-384.
        raw: the raw (Ed25519) or compressed SEC1 (P-256/P-384) public key bytes.
    """

    key_type: KeyType
    raw: bytes

    @property
    def multibase(self) -> str:
        """The ``publicKeyMultibase`` value (``z6Mk...``, ``zDn...``, ``z82...``)."""
        return multibase_encode_b58(_PUB_PREFIX[self.key_type] + self.raw)

    @property
    def did_key(self) -> str:
        """The ``did:key`` DID of this key."""
        return "did:key:" + self.multibase

    @property
    def did_key_vm(self) -> str:
        """The ``did:key`` verification method id (``did:key:z..#z..``)."""
        return f"{self.did_key}#{self.multibase}"

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Verify an Ed25519 signature or a raw ``r||s`` ECDSA signature over ``data``."""
        try:
            if self.key_type is KeyType.ED25519:
                ed25519.Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
                return True
            half = _SEC_LEN[self.key_type]
            if len(signature) != 2 * half:
                return False
            r = int.from_bytes(signature[:half], "big")
            s = int.from_bytes(signature[half:], "big")
            pub = ec.EllipticCurvePublicKey.from_encoded_point(_CURVE[self.key_type], self.raw)
            pub.verify(encode_dss_signature(r, s), data, ec.ECDSA(_HASH[self.key_type]()))
            return True
        except (InvalidSignature, ValueError):
            return False


@runtime_checkable
class SigningKey(Protocol):
    """What signing needs of a key: :class:`KeyPair`, or a custody-backed signer (an
    encrypted key file, a PKCS#11 token) whose private key never enters this process."""

    id: str
    controller: str
    public: PublicKey

    @property
    def key_type(self) -> KeyType:
        """The key type."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Sign ``data`` (Ed25519, or raw ``r||s`` ECDSA with the curve's hash)."""
        ...


def decode_multikey(value: str) -> PublicKey:
    """Decode a ``publicKeyMultibase`` value.

    Raises:
        KeyFormatError: on a non-``z`` encoding, an unknown multicodec or a wrong length.
    """
    if not isinstance(value, str) or not value.startswith("z"):
        raise KeyFormatError("publicKeyMultibase must be a base58btc ('z') multibase string")
    if len(value) > 80:  # the longest supported Multikey (P-384) has 70 characters
        raise KeyFormatError("publicKeyMultibase is too long for a supported key")
    try:
        raw = multibase_decode(value)
    except ValueError as exc:
        raise KeyFormatError(str(exc)) from exc
    key_type, body = _split(raw, _PUB_PREFIX, _PUB_LEN)
    if key_type is not KeyType.ED25519:
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(_CURVE[key_type], body)
        except ValueError as exc:
            raise KeyFormatError(f"invalid {key_type} point") from exc
    return PublicKey(key_type, body)


class KeyPair:
    """A private key and its public Multikey. Never printed: ``repr`` shows the public part.

    Args:
        private_key: an Ed25519 or EC (P-256/P-384) private key from ``cryptography``.
        id: verification method id (defaults to the ``did:key`` one).
        controller: controller DID (defaults to the ``did:key`` DID).
    """

    __slots__ = ("_private", "controller", "id", "public")

    def __init__(
        self,
        private_key: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey,
        *,
        id: str | None = None,
        controller: str | None = None,
    ) -> None:
        self._private = private_key
        self.public = PublicKey(*_public_of(private_key))
        self.id = id or self.public.did_key_vm
        self.controller = controller or self.id.split("#", 1)[0]

    def __repr__(self) -> str:
        return f"KeyPair({self.public.key_type}, id={self.id!r})"

    @property
    def key_type(self) -> KeyType:
        """The key type."""
        return self.public.key_type

    @classmethod
    def generate(
        cls,
        key_type: KeyType | str = KeyType.ED25519,
        *,
        id: str | None = None,
        controller: str | None = None,
    ) -> KeyPair:
        """Generate a fresh key pair of ``key_type``."""
        kt = KeyType(key_type)
        private: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
        if kt is KeyType.ED25519:
            private = ed25519.Ed25519PrivateKey.generate()
        else:
            private = ec.generate_private_key(_CURVE[kt])
        return cls(private, id=id, controller=controller)

    @classmethod
    def from_multibase(
        cls, *, public: str, secret: str, id: str | None = None, controller: str | None = None
    ) -> KeyPair:
        """Load a key pair from ``publicKeyMultibase`` and ``secretKeyMultibase``.

        An Ed25519 secret may be the 32-byte seed or 64 bytes (seed || public key, as
        digitalbazaar's ed25519-multikey exports it).

        Raises:
            KeyFormatError: on bad encodings, a 64-byte Ed25519 secret whose second half is not
                the seed's public key, or a secret that does not match the public key.
        """
        pub = decode_multikey(public)
        try:
            raw = multibase_decode(secret)
        except ValueError as exc:
            raise KeyFormatError("secretKeyMultibase: " + str(exc)) from exc
        key_type, body = _split(raw, _SEC_PREFIX, _SEC_LEN_READ)
        if key_type is not pub.key_type:
            raise KeyFormatError("secret and public key are of different types")
        private: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
        if key_type is KeyType.ED25519:
            private = _ed25519_private(body)
        else:
            private = ec.derive_private_key(int.from_bytes(body, "big"), _CURVE[key_type])
        pair = cls(private, id=id, controller=controller)
        if pair.public != pub:
            raise KeyFormatError("secret key does not match publicKeyMultibase")
        return pair

    def with_id(self, *, id: str, controller: str) -> KeyPair:
        """The same key under another verification method id and controller (e.g. did:web)."""
        return KeyPair(self._private, id=id, controller=controller)

    def sign(self, data: bytes) -> bytes:
        """Sign ``data``: pure Ed25519, or deterministic (RFC 6979) raw ``r||s`` ECDSA."""
        if isinstance(self._private, ed25519.Ed25519PrivateKey):
            return self._private.sign(data)
        kt = self.key_type
        # deterministic ECDSA (RFC 6979), as DI-ECDSA recommends
        der = self._private.sign(data, ec.ECDSA(_HASH[kt](), deterministic_signing=True))
        r, s = decode_dss_signature(der)
        half = _SEC_LEN[kt]
        return r.to_bytes(half, "big") + s.to_bytes(half, "big")

    def secret_multibase(self) -> str:
        """The ``secretKeyMultibase`` value. Handle with care: this is the private key."""
        if isinstance(self._private, ed25519.Ed25519PrivateKey):
            from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

            body = self._private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        else:
            body = self._private.private_numbers().private_value.to_bytes(
                _SEC_LEN[self.key_type], "big"
            )
        return multibase_encode_b58(_SEC_PREFIX[self.key_type] + body)

    def to_file_dict(self) -> dict[str, str]:
        """The key-file JSON form, secret included."""
        return {
            "id": self.id,
            "type": "Multikey",
            "controller": self.controller,
            "publicKeyMultibase": self.public.multibase,
            "secretKeyMultibase": self.secret_multibase(),
        }

    def verification_method(self) -> dict[str, str]:
        """The public ``Multikey`` verification method object (no secret)."""
        return {
            "id": self.id,
            "type": "Multikey",
            "controller": self.controller,
            "publicKeyMultibase": self.public.multibase,
        }

    def save(self, path: str | Path) -> None:
        """Write the key file with mode 0600 (created exclusively; refuses to overwrite)."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.to_file_dict(), fh, indent=2)
            fh.write("\n")


def _public_of(private: Any) -> tuple[KeyType, bytes]:
    if isinstance(private, ed25519.Ed25519PrivateKey):
        return KeyType.ED25519, private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if isinstance(private, ec.EllipticCurvePrivateKey):
        name = private.curve.name
        kt = {"secp256r1": KeyType.P256, "secp384r1": KeyType.P384}.get(name)
        if kt is None:
            raise KeyFormatError(f"unsupported curve {name}")
        return kt, private.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    raise KeyFormatError("unsupported private key type")


def load_key_file(path: str | Path) -> KeyPair:
    """Load a key file (W3C test-vector JSON form).

    Raises:
        KeyFormatError: when the file is not a key file or the keys do not decode.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KeyFormatError(f"cannot read key file {path}: {type(exc).__name__}") from exc
    if not isinstance(data, dict) or "publicKeyMultibase" not in data:
        raise KeyFormatError("key file needs publicKeyMultibase")
    secret = data.get("secretKeyMultibase") or data.get("privateKeyMultibase")
    if not isinstance(secret, str):
        raise KeyFormatError("key file needs secretKeyMultibase (or privateKeyMultibase)")
    return KeyPair.from_multibase(
        public=data["publicKeyMultibase"],
        secret=secret,
        id=data.get("id"),
        controller=data.get("controller"),
    )
