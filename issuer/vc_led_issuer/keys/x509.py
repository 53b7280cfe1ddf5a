"""The registry's X.509 chain for its JWTs (``x5c``: Token Status Lists, SD-JWT VCs).

HAIP 1.0 and draft-ietf-oauth-sd-jwt-vc want the issuing key certified by an X.509 chain whose
leaf names the issuer identifier (the registry's public URL, :func:`issuer_identifier`) as a
SubjectAltName URI; ``x5c`` holds the leaf and intermediates, never the trust anchor.

- Production: ``VCLED_X509_CHAIN`` is a PEM file, the leaf for the *current* issuing key first
  (its key must be that key: checked), then intermediates (a trailing root is left out of
  ``x5c``). An HSM key's certificate is issued outside and configured the same way; a key
  rotation needs a new file. ``VCLED_X509_TRUST_ANCHOR`` (optional) is the root to publish.
- Demo mode: a demo CA (a P-256 key file, mode 0600, and a self-signed certificate under
  ``<data_dir>/x509``, like the demo registry key) issues one leaf per issuing key on first
  use, so a rotation gets a new leaf. Files are created exclusively: concurrent processes
  agree on one CA and one leaf per key.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from vc_led.errors import ConfigurationError
from vc_led.keys import KeyPair, KeyType, PublicKey, load_key_file
from vc_led.x509 import issue_leaf, load_pem_chain, make_root_ca, pem_of

from ..settings import Settings

__all__ = ["DEMO_CA_NAME", "issuer_identifier", "issuing_chain", "trust_anchors"]

DEMO_CA_NAME = "vc-led DEMO registry CA (not for production)"
_CA_YEARS = 10


def issuer_identifier(settings: Settings) -> str:
    """The registry's issuer identifier for its JWTs (``iss``, the SAN URI of its leaf and the
    ``issuer`` of ``/.well-known/jwt-vc-issuer``): its public URL."""
    return settings.public_url


def issuing_chain(
    settings: Settings, *, key_id: str, public: PublicKey, now: datetime
) -> list[x509.Certificate]:
    """The certificate chain of an issuing key, leaf first (see the module docstring).

    Args:
        settings: the configuration.
        key_id: the key's id (its verification method id).
        public: its public key.
        now: the time (for demo certificates' validity).

    Returns:
        Leaf first; in demo mode ``[leaf, demo root]``.

    Raises:
        ConfigurationError: no chain configured (production), an unreadable file, or a leaf
            that does not certify ``public``.
    """
    if settings.x509_chain is not None:
        try:
            chain = load_pem_chain(settings.x509_chain)
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"VCLED_X509_CHAIN cannot be read: {exc}") from None
        if not _certifies(chain[0], public):
            raise ConfigurationError(
                "VCLED_X509_CHAIN: its first certificate does not certify the current "
                "issuing key (after a key rotation, configure the new key's certificate)"
            )
        return chain
    if not settings.demo:
        raise ConfigurationError("VCLED_X509_CHAIN is not set (the issuing key's X.509 chain)")
    ca_key, ca = _demo_ca(settings, now)
    return [_demo_leaf(settings, ca_key, ca, key_id=key_id, public=public, now=now), ca]


def trust_anchors(settings: Settings, *, now: datetime) -> list[x509.Certificate]:
    """The root certificates verifiers should trust for the registry's ``x5c`` chains:
    ``VCLED_X509_TRUST_ANCHOR``, or the demo CA in demo mode, or none.

    Raises:
        ConfigurationError: an unreadable anchor file.
    """
    path = settings.x509_trust_anchor
    if path is not None:
        try:
            return load_pem_chain(path)
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"VCLED_X509_TRUST_ANCHOR cannot be read: {exc}") from None
    if settings.demo and settings.x509_chain is None:
        return [_demo_ca(settings, now)[1]]
    return []


def _certifies(cert: x509.Certificate, public: PublicKey) -> bool:
    key = cert.public_key()
    if isinstance(key, ed25519.Ed25519PublicKey):
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        raw = key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        )
    else:
        return False
    return raw == public.raw


def _folder(settings: Settings) -> Path:
    folder = settings.data_dir / "x509"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_once(path: Path, data: bytes) -> bytes:
    """Write ``path`` unless it exists (atomically); the bytes it holds afterwards."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.link(tmp, path)  # fails when another process wrote it first
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return path.read_bytes()


def _demo_ca(settings: Settings, now: datetime) -> tuple[KeyPair, x509.Certificate]:
    folder = _folder(settings)
    key_path = folder / "demo-ca.key.json"
    try:
        KeyPair.generate(KeyType.P256).save(key_path)
    except FileExistsError:
        pass
    key = load_key_file(key_path)
    cert_path = folder / "demo-ca.pem"
    if not cert_path.exists():
        root = make_root_ca(
            name=DEMO_CA_NAME,
            key=key,
            not_before=now - timedelta(days=1),
            not_after=now + timedelta(days=365 * _CA_YEARS),
        )
        _write_once(cert_path, pem_of([root]))
    return key, load_pem_chain(cert_path)[0]


def _demo_leaf(
    settings: Settings,
    ca_key: KeyPair,
    ca: x509.Certificate,
    *,
    key_id: str,
    public: PublicKey,
    now: datetime,
) -> x509.Certificate:
    digest = hashlib.sha256(key_id.encode()).hexdigest()[:24]
    path = _folder(settings) / f"leaf-{digest}.pem"
    if not path.exists():
        leaf = issue_leaf(
            ca=ca,
            ca_key=ca_key,
            subject_key=public,
            name=f"vc-led DEMO issuing key {digest}",
            not_before=now - timedelta(hours=1),
            not_after=ca.not_valid_after_utc,
            uri=issuer_identifier(settings),
        )
        _write_once(path, pem_of([leaf]))
    return load_pem_chain(path)[0]
