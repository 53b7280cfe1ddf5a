"""SD-JWT VC issuer keys from ``x5c`` (HAIP 1.0): the chain is validated by
:func:`vc_led.x509.verify_x5c` against ``Verifier(x509_anchors=...)``, ``iss`` must be a SAN
URI of the leaf, and the signature is checked with the leaf key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from vc_led import VerificationPolicy, Verifier
from vc_led.keys import KeyPair, KeyType
from vc_led.results import CheckStatus, ErrorCode
from vc_led.sdjwt import issue_sd_jwt_vc
from vc_led.x509 import issue_leaf, make_root_ca, x5c_of

NOW = datetime(2026, 6, 1, tzinfo=UTC)
ISS = "https://led.example.be"
ROOT_KEY = KeyPair.generate(KeyType.P256)
ROOT = make_root_ca(
    name="LED test root",
    key=ROOT_KEY,
    not_before=NOW - timedelta(days=10),
    not_after=NOW + timedelta(days=3650),
)
OTHER_ROOT = make_root_ca(
    name="Other root",
    key=KeyPair.generate(KeyType.P256),
    not_before=NOW - timedelta(days=10),
    not_after=NOW + timedelta(days=3650),
)


def _chain(uri: str = ISS, *, days: int = 365) -> tuple[KeyPair, list[str]]:
    key = KeyPair.generate(KeyType.P256)
    leaf = issue_leaf(
        ca=ROOT,
        ca_key=ROOT_KEY,
        subject_key=key.public,
        name="LED issuer",
        not_before=NOW - timedelta(days=5),
        not_after=NOW + timedelta(days=days),
        uri=uri,
    )
    return key, x5c_of([leaf])


def _sd(key: KeyPair, x5c: list[str]) -> str:
    return issue_sd_jwt_vc(
        vct="https://led.example.be/vct/q",
        claims={"a": 1},
        disclosable=[("a",)],
        issuer=ISS,
        key=key,
        issued_at=NOW - timedelta(hours=1),
        x5c=x5c,
    )


def _verify(text: str, anchors: Any) -> Any:
    policy = VerificationPolicy(trusted_issuers=frozenset({ISS}))
    return Verifier(policy, x509_anchors=anchors).verify(text, now=NOW)


def test_trusted_chain_and_san() -> None:
    key, x5c = _chain()
    result = _verify(_sd(key, x5c), [ROOT])
    assert result.verified, result.to_dict()
    assert result.check("proof").details["key_source"] == "x5c"


def test_untrusted_chain_fails_proof() -> None:
    key, x5c = _chain()
    result = _verify(_sd(key, x5c), [OTHER_ROOT])
    assert result.check("proof").code is ErrorCode.PROOF_CERTIFICATE_UNTRUSTED


def test_expired_certificate_fails_proof() -> None:
    key, x5c = _chain(days=-1)
    result = _verify(_sd(key, x5c), [ROOT])
    assert result.check("proof").code is ErrorCode.PROOF_CERTIFICATE_EXPIRED


def test_iss_not_in_san() -> None:
    key, x5c = _chain("https://someone-else.example")
    result = _verify(_sd(key, x5c), [ROOT])
    assert result.check("issuer").code is ErrorCode.ISSUER_CERTIFICATE_ISS_MISMATCH


def test_no_anchors_is_indeterminate() -> None:
    key, x5c = _chain()
    result = _verify(_sd(key, x5c), None)
    issuer = result.check("issuer")
    assert (issuer.status, issuer.code) == (
        CheckStatus.INDETERMINATE,
        ErrorCode.ISSUER_CERTIFICATE_NOT_CHECKED,
    )


def test_leaf_key_must_have_signed() -> None:
    _, x5c = _chain()
    result = _verify(_sd(KeyPair.generate(KeyType.P256), x5c), [ROOT])
    assert result.check("proof").code is ErrorCode.PROOF_SIGNATURE_INVALID


def test_garbage_x5c() -> None:
    key, _ = _chain()
    assert _verify(_sd(key, ["bm90IGEgY2VydA=="]), [ROOT]).check("proof").code is (
        ErrorCode.PROOF_CERTIFICATE_INVALID
    )
    assert _verify(_sd(key, ["bm90IGEgY2VydA=="]), None).check("proof").code is (
        ErrorCode.PROOF_CERTIFICATE_INVALID
    )


def test_token_status_list_through_the_verifier() -> None:
    """status.status_list decided by vc_led's TokenStatusProvider (Token Status List): a
    valid, a revoked and a suspended index."""
    from vc_led.status.token_status_list import TokenStatusProvider, build_status_list_token

    key, x5c = _chain()
    uri = "https://led.example.be/statuslists/1"
    token = build_status_list_token(
        uri=uri, values=[0, 1, 2, 0], key=key, issued_at=NOW - timedelta(hours=1), x5c=x5c
    )
    provider = TokenStatusProvider(tokens=[token], anchors=[ROOT])
    policy = VerificationPolicy(trusted_issuers=frozenset({ISS}))
    verifier = Verifier(policy, x509_anchors=[ROOT], token_status=provider)
    codes = []
    for idx in (0, 1, 2):
        text = issue_sd_jwt_vc(
            vct="https://led.example.be/vct/q",
            claims={"a": 1},
            disclosable=[("a",)],
            issuer=ISS,
            key=key,
            issued_at=NOW - timedelta(hours=1),
            x5c=x5c,
            status={"status_list": {"idx": idx, "uri": uri}},
        )
        codes.append(verifier.verify(text, now=NOW).check("status").code)
    assert codes == [None, ErrorCode.STATUS_REVOKED, ErrorCode.STATUS_SUSPENDED]
