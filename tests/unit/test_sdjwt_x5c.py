"""SD-JWT VC issuer keys from ``x5c``: the chain goes to ``vc_led.x509.verify_x5c`` (the X.509
module of issue 12; stubbed here, so this tests the adapter), ``iss`` must be a SAN URI of the
leaf, and the signature is checked with the leaf key."""

from __future__ import annotations

import base64
import sys
import types
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from vc_led import VerificationPolicy, Verifier
from vc_led.keys import KeyPair
from vc_led.results import CheckStatus, ErrorCode
from vc_led.sdjwt import issue_sd_jwt_vc

NOW = datetime(2026, 6, 1, tzinfo=UTC)
ISS = "https://led.example.be"


def _leaf(san: str) -> tuple[KeyPair, str]:
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "LED issuer")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=365))
        .add_extension(
            x509.SubjectAlternativeName([x509.UniformResourceIdentifier(san)]), critical=False
        )
        .sign(private, hashes.SHA256())
    )
    der = cert.public_bytes(serialization.Encoding.DER)
    return KeyPair(private), base64.b64encode(der).decode()


class _UntrustedError(Exception):
    code = ErrorCode.ISSUER_CERTIFICATE_UNTRUSTED


@pytest.fixture
def x509_stub(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []

    def verify_x5c(x5c: list[str], *, anchors: Any, now: datetime) -> None:
        calls.append((x5c, anchors, now))
        if anchors != "trusted":
            raise _UntrustedError("not under a trusted root")

    module = types.ModuleType("vc_led.x509")
    module.verify_x5c = verify_x5c  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vc_led.x509", module)
    return calls


def _sd(key: KeyPair, cert: str, iss: str = ISS) -> str:
    return issue_sd_jwt_vc(
        vct="https://led.example.be/vct/q",
        claims={"a": 1},
        disclosable=[("a",)],
        issuer=iss,
        key=key,
        issued_at=NOW - timedelta(hours=1),
        x5c=[cert],
    )


def _verify(text: str, anchors: Any) -> Any:
    policy = VerificationPolicy(trusted_issuers=frozenset({ISS}))
    return Verifier(policy, x509_anchors=anchors).verify(text, now=NOW)


def test_trusted_chain_and_san(x509_stub: list[Any]) -> None:
    key, cert = _leaf(ISS)
    result = _verify(_sd(key, cert), "trusted")
    assert result.verified, result.to_dict()
    assert result.check("proof").details["key_source"] == "x5c"
    assert x509_stub == [([cert], "trusted", NOW)]


def test_untrusted_chain(x509_stub: list[Any]) -> None:
    key, cert = _leaf(ISS)
    result = _verify(_sd(key, cert), "other")
    assert result.check("issuer").code is ErrorCode.ISSUER_CERTIFICATE_UNTRUSTED


def test_iss_not_in_san(x509_stub: list[Any]) -> None:
    key, cert = _leaf("https://someone-else.example")
    result = _verify(_sd(key, cert), "trusted")
    assert result.check("issuer").code is ErrorCode.ISSUER_CERTIFICATE_ISS_MISMATCH


def test_no_anchors_is_indeterminate(x509_stub: list[Any]) -> None:
    key, cert = _leaf(ISS)
    result = _verify(_sd(key, cert), None)
    issuer = result.check("issuer")
    assert (issuer.status, issuer.code) == (
        CheckStatus.INDETERMINATE,
        ErrorCode.ISSUER_CERTIFICATE_NOT_CHECKED,
    )


def test_leaf_key_must_have_signed(x509_stub: list[Any]) -> None:
    _, cert = _leaf(ISS)
    other = KeyPair(ec.generate_private_key(ec.SECP256R1()))
    result = _verify(_sd(other, cert), "trusted")
    assert result.check("proof").code is ErrorCode.PROOF_SIGNATURE_INVALID


def test_garbage_x5c(x509_stub: list[Any]) -> None:
    key, _ = _leaf(ISS)
    result = _verify(_sd(key, "bm90IGEgY2VydA=="), "trusted")
    assert result.check("proof").code is ErrorCode.PROOF_VERIFICATION_METHOD_INVALID
