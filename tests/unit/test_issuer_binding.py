"""``VerificationPolicy(issuer_binding=...)``: by default the issuer must control the key of a
valid proof (``issuer.key_not_controlled``); ``"proof_only"`` checks the proof against its
verification method alone and leaves trust to the caller -- the W3C Data Integrity vectors
(issuer ``https://vc.example/issuers/5678``, signed by a ``did:key``) verify only under it."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vc_led import ConfigurationError, VerificationPolicy, Verifier, load_key_file, sign_credential

W3C = Path(__file__).resolve().parent.parent / "vectors" / "w3c"
VECTORS = {
    "ecdsa-p256": W3C / "vc-di-ecdsa" / "ecdsa-rdfc-2019-p256" / "signedECDSAP256.json",
    "ecdsa-p384": W3C / "vc-di-ecdsa" / "ecdsa-rdfc-2019-p384" / "signedECDSAP384.json",
    "eddsa": W3C / "vc-di-eddsa" / "eddsa-rdfc-2022" / "signedDataInt.json",
}
ISSUER = "https://vc.example/issuers/5678"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
PROOF_ONLY = VerificationPolicy(issuer_binding="proof_only")


def _vector(name: str) -> dict:
    return json.loads(VECTORS[name].read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(VECTORS))
@pytest.mark.parametrize(
    "policy",
    [
        VerificationPolicy(),
        VerificationPolicy(trusted_issuers=frozenset({ISSUER})),
        VerificationPolicy(accept_any_issuer=True),
    ],
    ids=["default", "issuer-trusted", "any-issuer"],
)
def test_the_w3c_vectors_fail_the_default_issuer_binding(name, policy):
    result = Verifier(policy).verify_credential(_vector(name), now=NOW)
    assert result.check("proof").status.value == "passed"
    assert result.check("issuer").code.value == "issuer.key_not_controlled"
    assert not result.verified


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_the_w3c_vectors_verify_when_the_caller_decides_trust(name):
    doc = _vector(name)
    result = Verifier(PROOF_ONLY).verify_credential(doc, now=NOW)
    assert result.verified, result.to_dict()
    issuer = result.check("issuer")
    assert issuer.status.value == "skipped" and issuer.code is None  # never "passed"
    assert "issuer not checked" in issuer.message and "caller" in issuer.message
    signer = doc["proof"]["verificationMethod"].split("#")[0]
    assert issuer.details == {
        "issuer": ISSUER,
        "issuer_binding": "not_checked",
        "key_controllers": signer,
    }
    assert result.authenticity is None  # nothing is said about an unbound issuer's record


def test_proof_only_does_not_rescue_an_altered_credential():
    doc = copy.deepcopy(_vector("ecdsa-p256"))
    doc["credentialSubject"]["alumniOf"] = "Another School"
    result = Verifier(PROOF_ONLY).verify_credential(doc, now=NOW)
    assert not result.verified
    assert result.check("proof").status.value == "failed"
    assert result.outcome.value == "failed"
    assert "issuer_binding" not in result.check("issuer").details  # not reached


def test_proof_only_cannot_satisfy_require_authentic():
    policy = VerificationPolicy(issuer_binding="proof_only", require_authentic=True)
    result = Verifier(policy).verify_credential(_vector("eddsa"), now=NOW)
    assert not result.verified
    assert result.check("issuer").code.value == "issuer.not_authentic"


def test_a_bound_issuer_is_judged_as_usual_under_proof_only():
    key = load_key_file(W3C / "vc-di-eddsa" / "keyPair.json")
    doc = json.loads((W3C / "vc-di-eddsa" / "unsigned.json").read_text())
    doc["issuer"] = key.controller
    signed = sign_credential(doc, key=key, created=NOW)
    result = Verifier(PROOF_ONLY).verify_credential(signed, now=NOW)
    assert result.check("issuer").code.value == "issuer.no_trust_policy"  # not skipped
    trusted = VerificationPolicy(issuer_binding="proof_only", trusted_issuers={key.controller})
    assert Verifier(trusted).verify_credential(signed, now=NOW).check("issuer").status.value == (
        "passed"
    )


def test_an_unknown_binding_is_a_configuration_error(caplog):
    with pytest.raises(ConfigurationError, match="issuer_binding must be one of"):
        VerificationPolicy(issuer_binding="none")
    VerificationPolicy(issuer_binding="proof_only")
    assert "issuer_binding='proof_only'" in caplog.text


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_report_does_not_call_an_unbound_issuer_trustworthy(lang):
    """Verified under proof_only, the report must not say "may be relied on", and the issuer
    it names (and every other claim) stays a claim."""
    from vc_led.report import build_report, render_report

    result = Verifier(PROOF_ONLY).verify_credential(_vector("eddsa"), now=NOW)
    assert result.verified
    report = build_report(result, lang=lang)
    assert not report.claims_verified
    assert all(f.claimed for f in report.fields)
    text = render_report(report)
    assert ("WHO ISSUED" if lang == "en" else "WIE HET UITGAF") in text
    assert "may be relied on" not in text and "betrouwbaar" not in text
