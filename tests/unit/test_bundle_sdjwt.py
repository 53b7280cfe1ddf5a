"""SD-JWT VCs verified offline from the trust bundle (issue 12): the bundle (format 2) carries
the registry's X.509 trust anchors, its Status List Tokens and JWT VC issuer metadata, signed
with the rest; ``Verifier.from_bundle`` uses them by default. A bundle without them is format 1,
as before, and still loads."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vc_led import TrustBundle, VerificationPolicy, Verifier
from vc_led.bundle import BUNDLE_CONTEXT_V2, BundleError, BundleErrorCode
from vc_led.cli import main
from vc_led.jose import jwk_of_public
from vc_led.keys import KeyPair, KeyType
from vc_led.results import CheckStatus, ErrorCode
from vc_led.sdjwt import issue_sd_jwt_vc
from vc_led.status.token_status_list import build_status_list_token
from vc_led.x509 import issue_leaf, make_root_ca, pem_of, x5c_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
from _world import World, build_world

NOW = datetime(2026, 1, 1, tzinfo=UTC)
LIST = "https://registry.test.vc-led.example/status/tsl/1"
P, F, IND = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.INDETERMINATE
#: The registry signs on behalf of suppliers: the registry check reads the category, the
#: supplier and the issue date (nbf), as for a W3C credential (vc_led.sdjwt._trust).
CLAIMS = {
    "qualification": {
        "title": "Bachelor in de verpleegkunde",
        "education": {"category": "Hoger onderwijs"},
    },
    "source": {"supplier": "Hoger onderwijs"},
}


def _root(name: str) -> tuple[KeyPair, Any]:
    key = KeyPair.generate(KeyType.P256)
    cert = make_root_ca(
        name=name, key=key, not_before=NOW - timedelta(days=30), not_after=NOW + timedelta(days=900)
    )
    return key, cert


def _leaf(ca_key: KeyPair, ca: Any, iss: str) -> tuple[KeyPair, list[str]]:
    key = KeyPair.generate(KeyType.P256)
    leaf = issue_leaf(
        ca=ca, ca_key=ca_key, subject_key=key.public, name="LED issuing key",
        not_before=NOW - timedelta(days=10), not_after=NOW + timedelta(days=400), uri=iss,
    )  # fmt: skip
    return key, x5c_of([leaf, ca])


class Setup:
    """A registry world, a CA with a leaf for the issuing key, a token list, a bundle."""

    def __init__(self) -> None:
        self.world: World = build_world(now=NOW)
        self.iss = self.world.registry_key.controller  # accredited in the trust list
        self.ca_key, self.ca = _root("LED registry test CA")
        self.key, self.x5c = _leaf(self.ca_key, self.ca, self.iss)
        self.token = build_status_list_token(
            uri=LIST, values=[0, 1, 2, 0], key=self.key, issued_at=NOW - timedelta(hours=1),
            expires_at=NOW + timedelta(days=14), ttl=300, x5c=self.x5c,
        )  # fmt: skip

    def bundle(self, **extra: Any) -> TrustBundle:
        members: dict[str, Any] = {"x509_anchors": [self.ca], "status_list_tokens": [self.token]}
        return TrustBundle.create(
            registry=self.world.registry,
            registry_key=self.world.registry_key,
            did_documents=self.world.did_documents,
            status_lists=[self.world.status_list],
            now=NOW - timedelta(minutes=10),
            **(members | extra),
        )

    def loaded(self, text: str, **kw: Any) -> TrustBundle:
        return TrustBundle.load(text, pinned_keys=[self.world.registry_key.public], now=NOW, **kw)

    def sd_jwt(self, idx: int | None = 0, *, key: KeyPair | None = None, x5c: Any = None) -> str:
        return issue_sd_jwt_vc(
            vct="https://registry.test.vc-led.example/vct/diploma",
            claims=CLAIMS,
            disclosable=[("qualification",), ("qualification", "title"), ("source",)],
            issuer=self.iss,
            key=key or self.key,
            issued_at=NOW - timedelta(hours=2),
            valid_from=NOW - timedelta(hours=2),
            x5c=self.x5c if x5c is None else x5c,
            status=None if idx is None else {"status_list": {"idx": idx, "uri": LIST}},
        )


@pytest.fixture(scope="module")
def setup() -> Setup:
    return Setup()


@pytest.fixture(scope="module")
def bundle_text(setup: Setup) -> str:
    return setup.bundle().to_json()


def _verify(setup: Setup, bundle_text: str, text: str, *, at: datetime = NOW) -> Any:
    return Verifier.from_bundle(setup.loaded(bundle_text)).verify(text, now=at)


def test_the_new_members_are_signed_format_2(setup, bundle_text):
    doc = json.loads(bundle_text)
    assert doc["@context"][-1] == BUNDLE_CONTEXT_V2
    subject = doc["credentialSubject"]
    assert subject["bundleFormat"] == "2"
    assert len(subject["x509TrustAnchors"]) == 1 and subject["tokenStatusLists"] == [setup.token]
    bundle = setup.loaded(bundle_text)
    assert bundle.x509_anchors == (setup.ca,)
    assert dict(bundle.status_list_tokens) == {LIST: setup.token}


def test_valid_offline(setup, bundle_text):
    result = _verify(setup, bundle_text, setup.sd_jwt(0))
    assert result.verified, result.to_dict()
    assert result.check("proof").details["key_source"] == "x5c"
    assert result.check("issuer").status is P
    status = result.check("status")
    assert status.status is P and status.details["source"] == "bundle"
    assert status.details["snapshot_age_seconds"] == 600  # from the bundle's creation


@pytest.mark.parametrize(
    ("idx", "code"), [(1, ErrorCode.STATUS_REVOKED), (2, ErrorCode.STATUS_SUSPENDED)]
)
def test_revoked_and_suspended(setup, bundle_text, idx, code):
    result = _verify(setup, bundle_text, setup.sd_jwt(idx))
    assert not result.verified
    assert (result.check("status").status, result.check("status").code) == (F, code)


def test_a_stale_bundle_is_indeterminate_never_passed(setup, bundle_text):
    later = NOW + timedelta(days=8)  # loaded while fresh, used past its maximum age
    result = _verify(setup, bundle_text, setup.sd_jwt(0), at=later)
    status = result.check("status")
    assert (status.status, status.code) == (IND, ErrorCode.STATUS_STALE)
    assert not result.verified
    policy = VerificationPolicy(max_status_age=timedelta(minutes=5))  # the verifier's rule
    strict = Verifier.from_bundle(setup.loaded(bundle_text), policy=policy)
    assert strict.verify(setup.sd_jwt(0), now=NOW).check("status").code is ErrorCode.STATUS_STALE


def test_untrusted_chain_anchor_not_in_bundle(setup, bundle_text):
    other_key, other = _root("Some other CA")
    key, x5c = _leaf(other_key, other, setup.iss)
    result = _verify(setup, bundle_text, setup.sd_jwt(0, key=key, x5c=x5c))
    proof = result.check("proof")
    assert (proof.status, proof.code) == (F, ErrorCode.PROOF_CERTIFICATE_UNTRUSTED)


def test_a_token_list_not_in_the_bundle_is_indeterminate(setup):
    text = setup.bundle(status_list_tokens=()).to_json()
    status = _verify(setup, text, setup.sd_jwt(0)).check("status")
    assert (status.status, status.code) == (IND, ErrorCode.STATUS_LIST_NOT_FOUND)


def _tampered(text: str, member: str, value: Any) -> str:
    doc = json.loads(text)
    doc["credentialSubject"][member] = value
    return json.dumps(doc)


def test_a_tampered_member_fails_the_signature(setup, bundle_text):
    _, other = _root("Attacker CA")
    swapped = x5c_of([other])[0]
    forged_token = build_status_list_token(
        uri=LIST, values=[0, 0, 0, 0], key=setup.key, issued_at=NOW, x5c=setup.x5c
    )
    metadata = [{"issuer": setup.iss, "jwks": {"keys": [jwk_of_public(setup.key.public)]}}]
    for member, value in (
        ("x509TrustAnchors", [swapped]),
        ("tokenStatusLists", [forged_token]),
        ("jwtVcIssuerMetadata", json.loads(json.dumps(metadata, default=lambda k: k.export()))),
    ):
        with pytest.raises(BundleError) as exc:
            setup.loaded(_tampered(bundle_text, member, value))
        assert exc.value.code is BundleErrorCode.SIGNATURE_INVALID, member


def test_new_members_smuggled_into_a_format_1_bundle_are_refused(setup):
    old = setup.bundle(x509_anchors=(), status_list_tokens=()).to_json()
    assert json.loads(old)["credentialSubject"]["bundleFormat"] == "1"
    with pytest.raises(BundleError) as exc:
        setup.loaded(_tampered(old, "x509TrustAnchors", x5c_of([setup.ca])))
    assert exc.value.code is BundleErrorCode.WRONG_FORMAT


def test_an_old_format_bundle_loads_and_leaves_x5c_unchecked(setup):
    old = setup.bundle(x509_anchors=(), status_list_tokens=()).to_json()
    doc = json.loads(old)
    assert BUNDLE_CONTEXT_V2 not in doc["@context"]
    assert not {"x509TrustAnchors", "tokenStatusLists"} & set(doc["credentialSubject"])
    bundle = setup.loaded(old)
    assert bundle.x509_anchors == () and not bundle.status_list_tokens
    issuer = _verify(setup, old, setup.sd_jwt(None)).check("issuer")
    assert (issuer.status, issuer.code) == (IND, ErrorCode.ISSUER_CERTIFICATE_NOT_CHECKED)


def test_issuer_metadata_keys_without_x5c(setup):
    key = KeyPair.generate(KeyType.P256)
    metadata = {
        "issuer": setup.iss,
        "jwks": {"keys": [jwk_of_public(key.public).export_public(as_dict=True)]},
    }
    token = build_status_list_token(uri=LIST, values=[0, 1], key=key, issued_at=NOW)
    text = setup.bundle(
        x509_anchors=(), status_list_tokens=[token], issuer_metadata=[metadata]
    ).to_json()
    assert setup.loaded(text).issuer_keys[setup.iss] == (key.public,)
    result = _verify(setup, text, setup.sd_jwt(0, key=key, x5c=[]))
    assert result.verified, result.to_dict()
    assert result.check("proof").details["key_source"] == "issuer_keys"
    given = Verifier.from_bundle(setup.loaded(text), issuer_keys={})  # what the CLI passes
    assert given.verify(setup.sd_jwt(0, key=key, x5c=[]), now=NOW).verified
    assert _verify(setup, text, setup.sd_jwt(1, key=key, x5c=[])).check("status").code is (
        ErrorCode.STATUS_REVOKED
    )


def test_bad_members_are_refused_when_made(setup):
    with pytest.raises(BundleError) as exc:
        setup.bundle(status_list_tokens=["not.a.token"])
    assert exc.value.code is BundleErrorCode.CONTENT_INVALID
    with pytest.raises(BundleError):
        setup.bundle(issuer_metadata=[{"issuer": setup.iss, "jwks_uri": "https://x/jwks"}])


def test_cli_verify_an_sd_jwt_vc_offline_from_the_bundle(setup, bundle_text, tmp_path, capsys):
    bundle_file, credential = tmp_path / "bundle.json", tmp_path / "diploma.sd-jwt"
    bundle_file.write_text(bundle_text)
    pin = setup.world.registry_key.public.multibase
    args = [
        "verify",
        "--bundle",
        str(bundle_file),
        "--pinned-key",
        pin,
        "--now",
        "2026-01-01T00:00:00Z",
    ]
    credential.write_text(setup.sd_jwt(0))
    assert main([*args, str(credential)]) == 0, capsys.readouterr()
    capsys.readouterr()
    credential.write_text(setup.sd_jwt(1))
    assert main([*args, "--json", str(credential)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert "status.revoked" in json.dumps(report)


def test_cli_bundle_create_with_anchors_and_tokens(setup, tmp_path, capsys):
    world, files = setup.world, []
    (tmp_path / "registry.json").write_text(world.registry.to_json())
    world.registry_key.save(tmp_path / "key.json")
    for number, document in enumerate(world.did_documents):
        (tmp_path / f"did{number}.json").write_text(json.dumps(document))
        files += ["--did-document", str(tmp_path / f"did{number}.json")]
    (tmp_path / "ca.pem").write_bytes(pem_of([setup.ca]))
    (tmp_path / "list.jwt").write_text(setup.token + "\n")
    out = tmp_path / "bundle.json"
    code = main([
        "bundle", "create", "--registry", str(tmp_path / "registry.json"),
        "--key", str(tmp_path / "key.json"), *files, "--x509-anchor", str(tmp_path / "ca.pem"),
        "--status-list-token", str(tmp_path / "list.jwt"), "--now", "2025-12-31T23:50:00Z",
        "--out", str(out),
    ])  # fmt: skip
    stdout = capsys.readouterr().out
    assert code == 0 and "1 X.509 anchors, 1 token status lists" in stdout
    assert setup.loaded(out.read_text()).status_list_tokens[LIST] == setup.token
    (tmp_path / "bad.pem").write_text("no certificate")
    code = main([
        "bundle", "create", "--registry", str(tmp_path / "registry.json"),
        "--key", str(tmp_path / "key.json"), "--x509-anchor", str(tmp_path / "bad.pem"),
        "--out", str(tmp_path / "b2.json"),
    ])  # fmt: skip
    assert code == 2 and "no PEM certificate" in capsys.readouterr().err


def test_the_shipped_format_1_sample_still_loads_and_verifies(setup):
    from vc_led.bundle import read_pin_file

    sample = Path(__file__).resolve().parents[2] / "examples" / "sample"
    at = datetime(2026, 1, 7, tzinfo=UTC)
    pins = list(read_pin_file(sample / "registry-pin.txt"))
    bundle = TrustBundle.load((sample / "trust-bundle.json").read_bytes(), pinned_keys=pins, now=at)
    assert bundle.document["credentialSubject"]["bundleFormat"] == "1"
    assert bundle.x509_anchors == () and not bundle.status_list_tokens and not bundle.issuer_keys
    verifier = Verifier.from_bundle(bundle)
    assert verifier.verify((sample / "diploma.json").read_bytes(), now=at).verified
    status = verifier.verify(setup.sd_jwt(0), now=at).check("status")
    assert (status.status, status.code) == (IND, ErrorCode.STATUS_LIST_NOT_FOUND)
