"""ListStatusProvider: every entry decided by a signed, trusted, fresh list — or a code, never a pass."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from vc_led import (
    CheckStatus,
    KeyPair,
    ListStatusProvider,
    Outcome,
    StatusPolicy,
    VerificationPolicy,
    Verifier,
    sign_credential,
)
from vc_led._multibase import multibase_encode_b64url
from vc_led.status import Bitstring, build_status_entry, build_status_list_credential

NOW = datetime(2026, 1, 1, tzinfo=UTC)
V2 = "https://www.w3.org/ns/credentials/v2"
EX = "https://www.w3.org/ns/credentials/examples/v2"
REV = "https://led.example/status/revocation/1"
SUS = "https://led.example/status/suspension/1"
REGISTRY = KeyPair.generate()
OTHER = KeyPair.generate()


def status_list(
    url: str = REV,
    *,
    purpose: Any = "revocation",
    set_bits: tuple[int, ...] = (),
    key: KeyPair = REGISTRY,
    length: int = 131_072,
    valid_from: datetime = NOW - timedelta(hours=1),
    valid_until: datetime | None = None,
    signed: bool = True,
    **subject_changes: Any,
) -> dict:
    bits = Bitstring(length)
    for i in set_bits:
        bits.set(i)
    doc = build_status_list_credential(
        list_url=url,
        issuer=key.controller,
        bitstring=bits,
        purpose=purpose,
        valid_from=valid_from,
        valid_until=valid_until,
        ttl=timedelta(minutes=5),
        minimum_entries=8,
    )
    doc["credentialSubject"].update(subject_changes)
    created = min(valid_from, NOW - timedelta(hours=1))
    return sign_credential(doc, key=key, created=created) if signed else doc


def credential(*entries: dict, key: KeyPair = REGISTRY) -> dict:
    doc = {
        "@context": [V2, EX],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:holder", "name": "Alice"},
        "credentialStatus": list(entries) if len(entries) != 1 else entries[0],
    }
    return sign_credential(doc, key=key, created=NOW - timedelta(days=30))


def revocation(index: int, url: str = REV) -> dict:
    return build_status_entry(list_url=url, index=index, purpose="revocation")


def suspension(index: int, url: str = SUS) -> dict:
    return build_status_entry(list_url=url, index=index, purpose="suspension")


def list_verifier(*trusted: str) -> Verifier:
    return Verifier(VerificationPolicy(trusted_issuers=set(trusted or [REGISTRY.controller])))


def verify(doc: dict, lists: dict, *, policy: StatusPolicy | None = None, now: datetime = NOW):
    provider = ListStatusProvider(lists, verifier=list_verifier(), policy=policy)
    verifier = Verifier(
        VerificationPolicy(trusted_issuers={REGISTRY.controller}), status_provider=provider
    )
    return verifier.verify_credential(doc, now=now)


@pytest.fixture(scope="module")
def lists() -> dict:
    return {
        REV: status_list(REV, set_bits=(42,)),
        SUS: status_list(SUS, purpose="suspension", set_bits=(7,)),
    }


def test_clear_entries_pass_with_the_time_of_the_information(lists):
    result = verify(credential(revocation(5), suspension(5)), lists)
    assert result.verified
    status = result.check("status")
    assert status.status is CheckStatus.PASSED
    assert status.details["entries"] == 2
    assert status.details["as_of"] == (NOW - timedelta(hours=1)).isoformat()


def test_revoked_and_suspended(lists):
    revoked = verify(credential(revocation(42), suspension(5)), lists)
    assert revoked.codes == ("status.revoked",) and revoked.outcome is Outcome.FAILED
    assert revoked.check("status").details == {"list": REV, "index": 42, "purpose": "revocation"}
    suspended = verify(credential(revocation(5), suspension(7)), lists)
    assert suspended.codes == ("status.suspended",)
    both = verify(credential(suspension(7), revocation(42)), lists)
    assert both.codes == ("status.revoked",)  # revocation wins: it is final


def test_one_list_may_serve_both_purposes():
    url = "https://led.example/status/both"
    shared = {url: status_list(url, purpose=["revocation", "suspension"], set_bits=(3,))}
    assert verify(credential(revocation(4, url)), shared).verified
    assert verify(credential(revocation(3, url)), shared).codes == ("status.revoked",)


@pytest.mark.parametrize(
    ("make_list", "cause"),
    [
        (lambda: status_list(signed=False), "proof.missing"),
        (lambda: status_list(key=OTHER), "issuer.not_trusted"),
        (lambda: {**status_list(), "issuer": OTHER.controller}, "proof.signature_invalid"),
        (lambda: _flip_bit(status_list()), "proof.signature_invalid"),
        (lambda: b"not json", "structure.malformed_json"),
        (lambda: 42, "structure.not_an_object"),
    ],
    ids=["unsigned", "untrusted-signer", "issuer-swapped", "tampered-bits", "not-json", "number"],
)
def test_unusable_lists_fail(make_list, cause):
    result = verify(credential(revocation(5)), {REV: make_list()})
    status = result.check("status")
    assert (status.status, status.code) == (CheckStatus.FAILED, "status.list_invalid")
    assert status.details["cause"] == cause


def _flip_bit(doc: dict) -> dict:
    bits = Bitstring.decode(doc["credentialSubject"]["encodedList"])
    bits.set(5)
    out = json.loads(json.dumps(doc))
    out["credentialSubject"]["encodedList"] = bits.encode()
    return out


def test_list_signed_by_a_key_the_issuer_does_not_control():
    forged = status_list()
    unsigned = {k: v for k, v in forged.items() if k != "proof"}
    forged = sign_credential(unsigned, key=OTHER, created=NOW - timedelta(hours=1))
    status = verify(credential(revocation(5)), {REV: forged}).check("status")
    assert status.code == "status.list_invalid"
    assert status.details["cause"] == "issuer.key_not_controlled"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(type=["VerifiableCredential"]),
        lambda d: d.update(id="https://led.example/status/revocation/2"),
        lambda d: d.update({"@context": [V2, EX]}) or d["credentialSubject"].update(type="Other"),
        lambda d: d["credentialSubject"].update(encodedList="zNotBase64Url"),
        lambda d: d["credentialSubject"].pop("encodedList"),
        lambda d: d["credentialSubject"].pop("statusPurpose"),
        lambda d: d["credentialSubject"].update(ttl="300000"),
    ],
    ids=["not-a-list-type", "other-id", "subject-type", "bad-encoding", "no-list",
         "no-purpose", "ttl-string"],
)  # fmt: skip
def test_signed_but_malformed_lists_fail(mutate):
    doc = status_list(signed=False)
    mutate(doc)
    signed = sign_credential(doc, key=REGISTRY, created=NOW - timedelta(hours=1))
    status = verify(credential(revocation(5)), {REV: signed}).check("status")
    assert (status.status, status.code) == (CheckStatus.FAILED, "status.list_invalid")


def test_a_gzip_bomb_list_is_too_large():
    doc = status_list(signed=False)
    bomb = multibase_encode_b64url(gzip.compress(bytes(32 * 1024 * 1024), mtime=0))
    doc["credentialSubject"]["encodedList"] = bomb
    signed = sign_credential(doc, key=REGISTRY, created=NOW - timedelta(hours=1))
    status = verify(credential(revocation(5)), {REV: signed}).check("status")
    assert (status.status, status.code) == (CheckStatus.FAILED, "status.list_too_large")
    assert status.details["limit"] == 16 * 1024 * 1024


def test_wrong_purpose_short_list_and_index_out_of_range(lists):
    wrong = verify(credential(revocation(5)), {REV: status_list(purpose="suspension")})
    assert wrong.codes == ("status.purpose_mismatch",)
    short = verify(credential(revocation(5)), {REV: status_list(length=1024)})
    assert short.codes == ("status.list_too_short",)
    assert short.check("status").details["entries"] == 1024
    out = verify(credential(revocation(131_072)), lists)
    assert out.codes == ("status.index_out_of_range",)
    assert verify(credential(revocation(131_071)), lists).verified


def test_policy_may_lower_the_minimum_length():
    short = {REV: status_list(length=1024)}
    result = verify(credential(revocation(5)), short, policy=StatusPolicy(minimum_entries=1024))
    assert result.verified


def test_freshness():
    old = {REV: status_list(valid_from=NOW - timedelta(days=10))}
    entry = credential(revocation(5))
    assert verify(entry, old).verified  # no max_age: only validUntil bounds it
    stale = verify(entry, old, policy=StatusPolicy(max_age=timedelta(days=7)))
    assert stale.codes == ("status.stale",) and stale.outcome is Outcome.INDETERMINATE
    assert stale.check("status").details["age_seconds"] == 10 * 86400
    expired = {REV: status_list(valid_until=NOW - timedelta(hours=1))}
    assert verify(entry, expired).codes == ("status.stale",)
    future = {REV: status_list(valid_from=NOW + timedelta(hours=1))}
    assert verify(entry, future).codes == ("status.list_not_yet_valid",)
    skewed = {REV: status_list(valid_from=NOW + timedelta(minutes=2))}
    assert verify(entry, skewed).verified


def test_missing_list_and_unverifiable_list(lists):
    missing = verify(credential(revocation(5, "https://led.example/status/none")), lists)
    assert missing.codes == ("status.list_not_found",)
    assert missing.outcome is Outcome.INDETERMINATE
    provider = ListStatusProvider(lists, verifier=Verifier(VerificationPolicy()))
    result = Verifier(
        VerificationPolicy(trusted_issuers={REGISTRY.controller}), status_provider=provider
    ).verify_credential(credential(revocation(5)), now=NOW)
    assert result.codes == ("status.list_unverifiable",)
    assert result.check("status").details["cause"] == "issuer.no_trust_policy"


@pytest.mark.parametrize(
    ("entry", "code", "status"),
    [
        ({**revocation(5), "statusListIndex": "-1"}, "status.entry_invalid", "failed"),
        ({**revocation(5), "statusListIndex": "0x10"}, "status.entry_invalid", "failed"),
        ({**revocation(5), "statusListIndex": "1" * 21}, "status.entry_invalid", "failed"),
        ({**revocation(5), "statusListIndex": 5}, "status.entry_invalid", "failed"),
        ({k: v for k, v in revocation(5).items() if k != "statusListCredential"}, "status.entry_invalid", "failed"),
        ({**revocation(5), "id": REV}, "status.entry_invalid", "failed"),
        ({**revocation(5), "statusPurpose": ["revocation"]}, "status.entry_invalid", "failed"),
        ({**revocation(5), "type": "StatusList2021Entry"}, "status.unsupported_entry", "indeterminate"),
        ({**revocation(5), "statusSize": 2}, "status.unsupported_entry", "indeterminate"),
        ({**revocation(5), "statusPurpose": "message"}, "status.unsupported_entry", "indeterminate"),
    ],
)  # fmt: skip
def test_entries_the_issuer_got_wrong_or_we_do_not_support(lists, entry, code, status):
    result = verify(credential(entry), lists)
    assert result.codes == (code,)
    assert result.check("status").status.value == status


def test_every_entry_is_checked_and_their_number_is_bounded(lists):
    bad_second = credential(revocation(5), {**suspension(5), "statusListIndex": "x"})
    assert verify(bad_second, lists).codes == ("status.entry_invalid",)
    many = credential(*[revocation(i) for i in range(17)])
    assert verify(many, lists).codes == ("status.entry_invalid",)


def test_lists_are_verified_once_and_failures_are_not_kept(lists):
    calls: list[str] = []
    inner = list_verifier()

    class Counting:
        def verify_credential(self, doc: Any, *, now: datetime | None = None) -> Any:
            calls.append("list")
            return inner.verify_credential(doc, now=now)

    provider = ListStatusProvider({**lists, "https://led.example/x": {}}, verifier=Counting())
    assert provider.urls() == sorted([*lists, "https://led.example/x"])
    entries = [revocation(5)]
    for _ in range(3):
        assert provider.check({}, entries, now=NOW).status is CheckStatus.PASSED
    assert calls == ["list"]
    broken = [revocation(5, "https://led.example/x")]
    for _ in range(2):
        assert provider.check({}, broken, now=NOW).code == "status.list_invalid"
    assert len(calls) == 3


def test_a_provider_bug_is_indeterminate_never_a_pass():
    class Broken:
        def check(self, credential: Any, entries: Any, *, now: datetime) -> Any:
            raise RuntimeError("bug")

    verifier = Verifier(
        VerificationPolicy(trusted_issuers={REGISTRY.controller}), status_provider=Broken()
    )
    result = verifier.verify_credential(credential(revocation(5)), now=NOW)
    assert result.codes == ("status.retrieval_error",)


def test_legacy_unprefixed_encoded_list_is_read():
    legacy = status_list(signed=False, set_bits=(9,))
    legacy["credentialSubject"]["encodedList"] = legacy["credentialSubject"]["encodedList"][1:]
    signed = sign_credential(legacy, key=REGISTRY, created=NOW - timedelta(hours=1))
    assert verify(credential(revocation(9)), {REV: signed}).codes == ("status.revoked",)


def test_a_list_whose_verification_needs_itself_terminates():
    doc = status_list(signed=False, set_bits=(9,))
    doc["credentialStatus"] = revocation(9)  # the list points at itself
    signed = sign_credential(doc, key=REGISTRY, created=NOW - timedelta(hours=1))
    provider = ListStatusProvider({REV: signed}, verifier=list_verifier())
    provider.verifier = Verifier(
        VerificationPolicy(trusted_issuers={REGISTRY.controller}), status_provider=provider
    )
    assert provider.check({}, [revocation(9)], now=NOW).code == "status.revoked"
    assert provider.check({}, [revocation(8)], now=NOW).status is CheckStatus.PASSED
