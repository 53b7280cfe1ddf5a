"""Key custody: a :class:`Signer` that signs like :class:`vc_led.keys.KeyPair`, with the
private key kept in an encrypted key file (this module) or a PKCS#11 token
(:mod:`vc_led_issuer.keys.pkcs11`).

A :class:`Signer` has what :func:`vc_led.sign_credential` uses of a key (``id``,
``controller``, ``public``, ``key_type``, ``sign(data) -> bytes``), so it can be passed as the
``key``. It checks every signature against the public key before returning it, which catches
a token that holds a different key than the registry thinks.

Encrypted key file (JSON, mode 0600)::

    {"type": "VcLedEncryptedKey", "version": 1, "id", "controller", "keyType",
     "publicKeyMultibase", "kdf": {"name": "scrypt", "n", "r", "p", "salt"},
     "cipher": {"name": "AES-256-GCM", "nonce"}, "ciphertext"}

The plaintext is the ``secretKeyMultibase``; everything but the ciphertext is authenticated
as associated data, so the public key or id cannot be swapped.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from vc_led._multibase import b64url_decode
from vc_led.errors import KeyFormatError
from vc_led.keys import KeyPair, KeyType, PublicKey

from ..errors import KeyCustodyError

__all__ = [
    "CreatedKey",
    "EncryptedFileCustody",
    "KeyCustody",
    "Signer",
    "SigningBackend",
    "read_encrypted_key",
    "write_encrypted_key",
]

FILE_TYPE = "VcLedEncryptedKey"
DEFAULT_SCRYPT_N = 2**17  # ~128 MiB, ~0.3 s: a key file is opened once per process


class SigningBackend(Protocol):
    """Where the private key lives: signs ``data`` (Ed25519, or raw ``r||s`` ECDSA)."""

    def sign(self, data: bytes) -> bytes:
        """Sign ``data``."""
        ...


class Signer:
    """A signing key whose private part is held by a custody backend.

    Args:
        backend: what signs.
        public: the public key (the registry's record of it).
        id: the verification method id.
        controller: the controller DID.
        check_signatures: verify each signature with ``public`` before returning it.
    """

    __slots__ = ("_backend", "_check", "controller", "id", "public")

    def __init__(
        self,
        backend: SigningBackend,
        *,
        public: PublicKey,
        id: str,
        controller: str,
        check_signatures: bool = True,
    ) -> None:
        self._backend = backend
        self._check = check_signatures
        self.public = public
        self.id = id
        self.controller = controller

    def __repr__(self) -> str:
        return f"Signer({self.public.key_type}, id={self.id!r})"

    @property
    def key_type(self) -> KeyType:
        """The key type."""
        return self.public.key_type

    def sign(self, data: bytes) -> bytes:
        """Sign ``data`` like :meth:`vc_led.keys.KeyPair.sign`.

        Raises:
            KeyCustodyError: the backend failed, or its signature does not verify.
        """
        signature = self._backend.sign(data)
        if self._check and not self.public.verify(signature, data):
            raise KeyCustodyError(f"the custody backend of {self.id} signed with another key")
        return signature

    def verification_method(self) -> dict[str, str]:
        """The public ``Multikey`` verification method."""
        return {
            "id": self.id,
            "type": "Multikey",
            "controller": self.controller,
            "publicKeyMultibase": self.public.multibase,
        }


@dataclass(frozen=True, slots=True)
class CreatedKey:
    """A key a custody backend has just created: its public key and custody reference."""

    public: PublicKey
    reference: str


class KeyCustody(Protocol):
    """A place that creates and holds private keys (``kind`` goes into the ``keys`` table)."""

    kind: str

    def create(self, *, key_type: KeyType, id_for: Callable[[PublicKey], str]) -> CreatedKey:
        """Create a key; ``id_for`` gives its verification method id from its public key."""
        ...

    def signer(self, *, reference: str, public: PublicKey, id: str, controller: str) -> Signer:
        """The signer of a key created before."""
        ...


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return b64url_decode(text)  # strict: a junk character is an error, not skipped


def _aad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()


def _kek(passphrase: bytes, kdf: dict[str, Any]) -> bytes:
    scrypt = Scrypt(salt=_unb64(kdf["salt"]), length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"])
    return scrypt.derive(passphrase)


def write_encrypted_key(
    path: str | Path,
    key: KeyPair,
    *,
    passphrase: bytes,
    scrypt_n: int = DEFAULT_SCRYPT_N,
    randbytes: Callable[[int], bytes] = os.urandom,
) -> None:
    """Write ``key`` encrypted (scrypt + AES-256-GCM) to a new file with mode 0600.

    Args:
        path: the file (created exclusively: never overwrites).
        key: the key pair.
        passphrase: from configuration
            (:meth:`vc_led_issuer.settings.Settings.key_passphrase_bytes`).
        scrypt_n: the scrypt cost (a power of two).
        randbytes: randomness for the salt and nonce.

    Raises:
        FileExistsError: the file exists.
        ValueError: an empty passphrase.
    """
    if not passphrase:
        raise ValueError("an empty passphrase protects nothing")
    kdf = {"name": "scrypt", "n": scrypt_n, "r": 8, "p": 1, "salt": _b64(randbytes(16))}
    header = {
        "type": FILE_TYPE,
        "version": 1,
        "id": key.id,
        "controller": key.controller,
        "keyType": key.key_type.value,
        "publicKeyMultibase": key.public.multibase,
        "kdf": kdf,
        "cipher": {"name": "AES-256-GCM", "nonce": _b64(randbytes(12))},
    }
    nonce = _unb64(header["cipher"]["nonce"])  # type: ignore[index]
    secret = key.secret_multibase().encode()
    ciphertext = AESGCM(_kek(passphrase, kdf)).encrypt(nonce, secret, _aad(header))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({**header, "ciphertext": _b64(ciphertext)}, fh, indent=2)
        fh.write("\n")


def read_encrypted_key(path: str | Path, *, passphrase: bytes) -> KeyPair:
    """Decrypt a key file written by :func:`write_encrypted_key`.

    Raises:
        KeyCustodyError: unreadable or not such a file, a wrong passphrase or a tampered file
            (the message says which, never the passphrase).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        header = {k: v for k, v in data.items() if k != "ciphertext"}
        if header.get("type") != FILE_TYPE or header.get("version") != 1:
            raise KeyCustodyError("not a vc-led encrypted key file")
        kek = _kek(passphrase, header["kdf"])
        nonce, ciphertext = _unb64(header["cipher"]["nonce"]), _unb64(data["ciphertext"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyCustodyError(f"cannot read the key file: {type(exc).__name__}") from None
    try:
        secret = AESGCM(kek).decrypt(nonce, ciphertext, _aad(header))
    except InvalidTag:
        raise KeyCustodyError("wrong passphrase, or the key file was altered") from None
    try:
        return KeyPair.from_multibase(
            public=header["publicKeyMultibase"],
            secret=secret.decode(),
            id=header["id"],
            controller=header["controller"],
        )
    except (KeyFormatError, UnicodeDecodeError) as exc:
        raise KeyCustodyError(f"the key file holds a bad key: {type(exc).__name__}") from None


class EncryptedFileCustody:
    """Keys as encrypted files in a directory (reference = file name).

    Args:
        directory: where the key files live (created with mode 0700).
        passphrase: the passphrase of every file.
        scrypt_n: the scrypt cost for new files.
    """

    kind = "encrypted-file"

    def __init__(
        self, directory: str | Path, *, passphrase: bytes, scrypt_n: int = DEFAULT_SCRYPT_N
    ) -> None:
        self._dir = Path(directory)
        self._passphrase = passphrase
        self._scrypt_n = scrypt_n

    def __repr__(self) -> str:
        return f"EncryptedFileCustody({str(self._dir)!r})"

    def create(self, *, key_type: KeyType, id_for: Callable[[PublicKey], str]) -> CreatedKey:
        """Generate a key and write it encrypted.

        Returns:
            The public key and the file name.
        """
        self._dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = KeyPair.generate(key_type)
        vm_id = id_for(fresh.public)
        key = fresh.with_id(id=vm_id, controller=vm_id.split("#", 1)[0])
        name = f"{key.public.multibase}.key.json"
        write_encrypted_key(
            self._dir / name, key, passphrase=self._passphrase, scrypt_n=self._scrypt_n
        )
        return CreatedKey(key.public, name)

    def signer(self, *, reference: str, public: PublicKey, id: str, controller: str) -> Signer:
        """Decrypt the key file and wrap it.

        Raises:
            KeyCustodyError: a bad reference, passphrase or file, or another key than ``public``.
        """
        if Path(reference).name != reference:
            raise KeyCustodyError("a key file reference is a plain file name")
        key = read_encrypted_key(self._dir / reference, passphrase=self._passphrase)
        if key.public != public:
            raise KeyCustodyError("the key file holds another key than the registry lists")
        return Signer(key, public=public, id=id, controller=controller)
