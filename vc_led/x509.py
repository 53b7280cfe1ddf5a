"""A small X.509 toolkit for the JOSE renditions (``cryptography`` only): the registry's issuing
CA, ``x5c`` header values, and their verification against configured trust anchors.

What HAIP 1.0 (OpenID4VC High Assurance Interoperability Profile, final) and
draft-ietf-oauth-sd-jwt-vc ask of ``x5c``: the chain is the signing certificate first, each next
certificate certifying the one before it, and the trust anchor is *not* included
(:func:`x5c_of` leaves trailing self-signed certificates out). When the issuer's key is bound
through ``x5c``, the ``iss`` of an SD-JWT VC is matched against a ``uniformResourceIdentifier``
SubjectAltName of the leaf (:attr:`X5cResult.san_uris`; :func:`issue_leaf` writes it).

:func:`verify_x5c` checks each link itself rather than with ``cryptography.x509.verification``
(whose policies are the Web PKI's: TLS EKUs, no Ed25519 signatures, DNS/IP names): every
certificate is signed by the next one (``Certificate.verify_directly_issued_by``, which also
compares issuer and subject names), the last by one of the anchors (or it *is* an anchor); every
certificate and the anchor are valid at ``now``; issuing certificates have ``basicConstraints``
CA:TRUE, a ``keyUsage`` with ``keyCertSign`` and a path length that allows the certificates
under them; the leaf is not a CA and, when it has a ``keyUsage``, allows ``digitalSignature``;
no certificate has a critical extension outside those understood here; the leaf key is P-256,
P-384 or Ed25519. No revocation checking (CRL/OCSP) is done.
"""

from __future__ import annotations

import base64
import binascii
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from .errors import DocumentError
from .keys import KeyPair, KeyType, PublicKey
from .results import ErrorCode

__all__ = [
    "CertificateError",
    "X5cResult",
    "issue_intermediate",
    "issue_leaf",
    "load_pem_chain",
    "make_root_ca",
    "pem_of",
    "verify_x5c",
    "x5c_of",
]

_UNDERSTOOD = {
    x509.BasicConstraints,
    x509.KeyUsage,
    x509.ExtendedKeyUsage,
    x509.SubjectAlternativeName,
    x509.SubjectKeyIdentifier,
    x509.AuthorityKeyIdentifier,
}
_MAX_CERT_CHARS = 16_000


class CertificateError(DocumentError):
    """An ``x5c`` chain that is refused; ``code`` is a ``proof.certificate_*`` code."""


@dataclass(frozen=True, slots=True)
class X5cResult:
    """A chain that validated to a trust anchor.

    Attributes:
        public_key: the leaf's key (the one that signs the JWS).
        leaf: the leaf certificate.
        san_uris: the leaf's ``uniformResourceIdentifier`` SubjectAltNames, in order.
    """

    public_key: PublicKey
    leaf: x509.Certificate
    san_uris: tuple[str, ...]


def _private(key: KeyPair) -> ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey:
    return key._private


def _hash(key: KeyPair) -> hashes.SHA256 | hashes.SHA384 | None:
    if key.key_type is KeyType.ED25519:
        return None
    return hashes.SHA256() if key.key_type is KeyType.P256 else hashes.SHA384()


def _pyca_public(key: PublicKey) -> ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey:
    if key.key_type is KeyType.ED25519:
        return ed25519.Ed25519PublicKey.from_public_bytes(key.raw)
    curve = ec.SECP256R1() if key.key_type is KeyType.P256 else ec.SECP384R1()
    return ec.EllipticCurvePublicKey.from_encoded_point(curve, key.raw)


def _name(name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])


def _usage(*, sign: bool, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def make_root_ca(
    *, name: str, key: KeyPair, not_before: datetime, not_after: datetime
) -> x509.Certificate:
    """A self-signed root CA certificate (CA:TRUE, keyCertSign + cRLSign, SKI = AKI).

    Args:
        name: the CA's common name.
        key: the CA key (Ed25519, P-256 or P-384).
        not_before: start of validity (timezone-aware).
        not_after: end of validity.

    Returns:
        The certificate.
    """
    public = _private(key).public_key()
    ski = x509.SubjectKeyIdentifier.from_public_key(public)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(sign=False, cert_sign=True), critical=True)
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
    )
    return builder.sign(_private(key), _hash(key))


def issue_leaf(
    *,
    ca: x509.Certificate,
    ca_key: KeyPair,
    subject_key: PublicKey,
    name: str,
    not_before: datetime,
    not_after: datetime,
    uri: str | None = None,
) -> x509.Certificate:
    """An end-entity (signing) certificate issued by ``ca``: digitalSignature, CA:FALSE, SKI,
    AKI, and a SubjectAltName URI ``uri`` (the issuer identifier, for SD-JWT VC ``iss``).

    Args:
        ca: the issuing CA certificate.
        ca_key: its key.
        subject_key: the leaf's public key.
        name: the leaf's common name.
        not_before: start of validity.
        not_after: end of validity.
        uri: the issuer identifier to put in the SAN, if any.

    Returns:
        The certificate.
    """
    builder = _issued_by(ca, subject_key, name, not_before, not_after).add_extension(
        x509.BasicConstraints(ca=False, path_length=None), critical=True
    )
    builder = builder.add_extension(_usage(sign=True, cert_sign=False), critical=True)
    if uri is not None:
        san = x509.SubjectAlternativeName([x509.UniformResourceIdentifier(uri)])
        builder = builder.add_extension(san, critical=False)
    return builder.sign(_private(ca_key), _hash(ca_key))


def issue_intermediate(
    *,
    ca: x509.Certificate,
    ca_key: KeyPair,
    subject_key: PublicKey,
    name: str,
    not_before: datetime,
    not_after: datetime,
    path_length: int | None = 0,
) -> x509.Certificate:
    """An intermediate CA certificate issued by ``ca`` (CA:TRUE with ``path_length``,
    keyCertSign + cRLSign, SKI, AKI): an online issuing CA under an offline root.

    Args:
        ca: the issuing CA certificate.
        ca_key: its key.
        subject_key: the intermediate's public key.
        name: its common name.
        not_before: start of validity.
        not_after: end of validity.
        path_length: how many CAs may follow it (``0``: it signs leaves only; ``None``: any).

    Returns:
        The certificate.
    """
    builder = _issued_by(ca, subject_key, name, not_before, not_after).add_extension(
        x509.BasicConstraints(ca=True, path_length=path_length), critical=True
    )
    builder = builder.add_extension(_usage(sign=False, cert_sign=True), critical=True)
    return builder.sign(_private(ca_key), _hash(ca_key))


def _issued_by(
    ca: x509.Certificate,
    subject_key: PublicKey,
    name: str,
    not_before: datetime,
    not_after: datetime,
) -> x509.CertificateBuilder:
    """A certificate builder for ``subject_key`` under ``ca``: names, serial, validity, SKI
    and AKI (the caller adds basic constraints and key usage)."""
    ca_ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    public = _pyca_public(subject_key)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(ca.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
    )


def _self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject and _signed_by(cert, cert)


def x5c_of(chain: Sequence[x509.Certificate]) -> list[str]:
    """The ``x5c`` value of a chain: standard base64 DER, leaf first, without the trust anchor
    (self-signed certificates after the leaf are left out, as HAIP 1.0 asks)."""
    kept = [chain[0], *(c for c in chain[1:] if not _self_signed(c))] if chain else []
    return [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in kept]


def load_pem_chain(path: str | Path) -> list[x509.Certificate]:
    """The certificates of a PEM file, in file order (leaf first, by convention).

    Raises:
        ValueError: the file holds no PEM certificate.
    """
    return x509.load_pem_x509_certificates(Path(path).read_bytes())


def pem_of(certs: Sequence[x509.Certificate]) -> bytes:
    """The PEM text of ``certs``, concatenated in order."""
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def _fail(code: ErrorCode, message: str) -> CertificateError:
    return CertificateError(code, message)


def _decode(x5c: object, max_certs: int) -> list[x509.Certificate]:
    if not isinstance(x5c, list | tuple) or not x5c:
        raise _fail(ErrorCode.PROOF_CERTIFICATE_INVALID, "x5c must be a non-empty array")
    if len(x5c) > max_certs:
        raise _fail(
            ErrorCode.PROOF_CERTIFICATE_INVALID, f"x5c has more than {max_certs} certificates"
        )
    certs = []
    for item in x5c:
        if not isinstance(item, str) or len(item) > _MAX_CERT_CHARS:
            raise _fail(ErrorCode.PROOF_CERTIFICATE_INVALID, "an x5c entry is not a string")
        try:
            certs.append(x509.load_der_x509_certificate(base64.b64decode(item, validate=True)))
        except (ValueError, binascii.Error) as exc:
            raise _fail(
                ErrorCode.PROOF_CERTIFICATE_INVALID, "an x5c certificate does not decode"
            ) from exc
    return certs


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except Exception:  # InvalidSignature, ValueError (names), TypeError (key types)
        return False
    return True


def _anchor_of(last: x509.Certificate, anchors: Sequence[x509.Certificate]) -> x509.Certificate:
    for anchor in anchors:
        if last == anchor or _signed_by(last, anchor):
            return anchor
    raise _fail(
        ErrorCode.PROOF_CERTIFICATE_UNTRUSTED, "the x5c chain does not lead to a trust anchor"
    )


def _check_validity(certs: Sequence[x509.Certificate], now: datetime) -> None:
    for cert in certs:
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise _fail(
                ErrorCode.PROOF_CERTIFICATE_EXPIRED,
                f"{cert.subject.rfc4514_string()[:100]} is not valid at {now.isoformat()}",
            )


def _ext(cert: x509.Certificate, kind: type[x509.ExtensionType]) -> x509.ExtensionType | None:
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _check_usage(path: Sequence[x509.Certificate]) -> None:
    """``path``: leaf first, the anchor last."""
    invalid = ErrorCode.PROOF_CERTIFICATE_INVALID
    for depth, cert in enumerate(path):
        try:
            extensions = cert.extensions
        except ValueError as exc:
            raise _fail(invalid, "a certificate has malformed extensions") from exc
        if any(e.critical and type(e.value) not in _UNDERSTOOD for e in extensions):
            raise _fail(invalid, "a certificate has an unsupported critical extension")
        bc, ku = _ext(cert, x509.BasicConstraints), _ext(cert, x509.KeyUsage)
        assert bc is None or isinstance(bc, x509.BasicConstraints)
        assert ku is None or isinstance(ku, x509.KeyUsage)
        if depth == 0:
            if bc is not None and bc.ca:
                raise _fail(invalid, "the signing certificate is a CA certificate")
            if ku is not None and not ku.digital_signature:
                raise _fail(invalid, "the signing certificate does not allow digitalSignature")
            continue
        if bc is None or not bc.ca:
            raise _fail(invalid, "an issuing certificate is not a CA (basicConstraints)")
        if ku is not None and not ku.key_cert_sign:
            raise _fail(invalid, "an issuing certificate does not allow keyCertSign")
        if bc.path_length is not None and depth - 1 > bc.path_length:
            raise _fail(invalid, "the chain is longer than a pathLenConstraint allows")


def _public_key(cert: x509.Certificate) -> PublicKey:
    key = cert.public_key()
    if isinstance(key, ed25519.Ed25519PublicKey):
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return PublicKey(KeyType.ED25519, raw)
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name in ("secp256r1", "secp384r1"):
        point = key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        )
        return PublicKey(KeyType.P256 if key.curve.name == "secp256r1" else KeyType.P384, point)
    raise _fail(
        ErrorCode.PROOF_CERTIFICATE_INVALID, "the signing key is not P-256, P-384 or Ed25519"
    )


def verify_x5c(
    x5c: Sequence[str], *, anchors: Sequence[x509.Certificate], now: datetime, max_certs: int = 5
) -> X5cResult:
    """Validate an ``x5c`` chain (leaf first) to one of ``anchors`` at ``now``.

    Args:
        x5c: the header value: standard base64 DER certificates, leaf first.
        anchors: the trusted root (or intermediate) certificates.
        now: the validation time (timezone-aware).
        max_certs: the most certificates ``x5c`` may hold.

    Returns:
        The leaf's key, the leaf and its SAN URIs.

    Raises:
        CertificateError: ``proof.certificate_invalid`` (not decodable, too long, bad
            basicConstraints/keyUsage, unsupported critical extension or key type),
            ``proof.certificate_untrusted`` (a broken link or no anchor),
            ``proof.certificate_expired`` (a certificate or the anchor not valid at ``now``).
    """
    certs = _decode(x5c, max_certs)
    for cert, issuer in itertools.pairwise(certs):
        if not _signed_by(cert, issuer):
            raise _fail(
                ErrorCode.PROOF_CERTIFICATE_UNTRUSTED,
                "an x5c certificate is not signed by the next one",
            )
    anchor = _anchor_of(certs[-1], anchors)
    path = certs if certs[-1] == anchor else [*certs, anchor]
    _check_validity(path, now)
    _check_usage(path)
    leaf = certs[0]
    san = _ext(leaf, x509.SubjectAlternativeName)
    uris = (
        san.get_values_for_type(x509.UniformResourceIdentifier)
        if isinstance(san, x509.SubjectAlternativeName)
        else []
    )
    return X5cResult(public_key=_public_key(leaf), leaf=leaf, san_uris=tuple(uris))
