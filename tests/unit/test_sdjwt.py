"""SD-JWT VC: issue, present, verify (RFC 9901; draft-ietf-oauth-sd-jwt-vc-19)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from vc_led import VerificationPolicy, Verifier
from vc_led._multibase import b64url_decode, b64url_encode
from vc_led.jose import sign_compact
from vc_led.keys import KeyPair, KeyType
from vc_led.limits import Limits
from vc_led.results import CheckStatus, ErrorCode
from vc_led.sdjwt import decode_sd_jwt, issue_sd_jwt_vc, parse_claim_path, present_sd_jwt
from vc_led.sdjwt._common import digest, encode_disclosure

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ISS = "https://led.example.be"
VCT = "https://led.example.be/vct/qualification"
CLAIMS = {
    "given_name": "An",
    "birth_date": "2000-01-02",
    "qualification": {"title": "Bachelor in de verpleegkunde", "level": 6},
    "competences": ["zorg", "ethiek", "communicatie"],
}
DISCLOSABLE = [
    ("birth_date",),
    ("given_name",),
    ("qualification",),
    ("qualification", "title"),
    ("competences", None),
]
ISSUER_KEY = KeyPair.generate(KeyType.P256)
HOLDER_KEY = KeyPair.generate(KeyType.P256)


def issue(**kw: object) -> str:
    args: dict[str, object] = {
        "vct": VCT,
        "claims": CLAIMS,
        "disclosable": DISCLOSABLE,
        "issuer": ISS,
        "key": ISSUER_KEY,
        "issued_at": NOW - timedelta(days=1),
        "valid_until": NOW + timedelta(days=365),
        "holder_key": HOLDER_KEY.public,
    }
    args.update(kw)
    return issue_sd_jwt_vc(**args)  # type: ignore[arg-type]


def verifier(**kw: object) -> Verifier:
    return Verifier(
        VerificationPolicy(trusted_issuers=frozenset({ISS})),
        issuer_keys={ISS: [ISSUER_KEY.public]},
        **kw,  # type: ignore[arg-type]
    )


def verify(text: str, **kw: object) -> object:
    return verifier().verify(text, now=NOW, **kw)  # type: ignore[arg-type]


def test_issue_shape_and_full_disclosure_verifies():
    sd = issue(decoys=2)
    header, payload, disclosures = decode_sd_jwt(sd)
    assert header["typ"] == "dc+sd-jwt" and header["alg"] == "ES256"
    assert payload["_sd_alg"] == "sha-256" and payload["vct"] == VCT
    assert payload["cnf"]["jwk"]["crv"] == "P-256"
    assert payload["_sd"] == sorted(payload["_sd"])
    assert "birth_date" not in payload and "qualification" not in payload
    assert len(payload["_sd"]) == 3 + 2  # birth_date, given_name, qualification + decoys
    assert all(len(b64url_decode(d[0])) >= 16 for d in disclosures)
    result = verify(sd)
    assert result.verified, result.to_dict()
    assert result.document["qualification"]["title"] == CLAIMS["qualification"]["title"]
    assert result.document["competences"] == CLAIMS["competences"]
    assert "_sd" not in result.document and "_sd_alg" not in result.document
    assert result.check("context").status is CheckStatus.SKIPPED
    assert result.check("holder_binding").details["binding"] == "subject_key"


def test_nested_inner_disclosure_first_and_array_elements():
    _, payload, disclosures = decode_sd_jwt(issue(decoys=0))
    titles = [d for d in disclosures if len(d) == 3 and d[1] == "title"]
    quals = [d for d in disclosures if len(d) == 3 and d[1] == "qualification"]
    assert disclosures.index(titles[0]) < disclosures.index(quals[0])
    assert quals[0][2]["_sd"] and "title" not in quals[0][2]
    assert all(set(e) == {"..."} for e in payload["competences"])


def test_present_only_chosen_claims_with_kb_jwt():
    sd = issue()
    shown = present_sd_jwt(
        sd,
        disclose=["qualification.title", "competences[1]"],
        holder_key=HOLDER_KEY,
        aud="https://hospital.example",
        nonce="n-123",
        now=NOW,
    )
    result = verify(shown, challenge="n-123", domain="https://hospital.example")
    assert result.verified, result.to_dict()
    doc = result.document
    assert doc["qualification"] == {"title": CLAIMS["qualification"]["title"], "level": 6}
    assert doc["competences"] == ["ethiek"]
    assert "birth_date" not in doc and "given_name" not in doc
    assert result.check("holder_binding").details["binding"] == "holder_key"


def test_present_a_parent_discloses_what_is_inside_it_and_unknown_path():
    """Disclosing ``qualification`` shows the whole qualification (it showed ``{"level": 6}``,
    an object emptied of its disclosable members, before)."""
    shown = present_sd_jwt(issue(), disclose=["qualification"])
    doc = verify(shown).document
    assert doc["qualification"] == CLAIMS["qualification"]
    assert doc["competences"] == [] and "birth_date" not in doc  # elements stay hidden
    every = verify(present_sd_jwt(issue(), disclose=["competences"])).document
    assert every["competences"] == CLAIMS["competences"]
    with pytest.raises(ValueError):
        present_sd_jwt(issue(), disclose=["nope.x"])
    with pytest.raises(ValueError):
        present_sd_jwt(issue(), disclose=["birth_date"], holder_key=HOLDER_KEY)


def test_parse_claim_path():
    assert parse_claim_path("a.b[2].c") == ("a", "b", 2, "c")
    assert parse_claim_path("a[*]") == ("a", None)
    for bad in ("", "[0]", "a..b", "a[x]"):
        with pytest.raises(ValueError):
            parse_claim_path(bad)


@pytest.mark.parametrize("name", ["iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status"])
def test_issue_refuses_never_disclosable(name: str):
    with pytest.raises(ValueError):
        issue(claims={**CLAIMS, name: "x"}, disclosable=[(name,)])
    with pytest.raises(ValueError):
        issue(disclosable=[(name,)])


def test_issue_refuses_path_naming_nothing():
    with pytest.raises(ValueError):
        issue(disclosable=[("qualification", "nope")])


def test_optional_header_and_payload_members():
    sd = issue(
        x5c=["AAAA"],
        kid="k1",
        vct_integrity="sha256-abc",
        valid_from=NOW - timedelta(days=1),
        status={"status_list": {"idx": 7, "uri": "https://led.example.be/sl/1"}},
        key=KeyPair.generate(KeyType.ED25519),
    )
    header, payload, _ = decode_sd_jwt(sd)
    assert header["alg"] == "EdDSA" and header["x5c"] == ["AAAA"] and header["kid"] == "k1"
    assert payload["vct#integrity"] == "sha256-abc" and "nbf" in payload
    assert payload["status"]["status_list"]["idx"] == 7


def _codes(result: object) -> list[str]:
    return [c.value for c in result.codes]  # type: ignore[attr-defined]


def test_tampered_disclosure_is_unreferenced():
    sd = issue()
    jwt, _first, *rest = sd.split("~")
    forged = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "birth_date", "1999-01-01")
    result = verify("~".join([jwt, forged, *rest]))
    assert ErrorCode.STRUCTURE_DISCLOSURE_UNREFERENCED in result.codes


def test_duplicate_disclosure():
    jwt, first, *rest = issue().split("~")
    result = verify("~".join([jwt, first, first, *rest]))
    assert result.codes[0] is ErrorCode.STRUCTURE_DISCLOSURE_DUPLICATE


def test_bad_disclosure():
    jwt, *rest = issue().split("~")
    bad = b64url_encode(json.dumps(["only-one"]).encode())
    assert verify("~".join([jwt, bad, *rest])).codes[0] is ErrorCode.STRUCTURE_DISCLOSURE_INVALID


def _signed(payload: dict[str, object], disclosures: list[str], header: dict | None = None) -> str:
    jwt = sign_compact(header or {"typ": "dc+sd-jwt"}, payload, key=ISSUER_KEY)
    return "~".join([jwt, *disclosures, ""])


BASE = {"iss": ISS, "iat": int(NOW.timestamp()) - 10, "vct": VCT, "_sd_alg": "sha-256"}


def test_digest_collision_and_claim_clash_and_not_allowed():
    d = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "x", 1)
    twice = _signed({**BASE, "_sd": [digest(d), digest(d)]}, [d])
    assert verify(twice).codes[0] is ErrorCode.STRUCTURE_SD_DIGEST_DUPLICATE
    clash = _signed({**BASE, "x": 2, "_sd": [digest(d)]}, [d])
    assert verify(clash).codes[0] is ErrorCode.STRUCTURE_SD_CLAIM_CLASH
    e = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "exp", 1)
    hidden = _signed({**BASE, "_sd": [digest(e)]}, [e])
    assert verify(hidden).codes[0] is ErrorCode.STRUCTURE_DISCLOSURE_NOT_ALLOWED


def test_sd_alg_typ_and_missing_claims():
    assert verify(_signed({**BASE, "_sd_alg": "sha-1"}, [])).codes[0] is (
        ErrorCode.STRUCTURE_SD_ALG_UNSUPPORTED
    )
    assert verify(_signed(BASE, [], {"typ": "JWT"})).codes[0] is (
        ErrorCode.STRUCTURE_SD_JWT_WRONG_TYPE
    )
    no_vct = {k: v for k, v in BASE.items() if k != "vct"}
    assert verify(_signed(no_vct, [])).codes[0] is ErrorCode.STRUCTURE_SD_JWT_MISSING_CLAIM


def test_alg_none_and_hmac_are_proof_failures():
    sd = issue()
    jwt, *rest = sd.split("~")
    _, body, _ = jwt.split(".")
    for alg in ("none", "HS256"):
        head = b64url_encode(json.dumps({"alg": alg, "typ": "dc+sd-jwt"}).encode())
        result = verify("~".join([f"{head}.{body}.AAAA", *rest]))
        assert result.check("proof").code is ErrorCode.PROOF_ALGORITHM_NOT_ALLOWED


def test_wrong_issuer_key_signature_invalid_and_no_key():
    sd = issue(key=KeyPair.generate(KeyType.P256))
    assert verify(sd).check("proof").code is ErrorCode.PROOF_SIGNATURE_INVALID
    result = Verifier().verify(issue(), now=NOW)
    assert result.check("proof").code is ErrorCode.PROOF_VERIFICATION_METHOD_UNRESOLVABLE


def test_untrusted_issuer_and_validity():
    other = Verifier(
        VerificationPolicy(trusted_issuers=frozenset({"https://other"})),
        issuer_keys={ISS: [ISSUER_KEY.public]},
    )
    assert other.verify(issue(), now=NOW).check("issuer").code is ErrorCode.ISSUER_NOT_TRUSTED
    expired = issue(valid_until=NOW - timedelta(days=1))
    assert verify(expired).check("validity").code is ErrorCode.VALIDITY_EXPIRED
    early = issue(valid_from=NOW + timedelta(days=1))
    assert verify(early).check("validity").code is ErrorCode.VALIDITY_NOT_YET_VALID


class _Status:
    def __init__(self, result):  # type: ignore[no-untyped-def]
        self.result, self.calls = result, []

    def check(self, *, uri, idx, now):  # type: ignore[no-untyped-def]
        self.calls.append((uri, idx))
        return self.result


def test_status_no_provider_and_provider():
    from vc_led.results import CheckResult

    status = {"status_list": {"idx": 3, "uri": "https://led.example.be/sl/1"}}
    sd = issue(status=status)
    assert verify(sd).check("status").code is ErrorCode.STATUS_NO_PROVIDER
    revoked = CheckResult("status", CheckStatus.FAILED, ErrorCode.STATUS_REVOKED, "revoked")
    provider = _Status(revoked)
    result = verifier(token_status=provider).verify(sd, now=NOW)
    assert result.check("status").code is ErrorCode.STATUS_REVOKED
    assert provider.calls == [("https://led.example.be/sl/1", 3)]
    bad = issue(status={"status_list": {"idx": -1, "uri": "u"}})
    assert verify(bad).check("status").code is ErrorCode.STATUS_ENTRY_INVALID


def _kb(**kw: object) -> str:
    args: dict[str, object] = {
        "disclose": ["birth_date"],
        "holder_key": HOLDER_KEY,
        "aud": "A",
        "nonce": "N",
        "now": NOW,
    }
    args.update(kw)
    return present_sd_jwt(issue(), **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text_kw", "verify_kw", "code"),
    [
        ({}, {"challenge": "other", "domain": "A"}, ErrorCode.HOLDER_BINDING_NONCE_MISMATCH),
        ({}, {"challenge": "N", "domain": "B"}, ErrorCode.HOLDER_BINDING_AUD_MISMATCH),
        (
            {"now": NOW - timedelta(hours=1)},
            {"challenge": "N"},
            ErrorCode.HOLDER_BINDING_IAT_INVALID,
        ),
        (
            {"now": NOW + timedelta(hours=1)},
            {"challenge": "N"},
            ErrorCode.HOLDER_BINDING_IAT_INVALID,
        ),
        (
            {"holder_key": KeyPair.generate(KeyType.P256)},
            {"challenge": "N"},
            ErrorCode.HOLDER_BINDING_KB_JWT_SIGNATURE_INVALID,
        ),
        ({}, {}, ErrorCode.HOLDER_BINDING_NONCE_NOT_CHECKED),
    ],
)
def test_kb_jwt_rules(text_kw, verify_kw, code):  # type: ignore[no-untyped-def]
    result = verify(_kb(**text_kw), **verify_kw)
    assert result.check("holder_binding").code is code, result.to_dict()


def test_kb_missing_when_asked_and_sd_hash_and_typ():
    plain = present_sd_jwt(issue(), disclose=["birth_date"])
    result = verify(plain, challenge="N")
    assert result.check("holder_binding").code is ErrorCode.HOLDER_BINDING_KB_JWT_MISSING
    shown = _kb()
    jwt, _d, kb = shown.split("~")
    extra = present_sd_jwt(issue(), disclose=["given_name"]).split("~")[1]
    swapped = "~".join([jwt, extra, kb])
    assert verify(swapped, challenge="N").codes[0] is ErrorCode.STRUCTURE_DISCLOSURE_UNREFERENCED
    same_cred = issue()
    base = present_sd_jwt(
        same_cred, disclose=["birth_date"], holder_key=HOLDER_KEY, aud="A", nonce="N", now=NOW
    )
    more = present_sd_jwt(same_cred, disclose=["birth_date", "given_name"])
    rebound = more + base.rsplit("~", 1)[1]
    code = verify(rebound, challenge="N").check("holder_binding").code
    assert code is ErrorCode.HOLDER_BINDING_SD_HASH_MISMATCH
    kb_bad = sign_compact({"typ": "JWT"}, {"iat": 1}, key=HOLDER_KEY)
    code = verify(plain + kb_bad, challenge="N").check("holder_binding").code
    assert code is ErrorCode.HOLDER_BINDING_KB_JWT_INVALID


def test_kb_without_cnf_and_bearer():
    sd = issue(holder_key=None)
    assert verify(sd).check("holder_binding").details["binding"] == "bearer"
    shown = present_sd_jwt(sd, disclose=[], holder_key=HOLDER_KEY, aud="A", nonce="N", now=NOW)
    code = verify(shown, challenge="N").check("holder_binding").code
    assert code is ErrorCode.HOLDER_BINDING_NO_HOLDER_KEY


def test_limits_checked_before_work():
    sd = issue()
    tight = Verifier(
        VerificationPolicy(trusted_issuers=frozenset({ISS}), limits=Limits(max_disclosures=2)),
        issuer_keys={ISS: [ISSUER_KEY.public]},
    )
    code = tight.verify(sd, now=NOW).codes[0]
    assert code is ErrorCode.STRUCTURE_SD_JWT_TOO_MANY_DISCLOSURES
    small = Verifier(VerificationPolicy(limits=Limits(max_bytes=100)))
    assert small.verify(sd, now=NOW).codes[0] is ErrorCode.STRUCTURE_TOO_LARGE
    deep: dict[str, object] = {"v": 1}
    for _ in range(40):
        deep = {"n": deep}
    assert verify(_signed({**BASE, **deep}, [])).codes[0] in (
        ErrorCode.STRUCTURE_TOO_DEEP,
        ErrorCode.STRUCTURE_TOO_MANY_VALUES,
    )


def test_whitespace_and_bytes_accepted_and_json_untouched():
    sd = issue()
    assert verify("\n " + sd + "\n").verified
    assert verifier().verify(sd.encode(), now=NOW).verified
    assert verify('{"a": "b~c"}').codes[0] is not ErrorCode.STRUCTURE_SD_JWT_MALFORMED


def test_salts_come_from_rng():
    counter = iter(range(10_000))
    rng = lambda n: bytes([next(counter) % 256]) * n  # noqa: E731
    a = issue(rng=rng, decoys=1)
    counter = iter(range(10_000))
    b = issue(rng=rng, decoys=1)
    assert decode_sd_jwt(a)[2] == decode_sd_jwt(b)[2]


def test_never_disclosable_only_at_top_level_and_below():
    nested = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "status", "active")
    ok = _signed({**BASE, "record": {"_sd": [digest(nested)]}}, [nested])
    assert verify(ok).verified  # a member named "status" inside another claim is fine
    under = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "idx", 3)
    bad = _signed({**BASE, "status": {"status_list": {"_sd": [digest(under)]}}}, [under])
    assert verify(bad).codes[0] is ErrorCode.STRUCTURE_DISCLOSURE_NOT_ALLOWED
    named = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "_sd", [])
    worse = _signed({**BASE, "record": {"_sd": [digest(named)]}}, [named])
    assert verify(worse).codes[0] is ErrorCode.STRUCTURE_DISCLOSURE_NOT_ALLOWED


def test_deeply_nested_parts_are_refused_not_crashing():
    deep = "[" * 100_000 + "]" * 100_000
    bomb = b64url_encode(f'["c2FsdA", "x", {deep}]'.encode())
    jwt, *rest = issue().split("~")
    assert verify("~".join([jwt, bomb, *rest])).codes[0] is ErrorCode.STRUCTURE_TOO_DEEP
    head = b64url_encode(b'{"alg":"ES256","typ":"dc+sd-jwt","x":' + deep.encode() + b"}")
    body = jwt.split(".")[1]
    assert verify(f"{head}.{body}.AAAA~").codes[0] is ErrorCode.STRUCTURE_TOO_DEEP
    kb_body = b64url_encode(b'{"x":' + deep.encode() + b"}")
    kb_head = b64url_encode(b'{"alg":"ES256","typ":"kb+jwt"}')
    plain = present_sd_jwt(issue(), disclose=["birth_date"])
    result = verify(plain + f"{kb_head}.{kb_body}.AAAA", challenge="N")
    assert result.check("holder_binding").code is ErrorCode.HOLDER_BINDING_KB_JWT_INVALID
    with pytest.raises(ValueError):
        decode_sd_jwt("~".join([jwt, bomb, *rest]))


def test_a_wildcard_path_reaches_a_member_of_every_element():
    """``("courses", None, "title")`` makes each element's title disclosable (it was accepted
    and silently left in the clear before)."""
    claims = {"courses": [{"title": "A", "hours": 1}, {"title": "B", "hours": 2}]}
    sd = issue(claims=claims, disclosable=[("courses", None, "title")], decoys=0)
    _, payload, disclosures = decode_sd_jwt(sd)
    assert [e["hours"] for e in payload["courses"]] == [1, 2]
    assert all("title" not in e and len(e["_sd"]) == 1 for e in payload["courses"])
    assert sorted(d[2] for d in disclosures) == ["A", "B"]
    shown = verify(present_sd_jwt(sd, disclose=["courses[1].title"])).document
    assert shown["courses"] == [{"hours": 1}, {"title": "B", "hours": 2}]
    with pytest.raises(ValueError, match="names no claim"):
        issue(claims=claims, disclosable=[("courses", None, "grade")])
