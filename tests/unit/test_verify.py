"""The safe recipes: sign_credential / sign_presentation and Verifier results."""

from __future__ import annotations

import copy
import logging
from datetime import UTC, datetime, timedelta

import pytest

from vc_led import (
    CheckStatus,
    ConfigurationError,
    KeyPair,
    KeyType,
    Outcome,
    SigningError,
    VerificationError,
    VerificationPolicy,
    Verifier,
    verify_credential,
)
from vc_led import (
    sign_credential as _sign_credential,
)
from vc_led import (
    sign_presentation as _sign_presentation,
)

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
EX = "https://www.w3.org/ns/credentials/examples/v2"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
CREATED = datetime(2025, 6, 1, tzinfo=UTC)


def sign_credential(doc, **kw):
    return _sign_credential(doc, created=CREATED, **kw)


def sign_presentation(doc, **kw):
    return _sign_presentation(doc, created=CREATED, **kw)


def _vc(key: KeyPair, **extra) -> dict:
    return {
        "@context": [V2, EX],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:holder", "alumniOf": "UGent"},
        **extra,
    }


@pytest.fixture
def issuer() -> KeyPair:
    return KeyPair.generate()


def _trusting(key: KeyPair, **kw) -> Verifier:
    return Verifier(VerificationPolicy(trusted_issuers={key.controller}, **kw))


def test_verified_result_shape(issuer):
    result = _trusting(issuer).verify_credential(sign_credential(_vc(issuer), key=issuer), now=NOW)
    assert result.verified and result.outcome is Outcome.VERIFIED
    data = result.to_dict()
    assert [c["check"] for c in data["checks"]] == [
        "structure",
        "context",
        "proof",
        "issuer",
        "validity",
        "status",
        "holder_binding",
    ]
    assert data["verified"] is True and data["kind"] == "credential"
    result.raise_for_failure()


def test_failed_proof_skips_later_checks_and_raise_is_opt_in(issuer):
    signed = sign_credential(_vc(issuer), key=issuer)
    signed["credentialSubject"]["alumniOf"] = "Forged"
    result = _trusting(issuer).verify_credential(signed, now=NOW)
    assert result.codes == ("proof.signature_invalid",)
    later = [c.status for c in result.checks[3:]]
    assert later == [CheckStatus.SKIPPED] * 4
    with pytest.raises(VerificationError) as exc:
        result.raise_for_failure()
    assert exc.value.result is result


def test_expired_but_genuine(issuer):
    signed = sign_credential(_vc(issuer, validUntil="2025-12-31T00:00:00Z"), key=issuer)
    result = _trusting(issuer).verify_credential(signed, now=NOW)
    assert result.check("proof").status is CheckStatus.PASSED
    assert result.codes == ("validity.expired",)
    assert result.check("validity").details["validUntil"] == "2025-12-31T00:00:00Z"


def test_clock_skew_tolerated(issuer):
    signed = sign_credential(_vc(issuer, validFrom="2026-01-01T00:03:00Z"), key=issuer)
    assert _trusting(issuer).verify_credential(signed, now=NOW).verified
    late = NOW - timedelta(minutes=10)
    assert _trusting(issuer).verify_credential(signed, now=late).codes == (
        "validity.not_yet_valid",
    )


def test_issuer_policies(issuer):
    signed = sign_credential(_vc(issuer), key=issuer)
    assert verify_credential(signed, now=NOW).codes == ("issuer.no_trust_policy",)
    assert verify_credential(signed, now=NOW).outcome is Outcome.INDETERMINATE
    other = VerificationPolicy(trusted_issuers={"did:example:someone-else"})
    assert verify_credential(signed, policy=other, now=NOW).codes == ("issuer.not_trusted",)
    assert verify_credential(
        signed, policy=VerificationPolicy(accept_any_issuer=True), now=NOW
    ).verified


def test_key_of_someone_else_does_not_speak_for_issuer(issuer):
    intruder = KeyPair.generate()
    signed = sign_credential(_vc(issuer), key=intruder)
    result = _trusting(issuer).verify_credential(signed, now=NOW)
    assert result.codes == ("issuer.key_not_controlled",)


def test_status_without_provider_is_indeterminate(issuer):
    status = {
        "id": "https://led.example/status/1#5",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": "https://led.example/status/1",
    }
    signed = sign_credential(_vc(issuer, credentialStatus=status), key=issuer)
    result = _trusting(issuer).verify_credential(signed, now=NOW)
    assert result.outcome is Outcome.INDETERMINATE and result.codes == ("status.no_provider",)


def test_vc11_input_gets_data_integrity_context(issuer):
    doc = {
        "@context": [V1],
        "type": ["VerifiableCredential"],
        "issuer": issuer.controller,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:x"},
    }
    signed = sign_credential(doc, key=issuer)
    assert signed["@context"] == [V1, "https://w3id.org/security/data-integrity/v2"]
    assert "@context" not in signed["proof"] and doc["@context"] == [V1]
    assert _trusting(issuer).verify_credential(signed, now=NOW).verified


def test_sign_refuses_undefined_terms_and_non_credentials(issuer):
    doc = _vc(issuer)
    doc["@context"] = [V2]
    with pytest.raises(SigningError) as exc:
        sign_credential(doc, key=issuer)
    assert exc.value.code == "context.undefined_term"
    with pytest.raises(SigningError) as exc:
        sign_credential({"@context": [V2], "type": ["Thing"]}, key=issuer)
    assert exc.value.code == "structure.not_a_credential"
    with pytest.raises(SigningError) as exc:
        sign_credential(_vc(issuer), key=issuer, cryptosuite="ecdsa-rdfc-2019")
    assert exc.value.code == "proof.key_type_mismatch"


@pytest.mark.parametrize("key_type", list(KeyType))
def test_proof_set_from_different_keys_and_chain(key_type):
    first, second = KeyPair.generate(), KeyPair.generate(key_type)
    suite = "eddsa-rdfc-2022" if key_type is KeyType.ED25519 else "ecdsa-rdfc-2019"
    one = sign_credential(_vc(first), key=first, proof_id="urn:uuid:proof-1")
    chained = sign_credential(one, key=second, cryptosuite=suite, previous_proof="urn:uuid:proof-1")
    assert chained["proof"][1]["previousProof"] == "urn:uuid:proof-1"
    result = _trusting(first).verify_credential(chained, now=NOW)
    assert result.verified and result.check("proof").details["proofs"] == 2
    broken = copy.deepcopy(chained)
    broken["proof"][0]["id"] = "urn:uuid:other"
    assert (
        "proof.signature_invalid" in _trusting(first).verify_credential(broken, now=NOW).codes
        or "proof.previous_proof_missing"
        in _trusting(first).verify_credential(broken, now=NOW).codes
    )


def _vp(holder: KeyPair, *creds) -> dict:
    return {
        "@context": [V2],
        "type": ["VerifiablePresentation"],
        "holder": holder.controller,
        "verifiableCredential": list(creds),
    }


def _about(holder: KeyPair, issuer: KeyPair) -> dict:
    """A credential whose subject is ``holder`` (wallet-bound)."""
    doc = _vc(issuer)
    doc["credentialSubject"]["id"] = holder.controller
    return sign_credential(doc, key=issuer)


def test_presentation_checks(issuer):
    holder = KeyPair.generate(KeyType.P256)
    vc = _about(holder, issuer)
    vp = sign_presentation(
        _vp(holder, vc),
        key=holder,
        challenge="abc",
        domain="verifier.example",
        cryptosuite="ecdsa-rdfc-2019",
    )
    verifier = _trusting(issuer)
    ok = verifier.verify_presentation(vp, challenge="abc", domain="verifier.example", now=NOW)
    assert ok.verified and ok.kind == "presentation" and len(ok.credentials) == 1
    assert ok.check("holder_binding").details["binding"] == "holder_key"
    assert ok.to_dict()["credentials"][0]["verified"] is True
    assert verifier.verify_presentation(vp, challenge="xyz", now=NOW).codes == (
        "proof.challenge_mismatch",
    )
    assert verifier.verify_presentation(
        vp, challenge="abc", domain="evil.example", now=NOW
    ).codes == ("proof.domain_mismatch",)
    undecided = verifier.verify_presentation(vp, now=NOW)
    assert undecided.outcome is Outcome.INDETERMINATE
    assert undecided.codes == ("proof.challenge_not_checked",)


def test_presentation_holder_mismatch_and_bad_embedded_credential(issuer):
    holder, other = KeyPair.generate(), KeyPair.generate()
    vc = _about(holder, issuer)
    vp = _vp(other, vc)
    signed = sign_presentation(vp, key=holder, challenge="c")
    result = _trusting(issuer).verify_presentation(signed, challenge="c", now=NOW)
    assert result.codes == ("holder_binding.holder_mismatch",)
    tampered = copy.deepcopy(vc)
    tampered["credentialSubject"]["alumniOf"] = "Forged"
    signed = sign_presentation(_vp(holder, tampered), key=holder, challenge="c")
    result = _trusting(issuer).verify_presentation(signed, challenge="c", now=NOW)
    assert result.outcome is Outcome.FAILED and result.codes == ()
    assert result.credentials[0].codes == ("proof.signature_invalid",)


def test_unsigned_presentation_only_when_allowed(issuer):
    holder = KeyPair.generate()
    vp = _vp(holder, sign_credential(_vc(issuer), key=issuer))
    assert _trusting(issuer).verify_presentation(vp, now=NOW).codes == ("proof.missing",)
    allowed = _trusting(issuer, allow_unsigned_presentations=True).verify_presentation(vp, now=NOW)
    assert allowed.verified and allowed.check("proof").status is CheckStatus.SKIPPED


def test_a_thief_cannot_present_someone_elses_credential(issuer, caplog):
    thief = KeyPair.generate()
    vc = sign_credential(_vc(issuer), key=issuer)  # subject did:example:holder, the victim
    vp = sign_presentation(_vp(thief, vc), key=thief, challenge="c")
    result = _trusting(issuer).verify_presentation(vp, challenge="c", now=NOW)  # the default
    assert result.codes == ("holder_binding.not_subject",)
    assert result.check("holder_binding").details["subject"] == "did:example:holder"
    with caplog.at_level(logging.WARNING, logger="vc_led"):
        lax = _trusting(issuer, allow_presenter_not_subject=True)
    assert "someone other than the presenter" in caplog.text
    allowed = lax.verify_presentation(vp, challenge="c", now=NOW)
    assert allowed.verified
    assert allowed.check("holder_binding").details["binding"] == "not_subject"
    vp = sign_presentation(_vp(thief, _about(thief, issuer)), key=thief, challenge="c")
    bound = _trusting(issuer).verify_presentation(vp, challenge="c", now=NOW)
    assert bound.verified and bound.check("holder_binding").details["binding"] == "holder_key"


def test_a_bearer_credential_passes_binding_but_says_it_is_bearer(issuer):
    stranger = KeyPair.generate()
    doc = _vc(issuer)
    del doc["credentialSubject"]["id"]  # a download: named by name and birth date only
    vc = sign_credential(doc, key=issuer)
    alone = _trusting(issuer).verify_credential(vc, now=NOW)
    assert alone.check("holder_binding").details == {"binding": "bearer"}
    vp = sign_presentation(_vp(stranger, vc), key=stranger, challenge="c")
    result = _trusting(issuer).verify_presentation(vp, challenge="c", now=NOW)
    check = result.check("holder_binding")
    assert check.status is CheckStatus.PASSED and check.code is None
    assert dict(check.details) == {
        "holder": stranger.controller,
        "bearer_credentials": "1",
        "binding": "bearer",
    }


def test_policy_without_suites_is_a_configuration_error():
    with pytest.raises(ConfigurationError):
        Verifier(VerificationPolicy(allowed_cryptosuites=frozenset()))


def test_verification_never_raises_on_garbage():
    verifier = Verifier(VerificationPolicy(accept_any_issuer=True))
    for junk in [
        b"",
        b"\xff\xfe",
        "[]",
        "null",
        "{",
        {"proof": object()},
        42,
        None,
        {"@context": 5, "type": "VerifiableCredential"},
    ]:
        result = verifier.verify_credential(junk, now=NOW)
        assert result.outcome is Outcome.FAILED and result.checks[0].check == "structure"
        assert verifier.verify_presentation(junk, now=NOW).outcome is Outcome.FAILED


def test_too_many_proofs_is_bounded(issuer):
    from vc_led import Limits

    signed = sign_credential(_vc(issuer), key=issuer)
    signed["proof"] = [signed["proof"]] * 3
    verifier = Verifier(
        VerificationPolicy(trusted_issuers={issuer.controller}, limits=Limits(max_proofs=2))
    )
    result = verifier.verify_credential(signed, now=NOW)
    assert result.codes == ("proof.malformed",)
    assert "too many proofs" in result.check("proof").message


@pytest.mark.parametrize(
    ("key_type", "suite"),
    [
        (KeyType.ED25519, "eddsa-rdfc-2022"),
        (KeyType.P256, "ecdsa-rdfc-2019"),
        (KeyType.P384, "ecdsa-rdfc-2019"),
    ],
)
def test_the_default_cryptosuite_suits_the_key(key_type, suite):
    # regression: the default was eddsa-rdfc-2022 for every key, so a registry whose key had
    # been rotated to P-256 could no longer sign its trust bundle
    key = KeyPair.generate(key_type)
    vc = _about(key, key)
    assert vc["proof"]["cryptosuite"] == suite
    assert _trusting(key).verify_credential(vc, now=NOW).verified
    vp = sign_presentation(_vp(key, vc), key=key, challenge="c")
    assert vp["proof"]["cryptosuite"] == suite
    assert _trusting(key).verify_presentation(vp, challenge="c", now=NOW).verified
    with pytest.raises(SigningError) as info:
        sign_credential(_vc(key), key=key, cryptosuite=({*SUITES} - {suite}).pop())
    assert info.value.code == "proof.key_type_mismatch"


SUITES = ("eddsa-rdfc-2022", "ecdsa-rdfc-2019")
