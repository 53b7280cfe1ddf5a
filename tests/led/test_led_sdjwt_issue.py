"""Issuing the SD-JWT VC rendition of LED records: ES256 with a P-256 key, cnf, vct and
vct#integrity, nbf/exp from the record; nothing of the record in the issuer-signed JWT (no
special-needs value in the clear), no INSZ or reference anywhere; the same refusals as the
W3C rendition; and a round trip: issue, present a subset, verify, report."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sdjwt_led_support import HOLDER, NOW, full, one_per_profile, special_needs, synthetic

from vc_led import SigningError, VerificationPolicy, Verifier
from vc_led.keys import KeyPair, KeyType
from vc_led.led import LedRecord, PartialDate
from vc_led.led.insz_text import insz_paths
from vc_led.led.issuing_sdjwt import concrete_paths, issue_sd_jwt_credential
from vc_led.led.model import RecordStatus
from vc_led.led.profiles import RecordNotIssuableError, select_profile
from vc_led.led.profiles.sdjwt import sd_jwt_rendition
from vc_led.led.vct import vct_integrity
from vc_led.report import build_report
from vc_led.sdjwt import decode_sd_jwt, present_sd_jwt

ISS = "https://registry.led.example"
ISSUER_KEY = KeyPair.generate(KeyType.P256)
WALLET = KeyPair.generate(KeyType.P256)
_CLEAR = {"iss", "iat", "nbf", "exp", "vct", "vct#integrity", "cnf", "status", "_sd", "_sd_alg"}


def _issue(record: LedRecord, **kw: Any) -> str:
    args: dict[str, Any] = {
        "record": record,
        "holder": HOLDER,
        "issuer_key": ISSUER_KEY,
        "issuer": ISS,
        "holder_key": WALLET.public,
        "now": NOW,
    }
    return issue_sd_jwt_credential(**(args | kw))


def _verifier() -> Verifier:
    policy = VerificationPolicy(trusted_issuers=frozenset({ISS}))
    return Verifier(policy, issuer_keys={ISS: [ISSUER_KEY.public]})


def test_header_and_reserved_claims() -> None:
    record = full(one_per_profile()[("qualification", False)])
    header, payload, _ = decode_sd_jwt(_issue(record))
    assert header["typ"] == "dc+sd-jwt" and header["alg"] == "ES256"
    rendition = sd_jwt_rendition(
        record=record, holder=HOLDER, profile="qualification", issued_at=NOW
    )
    assert payload["vct"] == rendition.vct
    assert payload["vct#integrity"] == vct_integrity(rendition.vct)
    assert payload["iss"] == ISS and payload["iat"] == int(NOW.timestamp())
    assert payload["nbf"] == int(rendition.not_before.timestamp())
    assert rendition.expires is not None and payload["exp"] == int(rendition.expires.timestamp())
    assert payload["cnf"]["jwk"]["crv"] == "P-256"
    ed = KeyPair.generate(KeyType.ED25519)
    assert decode_sd_jwt(_issue(record, issuer_key=ed))[0]["alg"] == "EdDSA"


def test_every_disclosable_path_is_a_disclosure_and_nothing_is_in_the_clear() -> None:
    for record in [full(r) for r in one_per_profile().values()]:
        profile = select_profile(record).value
        rendition = sd_jwt_rendition(record=record, holder=HOLDER, profile=profile, issued_at=NOW)
        _, payload, disclosures = decode_sd_jwt(_issue(record))
        assert set(payload) <= _CLEAR, set(payload) - _CLEAR
        wanted = concrete_paths(rendition.claims, rendition.disclosable)
        elements = sum(len(_at(rendition.claims, p[:-1])) for p in wanted if p[-1] is None)
        assert len(disclosures) == len(wanted) - sum(1 for p in wanted if p[-1] is None) + elements


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def test_special_needs_data_is_never_in_the_issuer_signed_jwt() -> None:
    records = special_needs()
    assert records
    for record in records:
        text = _issue(record)
        _, payload, disclosures = decode_sd_jwt(text)
        assert set(payload) <= _CLEAR  # digests, the reserved claims, nothing else
        clear = json.dumps({k: v for k, v in payload.items() if k not in ("_sd", "cnf")})
        for value in ("Buitengewoon", "OV1", "OV2", "OV3", "OV4", "BuSO", "SBSO"):
            assert value not in clear
        assert record.basis.institution.name not in clear  # type: ignore[operator]
        disclosed = json.dumps(disclosures, ensure_ascii=False)
        assert "Buitengewoon" in disclosed or "OV" in disclosed  # present, but only disclosable


def test_no_insz_and_no_led_or_supplier_reference_anywhere() -> None:
    for who, record in synthetic()[:300]:
        text = _issue(record)
        header, payload, disclosures = decode_sd_jwt(text)
        decoded = [header, payload, disclosures]
        assert not list(insz_paths(decoded))
        flat = json.dumps(decoded, ensure_ascii=False) + text
        for secret in (who.insz, record.led_reference, record.led_mutation_reference):
            assert secret not in flat
        assert record.supplier.reference not in flat


def test_the_w3c_refusals_apply() -> None:
    secondary = next(r for _, r in synthetic() if r.supplier.name == "Secundair onderwijs")
    early = replace(secondary, basis=replace(secondary.basis, issue_date=PartialDate(2001, 6, 30)))
    with pytest.raises(SigningError) as refused:
        _issue(early)
    assert refused.value.code == "issuer.before_coverage"
    with pytest.raises(RecordNotIssuableError):
        _issue(replace(secondary, status=RecordStatus.CANCELLED))
    insz = replace(secondary, basis=replace(secondary.basis, full_title="Diploma 85073003328"))
    with pytest.raises(SigningError) as found:
        _issue(insz)
    assert found.value.code == "structure.contains_insz"


def test_round_trip_present_a_subset_verify_report() -> None:
    """The hospital: the nursing title and the institution, without the birth date."""
    record = one_per_profile()[("qualification", False)]
    issued = _issue(record)
    assert _verifier().verify(issued, now=NOW).verified
    shown = present_sd_jwt(
        issued,
        disclose=["given_name", "family_name", "qualification.title"],
        holder_key=WALLET,
        aud="https://hospital.example",
        nonce="n-123",
        now=NOW,
    )
    result = _verifier().verify(
        shown, challenge="n-123", domain="https://hospital.example", now=NOW
    )
    assert result.verified, result.to_dict()
    doc = result.document
    assert doc is not None
    assert doc["qualification"] == {"title": record.basis.full_title}
    assert "birthdate" not in doc and "source" not in doc
    fields = {f.key: f.value for f in build_report(result).fields}
    assert fields["title"] == record.basis.full_title and fields["holder"] == "An Peeters"
    assert "birth_date" not in fields and fields["awarded"] == "not disclosed by the holder"


def test_each_competence_is_disclosed_on_its_own() -> None:
    record = one_per_profile()[("competence", False)]
    issued = _issue(record)
    shown = present_sd_jwt(issued, disclose=["competences[0].title", "competences[0].kind"])
    doc = _verifier().verify(shown, now=NOW).document
    assert doc is not None
    first = sd_jwt_rendition(record=record, holder=HOLDER, profile="competence", issued_at=NOW)
    expected = {k: first.claims["competences"][0][k] for k in ("title", "kind")}
    assert doc["competences"] == [expected] and "qualification" not in doc
