"""The W3C Bitstring Status List 1.0 examples (tests/vectors/w3c-bitstring-status-list/), stage by
stage: the encodedList codec, the signed examples' proofs, and our verdict on them as lists."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vc_led import CheckStatus, ListStatusProvider, VerificationPolicy, Verifier
from vc_led.dids import ResolvedMethod
from vc_led.jsonld.canon import Canonicalizer
from vc_led.keys import decode_multikey
from vc_led.proofs.core import ProofExpectations, verify_proofs
from vc_led.status import Bitstring, StatusPolicy
from vc_led.status._entries import parse_entry

HERE = Path(__file__).resolve().parent.parent / "vectors" / "w3c-bitstring-status-list"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
ENCODED = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
LISTS = sorted(HERE.glob("example-[35]-*.json"))
SIGNED = sorted(HERE.glob("example-*-*-rdfc-*.json"))


def load(name: str | Path) -> dict:
    return json.loads((HERE / name).read_text())


class BareDidKeyResolver:
    """The examples name a bare did:key as verificationMethod: resolve it to its key."""

    def resolve(self, vm_id: str) -> ResolvedMethod:
        did = vm_id.split("#", 1)[0]
        return ResolvedMethod(
            vm_id, did, decode_multikey(did[len("did:key:") :]), frozenset({"assertionMethod"})
        )


def test_every_example_list_is_the_empty_16kb_list():
    assert len(LISTS) == 4
    for path in LISTS:
        subject = load(path)["credentialSubject"]
        assert subject["encodedList"] == ENCODED, path.name
        bits = Bitstring.decode(subject["encodedList"])
        assert len(bits) == 131_072 and bits.count() == 0
    assert Bitstring().encode() == ENCODED


@pytest.mark.parametrize("path", SIGNED, ids=lambda p: p.name)
def test_signed_examples_verify(path):
    expect = ProofExpectations(
        purpose="assertionMethod",
        now=NOW,
        allowed_suites=frozenset({"eddsa-rdfc-2022", "ecdsa-rdfc-2019"}),
    )
    outcomes = verify_proofs(
        load(path), resolver=BareDidKeyResolver(), expect=expect, canonicalizer=Canonicalizer()
    )
    assert [o.status for o in outcomes] == [CheckStatus.PASSED]


def test_example_entries_parse():
    doc = load("example-1-credential-with-two-entries.json")
    parsed = [parse_entry(e) for e in doc["credentialStatus"]]
    assert [(p.url, p.index, p.purpose) for p in parsed] == [
        ("https://example.com/credentials/status/3", 94567, "revocation"),
        ("https://example.com/credentials/status/4", 23452, "suspension"),
    ]


def test_the_examples_are_not_usable_lists_here():
    """The example list is signed by a did:key that is not its issuer (did:example:12345):
    a verifier that checks who signed must refuse it, even when it trusts did:example:12345."""
    url = "https://example.com/credentials/status/3"
    trusting = Verifier(
        VerificationPolicy(trusted_issuers={"did:example:12345"}), resolver=BareDidKeyResolver()
    )
    credential = load("example-4-revocable-credential.json")
    for name, cause in [
        ("example-5-status-list-credential-eddsa-rdfc-2022.json", "issuer.key_not_controlled"),
        ("example-5-status-list-credential.json", "proof.missing"),
    ]:
        provider = ListStatusProvider({url: load(name)}, verifier=trusting, policy=StatusPolicy())
        result = provider.check(credential, [credential["credentialStatus"]], now=NOW)
        assert (result.code, result.details["cause"]) == ("status.list_invalid", cause)
