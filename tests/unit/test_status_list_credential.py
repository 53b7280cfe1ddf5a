"""Building BitstringStatusListCredential documents and BitstringStatusListEntry objects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from vc_led import KeyPair, VerificationPolicy, Verifier, sign_credential
from vc_led.status import Bitstring, build_status_entry, build_status_list_credential

NOW = datetime(2026, 1, 1, tzinfo=UTC)
URL = "https://led.example/status/7"


def test_list_credential_shape():
    bits = Bitstring()
    bits.set(94567)
    doc = build_status_list_credential(
        list_url=URL,
        issuer="did:web:led.example",
        bitstring=bits,
        purpose="revocation",
        valid_from=NOW,
        valid_until=NOW + timedelta(days=1),
        ttl=timedelta(minutes=5),
    )
    assert doc["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert doc["id"] == URL
    assert doc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert (doc["validFrom"], doc["validUntil"]) == ("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")
    subject = doc["credentialSubject"]
    assert subject["id"] == URL + "#list" and subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation" and subject["ttl"] == 300_000
    assert Bitstring.decode(subject["encodedList"]).get(94567)


def test_several_purposes_and_optional_fields():
    doc = build_status_list_credential(
        list_url=URL,
        issuer="did:web:led.example",
        bitstring=Bitstring(),
        purpose=["revocation", "suspension"],
        valid_from=NOW,
        ttl=1000,
    )
    assert doc["credentialSubject"]["statusPurpose"] == ["revocation", "suspension"]
    assert doc["credentialSubject"]["ttl"] == 1000 and "validUntil" not in doc


@pytest.mark.parametrize(
    "change",
    [
        {"bitstring": Bitstring(1024)},
        {"purpose": "message"},
        {"purpose": []},
        {"purpose": ["revocation", "revocation"]},
        {"ttl": 0},
        {"ttl": timedelta(seconds=-1)},
        {"valid_until": NOW - timedelta(seconds=1)},
    ],
)
def test_refused_list_parameters(change):
    args = {
        "list_url": URL,
        "issuer": "did:web:led.example",
        "bitstring": Bitstring(),
        "purpose": "revocation",
        "valid_from": NOW,
    } | change
    with pytest.raises(ValueError):
        build_status_list_credential(**args)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        build_status_list_credential(
            list_url=URL,
            issuer="did:web:led.example",
            bitstring=Bitstring(),
            purpose="revocation",
            valid_from=datetime(2026, 1, 1),
        )


def test_a_short_list_only_when_asked():
    doc = build_status_list_credential(
        list_url=URL,
        issuer="did:web:led.example",
        bitstring=Bitstring(1024),
        purpose="suspension",
        valid_from=NOW,
        minimum_entries=1024,
    )
    assert len(Bitstring.decode(doc["credentialSubject"]["encodedList"])) == 1024


def test_the_recipe_signs_it_and_the_verifier_accepts_it():
    key = KeyPair.generate()
    doc = build_status_list_credential(
        list_url=URL, issuer=key.controller, bitstring=Bitstring(), purpose="revocation",
        valid_from=NOW,
    )  # fmt: skip
    signed = sign_credential(doc, key=key, created=NOW)
    result = Verifier(VerificationPolicy(trusted_issuers={key.controller})).verify_credential(
        signed, now=NOW
    )
    assert result.verified


def test_entry():
    entry = build_status_entry(list_url=URL, index=94567, purpose="revocation")
    assert entry == {
        "id": URL + "#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": URL,
    }
    for bad in (-1, True, 1.0, "5"):
        with pytest.raises(ValueError):
            build_status_entry(list_url=URL, index=bad, purpose="revocation")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        build_status_entry(list_url=URL, index=1, purpose="refresh")
