"""Citizen login through the demo OpenID Provider, sessions and logout (HTTP level)."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from gateway_support import NEWCOMER, Clock, oidc_login, op_login
from sqlmodel import select

from vc_led_issuer.context import Registry
from vc_led_issuer.demo_op import RunningOp
from vc_led_issuer.models import Holder
from vc_led_issuer.privacy import InszHasher

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


def _session_cookie(client: TestClient) -> str | None:
    return client.cookies.get("vcled_session")


def test_login_shows_her_records_and_rotates_the_session(
    gateway: TestClient, oidc_op: RunningOp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    citizen = oidc_op.citizens[0]
    anonymous = gateway.get("/")
    assert anonymous.status_code == 200
    assert 'href="/login?next=/"' in anonymous.text
    start = gateway.get("/login", params={"next": "/"})
    assert start.status_code == 302
    assert "code_challenge_method=S256" in start.headers["location"]
    before = _session_cookie(gateway)
    assert before  # the login transaction lives in a server-side session
    back = gateway.get(op_login(start.headers["location"], citizen))
    assert back.status_code == 303 and back.headers["location"] == "/"
    after = _session_cookie(gateway)
    assert after and after != before  # rotated at login: no fixation
    cookie = back.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie.replace("samesite=lax", "SameSite=Lax")
    home = gateway.get("/")
    assert citizen.given_name in home.text and citizen.family_name in home.text
    assert "/records/" in home.text
    assert home.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in home.headers["content-security-policy"]
    # the pre-login session id is dead
    gateway.cookies.clear()
    gateway.cookies.set("vcled_session", before)
    assert "/records/" not in gateway.get("/").text
    # the INSZ is in no response, cookie or log line
    for text in (start.text, back.text, home.text, cookie, caplog.text, str(start.headers)):
        assert citizen.insz not in text


def test_logout_ends_the_session_here_and_at_the_provider(
    gateway: TestClient, oidc_op: RunningOp
) -> None:
    oidc_login(gateway, oidc_op.citizens[0])
    session = _session_cookie(gateway)
    assert session
    page = gateway.get("/")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    refused = gateway.post("/logout", data={"csrf_token": "forged"})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    out = gateway.post("/logout", data={"csrf_token": token})
    assert out.status_code == 303
    assert out.headers["location"].startswith(f"{oidc_op.issuer}/session/end?")
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2F" in out.headers["location"]
    # a replayed (logged-out) session id is nobody
    gateway.cookies.clear()
    gateway.cookies.set("vcled_session", session)
    assert "/records/" not in gateway.get("/").text


def test_sessions_expire_when_idle_and_absolutely(
    gateway: TestClient, oidc_op: RunningOp, clock: Clock
) -> None:
    oidc_login(gateway, oidc_op.citizens[0])
    assert "/records/" in gateway.get("/").text
    clock.advance(minutes=31)  # idle timeout 30 minutes
    assert "/records/" not in gateway.get("/").text
    oidc_login(gateway, oidc_op.citizens[0])
    for _ in range(17):  # active every 29 minutes, but 8 hours at most
        clock.advance(minutes=29)
        page = gateway.get("/")
    assert "/records/" not in page.text


def test_login_next_is_local_only(gateway: TestClient, oidc_op: RunningOp) -> None:
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"):
        gateway.cookies.clear()
        done = oidc_login(gateway, oidc_op.citizens[0], next_path=evil)
        assert done.headers["location"] == "/"
    gateway.cookies.clear()
    done = oidc_login(gateway, oidc_op.citizens[0], next_path="/records/1?x=1")
    assert done.headers["location"] == "/records/1?x=1"


def test_a_callback_without_the_login_transaction_is_refused(
    gateway: TestClient, oidc_op: RunningOp
) -> None:
    start = gateway.get("/login")
    back = op_login(start.headers["location"], oidc_op.citizens[0])
    gateway.cookies.clear()  # another browser: no state, no PKCE verifier
    refused = gateway.get(back)
    assert refused.status_code == 400 and refused.json()["code"] == "login_failed"
    forged = gateway.get("/auth/callback", params={"code": "x", "state": "y"})
    assert forged.status_code == 400


def test_a_citizen_without_records_gets_an_empty_portal(
    gateway: TestClient, oidc_op: RunningOp, gateway_registry: Registry
) -> None:
    newcomer = oidc_op.citizens[-1]
    assert newcomer is NEWCOMER
    with gateway_registry.read() as session:
        before = len(list(session.exec(select(Holder))))
    oidc_login(gateway, newcomer)
    home = gateway.get("/")
    assert "Nieuw Iemand" in home.text and "geen bewijzen" in home.text
    assert "/records/" not in home.text
    digest = InszHasher(gateway_registry.settings.pepper_bytes()).digest(newcomer.insz)
    with gateway_registry.read() as session:
        holders = list(session.exec(select(Holder)))
    assert len(holders) == before + 1  # known from now on, by the peppered HMAC only
    assert holders[-1].insz_hash == digest


def test_login_starts_on_the_public_host(gateway: TestClient) -> None:
    """Opened as http://127.0.0.1:... while the public URL says another host, the login
    moves to the public host first (the callback comes back there, with the session cookie)."""
    moved = gateway.get("http://127.0.0.1/login", params={"next": "/records/3"})
    assert moved.status_code == 303
    assert moved.headers["location"] == "http://testserver/login?next=%2Frecords%2F3"
    assert "set-cookie" not in moved.headers
