"""Trust registry cases: LED-like credentials and the registry the verifier holds
(``environment.json``: ``trust_registry``). The policy trusts no issuer explicitly, so the
registry alone decides: accreditation, scope, coverage date, suspension, key windows.

The registry is the seeded LED one with the Ed25519 test key as the registry's DID (it signs
on behalf of the supplier named in ``evidence``), plus a supplier that signs itself (the P-256
test key). The P-384 test key is not in the registry.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from _build import ED, IND, P256, P384, SUBJECT, Case, case, credential, failed_at, passing, sign

from vc_led.trust import (
    AccreditationScope,
    AccreditedIssuer,
    IssuerKey,
    TrustRegistry,
    default_led_registry,
)

OPTIONS = {"trusted_issuers": []}
HIGHER = "Hoger onderwijs"


def registry() -> TrustRegistry:
    own = AccreditedIssuer(
        name="Universiteit Voorbeeld",
        did=P256.controller,
        scopes=(
            AccreditationScope(
                description="Diploma's",
                credential_types=frozenset({"LedQualificationCredential"}),
                categories=frozenset({HIGHER}),
                coverage_start=date(1999, 9, 1),
            ),
        ),
    )
    return default_led_registry(registry_did=ED.controller).with_issuer(own)


def led(
    key: Any = ED,
    *,
    category: str = HIGHER,
    supplier: str | None = HIGHER,
    authenticity: str = "Authentiek",
    valid_from: str = "2025-06-30T00:00:00Z",
) -> dict:
    """A LED-like qualification credential (examples context), signed by ``key``."""
    evidence: dict[str, Any] = {"type": "LedSupplierEvidence", "authenticity": authenticity}
    if supplier is not None:
        evidence["supplier"] = supplier
    doc = credential(
        key.controller,
        type=["VerifiableCredential", "LedQualificationCredential"],
        validFrom=valid_from,
        credentialSubject={
            "id": SUBJECT,
            "achievement": {
                "type": "Achievement",
                "name": "Master of Science in de informatica",
                "category": category,
            },
        },
        evidence=evidence,
    )
    return sign(doc, key)


def trust_case(
    name: str,
    description: str,
    doc: dict,
    code: str | None,
    trust: TrustRegistry | None = None,
) -> Case:
    environment = {"trust_registry": (trust or registry()).to_dict()}
    if code is None:
        return Case(
            name, description, doc, "verified", [], passing(), options=OPTIONS,
            environment=environment,
        )  # fmt: skip
    if code.startswith("proof."):
        return failed_at(name, description, doc, code, options=OPTIONS, environment=environment)
    status = IND if code == "issuer.no_trust_policy" else "failed"
    return Case(
        name, description, doc, "failed", [code], passing(issuer=status), options=OPTIONS,
        environment=environment,
    )  # fmt: skip


# ---------------------------------------------------------------- controls


@case
def trust_accredited() -> Case:
    return trust_case(
        "trust-accredited",
        "control: the registry signs for Hoger onderwijs, a diploma of 2025 in its scope",
        led(),
        None,
    )


@case
def trust_supplier_signed() -> Case:
    return trust_case(
        "trust-supplier-signed",
        "control: a supplier with its own DID signs a credential in its own scope",
        led(P256, supplier=None),
        None,
    )


@case
def trust_self_declared() -> Case:
    return trust_case(
        "trust-self-declared",
        "control: a 1979 self-declared record in the VDAB file: own category, no coverage date",
        led(
            supplier="VDAB",
            category="Secundair onderwijs",
            authenticity="Eigen verklaring - Op eer",
            valid_from="1979-06-30T00:00:00Z",
        ),
        None,
    )


# ---------------------------------------------------------------- issuer


@case
def trust_issuer_not_accredited() -> Case:
    return trust_case(
        "trust-issuer-not-accredited",
        "the issuer's own key signed, but the issuer is not in the trust registry",
        led(P384, supplier=None),
        "issuer.not_accredited",
    )


@case
def trust_supplier_not_accredited() -> Case:
    return trust_case(
        "trust-supplier-not-accredited",
        "the registry signs on behalf of a supplier the registry does not accredit",
        led(supplier="Vlaamse Trainersschool"),
        "issuer.not_accredited",
    )


@case
def trust_out_of_scope() -> Case:
    return trust_case(
        "trust-out-of-scope",
        "a Hoger onderwijs diploma issued for the Basisonderwijs supplier",
        led(supplier="Basisonderwijs"),
        "issuer.out_of_scope",
    )


@case
def trust_supplier_claims_another() -> Case:
    return trust_case(
        "trust-supplier-claims-another",
        "a supplier signing itself names another supplier in its evidence",
        led(P256, supplier="Hoger onderwijs"),
        "issuer.out_of_scope",
    )


@case
def trust_before_coverage() -> Case:
    return trust_case(
        "trust-before-coverage",
        "an authentic Hoger onderwijs diploma of 1995: LED covers academic years from 1999-2000",
        led(valid_from="1995-06-30T00:00:00Z"),
        "issuer.before_coverage",
    )


@case
def trust_supplier_suspended() -> Case:
    return trust_case(
        "trust-supplier-suspended",
        "the registry signs for Hoger onderwijs, which the registry has suspended",
        led(),
        "issuer.suspended",
        registry().with_status(HIGHER, "suspended"),
    )


@case
def trust_issuer_suspended() -> Case:
    return trust_case(
        "trust-issuer-suspended",
        "a supplier with its own DID, suspended in the registry, signs a credential",
        led(P256, supplier=None),
        "issuer.suspended",
        registry().with_status(P256.controller, "suspended"),
    )


# ---------------------------------------------------------------- keys


def _keys(*keys: IssuerKey) -> TrustRegistry:
    trust = registry()
    return trust.with_issuer(replace(trust.by_did(ED.controller), keys=keys))


@case
def trust_key_retired() -> Case:
    retired = datetime(2025, 5, 1, tzinfo=UTC)  # the proof is created 2025-06-01
    return trust_case(
        "trust-key-retired",
        "the registry key was retired on 2025-05-01; this proof was made with it on 2025-06-01",
        led(),
        "proof.key_retired",
        _keys(IssuerKey(id=ED.id, retired_at=retired)),
    )


@case
def trust_key_not_accredited() -> Case:
    return trust_case(
        "trust-key-not-accredited",
        "the registry lists only another key for its DID",
        led(),
        "issuer.key_not_accredited",
        _keys(IssuerKey(id=ED.controller + "#key-2")),
    )
