"""Authenticity surfaced: a self-declared record verifies as genuinely issued, and the result
says so; a policy can require authentic records (``issuer.not_authentic``)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vc_led import (
    Authenticity,
    CheckStatus,
    KeyPair,
    VerificationPolicy,
    Verifier,
    sign_credential,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import World, build_world, led_document

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(now=NOW)


def verify(world: World, name: str, **policy):
    verifier = Verifier.from_bundle(world.bundle(), policy=VerificationPolicy(**policy))
    return verifier.verify_credential(world.credentials[name], now=NOW)


def test_authentic_record(world):
    result = verify(world, "registry_ok")
    assert result.verified and result.authenticity is Authenticity.AUTHENTIC
    issuer = result.check("issuer")
    assert issuer.details["authenticity"] == "Authentiek"
    assert issuer.details["authenticity_level"] == "authentic"
    assert result.to_dict()["authenticity"] == "authentic"
    assert verify(world, "registry_ok", require_authentic=True).verified


def test_self_declared_record_verifies_and_says_so(world):
    result = verify(world, "self_declared")
    assert result.verified and result.authenticity is Authenticity.SELF_DECLARED
    assert result.check("issuer").details["authenticity"] == "Eigen verklaring - Op eer"
    strict = verify(world, "self_declared", require_authentic=True)
    issuer = strict.check("issuer")
    assert issuer.status is CheckStatus.FAILED and issuer.code.value == "issuer.not_authentic"
    assert strict.authenticity is Authenticity.SELF_DECLARED
    assert [c.value for c in strict.codes] == ["issuer.not_authentic"]


def test_a_record_that_does_not_say_is_not_taken_as_authentic():
    key = KeyPair.generate()
    doc = led_document(key.controller, supplier="x", valid_from=NOW)
    doc.pop("evidence")
    doc["type"] = ["VerifiableCredential"]
    signed = sign_credential(doc, key=key, created=NOW)
    trusted = frozenset({key.controller})
    result = Verifier(VerificationPolicy(trusted_issuers=trusted)).verify_credential(
        signed, now=NOW
    )
    assert result.verified and result.authenticity is Authenticity.NOT_STATED
    assert "authenticity" not in result.check("issuer").details
    strict = Verifier(VerificationPolicy(trusted_issuers=trusted, require_authentic=True))
    assert [c.value for c in strict.verify_credential(signed, now=NOW).codes] == [
        "issuer.not_authentic"
    ]


def test_self_declared_type_marks_it_too():
    key = KeyPair.generate()
    doc = led_document(key.controller, supplier="x", valid_from=NOW)
    doc["type"].append("LedSelfDeclaredCredential")
    doc["evidence"][0].pop("authenticity")
    signed = sign_credential(doc, key=key, created=NOW)
    verifier = Verifier(VerificationPolicy(trusted_issuers={key.controller}))
    assert verifier.verify_credential(signed, now=NOW).authenticity is Authenticity.SELF_DECLARED


def test_no_authenticity_without_an_established_issuer(world):
    assert verify(world, "out_of_scope").authenticity is None
    assert verify(world, "retired_after").authenticity is None
    assert "authenticity" not in verify(world, "retired_after").to_dict()
