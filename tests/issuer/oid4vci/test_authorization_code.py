"""The authorization code flow's refusals in process (both backends): pushed requests need
PKCE S256, an acceptable redirect URI and a known credential; the authorization endpoint takes
only pushed requests and sends a citizen who is not logged in to the login; a code is single
use and needs its verifier, its client, its redirect URI and its DPoP key."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from issuer_helpers import NOW
from oid4vci_support import TOKEN_URL, Gateway, refused
from oid4vci_wallet import Wallet

from vc_led_issuer.oid4vci.models import ArtifactKind
from vc_led_issuer.oid4vci.store import put_artifact

VERIFIER = secrets.token_urlsafe(48)
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=")
REDIRECT = "https://wallet.example/cb"


def par(gateway: Gateway, **changes: str) -> Any:
    form = {
        "response_type": "code",
        "client_id": "wallet-1",
        "redirect_uri": REDIRECT,
        "code_challenge": CHALLENGE.decode(),
        "code_challenge_method": "S256",
        "scope": "LedQualificationCredential",
        "state": "s-1",
    } | changes
    return gateway.client.post("/oid4vci/par", data={k: v for k, v in form.items() if v})


def test_pushed_requests_need_pkce_a_good_redirect_and_a_known_credential(
    gateway: Gateway,
) -> None:
    refused(par(gateway, code_challenge=""), "invalid_request", "oid4vci.pkce_required")
    refused(par(gateway, code_challenge_method="plain"), "invalid_request", "oid4vci.pkce_required")
    for uri in ("http://evil.example/cb", "javascript:alert(1)", "https://w.example/cb#frag"):
        refused(par(gateway, redirect_uri=uri), "invalid_request", "oid4vci.client_invalid")
    refused(par(gateway, scope="openid"), "invalid_scope", "oid4vci.scope_invalid")
    refused(
        par(gateway, response_type="token"), "unsupported_response_type", "oid4vci.response_type"
    )
    details = '[{"type": "openid_credential", "credential_configuration_id": "Nope"}]'
    refused(
        par(gateway, scope="", authorization_details=details),
        "invalid_request",
        "oid4vci.details_invalid",
    )
    pushed = par(gateway)
    assert pushed.status_code == 201 and pushed.headers["cache-control"] == "no-store"
    assert pushed.json()["request_uri"].startswith("urn:ietf:params:oauth:request_uri:")


def test_authorize_takes_pushed_requests_and_sends_strangers_to_the_login(
    gateway: Gateway,
) -> None:
    request_uri = par(gateway).json()["request_uri"]
    unknown = gateway.client.get(
        "/oid4vci/authorize", params={"client_id": "wallet-1", "request_uri": "urn:x"}
    )
    assert unknown.status_code == 400 and unknown.json()["code"] == "oid4vci.request_uri_invalid"
    other_client = gateway.client.get(
        "/oid4vci/authorize", params={"client_id": "wallet-2", "request_uri": request_uri}
    )
    assert other_client.status_code == 400
    login = gateway.client.get(
        "/oid4vci/authorize",
        params={"client_id": "wallet-1", "request_uri": request_uri},
        follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"].startswith("/login?next=")
    back = parse_qs(urlsplit(login.headers["location"]).query)["next"][0]
    assert back.startswith("/oid4vci/authorize?") and "request_uri=" in back


def _code(gateway: Gateway, *, jkt: str | None = None) -> str:
    code = secrets.token_urlsafe(32)
    data = {
        "client_id": "wallet-1",
        "redirect_uri": REDIRECT,
        "code_challenge": CHALLENGE.decode(),
        "records": gateway.record_ids,
        "jkt": jkt,
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


def redeem(gateway: Gateway, code: str, **changes: str) -> Any:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": VERIFIER,
        "client_id": "wallet-1",
        "redirect_uri": REDIRECT,
    } | changes
    headers = {"DPoP": form.pop("dpop")} if "dpop" in form else {}
    return gateway.client.post("/oid4vci/token", data=form, headers=headers)


def test_a_code_needs_its_verifier_client_and_redirect_and_is_single_use(
    gateway: Gateway,
) -> None:
    wrong = redeem(gateway, _code(gateway), code_verifier=secrets.token_urlsafe(48))
    refused(wrong, "invalid_grant", "oid4vci.pkce_failed")
    refused(
        redeem(gateway, _code(gateway), redirect_uri="https://other.example/cb"),
        "invalid_grant",
        "oid4vci.client_mismatch",
    )
    refused(
        redeem(gateway, _code(gateway), client_id="wallet-2"),
        "invalid_grant",
        "oid4vci.client_mismatch",
    )
    code = _code(gateway)
    answer = redeem(gateway, code)
    assert answer.status_code == 200 and answer.json()["token_type"] == "Bearer"
    assert len(answer.json()["authorization_details"]) >= 1
    refused(redeem(gateway, code), "invalid_grant", "oid4vci.code_invalid")
    gateway.registry.clock = lambda: NOW + timedelta(seconds=61)
    refused(redeem(gateway, _code(gateway)), "invalid_grant", "oid4vci.code_invalid")


def test_a_dpop_bound_code_needs_the_same_key(gateway: Gateway) -> None:
    wallet = Wallet()
    jkt = wallet.dpop_key.thumbprint()
    refused(redeem(gateway, _code(gateway, jkt=jkt)), "invalid_grant", "oid4vci.dpop_key_mismatch")
    stranger = Wallet().dpop(TOKEN_URL)
    refused(
        redeem(gateway, _code(gateway, jkt=jkt), dpop=stranger),
        "invalid_grant",
        "oid4vci.dpop_key_mismatch",
    )
    answer = redeem(gateway, _code(gateway, jkt=jkt), dpop=wallet.dpop(TOKEN_URL))
    assert answer.status_code == 200 and answer.json()["token_type"] == "DPoP"
