"""The ``dc+sd-jwt`` rendition through OpenID4VCI 1.0 in process (both backends): metadata next
to every ``ldp_vc`` configuration, offered with it, issued in the pre-authorized and the
authorization-code flow with the ``jwt`` proof's key as ``cnf.jwk``, the registry's ``x5c`` and
a Token Status List entry of its own; verified with ``Verifier.verify`` against the registry's
published X.509 anchors and Token Status List; revoked by cancelling the record or by the admin
API; refusals with OpenID4VCI error codes."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from cryptography import x509
from issuer_helpers import NOW, PUBLIC_URL
from jwcrypto import jwk
from oid4vci_support import Gateway, credential_request, nonce, refused, token
from oid4vci_wallet import ISSUER, sign_jwt
from sqlmodel import select

from vc_led import VerificationPolicy, Verifier
from vc_led.jose import unverified_header
from vc_led.keys import KeyPair, KeyType
from vc_led.led.vct import vct_integrity
from vc_led.results import VerificationResult
from vc_led.sdjwt import decode_sd_jwt, present_sd_jwt
from vc_led.status.token_status_list import TokenStatusProvider
from vc_led_issuer.lifecycle import rotate_registry_key
from vc_led_issuer.models import IssuedCredential
from vc_led_issuer.oid4vci.models import ArtifactKind
from vc_led_issuer.oid4vci.store import put_artifact

VERIFIER = secrets.token_urlsafe(48)
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=")
REDIRECT = "https://wallet.example/cb"


def _proof(key: jwk.JWK, nonce_value: str) -> str:
    alg = "ES256" if key.get("kty") == "EC" else "EdDSA"
    header = {"typ": "openid4vci-proof+jwt", "alg": alg, "jwk": key.export_public(as_dict=True)}
    return sign_jwt(key, header, {"aud": ISSUER, "iat": int(NOW.timestamp()), "nonce": nonce_value})


def _ask(gateway: Gateway, access: str, key: jwk.JWK, **which: str) -> Any:
    body = {**which, "proofs": {"jwt": [_proof(key, nonce(gateway))]}}
    return credential_request(gateway, access, body)


def _sd_ids(offered: list[str]) -> list[str]:
    return [c for c in offered if c.endswith("SdJwt")]


def _verify(gateway: Gateway, text: str, **kwargs: Any) -> VerificationResult:
    pem = gateway.client.get("/trust/x509-anchors.pem")
    anchors = x509.load_pem_x509_certificates(pem.content)
    status = decode_sd_jwt(text)[1]["status"]["status_list"]
    assert status["uri"].startswith(f"{PUBLIC_URL}/status/tsl/")
    tsl = gateway.client.get(status["uri"].removeprefix(PUBLIC_URL))
    assert tsl.headers["content-type"] == "application/statuslist+jwt"
    provider = TokenStatusProvider(tokens=[tsl.text], anchors=anchors)
    policy = VerificationPolicy(trusted_issuers=frozenset({PUBLIC_URL}))
    verifier = Verifier(policy, x509_anchors=anchors, token_status=provider)
    return verifier.verify(text, now=NOW, **kwargs)


def test_metadata_has_a_dc_sd_jwt_configuration_next_to_each_ldp_vc(gateway: Gateway) -> None:
    configs = gateway.client.get("/.well-known/openid-credential-issuer").json()[
        "credential_configurations_supported"
    ]
    sd = {cid: c for cid, c in configs.items() if c["format"] == "dc+sd-jwt"}
    assert len(sd) == 8 and len(configs) == 12  # 4 profiles x (final, Tussenbewijs)
    q = sd["LedQualificationSdJwt"]
    assert q["vct"] == "https://w3id.org/vc-led/vct/qualification/v1"
    assert q["cryptographic_binding_methods_supported"] == ["jwk"]
    assert q["credential_signing_alg_values_supported"] == ["EdDSA"]  # the Ed25519 demo key
    assert "ES256" in q["proof_types_supported"]["jwt"]["proof_signing_alg_values_supported"]
    names = dict((d["locale"], d["name"]) for d in q["credential_metadata"]["display"])
    assert names == {"nl": "LED-kwalificatiebewijs (SD-JWT)", "en": "LED qualification (SD-JWT)"}
    assert sd["LedQualificationIntermediateSdJwt"]["vct"].endswith("/qualification-intermediate/v1")
    rotate_registry_key(gateway.registry, actor="t", reason="haip", key_type=KeyType.P256)
    again = gateway.client.get("/.well-known/openid-credential-issuer").json()
    sd_again = again["credential_configurations_supported"]["LedQualificationSdJwt"]
    assert sd_again["credential_signing_alg_values_supported"] == ["ES256"]  # HAIP 1.0
    scopes = gateway.client.get("/.well-known/oauth-authorization-server").json()
    assert "LedQualificationSdJwt" in scopes["scopes_supported"]


def test_pre_authorized_flow_issues_sd_jwt_vcs_es256_bound_to_the_proof_key(
    gateway: Gateway,
) -> None:
    rotate_registry_key(gateway.registry, actor="t", reason="haip", key_type=KeyType.P256)
    offer = gateway.offer()
    offered = offer.offer["credential_configuration_ids"]
    assert _sd_ids(offered) and len(_sd_ids(offered)) == len(offered) // 2
    body = token(gateway, offer.pre_authorized_code, offer.tx_code).json()
    idents = [i for d in body["authorization_details"] for i in d["credential_identifiers"]]
    sd_idents = [i for i in idents if i.endswith("-sd-jwt")]
    assert len(sd_idents) == len(gateway.record_ids)
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    holder = KeyPair(key.get_op_key("sign"))
    texts = []
    for ident in sd_idents:
        answer = _ask(gateway, body["access_token"], key, credential_identifier=ident)
        assert answer.status_code == 200, answer.text
        text = answer.json()["credentials"][0]["credential"]
        assert isinstance(text, str) and text.endswith("~")
        texts.append(text)
    text = texts[0]
    header, claims = unverified_header(text.split("~")[0]), decode_sd_jwt(text)[1]
    assert header["typ"] == "dc+sd-jwt" and header["alg"] == "ES256" and header["x5c"]
    assert claims["iss"] == PUBLIC_URL and claims["cnf"]["jwk"]["x"] == key.get("x")
    assert claims["vct#integrity"] == vct_integrity(claims["vct"])
    result = _verify(gateway, text)
    assert result.verified, result.to_dict()
    assert result.check("status").status.value == "passed", result.to_dict()
    shown = present_sd_jwt(
        text,
        disclose=["family_name"],
        holder_key=holder,
        aud="https://h.example",
        nonce="n-1",
        now=NOW,
    )
    presented = _verify(gateway, shown, challenge="n-1", domain="https://h.example")
    assert presented.verified, presented.to_dict()
    assert presented.check("holder_binding").status.value == "passed"
    with gateway.registry.read() as session:
        rows = session.exec(
            select(IssuedCredential).where(IssuedCredential.format == "dc+sd-jwt")
        ).all()
    assert len(rows) == len(texts)
    assert all(r.token_status_list_id and r.revocation_list_id is None for r in rows)
    assert {r.record_id for r in rows} == set(gateway.record_ids)


def test_by_configuration_id_each_record_in_turn_and_refusals(gateway: Gateway) -> None:
    offer = gateway.offer()
    access = token(gateway, offer.pre_authorized_code, offer.tx_code).json()["access_token"]
    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    cid = _sd_ids(offer.offer["credential_configuration_ids"])[0]
    first = _ask(gateway, access, key, credential_configuration_id=cid).json()
    second = _ask(gateway, access, key, credential_configuration_id=cid).json()
    assert first["credentials"][0]["credential"] != second["credentials"][0]["credential"]
    unknown = _ask(gateway, access, key, credential_configuration_id="LedNopeSdJwt")
    refused(unknown, "unknown_credential_configuration", "oid4vci.configuration_unknown")
    others = [
        c
        for c in (
            "LedEquivalenceSdJwt",
            "LedSelfDeclaredSdJwt",
            "LedQualificationIntermediateSdJwt",
        )
        if c not in offer.offer["credential_configuration_ids"]
    ]
    refused(
        _ask(gateway, access, key, credential_configuration_id=others[0]),
        "unknown_credential_configuration",
        "oid4vci.configuration_not_granted",
    )
    no_proof = credential_request(gateway, access, {"credential_configuration_id": cid})
    refused(no_proof, "invalid_proof", "oid4vci.proof_missing")
    bad = {"credential_configuration_id": cid, "proofs": {"jwt": ["not.a.jwt"]}}
    assert credential_request(gateway, access, bad).json()["error"] == "invalid_proof"
    other_proof = {"credential_configuration_id": cid, "proofs": {"attestation": ["x"]}}
    refused(
        credential_request(gateway, access, other_proof), "invalid_proof", "oid4vci.proof_missing"
    )


def _code(gateway: Gateway) -> str:
    code = secrets.token_urlsafe(32)
    data = {
        "client_id": "wallet-1",
        "redirect_uri": REDIRECT,
        "code_challenge": CHALLENGE.decode(),
        "records": gateway.record_ids,
        "jkt": None,
    }
    with gateway.registry.write() as session:
        put_artifact(
            session,
            kind=ArtifactKind.AUTHORIZATION_CODE,
            value=code,
            now=NOW,
            lifetime=timedelta(seconds=60),
            holder_id=gateway.holder_id,
            data=data,
        )
    return code


def test_authorization_code_flow_issues_an_sd_jwt_vc(gateway: Gateway) -> None:
    pushed = gateway.client.post(
        "/oid4vci/par",
        data={
            "response_type": "code",
            "client_id": "wallet-1",
            "redirect_uri": REDIRECT,
            "code_challenge": CHALLENGE.decode(),
            "code_challenge_method": "S256",
            "scope": "LedQualificationSdJwt",
        },
    )
    assert pushed.status_code == 201, pushed.text  # the scope of a dc+sd-jwt configuration
    form = {
        "grant_type": "authorization_code",
        "code": _code(gateway),
        "code_verifier": VERIFIER,
        "client_id": "wallet-1",
        "redirect_uri": REDIRECT,
    }
    body = gateway.client.post("/oid4vci/token", data=form).json()
    cid = next(
        d["credential_configuration_id"]
        for d in body["authorization_details"]
        if d["credential_configuration_id"].endswith("SdJwt")
    )
    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    answer = _ask(gateway, body["access_token"], key, credential_configuration_id=cid)
    assert answer.status_code == 200, answer.text
    text = answer.json()["credentials"][0]["credential"]
    assert unverified_header(text.split("~")[0])["alg"] == "EdDSA"  # the Ed25519 demo key
    assert decode_sd_jwt(text)[1]["cnf"]["jwk"]["x"] == key.get("x")
    result = _verify(gateway, text)
    assert result.verified, result.to_dict()


def _issue_one(gateway: Gateway) -> tuple[str, IssuedCredential]:
    offer = gateway.offer(records=gateway.record_ids[:1])
    access = token(gateway, offer.pre_authorized_code, offer.tx_code).json()["access_token"]
    cid = _sd_ids(offer.offer["credential_configuration_ids"])[0]
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    text = _ask(gateway, access, key, credential_configuration_id=cid).json()
    sd = text["credentials"][0]["credential"]
    with gateway.registry.read() as session:
        query = select(IssuedCredential).where(IssuedCredential.format == "dc+sd-jwt")
        row = session.exec(query).one()
    assert row.document == sd and row.record_id == gateway.record_ids[0]
    return sd, row


def test_cancelling_the_record_revokes_the_sd_jwt_vc(gateway: Gateway) -> None:
    from vc_led_issuer import crud
    from vc_led_issuer.models import Holder, Record, RecordState

    sd, _ = _issue_one(gateway)
    assert _verify(gateway, sd).check("status").status.value == "passed"
    with gateway.registry.write() as session:
        record = session.get(Record, gateway.record_ids[0])
        holder = session.get(Holder, gateway.holder_id)
        assert record is not None and holder is not None
        crud.upsert_record(
            session,
            supplier=record.supplier,
            supplier_reference=record.supplier_reference,
            content=record.content,
            state=RecordState.CANCELLED,
            holder=holder,
            now=NOW,
        )
    status = _verify(gateway, sd).check("status")
    assert status.code is not None and status.code.value == "status.revoked", status


def test_admin_suspension_and_revocation_of_the_issuance_flip_the_sd_jwt_vc(
    gateway: Gateway,
) -> None:
    sd, row = _issue_one(gateway)
    for action, expected in (
        ("suspend", "status.suspended"),
        ("unsuspend", None),
        ("revoke", "status.revoked"),
    ):
        answer = gateway.client.post(
            f"/admin/credentials/{row.credential_id}/{action}",
            json={"reason": "issued in error"},
            headers={"Authorization": "Bearer " + "t" * 40},
        )
        assert answer.status_code == 200, answer.text
        status = _verify(gateway, sd).check("status")
        assert (status.code.value if status.code else None) == expected, status


def test_registry_views_take_an_sd_jwt_row(gateway: Gateway, tmp_path: Any) -> None:
    """The operator view shows its text, /verify answers for it, the portal still offers the
    W3C rendition for download and the export leaves it out (it is wallet-bound)."""
    from vc_led_issuer.jobs.export import export_credentials
    from vc_led_issuer.portal.records import citizen_records

    sd, row = _issue_one(gateway)
    view = gateway.client.get(
        f"/credentials/{row.credential_id}", headers={"Authorization": "Bearer " + "t" * 40}
    ).json()
    assert view["format"] == "dc+sd-jwt" and view["credential"] == sd
    assert view["tokenStatus"]["status"] == 0
    page = gateway.client.get(f"/verify/{row.credential_id.removeprefix('urn:uuid:')}")
    assert page.status_code == 200 and PUBLIC_URL in page.text
    with gateway.registry.read() as session:
        cards = citizen_records(session, holder_id=gateway.holder_id)
    offered = {c.credential_id for c in cards}
    assert row.credential_id not in offered
    report = export_credentials(gateway.registry, out=tmp_path / "export")
    files = [p.read_text() for p in (tmp_path / "export").rglob("*") if p.is_file()]
    assert report.written == len(files) and all(sd not in f for f in files)


def test_a_did_key_proof_binds_the_sd_jwt_vc_to_that_key(gateway: Gateway) -> None:
    from oid4vci_wallet import Wallet

    offer = gateway.offer(records=gateway.record_ids[:1])
    access = token(gateway, offer.pre_authorized_code, offer.tx_code).json()["access_token"]
    cid = _sd_ids(offer.offer["credential_configuration_ids"])[0]
    wallet = Wallet()  # proofs with kid: did:key
    body = {"credential_configuration_id": cid, "proofs": {"jwt": [wallet.proof(nonce(gateway))]}}
    answer = credential_request(gateway, access, body)
    assert answer.status_code == 200, answer.text
    claims = decode_sd_jwt(answer.json()["credentials"][0]["credential"])[1]
    assert claims["cnf"]["jwk"]["x"] == wallet.key.get("x")


def test_one_revocation_flips_every_rendition_of_the_issuance(gateway: Gateway) -> None:
    """Suspending or revoking the W3C credential flips the SD-JWT VC issued from the same
    record revision, and the other way round, in one change (before, each row was alone: only
    cancelling the record reached both)."""
    from vc_led_issuer import crud
    from vc_led_issuer.models import StatusPurpose

    offer = gateway.offer(records=gateway.record_ids[:1])
    access = token(gateway, offer.pre_authorized_code, offer.tx_code).json()["access_token"]
    ids = offer.offer["credential_configuration_ids"]
    w3c_id = next(c for c in ids if not c.endswith("SdJwt"))
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    assert _ask(gateway, access, key, credential_configuration_id=w3c_id).status_code == 200
    answer = _ask(gateway, access, key, credential_configuration_id=_sd_ids(ids)[0])
    sd = answer.json()["credentials"][0]["credential"]
    with gateway.registry.read() as session:
        rows = session.exec(select(IssuedCredential)).all()
    w3c = next(r for r in rows if r.format != "dc+sd-jwt" and r.record_id == gateway.record_ids[0])
    sd_row = next(r for r in rows if r.format == "dc+sd-jwt")
    admin = {"Authorization": "Bearer " + "t" * 40}

    def act(credential_id: str, action: str) -> None:
        url = f"/admin/credentials/{credential_id}/{action}"
        answer = gateway.client.post(url, json={"reason": "issued in error"}, headers=admin)
        assert answer.status_code == 200, answer.text

    act(sd_row.credential_id, "suspend")
    with gateway.registry.read() as session:
        bits = crud.credential_status(session, credential_id=w3c.credential_id)
    assert bits[StatusPurpose.SUSPENSION] is True
    act(w3c.credential_id, "unsuspend")
    assert _verify(gateway, sd).check("status").status.value == "passed"
    act(w3c.credential_id, "revoke")
    status = _verify(gateway, sd).check("status")
    assert status.code is not None and status.code.value == "status.revoked", status
