"""Presentation cases: challenge, domain, holder binding, unsigned VPs, embedded credentials."""

from __future__ import annotations

from typing import Any

from _build import (
    CHALLENGE,
    DOMAIN,
    ED,
    ED_OTHER,
    IND,
    P256,
    P384,
    Case,
    S,
    case,
    credential,
    hazmat_sign,
    passing,
    presentation,
    sign,
    sign_vp,
    stopped,
)

BOUND = {"challenge": CHALLENGE, "domain": DOMAIN}


def _credential(**extra: Any) -> dict:
    """A P-384 issuer's credential about the holder (the Ed25519 key)."""
    doc = credential(P384.controller, **extra)
    doc["credentialSubject"]["id"] = ED.controller
    return sign(doc, P384)


def _vp(*credentials: Any, holder: str | None = None, key: Any = ED, **kw: Any) -> dict:
    return sign_vp(presentation(*credentials, holder=holder), key=key, **kw)


def _vp_case(
    name: str,
    description: str,
    doc: Any,
    outcome: str,
    codes: list[str],
    checks: dict[str, str],
    credential_codes: list[list[str]],
    options: dict[str, Any] | None = None,
) -> Case:
    return Case(
        name,
        description,
        doc,
        outcome,
        codes,
        checks,
        kind="presentation",
        options=BOUND | (options or {}),
        credential_codes=credential_codes,
    )


# ---------------------------------------------------------------- controls


@case
def valid_presentation() -> Case:
    doc = _vp(_credential(), **BOUND)
    return _vp_case(
        "vp-valid",
        "control: a holder-signed VP with challenge and domain embedding a valid credential",
        doc,
        "verified",
        [],
        passing("presentation"),
        [[]],
    )


@case
def unsigned_allowed() -> Case:
    return _vp_case(
        "vp-unsigned-allowed",
        "control: an unsigned VP accepted by allow_unsigned_presentations (no holder binding)",
        presentation(_credential()),
        "verified",
        [],
        passing("presentation", proof=S, holder_binding=S),
        [[]],
        {"challenge": None, "domain": None, "allow_unsigned_presentations": True},
    )


# ---------------------------------------------------------------- the presentation's proof


@case
def wrong_challenge() -> Case:
    return _vp_case(
        "vp-wrong-challenge",
        "the VP proof answers another challenge (replay)",
        _vp(_credential(), **BOUND),
        "failed",
        ["proof.challenge_mismatch"],
        stopped("proof"),
        [[]],
        {"challenge": "5b1f3a0e-another-challenge"},
    )


@case
def missing_challenge() -> Case:
    return _vp_case(
        "vp-missing-challenge",
        "the VP proof has no challenge but the verifier expects one",
        _vp(_credential(), domain=DOMAIN),
        "failed",
        ["proof.challenge_missing"],
        stopped("proof"),
        [[]],
    )


@case
def challenge_not_checked() -> Case:
    return _vp_case(
        "vp-challenge-not-checked",
        "the verifier gave no challenge: replay cannot be excluded",
        _vp(_credential(), **BOUND),
        "indeterminate",
        ["proof.challenge_not_checked"],
        stopped("proof", IND),
        [[]],
        {"challenge": None},
    )


@case
def wrong_domain() -> Case:
    return _vp_case(
        "vp-wrong-domain",
        "the VP proof is bound to another domain",
        _vp(_credential(), **BOUND),
        "failed",
        ["proof.domain_mismatch"],
        stopped("proof"),
        [[]],
        {"domain": "other-verifier.example"},
    )


@case
def assertion_purpose() -> Case:
    doc = hazmat_sign(presentation(_credential()), purpose="assertionMethod", **BOUND)
    return _vp_case(
        "vp-assertion-method-purpose",
        "a VP proof made for assertionMethod instead of authentication",
        doc,
        "failed",
        ["proof.wrong_purpose"],
        stopped("proof"),
        [[]],
    )


@case
def unsigned_not_allowed() -> Case:
    return _vp_case(
        "vp-unsigned-not-allowed",
        "an unsigned VP under the default policy",
        presentation(_credential()),
        "failed",
        ["proof.missing"],
        stopped("proof"),
        [[]],
    )


@case
def tampered_presentation() -> Case:
    doc = _vp(_credential(), **BOUND)
    doc["holder"] = P256.controller
    return _vp_case(
        "vp-tampered-holder",
        "holder changed after the VP was signed",
        doc,
        "failed",
        ["proof.signature_invalid"],
        stopped("proof"),
        [[]],
    )


# ---------------------------------------------------------------- holder binding


@case
def holder_mismatch() -> Case:
    return _vp_case(
        "vp-holder-mismatch",
        "holder is another DID than the key that signed the VP",
        _vp(_credential(), holder=ED_OTHER.controller, **BOUND),
        "failed",
        ["holder_binding.holder_mismatch"],
        passing("presentation", holder_binding="failed"),
        [[]],
    )


@case
def stolen_credential() -> Case:
    return _vp_case(
        "vp-stolen-credential",
        "a thief wraps the victim's subject-bound credential in a VP signed with the thief's key",
        _vp(_credential(), holder=ED_OTHER.controller, key=ED_OTHER, **BOUND),
        "failed",
        ["holder_binding.not_subject"],
        passing("presentation", holder_binding="failed"),
        [[]],
    )


@case
def stolen_credential_without_holder() -> Case:
    unsigned = presentation(_credential())
    del unsigned["holder"]
    return _vp_case(
        "vp-stolen-credential-no-holder",
        "the same theft with no holder property: the signer is still not the subject",
        sign_vp(unsigned, key=ED_OTHER, **BOUND),
        "failed",
        ["holder_binding.not_subject"],
        passing("presentation", holder_binding="failed"),
        [[]],
    )


@case
def bearer_credential() -> Case:
    doc = credential(P384.controller)
    del doc["credentialSubject"]["id"]  # named by its content only: anyone with a copy
    return _vp_case(
        "vp-bearer-credential",
        "control: a credential without a subject id in a stranger's VP passes binding "
        "(its details say binding=bearer)",
        _vp(sign(doc, P384), holder=ED_OTHER.controller, key=ED_OTHER, **BOUND),
        "verified",
        [],
        passing("presentation"),
        [[]],
    )


# ---------------------------------------------------------------- embedded credentials


@case
def tampered_credential() -> Case:
    cred = _credential()
    cred["credentialSubject"]["degree"]["name"] = "Doctor of Philosophy"
    return _vp_case(
        "vp-tampered-credential",
        "a genuine VP embedding a credential altered after issuance",
        _vp(cred, **BOUND),
        "failed",
        [],
        passing("presentation"),
        [["proof.signature_invalid"]],
    )


@case
def expired_credential() -> Case:
    cred = _credential(validUntil="2025-09-01T00:00:00Z")
    return _vp_case(
        "vp-expired-credential",
        "a genuine VP embedding an expired credential next to a valid one",
        _vp(_credential(), cred, **BOUND),
        "failed",
        [],
        passing("presentation"),
        [[], ["validity.expired"]],
    )


@case
def untrusted_credential_issuer() -> Case:
    return _vp_case(
        "vp-untrusted-credential-issuer",
        "a genuine VP embedding a credential from an issuer the policy does not trust",
        _vp(_credential(), **BOUND),
        "failed",
        [],
        passing("presentation"),
        [["issuer.not_trusted"]],
        {"trusted_issuers": [ED.controller]},
    )


# ---------------------------------------------------------------- presentation shape


@case
def invalid_holder() -> Case:
    doc = _vp(_credential(), **BOUND)
    doc["holder"] = "Alice"
    return _vp_case(
        "vp-invalid-holder",
        "holder is a name, not a URL",
        doc,
        "failed",
        ["structure.invalid_holder"],
        stopped("structure"),
        [],
    )


@case
def embedded_credential_string() -> Case:
    doc = _vp(**BOUND)
    doc["verifiableCredential"] = ["eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJl"]
    return _vp_case(
        "vp-embedded-credential-string",
        "verifiableCredential holds a string (an enveloped JWT without EnvelopedVerifiableCredential)",
        doc,
        "failed",
        ["structure.invalid_embedded_credential"],
        stopped("structure"),
        [],
    )


@case
def credential_as_presentation() -> Case:
    return _vp_case(
        "vp-is-a-credential",
        "a credential handed to verify_presentation",
        _credential(),
        "failed",
        ["structure.not_a_presentation"],
        stopped("structure"),
        [],
    )
