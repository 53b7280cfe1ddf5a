"""Every refusal of the OpenID4VCI endpoints, with the specification's error code and our
stable code (both backends): single-use and short-lived codes, limited PINs, key proofs
(nonce replay, audience, iat, alg none, HMAC, another key) and DPoP (replay, another URL,
another key, required)."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from issuer_helpers import NOW
from jwcrypto import jwk
from oid4vci_support import (
    CREDENTIAL_URL,
    TOKEN_URL,
    Gateway,
    credential_request,
    nonce,
    refused,
    token,
)
from oid4vci_wallet import ISSUER, Wallet, b64, sign_jwt, unsigned_jwt

from vc_led.jose import JoseError, unverified_header
from vc_led_issuer.oid4vci.config import Oid4vciSettings


def access(gateway: Gateway, **headers: str) -> tuple[str, str]:
    offer = gateway.offer(records=gateway.record_ids[:1])
    body = token(gateway, offer.pre_authorized_code, offer.tx_code, **headers).json()
    return body["access_token"], offer.offer["credential_configuration_ids"][0]


def ask(gateway: Gateway, proof: str, *, access_token: str, cid: str, **headers: str) -> Any:
    body = {"credential_configuration_id": cid, "proofs": {"jwt": [proof]}}
    return credential_request(gateway, access_token, body, **headers)


def test_a_pre_authorized_code_is_single_use(gateway: Gateway) -> None:
    offer = gateway.offer()
    assert token(gateway, offer.pre_authorized_code, offer.tx_code).status_code == 200
    again = token(gateway, offer.pre_authorized_code, offer.tx_code)
    refused(again, "invalid_grant", "oid4vci.code_invalid")


def test_a_pre_authorized_code_expires(gateway: Gateway) -> None:
    offer = gateway.offer(minutes=10)
    gateway.registry.clock = lambda: NOW + timedelta(minutes=10, seconds=1)
    refused(
        token(gateway, offer.pre_authorized_code, offer.tx_code),
        "invalid_grant",
        "oid4vci.code_invalid",
    )


def test_unknown_code_and_unknown_grant_type(gateway: Gateway) -> None:
    refused(token(gateway, "no-such-code", "123456"), "invalid_grant", "oid4vci.code_invalid")
    other = gateway.client.post("/oid4vci/token", data={"grant_type": "password"})
    refused(other, "unsupported_grant_type", "oid4vci.grant_type_unsupported")


def test_pins_are_limited_and_then_the_offer_is_void(gateway: Gateway) -> None:
    offer = gateway.offer()
    missing = token(gateway, offer.pre_authorized_code, None)
    refused(missing, "invalid_request", "oid4vci.tx_code_missing")
    wrong = "000000" if offer.tx_code != "000000" else "111111"
    for _ in range(4):
        refused(
            token(gateway, offer.pre_authorized_code, wrong),
            "invalid_grant",
            "oid4vci.tx_code_wrong",
        )
    last = token(gateway, offer.pre_authorized_code, wrong)
    refused(last, "invalid_grant", "oid4vci.tx_code_exhausted")
    right = token(gateway, offer.pre_authorized_code, offer.tx_code)
    refused(right, "invalid_grant", "oid4vci.code_invalid")


def test_a_nonce_is_accepted_once(gateway: Gateway) -> None:
    access_token, cid = access(gateway)
    wallet, c_nonce = Wallet(), nonce(gateway)
    assert (
        ask(gateway, wallet.proof(c_nonce), access_token=access_token, cid=cid).status_code == 200
    )
    second, cid2 = access(gateway)
    replay = ask(gateway, wallet.proof(c_nonce), access_token=second, cid=cid2)
    refused(replay, "invalid_nonce", "oid4vci.nonce_invalid")
    unknown = ask(gateway, wallet.proof("made-up"), access_token=second, cid=cid2)
    refused(unknown, "invalid_nonce", "oid4vci.nonce_invalid")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"aud": "https://elsewhere.example"}, "oid4vci.proof_wrong_audience"),
        ({"iat": int(NOW.timestamp()) - 301}, "oid4vci.proof_iat_stale"),
        ({"iat": int(NOW.timestamp()) + 61}, "oid4vci.proof_iat_future"),
        ({"iat": "yesterday"}, "oid4vci.proof_no_iat"),
        ({"header": {"typ": "JWT"}}, "oid4vci.proof_wrong_typ"),
        ({"key": jwk.JWK.generate(kty="OKP", crv="Ed25519")}, "oid4vci.proof_signature_invalid"),
    ],
    ids=["aud", "iat-stale", "iat-future", "iat-text", "typ", "another-key"],
)
def test_bad_key_proofs(gateway: Gateway, change: dict[str, Any], code: str) -> None:
    access_token, cid = access(gateway)
    proof = Wallet().proof(nonce(gateway), **change)
    refused(ask(gateway, proof, access_token=access_token, cid=cid), "invalid_proof", code)


def test_unsigned_hmac_and_private_key_proofs(gateway: Gateway) -> None:
    access_token, cid = access(gateway)
    wallet = Wallet()
    claims = {"aud": ISSUER, "iat": wallet.at, "nonce": nonce(gateway)}
    none = unsigned_jwt(
        {"typ": "openid4vci-proof+jwt", "alg": "none", "kid": wallet.pair.id}, claims
    )
    refused(
        ask(gateway, none, access_token=access_token, cid=cid),
        "invalid_proof",
        "oid4vci.proof_alg_not_allowed",
    )
    secret = jwk.JWK.generate(kty="oct", size=256)
    hmac = sign_jwt(
        secret,
        {"typ": "openid4vci-proof+jwt", "alg": "HS256", "jwk": {"kty": "oct", "k": secret["k"]}},
        claims,
    )
    refused(
        ask(gateway, hmac, access_token=access_token, cid=cid),
        "invalid_proof",
        "oid4vci.proof_alg_not_allowed",
    )
    private = {
        "typ": "openid4vci-proof+jwt",
        "alg": "EdDSA",
        "jwk": wallet.key.export(as_dict=True),
    }
    leaked = sign_jwt(wallet.key, private, claims)
    refused(
        ask(gateway, leaked, access_token=access_token, cid=cid),
        "invalid_proof",
        "oid4vci.proof_bad_key",
    )
    both = {
        "typ": "openid4vci-proof+jwt",
        "alg": "EdDSA",
        "kid": wallet.pair.id,
        "jwk": wallet.key.export_public(as_dict=True),
    }
    refused(
        ask(gateway, sign_jwt(wallet.key, both, claims), access_token=access_token, cid=cid),
        "invalid_proof",
        "oid4vci.proof_bad_key",
    )


def test_a_jwk_proof_binds_to_its_did_key(gateway: Gateway) -> None:
    access_token, cid = access(gateway)
    wallet = Wallet()
    header = {
        "typ": "openid4vci-proof+jwt",
        "alg": "EdDSA",
        "jwk": wallet.key.export_public(as_dict=True),
    }
    proof = sign_jwt(wallet.key, header, {"aud": ISSUER, "iat": wallet.at, "nonce": nonce(gateway)})
    issued = ask(gateway, proof, access_token=access_token, cid=cid)
    assert issued.status_code == 200, issued.text
    assert issued.json()["credentials"][0]["credential"]["credentialSubject"]["id"] == wallet.did


def test_access_tokens_and_missing_proofs(gateway: Gateway) -> None:
    access_token, cid = access(gateway)
    body = {"credential_configuration_id": cid}
    refused(
        credential_request(gateway, "wrong", body), "invalid_token", "oid4vci.token_invalid", 401
    )
    refused(
        credential_request(gateway, access_token, body), "invalid_proof", "oid4vci.proof_missing"
    )
    unknown = {"credential_configuration_id": "Nope", "proofs": {"jwt": ["x"]}}
    refused(
        credential_request(gateway, access_token, unknown),
        "unknown_credential_configuration",
        "oid4vci.configuration_unknown",
    )
    answer = gateway.client.post("/oid4vci/credential", json=body)
    refused(answer, "invalid_token", "oid4vci.token_missing", 401)
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_dpop_binds_the_access_token(gateway: Gateway) -> None:
    wallet = Wallet()
    offer = gateway.offer(records=gateway.record_ids[:1])
    answer = token(gateway, offer.pre_authorized_code, offer.tx_code, DPoP=wallet.dpop(TOKEN_URL))
    assert answer.status_code == 200 and answer.json()["token_type"] == "DPoP"
    access_token, cid = (
        answer.json()["access_token"],
        offer.offer["credential_configuration_ids"][0],
    )
    as_bearer = ask(gateway, wallet.proof(nonce(gateway)), access_token=access_token, cid=cid)
    refused(as_bearer, "invalid_token", "oid4vci.token_bound", 401)
    dpop_auth = {"Authorization": f"DPoP {access_token}"}
    other_url = wallet.dpop(f"{ISSUER}/oid4vci/nonce", token=access_token)
    body = {"credential_configuration_id": cid, "proofs": {"jwt": [wallet.proof(nonce(gateway))]}}
    wrong = gateway.client.post(
        "/oid4vci/credential", json=body, headers=dpop_auth | {"DPoP": other_url}
    )
    refused(wrong, "invalid_dpop_proof", "oid4vci.dpop_wrong_url", 401)
    stranger = Wallet().dpop(CREDENTIAL_URL, token=access_token)
    other_key = gateway.client.post(
        "/oid4vci/credential", json=body, headers=dpop_auth | {"DPoP": stranger}
    )
    refused(other_key, "invalid_dpop_proof", "oid4vci.dpop_wrong_key", 401)
    no_ath = wallet.dpop(CREDENTIAL_URL)
    refused(
        gateway.client.post("/oid4vci/credential", json=body, headers=dpop_auth | {"DPoP": no_ath}),
        "invalid_dpop_proof",
        "oid4vci.dpop_wrong_ath",
        401,
    )
    good = wallet.dpop(CREDENTIAL_URL, token=access_token)
    issued = gateway.client.post(
        "/oid4vci/credential", json=body, headers=dpop_auth | {"DPoP": good}
    )
    assert issued.status_code == 200, issued.text
    body2 = {"credential_configuration_id": cid, "proofs": {"jwt": [wallet.proof(nonce(gateway))]}}
    replay = gateway.client.post(
        "/oid4vci/credential", json=body2, headers=dpop_auth | {"DPoP": good}
    )
    refused(replay, "invalid_dpop_proof", "oid4vci.dpop_replayed", 401)


def test_a_replayed_or_misdirected_dpop_proof_at_the_token_endpoint(gateway: Gateway) -> None:
    wallet = Wallet()
    proof = wallet.dpop(TOKEN_URL)
    first, second = gateway.offer(), gateway.offer()
    assert token(gateway, first.pre_authorized_code, first.tx_code, DPoP=proof).status_code == 200
    refused(
        token(gateway, second.pre_authorized_code, second.tx_code, DPoP=proof),
        "invalid_dpop_proof",
        "oid4vci.dpop_replayed",
    )
    elsewhere = wallet.dpop(CREDENTIAL_URL)
    refused(
        token(gateway, second.pre_authorized_code, second.tx_code, DPoP=elsewhere),
        "invalid_dpop_proof",
        "oid4vci.dpop_wrong_url",
    )
    get = wallet.dpop(TOKEN_URL, method="GET")
    refused(
        token(gateway, second.pre_authorized_code, second.tx_code, DPoP=get),
        "invalid_dpop_proof",
        "oid4vci.dpop_wrong_method",
    )
    hmac_key = jwk.JWK.generate(kty="oct", size=256)
    forged = sign_jwt(
        hmac_key,
        {"typ": "dpop+jwt", "alg": "HS256", "jwk": {"kty": "oct", "k": hmac_key["k"]}},
        {"htm": "POST", "htu": TOKEN_URL, "iat": wallet.at, "jti": b64(b"x")},
    )
    refused(
        token(gateway, second.pre_authorized_code, second.tx_code, DPoP=forged),
        "invalid_dpop_proof",
        "oid4vci.dpop_alg_not_allowed",
    )


@pytest.mark.parametrize(
    "oid4vci_settings", [Oid4vciSettings(dpop_required=True)], ids=["dpop-required"]
)
def test_dpop_can_be_required(gateway: Gateway) -> None:
    offer = gateway.offer()
    refused(
        token(gateway, offer.pre_authorized_code, offer.tx_code),
        "invalid_dpop_proof",
        "oid4vci.dpop_required",
    )
    answer = token(gateway, offer.pre_authorized_code, offer.tx_code, DPoP=Wallet().dpop(TOKEN_URL))
    assert answer.status_code == 200 and answer.json()["token_type"] == "DPoP"


def test_a_record_cancelled_after_the_offer_is_not_issued(gateway: Gateway) -> None:
    from vc_led_issuer.models import Record, RecordState

    access_token, cid = access(gateway)
    with gateway.registry.write() as session:
        record = session.get(Record, gateway.record_ids[0])
        assert record is not None
        record.state = RecordState.CANCELLED.value
        session.add(record)
    answer = ask(gateway, Wallet().proof(nonce(gateway)), access_token=access_token, cid=cid)
    refused(answer, "credential_request_denied", "oid4vci.not_issuable")


def test_settings_are_checked() -> None:
    from vc_led.errors import ConfigurationError
    from vc_led_issuer.oid4vci.config import load_oid4vci_settings

    assert load_oid4vci_settings().tx_code_attempts == 5
    with pytest.raises(ConfigurationError, match="tx_code_attempts"):
        load_oid4vci_settings(tx_code_attempts=0)


@pytest.mark.parametrize("method", ["did:key", "did:jwk"])
def test_p256_keys_as_did_key_or_did_jwk(gateway: Gateway, method: str) -> None:
    import json

    from vc_led.keys import KeyPair

    access_token, cid = access(gateway)
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    if method == "did:key":
        did = KeyPair(key.get_op_key("sign")).public.did_key
        kid = f"{did}#{did.removeprefix('did:key:')}"
    else:
        did = "did:jwk:" + b64(json.dumps(key.export_public(as_dict=True)).encode())
        kid = f"{did}#0"
    header = {"typ": "openid4vci-proof+jwt", "alg": "ES256", "kid": kid}
    claims = {"aud": ISSUER, "iat": Wallet().at, "nonce": nonce(gateway)}
    issued = ask(gateway, sign_jwt(key, header, claims), access_token=access_token, cid=cid)
    assert issued.status_code == 200, issued.text
    assert issued.json()["credentials"][0]["credential"]["credentialSubject"]["id"] == did
    claims["nonce"] = nonce(gateway)
    second, cid2 = access(gateway)
    refused(
        ask(
            gateway,
            sign_jwt(key, {**header, "alg": "ES384"}, claims),
            access_token=second,
            cid=cid2,
        ),
        "invalid_proof",
        "oid4vci.proof_bad_key",
    )


def test_a_jwt_part_with_junk_characters_is_malformed() -> None:
    """base64url is decoded strictly: a lenient decoder skipped the "!!" and read the header."""
    header = base64.urlsafe_b64encode(json.dumps({"alg": "ES256"}).encode()).decode()
    header = header.rstrip("=")
    assert unverified_header(f"{header}.e30.sig")["alg"] == "ES256"
    with pytest.raises(JoseError) as info:
        unverified_header(f"{header[:4]}!!{header[4:]}.e30.sig")
    assert info.value.reason == "malformed"
