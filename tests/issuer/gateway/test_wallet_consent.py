"""The authorization code flow asks the logged-in citizen before a wallet gets her code: the
page names the wallet and where it sends her credentials; "deny" sends ``access_denied``;
the answer needs the CSRF token; a pushed request is answered once."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from gateway_support import oidc_login

from vc_led_issuer.demo_op import RunningOp

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]
VERIFIER = secrets.token_urlsafe(48)
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=")


def _pushed(gateway: TestClient) -> dict[str, str]:
    form = {
        "client_id": "some-wallet",
        "redirect_uri": "https://attacker.example/cb",
        "code_challenge": CHALLENGE.decode(),
        "code_challenge_method": "S256",
        "scope": "LedQualificationCredential",
        "state": "st",
    }
    answer = gateway.post("/oid4vci/par", data=form)
    assert answer.status_code == 201, answer.text
    return {"client_id": "some-wallet", "request_uri": answer.json()["request_uri"]}


def _consent_page(gateway: TestClient, pushed: dict[str, str]) -> dict[str, str]:
    page = gateway.get("/oid4vci/authorize", params=pushed)
    assert page.status_code == 200, page.text[:300]
    assert "some-wallet" in page.text and "attacker.example" in page.text
    assert page.headers["cache-control"] == "no-store"
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    return {k: fields[k] for k in ("csrf_token", "client_id", "request_uri")}


def test_the_citizen_is_asked_and_can_deny(gateway: TestClient, oidc_op: RunningOp) -> None:
    oidc_login(gateway, oidc_op.citizens[0])
    pushed = _pushed(gateway)
    form = _consent_page(gateway, pushed)
    no_csrf = gateway.post(
        "/oid4vci/authorize", data=form | {"csrf_token": "x", "decision": "allow"}
    )
    assert no_csrf.status_code == 403
    denied = gateway.post("/oid4vci/authorize", data=form | {"decision": "deny"})
    assert denied.status_code == 303
    query = parse_qs(urlsplit(denied.headers["location"]).query)
    assert query["error"] == ["access_denied"] and query["state"] == ["st"] and "code" not in query
    again = gateway.post("/oid4vci/authorize", data=form | {"decision": "allow"})
    assert again.status_code == 400  # the pushed request was answered


def test_allowed_the_wallet_gets_a_code_for_her_records(
    gateway: TestClient, oidc_op: RunningOp
) -> None:
    oidc_login(gateway, oidc_op.citizens[0])
    form = _consent_page(gateway, _pushed(gateway))
    allowed = gateway.post("/oid4vci/authorize", data=form | {"decision": "allow"})
    assert allowed.status_code == 303
    location = allowed.headers["location"]
    assert location.startswith("https://attacker.example/cb?code=")
    code = parse_qs(urlsplit(location).query)["code"][0]
    token = gateway.post(
        "/oid4vci/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": VERIFIER,
            "client_id": "some-wallet",
            "redirect_uri": "https://attacker.example/cb",
        },
    )
    assert token.status_code == 200, token.text
    assert token.json()["authorization_details"][0]["credential_configuration_id"] == (
        "LedQualificationCredential"
    )
