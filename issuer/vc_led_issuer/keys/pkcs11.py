"""PKCS#11 key custody (HSMs; tested against SoftHSM2 from Debian's packages).

Ed25519 signs with ``CKM_EDDSA`` (pure EdDSA over the data); P-256/P-384 hash in software
(SHA-256/SHA-384, as :meth:`vc_led.keys.KeyPair.sign`) and sign the digest with ``CKM_ECDSA``,
whose output is already the raw ``r||s`` that Data Integrity wants. Private keys are created
on the token as sensitive and non-extractable; the registry stores only their label.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from vc_led.keys import KeyType, PublicKey

from ..errors import KeyCustodyError
from .custody import CreatedKey, Signer

__all__ = ["Pkcs11Custody", "Pkcs11Session", "reinitialize_module"]

_CURVE_OID = {
    KeyType.ED25519: "1.3.101.112",
    KeyType.P256: "1.2.840.10045.3.1.7",
    KeyType.P384: "1.3.132.0.34",
}
_EC_CURVE: dict[KeyType, ec.EllipticCurve] = {
    KeyType.P256: ec.SECP256R1(),
    KeyType.P384: ec.SECP384R1(),
}
_DIGEST = {KeyType.P256: hashlib.sha256, KeyType.P384: hashlib.sha384}
_libs: dict[str, Any] = {}
_libs_lock = threading.Lock()


@dataclass(eq=False)
class _Login:
    """The process's one logged-in session on a token, shared by its ``Pkcs11Session``s.

    PKCS#11 login state belongs to the application (the process), not to a session: a second
    ``C_Login`` on the same token fails with ``CKR_USER_ALREADY_LOGGED_IN`` and a ``C_Logout``
    logs out every session. So a process logs in once per token, counts its users and logs
    out when the last one closes.
    """

    session: Any
    pin_digest: bytes
    users: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


_logins: dict[tuple[str, str], _Login] = {}
_logins_lock = threading.Lock()


def _lib(module: str) -> Any:
    import pkcs11

    with _libs_lock:
        if module not in _libs:
            _libs[module] = pkcs11.lib(module)
        return _libs[module]


def reinitialize_module(module: str | Path) -> None:
    """Finalize and initialize a loaded module again (it rereads its configuration, e.g.
    ``SOFTHSM2_CONF``, and sees new tokens). Sessions opened before are invalid afterwards."""
    with _logins_lock:
        for key in [key for key in _logins if key[0] == str(module)]:
            del _logins[key]  # their sessions die with the module's state
    with _libs_lock:
        lib = _libs.get(str(module))
        if lib is not None:
            lib.reinitialize()


def _octet_string(der: bytes) -> bytes:
    """The content of a DER OCTET STRING (``CKA_EC_POINT``); raw bytes pass through."""
    if len(der) < 2 or der[0] != 0x04:
        return der
    length, offset = der[1], 2
    if length & 0x80:
        count = length & 0x7F
        length, offset = int.from_bytes(der[2 : 2 + count], "big"), 2 + count
    body = der[offset:]
    return body if len(body) == length else der


def _public_from_point(key_type: KeyType, point: bytes) -> PublicKey:
    raw = _octet_string(point)
    if key_type is KeyType.ED25519:
        if len(raw) != 32:
            raise KeyCustodyError("the token returned a malformed Ed25519 public key")
        return PublicKey(key_type, raw)
    pub = ec.EllipticCurvePublicKey.from_encoded_point(_EC_CURVE[key_type], raw)
    return PublicKey(key_type, pub.public_bytes(Encoding.X962, PublicFormat.CompressedPoint))


class Pkcs11Session:
    """A logged-in session on a token for the signers of a process (thread-safe).

    Every ``Pkcs11Session`` of a process on the same token shares one login (see
    :class:`_Login`); one with a different PIN is refused, as the token would refuse it.

    Args:
        module: path of the PKCS#11 module (``/usr/lib/softhsm/libsofthsm2.so``).
        token_label: the token.
        pin: the user PIN (from configuration; never shown).
    """

    def __init__(self, *, module: str | Path, token_label: str, pin: str) -> None:
        self._key = (str(module), token_label)
        self._pin = pin
        self._login: _Login | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Pkcs11Session(token={self._key[1]!r})"

    def _acquire(self) -> _Login:
        import pkcs11

        digest = hashlib.sha256(self._pin.encode("utf-8")).digest()
        with _logins_lock:
            login = _logins.get(self._key)
            if login is None:
                try:
                    token = _lib(self._key[0]).get_token(token_label=self._key[1])
                    opened = token.open(user_pin=self._pin, rw=True)
                except pkcs11.PKCS11Error as exc:
                    raise KeyCustodyError(f"PKCS#11 error: {type(exc).__name__}") from None
                login = _logins[self._key] = _Login(opened, digest)
            elif not hmac.compare_digest(login.pin_digest, digest):
                raise KeyCustodyError("PKCS#11 error: PinIncorrect")
            login.users += 1
            return login

    def run(self, action: Callable[[Any], Any]) -> Any:
        """Run ``action(session)`` under the token's lock, logging in first if needed.

        Raises:
            KeyCustodyError: any PKCS#11 error (its class name only: no PIN, no data).
        """
        import pkcs11

        with self._lock:
            if self._login is None:
                self._login = self._acquire()
            login = self._login
        with login.lock:
            try:
                return action(login.session)
            except pkcs11.PKCS11Error as exc:
                raise KeyCustodyError(f"PKCS#11 error: {type(exc).__name__}") from None

    def close(self) -> None:
        """Stop using the token; the last user of the process's login logs out."""
        with self._lock:
            login, self._login = self._login, None
        if login is None:
            return
        with _logins_lock:
            login.users -= 1
            if login.users > 0 or _logins.get(self._key) is not login:
                return
            del _logins[self._key]
        with login.lock:
            login.session.close()


class _Pkcs11Backend:
    def __init__(self, session: Pkcs11Session, label: str, key_type: KeyType) -> None:
        self._session, self._label, self._key_type = session, label, key_type

    def sign(self, data: bytes) -> bytes:
        from pkcs11 import Mechanism, ObjectClass

        def action(session: Any) -> bytes:
            key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=self._label)
            if self._key_type is KeyType.ED25519:
                return bytes(key.sign(data, mechanism=Mechanism.EDDSA))
            digest = _DIGEST[self._key_type](data).digest()
            return bytes(key.sign(digest, mechanism=Mechanism.ECDSA))

        return bytes(self._session.run(action))


class Pkcs11Custody:
    """Keys generated on a PKCS#11 token (reference = the key's ``CKA_LABEL``).

    Args:
        session: the token session.
        label_factory: new labels (default: ``vc-led-`` + 16 random hex digits).
    """

    kind = "pkcs11"

    def __init__(
        self, session: Pkcs11Session, *, label_factory: Callable[[], str] | None = None
    ) -> None:
        self._session = session
        self._labels = label_factory or (lambda: "vc-led-" + secrets.token_hex(8))

    def __repr__(self) -> str:
        return f"Pkcs11Custody({self._session!r})"

    def create(self, *, key_type: KeyType, id_for: Callable[[PublicKey], str]) -> CreatedKey:
        """Generate a key pair on the token (private part sensitive, non-extractable).

        Raises:
            KeyCustodyError: the token cannot generate this key type.
        """
        from pkcs11 import Attribute
        from pkcs11 import KeyType as P11KeyType
        from pkcs11.util.ec import encode_named_curve_parameters

        label = self._labels()
        p11_type = P11KeyType.EC_EDWARDS if key_type is KeyType.ED25519 else P11KeyType.EC
        params = {Attribute.EC_PARAMS: encode_named_curve_parameters(_CURVE_OID[key_type])}

        def action(session: Any) -> bytes:
            domain = session.create_domain_parameters(p11_type, params, local=True)
            public, _private = domain.generate_keypair(
                store=True,
                label=label,
                private_template={Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False},
            )
            return bytes(public[Attribute.EC_POINT])

        point = self._session.run(action)
        return CreatedKey(_public_from_point(key_type, point), label)

    def signer(self, *, reference: str, public: PublicKey, id: str, controller: str) -> Signer:
        """The signer of the token key labelled ``reference``."""
        backend = _Pkcs11Backend(self._session, reference, public.key_type)
        return Signer(backend, public=public, id=id, controller=controller)
