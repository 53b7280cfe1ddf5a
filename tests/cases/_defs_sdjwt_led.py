"""LED SD-JWT VC cases (``sdjwt-led-*``): the SD-JWT VC rendition of a LED record judged by the
trust registry as its W3C twin is (``vc_led.sdjwt._trust``), and the shipped type metadata's
rules (``vc_led.sdjwt._vct``). The registry (``environment.json``: ``trust_registry``) is the
seeded LED one with ``did:web:led.example.be`` as the registry, which ``iss``
``https://led.example.be`` maps to; the P-256 test key is configured for ``iss``. The policy
trusts no issuer explicitly, so the registry alone decides."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

from _build import CREATED, ED_OTHER, IND, P256, Case, case, failed_at, passing
from _defs_led import HOLDER, sample

from vc_led.jose import jwk_of_public, sign_compact
from vc_led.led.issuing_sdjwt import issue_sd_jwt_credential
from vc_led.sdjwt import present_sd_jwt
from vc_led.trust import TrustRegistry, default_led_registry

ISS = "https://led.example.be"
DID = "did:web:led.example.be"
QUAL = "https://w3id.org/vc-led/vct/qualification/v1"
RECORD = ("88642199886.xml", 6)  # an ASO diploma, supplier Secundair onderwijs
SUPPLIER = "Secundair onderwijs"
OPTIONS = {"trusted_issuers": []}


def _rng() -> Callable[[int], bytes]:
    counter = iter(range(1_000_000))
    return lambda n: hashlib.sha256(b"led-trust-%d" % next(counter)).digest()[:n]


def _issue() -> str:
    return issue_sd_jwt_credential(
        record=sample(*RECORD),
        holder=HOLDER,
        issuer_key=P256,
        issuer=ISS,
        holder_key=ED_OTHER.public,
        now=CREATED,
        rng=_rng(),
    )


def _registry(**change: Any) -> TrustRegistry:
    """The LED registry with the scopes of ``Secundair onderwijs`` changed."""
    base = default_led_registry(registry_did=DID)
    if not change:
        return base
    supplier = base.by_name(SUPPLIER)
    assert supplier is not None
    scopes = tuple(dataclasses.replace(s, **change) for s in supplier.scopes)
    return base.with_issuer(dataclasses.replace(supplier, scopes=scopes))


def _env(registry: TrustRegistry) -> dict[str, Any]:
    key = jwk_of_public(P256.public).export_public(as_dict=True)
    return {"trust_registry": registry.to_dict(), "sd_jwt_issuer_keys": {ISS: [key]}}


def _case(name: str, description: str, text: str, registry: TrustRegistry, **kw: Any) -> Case:
    issuer = kw.pop("issuer", "passed")
    code = kw.pop("code", None)
    outcome = "verified" if issuer == "passed" else ("failed" if issuer == "failed" else IND)
    return Case(
        name,
        description,
        (text + "\n").encode("ascii"),
        outcome,
        [code] if code else [],
        passing(context="skipped", issuer=issuer, status="skipped", holder_binding="skipped"),
        options=OPTIONS,
        environment=_env(registry),
        input_file="input.sdjwt",
    )


@case
def sdjwt_led_accredited() -> Case:
    return _case(
        "sdjwt-led-accredited",
        "the SD-JWT VC of an ASO diploma; iss https://led.example.be is the registry "
        "did:web:led.example.be, signing for Secundair onderwijs within scope and coverage",
        _issue(),
        _registry(),
    )


@case
def sdjwt_led_out_of_scope() -> Case:
    return _case(
        "sdjwt-led-out-of-scope",
        "the same diploma; the registry accredits Secundair onderwijs for another category only",
        _issue(),
        _registry(categories=frozenset({"Basisonderwijs"})),
        issuer="failed",
        code="issuer.out_of_scope",
    )


@case
def sdjwt_led_before_coverage() -> Case:
    return _case(
        "sdjwt-led-before-coverage",
        "the same diploma; the registry covers Secundair onderwijs only from 2030 (nbf is the "
        "issue date, as the W3C rendition's validFrom)",
        _issue(),
        _registry(coverage_start=date(2030, 1, 1)),
        issuer="failed",
        code="issuer.before_coverage",
    )


@case
def sdjwt_led_supplier_withheld() -> Case:
    shown = present_sd_jwt(
        _issue(),
        disclose=["qualification.description", "qualification.education.category"],
    )
    return _case(
        "sdjwt-led-supplier-withheld",
        "the diploma presented without source.supplier: the registry signs on behalf of the "
        "supplier the credential names, so accreditation cannot be decided -- not a pass",
        shown,
        _registry(),
        issuer="indeterminate",
        code="issuer.scope_claims_withheld",
    )


def _hand_built(**claims: Any) -> str:
    header = {"typ": "dc+sd-jwt", "alg": "ES256"}
    payload = {"iss": ISS, "vct": QUAL, "iat": 1748779200, "_sd_alg": "sha-256", **claims}
    return sign_compact(header, payload, key=P256) + "~"


@case
def sdjwt_led_vct_integrity_mismatch() -> Case:
    text = _hand_built(**{"vct#integrity": "sha256-" + "A" * 43 + "="})
    return failed_at(
        "sdjwt-led-vct-integrity-mismatch",
        "a LED vct whose vct#integrity is not the SRI hash of the shipped type metadata",
        (text + "\n").encode("ascii"),
        "structure.vct_integrity_mismatch",
        options=OPTIONS,
        environment=_env(_registry()),
        input_file="input.sdjwt",
    )


@case
def sdjwt_led_claim_in_clear() -> Case:
    text = _hand_built(qualification={"education": {"school_type": "Buitengewoon"}})
    return failed_at(
        "sdjwt-led-claim-in-clear",
        "a hand-built LED qualification with the school type (Buitengewoon) in the clear, "
        "which the type metadata marks sd: always",
        (text + "\n").encode("ascii"),
        "structure.sd_always_claim_in_clear",
        options=OPTIONS,
        environment=_env(_registry()),
        input_file="input.sdjwt",
    )
