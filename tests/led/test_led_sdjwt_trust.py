"""The SD-JWT VC rendition of a LED record gets the same ``issuer`` judgement from a trust
registry as its W3C twin (``vc_led.sdjwt._trust``), and the shipped type metadata's rules
(``vct#integrity``, ``sd: always``) are applied (``vc_led.sdjwt._vct``)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sdjwt_led_support import HOLDER, synthetic

from vc_led import DidResolver, Verifier, did_web_document
from vc_led._multibase import b64url_decode
from vc_led.jose import sign_compact
from vc_led.keys import KeyPair
from vc_led.led.issuing import issue_credential
from vc_led.led.issuing_sdjwt import issue_sd_jwt_credential
from vc_led.led.vct import vct_integrity
from vc_led.policy import VerificationPolicy
from vc_led.sdjwt import present_sd_jwt
from vc_led.sdjwt._trust import registry_did_of_iss, sd_jwt_scope_extractor
from vc_led.trust import AccreditationScope, AccreditedIssuer, TrustRegistry, default_led_registry

ISS = "https://led.example.be"
DID = "did:web:led.example.be"
_PAIR = KeyPair.generate("P-256")
KEY = _PAIR.with_id(id=f"{DID}#{_PAIR.public.multibase}", controller=DID)
NOW = datetime(2026, 1, 1, tzinfo=UTC)
QUAL = "https://w3id.org/vc-led/vct/qualification/v1"


def _lenient(did: str) -> TrustRegistry:
    """A registry that lets every record be issued (the verifier's registry decides)."""
    anything = (
        AccreditationScope(coverage_start=date(1800, 1, 1)),
        AccreditationScope(coverage_start=date(1800, 1, 1), self_declared=True),
    )
    suppliers = [
        dataclasses.replace(s, scopes=anything)
        for s in default_led_registry(registry_did=did).issuers
        if s.did is None
    ]
    registry = AccreditedIssuer(name="x", did=did, scopes=anything, signs_on_behalf=True)
    return TrustRegistry([registry, *suppliers])


def _verifier(trust: TrustRegistry | None = None, **policy: Any) -> Verifier:
    return Verifier(
        VerificationPolicy(**policy),
        resolver=DidResolver({DID: did_web_document(DID, keys=[KEY.public])}),
        trust=trust if trust is not None else default_led_registry(registry_did=DID),
        issuer_keys={ISS: [KEY.public]},
    )


def _sd(record: Any) -> str:
    return issue_sd_jwt_credential(
        record=record, holder=HOLDER, issuer_key=KEY, issuer=ISS, now=NOW, trust=_lenient(ISS)
    )


def _w3c(record: Any) -> dict[str, Any]:
    return issue_credential(
        record=record, holder=HOLDER, issuer_key=KEY, issuer=DID, now=NOW, trust=_lenient(DID)
    )


def _issuer(result: Any) -> Any:
    return next(c for c in result.checks if c.check == "issuer")


def test_iss_maps_to_did_web_by_the_did_web_transformation() -> None:
    assert registry_did_of_iss("https://led.example.be") == DID
    assert registry_did_of_iss("https://led.example.be/") == DID
    assert registry_did_of_iss("https://Host:8443/a/b") == "did:web:host%3A8443:a:b"
    for bad in ("http://led.example.be", "https://led.example.be?x=1", "https://u@h", "did:x"):
        assert registry_did_of_iss(bad) is None


def _records() -> list[Any]:
    """A few dozen synthetic records of every profile, in and out of the LED coverage."""
    records = [r for _, r in synthetic()]
    return records[:: max(1, len(records) // 36)][:36]


def _variants() -> list[TrustRegistry]:
    """The LED registry, and variants that refuse some records: later coverage starts,
    narrowed categories for every other supplier, suspended suppliers."""
    base = default_led_registry(registry_did=DID)
    late, narrow, suspended = [], [], []
    for i, issuer in enumerate(base.issuers):
        scopes = [
            dataclasses.replace(x, coverage_start=max(x.coverage_start, date(2015, 1, 1)))
            if x.coverage_start is not None
            else x
            for x in issuer.scopes
        ]
        late.append(dataclasses.replace(issuer, scopes=tuple(scopes)))
        other = [dataclasses.replace(x, categories=frozenset({"Andere"})) for x in issuer.scopes]
        keep = issuer.did is not None or i % 2
        narrow.append(issuer if keep else dataclasses.replace(issuer, scopes=tuple(other)))
        off = issuer.did is None and i % 3 == 0
        suspended.append(dataclasses.replace(issuer, status="suspended") if off else issuer)
    return [base, TrustRegistry(late), TrustRegistry(narrow), TrustRegistry(suspended)]


def test_w3c_and_sd_jwt_twins_get_the_same_issuer_verdict() -> None:
    seen: set[str] = set()
    twins = [(_w3c(record), _sd(record)) for record in _records()]
    for registry in _variants():
        for require_authentic in (False, True):
            verifier = _verifier(registry, require_authentic=require_authentic)
            for w3c_doc, sd_text in twins:
                w3c = _issuer(verifier.verify(w3c_doc, now=NOW))
                sd = _issuer(verifier.verify(sd_text, now=NOW))
                seen.add(str(w3c.code))
                assert (sd.status, sd.code) == (w3c.status, w3c.code), (w3c, sd)
                assert sd.details.get("authenticity_level") == w3c.details.get("authenticity_level")
    assert {"None", "issuer.before_coverage", "issuer.out_of_scope"} <= seen, seen
    assert {"issuer.suspended", "issuer.not_authentic"} <= seen, seen


def _accredited_record() -> Any:
    verifier = _verifier()
    for record in _records():
        if _issuer(verifier.verify(_w3c(record), now=NOW)).status.value == "passed":
            if sd_jwt_scope_extractor(_claims(_sd(record))).suppliers:
                return record
    pytest.fail("no accredited synthetic record")


def _claims(text: str) -> dict[str, Any]:
    result = _verifier().verify(text, now=NOW)
    assert result.document is not None
    return dict(result.document)


def _withhold(text: str, *keep: str) -> str:
    return present_sd_jwt(text, disclose=list(keep))


def test_supplier_withheld_is_indeterminate_not_a_pass() -> None:
    record = _accredited_record()
    text = _sd(record)
    assert _issuer(_verifier().verify(text, now=NOW)).status.value == "passed"
    node = (
        "qualification"
        if "qualification" in _claims(text)
        else next(k for k in ("equivalence", "self_declaration") if k in _claims(text))
    )
    shown = _withhold(text, f"{node}.education.category", f"{node}.authenticity")
    check = _issuer(_verifier().verify(shown, now=NOW))
    assert check.status.value == "indeterminate"
    assert check.code.value == "issuer.scope_claims_withheld"
    assert "source.supplier" in check.details["withheld"]


def test_authenticity_withheld_with_require_authentic_is_indeterminate() -> None:
    record = _accredited_record()
    text = _sd(record)
    claims = _claims(text)
    node = next(k for k in ("qualification", "equivalence") if k in claims)
    shown = _withhold(text, f"{node}.education.category", "source.supplier")
    assert _issuer(_verifier().verify(shown, now=NOW)).status.value == "passed"
    check = _issuer(_verifier(require_authentic=True).verify(shown, now=NOW))
    assert (check.status.value, check.code.value) == (
        "indeterminate",
        "issuer.scope_claims_withheld",
    )


def test_self_declared_fails_require_authentic() -> None:
    record = next(r for _, r in synthetic() if r.is_self_declared)
    text = _sd(record)
    assert _issuer(_verifier().verify(text, now=NOW)).status.value == "passed"
    check = _issuer(_verifier(require_authentic=True).verify(text, now=NOW))
    assert check.code is not None and check.code.value == "issuer.not_authentic"


def test_unknown_iss_is_not_accredited_and_suspended_registry_fails() -> None:
    record = _accredited_record()
    other = default_led_registry(registry_did="did:web:other.example")
    check = _issuer(_verifier(other).verify(_sd(record), now=NOW))
    assert check.code is not None and check.code.value == "issuer.not_accredited"
    suspended = default_led_registry(registry_did=DID).with_status(DID, "suspended")
    check = _issuer(_verifier(suspended).verify(_sd(record), now=NOW))
    assert check.code is not None and check.code.value == "issuer.suspended"


def _hand_built(payload: dict[str, Any]) -> str:
    header = {"typ": "dc+sd-jwt", "alg": "ES256"}
    return sign_compact(header, payload, key=KEY) + "~"


def _base(**extra: Any) -> dict[str, Any]:
    return {"iss": ISS, "vct": QUAL, "iat": 1767225600, "_sd_alg": "sha-256", **extra}


def _structure(text: str) -> Any:
    return next(c for c in _verifier().verify(text, now=NOW).checks if c.check == "structure")


def test_vct_integrity_of_a_shipped_vct_is_checked() -> None:
    good = _structure(_hand_built(_base(**{"vct#integrity": vct_integrity(QUAL)})))
    assert good.status.value == "passed" and good.details["vct_integrity"] == "verified"
    bad = _structure(_hand_built(_base(**{"vct#integrity": "sha256-" + "A" * 43 + "="})))
    assert bad.code is not None and bad.code.value == "structure.vct_integrity_mismatch"


def test_vct_integrity_of_an_unknown_vct_is_not_fetched() -> None:
    payload = _base(vct="https://example.com/other", **{"vct#integrity": "sha256-AAAA"})
    check = _structure(_hand_built(payload))
    assert check.status.value == "passed" and check.details["vct_integrity"] == "unchecked"


@pytest.mark.parametrize(
    "payload",
    [
        {"given_name": "An"},
        {"qualification": {"education": {"school_type": "Buitengewoon"}}},
    ],
)
def test_an_sd_always_claim_in_the_clear_fails(payload: dict[str, Any]) -> None:
    check = _structure(_hand_built(_base(**payload)))
    assert check.code is not None and check.code.value == "structure.sd_always_claim_in_clear"


def test_issued_led_credentials_have_nothing_sd_always_in_the_clear() -> None:
    for record in _records()[:8]:
        text = _sd(record)
        payload = json.loads(b64url_decode(text.split("~")[0].split(".")[1]))
        assert payload["vct#integrity"] == vct_integrity(payload["vct"])
        assert _structure(text).status.value == "passed"


def test_issuing_with_a_did_web_registry_maps_iss_as_the_verifier_does() -> None:
    record = _accredited_record()
    text = issue_sd_jwt_credential(
        record=record,
        holder=HOLDER,
        issuer_key=KEY,
        issuer=ISS,
        now=NOW,
        trust=default_led_registry(registry_did=DID),
    )
    assert _issuer(_verifier().verify(text, now=NOW)).status.value == "passed"
