"""The pre-authorized code flow in process, on both backends: metadata, token with PIN, nonce,
credential bound to the wallet key, verified with holder binding."""

from __future__ import annotations

from issuer_helpers import NOW, registry_verifier
from oid4vci_support import Gateway, credential_request, nonce, token
from oid4vci_wallet import ISSUER, Wallet


def test_metadata(gateway: Gateway) -> None:
    meta = gateway.client.get("/.well-known/openid-credential-issuer").json()
    assert meta["credential_issuer"] == ISSUER
    assert meta["nonce_endpoint"] == f"{ISSUER}/oid4vci/nonce"
    qualification = meta["credential_configurations_supported"]["LedQualificationCredential"]
    assert qualification["format"] == "ldp_vc"
    assert qualification["credential_signing_alg_values_supported"] == ["eddsa-rdfc-2022"]
    assert "jwt" in qualification["proof_types_supported"]
    names = {d["locale"] for d in qualification["credential_metadata"]["display"]}
    assert names == {"nl", "en"}
    assert "LedCompetenceCredential" in meta["credential_configurations_supported"]
    oauth = gateway.client.get("/.well-known/oauth-authorization-server").json()
    assert oauth["issuer"] == ISSUER and oauth["token_endpoint"] == f"{ISSUER}/oid4vci/token"
    assert oauth["code_challenge_methods_supported"] == ["S256"]
    assert oauth["require_pushed_authorization_requests"] is True


def test_pre_authorized_flow_issues_every_record_bound_to_the_wallet(gateway: Gateway) -> None:
    offer = gateway.offer()
    wallet = Wallet()
    answer = token(gateway, offer.pre_authorized_code, offer.tx_code)
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert body["token_type"] == "Bearer"
    every = [i for d in body["authorization_details"] for i in d["credential_identifiers"]]
    identifiers = [i for i in every if not i.endswith("-sd-jwt")]  # dc+sd-jwt: test_sd_jwt.py
    assert len(identifiers) == len(gateway.record_ids) == len(every) // 2
    verifier = registry_verifier(gateway.registry)
    for ident in identifiers:
        request = {
            "credential_identifier": ident,
            "proofs": {"jwt": [wallet.proof(nonce(gateway))]},
        }
        issued = credential_request(gateway, body["access_token"], request)
        assert issued.status_code == 200, issued.text
        credential = issued.json()["credentials"][0]["credential"]
        assert credential["credentialSubject"]["id"] == wallet.did
        presented = wallet.present(credential, challenge="c-1")
        result = verifier.verify_presentation(presented, challenge="c-1", domain=ISSUER, now=NOW)
        assert result.check("holder_binding").status.value == "passed", result.to_dict()
        assert result.check("proof").status.value == "passed", result.to_dict()


def test_credential_by_configuration_id_takes_each_record_in_turn(gateway: Gateway) -> None:
    offer = gateway.offer()
    wallet = Wallet()
    access = token(gateway, offer.pre_authorized_code, offer.tx_code).json()["access_token"]
    subjects: dict[str, list[str]] = {}
    ldp = [c for c in offer.offer["credential_configuration_ids"] if not c.endswith("SdJwt")]
    for cid in ldp:
        for _ in range(2):
            request = {
                "credential_configuration_id": cid,
                "proofs": {"jwt": [wallet.proof(nonce(gateway))]},
            }
            answer = credential_request(gateway, access, request)
            assert answer.status_code == 200, answer.text
            credential = answer.json()["credentials"][0]["credential"]
            subjects.setdefault(cid, []).append(credential["id"])
    assert all(len(set(ids)) == 2 for ids in subjects.values())  # fresh credentials each time
    other = next(
        c
        for c in ("LedEquivalenceCredential", "LedSelfDeclaredCredential")
        if c not in offer.offer["credential_configuration_ids"]
    )
    request = {
        "credential_configuration_id": other,
        "proofs": {"jwt": [wallet.proof(nonce(gateway))]},
    }
    refused = credential_request(gateway, access, request)
    assert refused.status_code == 400
    assert refused.json()["code"] == "oid4vci.configuration_not_granted"
