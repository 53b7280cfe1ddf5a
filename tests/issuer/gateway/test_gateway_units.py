"""Gateway pieces without a provider: language negotiation, local-only redirects, the
secure session cookie behind https, settings, file names and the login when no provider is
configured."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from issuer_helpers import make_registry
from sqlalchemy import Engine

from vc_led.errors import ConfigurationError
from vc_led_issuer.api.citizen import safe_next_path
from vc_led_issuer.api.main import create_app
from vc_led_issuer.gateway_settings import load_gateway_settings
from vc_led_issuer.portal.files import file_stem, verification_path
from vc_led_issuer.portal.i18n import negotiate, pick_language
from vc_led_issuer.portal.records import Group, RecordCard


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("fr, de", None),
        ("en", "en"),
        ("nl-BE,nl;q=0.9,en;q=0.8", "nl"),
        ("en;q=0.5, nl;q=0.9", "nl"),
        ("nl;q=0.2, en-GB;q=0.8, fr", "en"),
        ("en;q=0, nl;q=0.1", "nl"),  # q=0 means "not acceptable"
        ("en;q=abc, nl;q=0.5", "nl"),
        ("*;q=0.5, en;q=0.4", "nl"),
    ],
)
def test_accept_language_by_q_value(header: str | None, expected: str | None) -> None:
    assert negotiate(header) == expected


def test_explicit_choice_wins() -> None:
    assert pick_language("en", None, "nl") == "en"
    assert pick_language(None, "en", "nl") == "en"
    assert pick_language("xx", "yy", None) == "nl"


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "records",
        "https://evil.example/",
        "//evil.example",
        "/\\evil",
        "/a\nb",
        "/a b",
        "/" + "x" * 2001,
        "javascript:alert(1)",
    ],
)
def test_next_path_refuses_anything_but_a_local_path(value: str | None) -> None:
    assert safe_next_path(value) == "/"


def test_next_path_keeps_local_paths() -> None:
    assert safe_next_path("/records/3?lang=en") == "/records/3?lang=en"


def test_client_secret_from_a_file_only_once(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    settings = load_gateway_settings(
        oidc_issuer="https://idp.example", oidc_client_secret_file=secret
    )
    assert settings.client_secret() == "s3cret"
    assert "s3cret" not in repr(load_gateway_settings(oidc_client_secret="s3cret"))
    with pytest.raises(ConfigurationError):
        load_gateway_settings().client_secret()
    with pytest.raises(ConfigurationError):
        load_gateway_settings(
            oidc_client_secret="a", oidc_client_secret_file=secret
        ).client_secret()
    with pytest.raises(ConfigurationError, match="session_idle_minutes"):
        load_gateway_settings(session_idle_minutes=0)


def _card(title: str, institution: str, year: int | None) -> RecordCard:
    return RecordCard(
        1,
        Group.QUALIFICATIONS,
        title,
        "Diploma",
        "Hoger onderwijs",
        institution,
        "LED",
        None,
        year,
        False,
        False,
        "Authentiek",
        "urn:uuid:x",
    )


def test_file_names_say_what_not_who() -> None:
    card = _card("Bachelor in de Informatica", "KU Leuven", 2024)
    assert file_stem(card) == "2024-bachelor-in-de-informatica-ku-leuven"
    assert file_stem(_card("Één — ñ", "", None)) == "een-n"
    assert file_stem(_card("", "", None)) == "credential"
    assert len(file_stem(_card("x" * 300, "y", 2000))) <= 90


def test_verification_path_only_for_random_ids() -> None:
    uuid = "7d9c7e2c-7094-4a58-aa52-f7ec196c922a"
    assert verification_path(f"urn:uuid:{uuid}") == f"/verify/{uuid}"
    assert verification_path("https://example/cred/1") is None


def test_without_a_provider_there_is_no_way_in(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    registry = make_registry(engine, database_url, tmp_path, public_url="https://gw.example")
    app = create_app(registry, admin_token="t" * 40, gateway=load_gateway_settings())
    with TestClient(app, base_url="https://gw.example", follow_redirects=False) as client:
        home = client.get("/")
        assert home.status_code == 200 and "/login" not in home.text
        login = client.get("/login")
        assert login.status_code == 503 and login.json()["code"] == "login_unavailable"
        assert client.get("/records/1").status_code == 303  # to the login, which says so


def test_behind_https_the_session_cookie_is_secure_and_host_only(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    registry = make_registry(engine, database_url, tmp_path, public_url="https://gw.example")
    app = create_app(registry, admin_token="t" * 40, gateway=load_gateway_settings())

    @app.get("/_remember")
    def remember(request: Request) -> dict[str, bool]:
        request.session["x"] = 1
        return {"ok": True}

    with TestClient(app, base_url="https://gw.example") as client:
        cookie = client.get("/_remember").headers["set-cookie"]
    assert cookie.startswith("__Host-vcled_session=")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie
    assert "; Path=/" in cookie and "Domain" not in cookie


def test_production_needs_an_https_identity_provider(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    registry = make_registry(engine, database_url, tmp_path, mode="production")
    secret = {"oidc_client_secret": "s"}
    plain = load_gateway_settings(oidc_issuer="http://idp.example", **secret)
    with pytest.raises(ConfigurationError, match="https"):
        create_app(registry, admin_token="t" * 40, gateway=plain)
    secure = load_gateway_settings(oidc_issuer="https://idp.example", **secret)
    create_app(registry, admin_token="t" * 40, gateway=secure)  # discovery happens at login
    with pytest.raises(ConfigurationError, match="client secret"):
        create_app(
            registry,
            admin_token="t" * 40,
            gateway=load_gateway_settings(oidc_issuer="https://idp.example"),
        )


def test_a_browser_gets_problems_as_a_page(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    registry = make_registry(engine, database_url, tmp_path, public_url="http://testserver")
    app = create_app(registry, admin_token="t" * 40, gateway=load_gateway_settings())
    html = {"accept": "text/html,application/xhtml+xml;q=0.9", "accept-language": "en"}
    with TestClient(app, follow_redirects=False) as client:
        page = client.get("/records/1/credential.json", headers=html)
        assert page.status_code == 403 and "Please log in first." in page.text
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'none'" in page.headers["content-security-policy"]
        problem = client.get("/records/1/credential.json")
        assert problem.status_code == 403 and problem.json()["code"] == "login_required"
        assert client.get("/login", headers=html).status_code == 503
        api = client.get("/credentials/urn:uuid:x", headers=html)  # not a portal route
        assert api.headers["content-type"] == "application/problem+json"


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_an_unreachable_provider_is_a_503_not_a_500(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    registry = make_registry(engine, database_url, tmp_path, public_url="http://testserver")
    settings = load_gateway_settings(
        oidc_issuer=f"http://127.0.0.1:{port}", oidc_client_secret="s", oidc_timeout_seconds=2
    )
    app = create_app(registry, admin_token="t" * 40, gateway=settings)
    with TestClient(app, follow_redirects=False) as client:
        answer = client.get("/login")
        assert answer.status_code == 503 and answer.json()["code"] == "login_unavailable"


def test_a_malformed_neighbour_cookie_does_not_lose_the_session(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    registry = make_registry(engine, database_url, tmp_path, public_url="http://testserver")
    app = create_app(registry, admin_token="t" * 40, gateway=load_gateway_settings())

    @app.get("/_count")
    def count(request: Request) -> dict[str, int]:
        request.session["n"] = int(request.session.get("n", 0)) + 1
        return {"n": request.session["n"]}

    with TestClient(app) as client:
        assert client.get("/_count").json() == {"n": 1}
        token = client.cookies["vcled_session"]
        client.cookies.clear()
        headers = {"cookie": f'other="a\\"b; c; vcled_session={token}; x=[1]'}
        assert client.get("/_count", headers=headers).json() == {"n": 2}
