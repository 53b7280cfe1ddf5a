""" "Add to wallet" on the portal: a logged-in citizen's offer page (QR code, PIN), whose code
works once with that PIN; another citizen's record and a form without CSRF token get nothing."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from fastapi.testclient import TestClient
from gateway_support import oidc_login

from vc_led_issuer.demo_op import RunningOp

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]
PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def _record_and_csrf(gateway: TestClient) -> tuple[int, str]:
    home = gateway.get("/")
    record_id = int(re.findall(r'href="/records/(\d+)"', home.text)[0])
    page = gateway.get(f"/records/{record_id}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    return record_id, token.group(1)


def test_a_citizen_takes_her_record_to_a_wallet(gateway: TestClient, oidc_op: RunningOp) -> None:
    oidc_login(gateway, oidc_op.citizens[0])
    record_id, csrf = _record_and_csrf(gateway)
    page = gateway.post(f"/wallet/offer/{record_id}", data={"csrf_token": csrf})
    assert page.status_code == 200, page.text[:500]
    assert page.headers["cache-control"] == "no-store"
    assert 'src="data:image/svg+xml' in page.text
    assert "?lang=" not in page.text  # a language link would GET this POST-only URL
    link = re.search(r'href="(openid-credential-offer://[^"]+)"', page.text)
    pin = re.search(r"<strong>(\d{6})</strong>", page.text)
    assert link and pin
    query = parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)
    offer = json.loads(unquote(query["credential_offer"][0]))
    ids = offer["credential_configuration_ids"]
    assert len(ids) == 2 and ids[1].endswith("SdJwt")  # the record in both formats, listed
    assert "W3C Verifiable Credential (JSON-LD)" in page.text and "SD-JWT VC" in page.text
    assert "(SD-JWT)</strong>" in page.text and "alleen in uw wallet" in page.text
    code = offer["grants"][PRE_AUTH]["pre-authorized_code"]
    form = {"grant_type": PRE_AUTH, "pre-authorized_code": code, "tx_code": pin.group(1)}
    assert gateway.post("/oid4vci/token", data=form).status_code == 200
    assert gateway.post("/oid4vci/token", data=form).json()["error"] == "invalid_grant"


def test_no_offer_for_another_citizens_record_or_without_csrf(
    gateway: TestClient, oidc_op: RunningOp
) -> None:
    oidc_login(gateway, oidc_op.citizens[0])
    record_id, _ = _record_and_csrf(gateway)
    assert gateway.post(f"/wallet/offer/{record_id}", data={}).status_code == 403
    gateway.cookies.clear()
    oidc_login(gateway, oidc_op.citizens[1])
    _, other_csrf = _record_and_csrf(gateway)
    stolen = gateway.post(f"/wallet/offer/{record_id}", data={"csrf_token": other_csrf})
    assert stolen.status_code == 404 and "openid-credential-offer" not in stolen.text
