"""vc_led.x509: the issuing CA, x5c values, and each refusal of verify_x5c."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from vc_led.keys import KeyPair, KeyType
from vc_led.results import ErrorCode
from vc_led.x509 import (
    CertificateError,
    issue_intermediate,
    issue_leaf,
    load_pem_chain,
    make_root_ca,
    pem_of,
    verify_x5c,
    x5c_of,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=10)
YEAR = timedelta(days=365)
ISS = "https://registry.led.example"


def _pki(key_type: KeyType = KeyType.P256) -> dict[str, Any]:
    ca_key, signer = KeyPair.generate(key_type), KeyPair.generate(key_type)
    root = make_root_ca(name="LED root", key=ca_key, not_before=T0, not_after=T0 + 10 * YEAR)
    leaf = issue_leaf(
        ca=root, ca_key=ca_key, subject_key=signer.public, name="LED issuer", not_before=T0,
        not_after=T0 + YEAR, uri=ISS,
    )  # fmt: skip
    return {"ca_key": ca_key, "root": root, "signer": signer, "leaf": leaf}


def _code(x5c: Any, anchors: list[x509.Certificate], now: datetime = NOW, **kw: Any) -> ErrorCode:
    with pytest.raises(CertificateError) as info:
        verify_x5c(x5c, anchors=anchors, now=now, **kw)
    return info.value.code


def test_root_ca_extensions() -> None:
    root = _pki()["root"]
    bc = root.extensions.get_extension_for_class(x509.BasicConstraints)
    ku = root.extensions.get_extension_for_class(x509.KeyUsage).value
    assert bc.critical and bc.value.ca
    assert ku.key_cert_sign and not ku.digital_signature
    ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    aki = root.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    assert aki.key_identifier == ski.digest
    assert root.issuer == root.subject


def test_leaf_extensions() -> None:
    pki = _pki()
    leaf = pki["leaf"]
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.UniformResourceIdentifier) == [ISS]
    leaf.verify_directly_issued_by(pki["root"])


@pytest.mark.parametrize("key_type", list(KeyType))
def test_a_chain_verifies_to_its_anchor(key_type: KeyType) -> None:
    pki = _pki(key_type)
    x5c = x5c_of([pki["leaf"], pki["root"]])
    assert len(x5c) == 1  # the anchor is left out
    assert x509.load_der_x509_certificate(base64.b64decode(x5c[0])) == pki["leaf"]
    result = verify_x5c(x5c, anchors=[pki["root"]], now=NOW)
    assert result.public_key == pki["signer"].public
    assert result.leaf == pki["leaf"]
    assert result.san_uris == (ISS,)


def test_a_chain_that_includes_the_anchor_also_verifies() -> None:
    pki = _pki()
    x5c = [
        base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode()
        for c in (pki["leaf"], pki["root"])
    ]
    assert verify_x5c(x5c, anchors=[pki["root"]], now=NOW).san_uris == (ISS,)


def test_an_intermediate_ca() -> None:
    pki = _pki()
    mid_key = KeyPair.generate(KeyType.P256)
    mid = issue_leaf(ca=pki["root"], ca_key=pki["ca_key"], subject_key=mid_key.public, name="mid",
                     not_before=T0, not_after=T0 + YEAR)  # fmt: skip
    leaf = issue_leaf(ca=mid, ca_key=mid_key, subject_key=pki["signer"].public, name="leaf",
                      not_before=T0, not_after=T0 + YEAR)  # fmt: skip
    # issue_leaf makes end-entity certificates: one cannot act as a CA
    assert _code(x5c_of([leaf, mid]), [pki["root"]]) is ErrorCode.PROOF_CERTIFICATE_INVALID


def _ca(ca: x509.Certificate, ca_key: KeyPair, path_length: int | None) -> tuple[Any, KeyPair]:
    key = KeyPair.generate(KeyType.P384)
    cert = issue_intermediate(ca=ca, ca_key=ca_key, subject_key=key.public, name="ca",
                              not_before=T0, not_after=T0 + YEAR, path_length=path_length)  # fmt: skip
    return cert, key


def test_a_chain_through_intermediates_and_its_path_length() -> None:
    pki = _pki()
    mid, mid_key = _ca(pki["root"], pki["ca_key"], 0)
    leaf = issue_leaf(ca=mid, ca_key=mid_key, subject_key=pki["signer"].public, name="leaf",
                      not_before=T0, not_after=T0 + YEAR, uri=ISS)  # fmt: skip
    x5c = x5c_of([leaf, mid, pki["root"]])
    assert len(x5c) == 2
    assert verify_x5c(x5c, anchors=[pki["root"]], now=NOW).public_key == pki["signer"].public
    assert verify_x5c(x5c[:1], anchors=[mid], now=NOW).san_uris == (ISS,)  # an intermediate anchor
    # a CA under a pathLenConstraint 0 CA may not issue
    sub, sub_key = _ca(mid, mid_key, None)
    deep = issue_leaf(ca=sub, ca_key=sub_key, subject_key=pki["signer"].public, name="deep",
                      not_before=T0, not_after=T0 + YEAR)  # fmt: skip
    assert _code(x5c_of([deep, sub, mid]), [pki["root"]]) is ErrorCode.PROOF_CERTIFICATE_INVALID
    top, top_key = _ca(pki["root"], pki["ca_key"], 1)
    sub, sub_key = _ca(top, top_key, 0)
    ok = issue_leaf(ca=sub, ca_key=sub_key, subject_key=pki["signer"].public, name="ok",
                    not_before=T0, not_after=T0 + YEAR)  # fmt: skip
    assert verify_x5c(x5c_of([ok, sub, top]), anchors=[pki["root"]], now=NOW)


def test_untrusted() -> None:
    pki, other = _pki(), _pki()
    x5c = x5c_of([pki["leaf"]])
    assert _code(x5c, [other["root"]]) is ErrorCode.PROOF_CERTIFICATE_UNTRUSTED
    assert _code(x5c, []) is ErrorCode.PROOF_CERTIFICATE_UNTRUSTED
    # a broken link: the leaf of one chain followed by the root of another
    mixed = x5c + x5c_of([other["leaf"]])
    assert _code(mixed, [other["root"]]) is ErrorCode.PROOF_CERTIFICATE_UNTRUSTED


def test_expired_and_not_yet_valid() -> None:
    pki = _pki()
    x5c, anchors = x5c_of([pki["leaf"]]), [pki["root"]]
    assert (
        _code(x5c, anchors, now=T0 + YEAR + timedelta(seconds=1))
        is ErrorCode.PROOF_CERTIFICATE_EXPIRED
    )
    assert _code(x5c, anchors, now=T0 - timedelta(seconds=1)) is ErrorCode.PROOF_CERTIFICATE_EXPIRED
    assert verify_x5c(x5c, anchors=anchors, now=T0 + YEAR)  # the last second is inside


def test_an_expired_anchor() -> None:
    ca_key, signer = KeyPair.generate(KeyType.P256), KeyPair.generate(KeyType.P256)
    root = make_root_ca(name="short", key=ca_key, not_before=T0, not_after=T0 + timedelta(days=5))
    leaf = issue_leaf(ca=root, ca_key=ca_key, subject_key=signer.public, name="l",
                      not_before=T0, not_after=T0 + YEAR)  # fmt: skip
    assert _code(x5c_of([leaf]), [root]) is ErrorCode.PROOF_CERTIFICATE_EXPIRED


@pytest.mark.parametrize(
    "x5c", [[], "MIIB", ["not base64!"], [base64.b64encode(b"not DER").decode()], [1]]
)
def test_not_decodable(x5c: Any) -> None:
    assert _code(x5c, [_pki()["root"]]) is ErrorCode.PROOF_CERTIFICATE_INVALID


def test_too_long() -> None:
    pki = _pki()
    x5c = x5c_of([pki["leaf"]]) * 6
    assert _code(x5c, [pki["root"]]) is ErrorCode.PROOF_CERTIFICATE_INVALID
    assert (
        _code(x5c_of([pki["leaf"]]) * 2, [pki["root"]], max_certs=1)
        is ErrorCode.PROOF_CERTIFICATE_INVALID
    )


def _custom_leaf(pki: dict[str, Any], *, key: Any = None, ca: bool = False, sign: bool = True,
                 extra: x509.ExtensionType | None = None) -> x509.Certificate:  # fmt: skip
    private = key or ec.generate_private_key(ec.SECP256R1())
    usage = x509.KeyUsage(sign, False, False, False, False, False, False, False, False)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "custom")]))
        .issuer_name(pki["root"].subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(T0)
        .not_valid_after(T0 + YEAR)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
    )
    if extra is not None:
        builder = builder.add_extension(extra, critical=True)
    return builder.sign(pki["ca_key"]._private, hashes.SHA256())


def test_bad_usage_constraints_and_keys() -> None:
    pki = _pki()
    invalid, anchors = ErrorCode.PROOF_CERTIFICATE_INVALID, [pki["root"]]
    assert verify_x5c(x5c_of([_custom_leaf(pki)]), anchors=anchors, now=NOW)  # the control
    assert _code(x5c_of([_custom_leaf(pki, ca=True)]), anchors) is invalid
    assert _code(x5c_of([_custom_leaf(pki, sign=False)]), anchors) is invalid
    policy = x509.PolicyConstraints(require_explicit_policy=0, inhibit_policy_mapping=None)
    assert _code(x5c_of([_custom_leaf(pki, extra=policy)]), anchors) is invalid
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert _code(x5c_of([_custom_leaf(pki, key=rsa_key)]), anchors) is invalid
    secp256k1 = ec.generate_private_key(ec.SECP256K1())
    assert _code(x5c_of([_custom_leaf(pki, key=secp256k1)]), anchors) is invalid


def test_pem_round_trip(tmp_path: Path) -> None:
    pki = _pki()
    path = tmp_path / "chain.pem"
    path.write_bytes(pem_of([pki["leaf"], pki["root"]]))
    assert load_pem_chain(path) == [pki["leaf"], pki["root"]]
