"""The client-credentials server (both backends): secret and private_key_jwt clients get
short-lived tokens for their granted scopes only; every way to get authentication wrong is
refused with an OAuth error; a route guarded by ``client_scoped`` checks token and scope."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from vc_led.cli import main
from vc_led.jose import jwk_of_public, sign_compact
from vc_led.keys import KeyPair, KeyType
from vc_led_issuer.api.main import create_app
from vc_led_issuer.api.routes.oauth import TOKEN_PATH, client_scoped
from vc_led_issuer.context import Registry
from vc_led_issuer.oauth.clients import (
    SECRET_PREFIX,
    TOKEN_PREFIX,
    Granted,
    add_client,
    disable_client,
)
from vc_led_issuer.oauth.models import OAuthClient, OAuthToken

ADMIN = "s" * 40
WALLET_KEY = KeyPair.generate(KeyType.P256)
OTHER_KEY = KeyPair.generate(KeyType.ED25519)


@pytest.fixture
def app_client(registry: Registry) -> Iterator[TestClient]:
    app = create_app(registry, admin_token=ADMIN)

    def probe(granted: Annotated[Granted, client_scoped("vcapi:issue")]) -> dict[str, Any]:
        return {"client": granted.client_id, "afnemer": granted.afnemer}

    app.add_api_route("/probe", probe, methods=["GET"])
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _secret_client(registry: Registry, client_id: str = "suite", **kw: Any) -> str:
    with registry.write() as session:
        scopes = kw.pop("scopes", ["vcapi:issue", "vcapi:status"])
        secret = add_client(
            session, client_id=client_id, name="W3C suite", scopes=scopes, actor="t", **kw
        )[1]
    assert secret is not None and secret.startswith(SECRET_PREFIX)
    return secret


def _key_client(registry: Registry, client_id: str = "naric") -> None:
    jwk = jwk_of_public(WALLET_KEY.public).export_public(as_dict=True) | {"kid": "k1"}
    with registry.write() as session:
        _, secret = add_client(
            session,
            client_id=client_id,
            name="NARIC Vlaanderen",
            scopes=["afnemer:records"],
            jwks={"keys": [jwk]},
            afnemer="naric",
            actor="t",
        )
    assert secret is None


def _assertion(registry: Registry, **over: Any) -> str:
    now = int(registry.now().timestamp())
    claims = {
        "iss": "naric",
        "sub": "naric",
        "aud": registry.settings.public_url + TOKEN_PATH,
        "exp": now + 120,
        "iat": now,
        "jti": "jti-1",
    } | over
    key = over.pop("key", WALLET_KEY)
    claims.pop("key", None)
    return sign_compact({"typ": "JWT", "kid": "k1"}, claims, key=key)


def _token(client: TestClient, **form: str) -> Any:
    return client.post(TOKEN_PATH, data=form)


def _jwt_form(assertion: str) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
    }


def _get(client: TestClient, token: str) -> Any:
    return client.get("/probe", headers={"Authorization": f"Bearer {token}"})


def test_secret_clients_get_tokens_for_their_scopes(
    app_client: TestClient, registry: Registry
) -> None:
    secret = _secret_client(registry)
    post = _token(
        app_client, grant_type="client_credentials", client_id="suite", client_secret=secret
    )
    assert post.status_code == 200 and post.headers["cache-control"] == "no-store"
    body = post.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    assert body["scope"] == "vcapi:issue vcapi:status"
    assert body["access_token"].startswith(TOKEN_PREFIX)
    assert _get(app_client, body["access_token"]).json() == {"client": "suite", "afnemer": None}
    basic = base64.b64encode(f"suite:{secret}".encode()).decode()
    asked = app_client.post(
        TOKEN_PATH,
        data={"grant_type": "client_credentials", "scope": "vcapi:status", "audience": "x"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert asked.status_code == 200 and asked.json()["scope"] == "vcapi:status"
    narrow = _get(app_client, asked.json()["access_token"])
    assert narrow.status_code == 403 and narrow.json()["code"] == "scope_missing"
    assert 'error="insufficient_scope"' in narrow.headers["www-authenticate"]
    with registry.read() as session:  # only hashes are stored
        hashes = {t.token_hash for t in session.exec(select(OAuthToken))}
        stored = session.exec(select(OAuthClient)).one()
    assert hashlib.sha256(body["access_token"].encode()).hexdigest() in hashes
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()


REFUSED: list[tuple[dict[str, str], str | None, int, str]] = [
    ({"client_id": "suite", "client_secret": "vcled_cs_wrong"}, None, 401, "invalid_client"),
    ({"client_id": "nobody", "client_secret": "x"}, None, 401, "invalid_client"),
    ({}, "suite:wrong", 401, "invalid_client"),
    ({"client_id": "suite"}, None, 401, "invalid_client"),
    ({"client_id": "suite", "client_secret": "SECRET"}, "suite:SECRET", 401, "invalid_client"),
    (
        {"client_id": "suite", "client_secret": "SECRET", "scope": "admin"},
        None,
        400,
        "invalid_scope",
    ),
    (
        {"client_id": "suite", "client_secret": "SECRET", "grant_type": "password"},
        None,
        400,
        "unsupported_grant_type",
    ),
]


def test_token_requests_that_are_refused(app_client: TestClient, registry: Registry) -> None:
    secret = _secret_client(registry)
    for form, basic, status, error in REFUSED:
        data = {"grant_type": "client_credentials"} | {
            k: v.replace("SECRET", secret) for k, v in form.items()
        }
        headers = {}
        if basic is not None:
            encoded = base64.b64encode(basic.replace("SECRET", secret).encode()).decode()
            headers["Authorization"] = f"Basic {encoded}"
        response = app_client.post(TOKEN_PATH, data=data, headers=headers)
        assert response.status_code == status, form
        body = response.json()
        assert body["error"] == error and body["code"] == f"oauth.{error}"
        assert secret not in response.text
        if basic is not None and status == 401:
            assert response.headers["www-authenticate"].startswith("Basic")


def test_private_key_jwt_clients(app_client: TestClient, registry: Registry) -> None:
    _key_client(registry)
    good = _token(app_client, **_jwt_form(_assertion(registry)))
    assert good.status_code == 200, good.text
    token = good.json()["access_token"]
    assert good.json()["scope"] == "afnemer:records"
    assert _get(app_client, token).status_code == 403  # a token, but not for that scope
    replay = _token(app_client, **_jwt_form(_assertion(registry)))
    assert replay.status_code == 401 and "used before" in replay.json()["error_description"]
    now = int(registry.now().timestamp())
    for i, over in enumerate(
        (
            {"aud": "https://elsewhere.example/token"},
            {"exp": now + 3600},
            {"exp": now - 600},
            {"sub": "other"},
            {"iss": "nobody", "sub": "nobody"},
            {"key": OTHER_KEY},
            {"jti": None},
        )
    ):
        fresh = {"jti": f"jti-refused-{i}"} | over
        refused = _token(app_client, **_jwt_form(_assertion(registry, **fresh)))
        assert refused.status_code == 401, over
        assert refused.json()["error"] == "invalid_client"
    unsigned = (
        ".".join(
            base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")
            for part in ({"alg": "none"}, {"iss": "naric", "sub": "naric"})
        )
        + "."
    )
    assert _token(app_client, **_jwt_form(unsigned)).status_code == 401
    secret = _secret_client(registry, client_id="other-suite")
    mixed = _jwt_form(_assertion(registry, jti="jti-2")) | {"client_secret": secret}
    assert _token(app_client, **mixed).status_code == 401  # two methods at once


def test_tokens_expire_and_die_with_their_client(
    app_client: TestClient, registry: Registry
) -> None:
    secret = _secret_client(registry)
    form = {"grant_type": "client_credentials", "client_id": "suite", "client_secret": secret}
    token = _token(app_client, **form).json()["access_token"]
    assert _get(app_client, token).status_code == 200
    start = registry.now()
    registry.clock = lambda: start + timedelta(minutes=16)
    late = _get(app_client, token)
    assert late.status_code == 401 and late.json()["code"] == "unauthorized"
    token = _token(app_client, **form).json()["access_token"]
    with registry.write() as session:
        disable_client(session, client_id="suite", actor="t", reason="offboarded")
    assert _get(app_client, token).status_code == 401
    assert _token(app_client, **form).status_code == 401
    assert _get(app_client, "vcled_at_made-up").status_code == 401
    assert app_client.get("/probe").status_code == 401


def test_clients_are_checked_when_added(registry: Registry) -> None:
    bad: list[dict[str, Any]] = [
        {"client_id": "Upper"},
        {"scopes": []},
        {"scopes": ["no spaces allowed"]},
        {"jwks": {"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}},
        {"jwks": {"keys": []}},
    ]
    for over in bad:
        args = {"client_id": "ok", "scopes": ["vcapi:issue"]} | over
        with pytest.raises(ValueError), registry.write() as session:
            add_client(session, name="x", actor="t", **args)
    _secret_client(registry, client_id="taken")
    with pytest.raises(ValueError, match="already used"), registry.write() as session:
        add_client(session, client_id="taken", name="x", scopes=["a"], actor="t")


def test_clients_commands(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    assert run("registry", "init")[0] == 0
    code, secret, err = run("clients", "add", "suite", "--name", "W3C", "--scope", "vcapi:issue")
    assert code == 0 and secret.strip().startswith(SECRET_PREFIX) and "only this once" in err
    jwks = tmp_path / "jwks.json"
    jwk = jwk_of_public(WALLET_KEY.public).export_public(as_dict=True)
    jwks.write_text(json.dumps({"keys": [jwk]}))
    code, out, _ = run(
        "clients",
        "add",
        "zorg",
        "--name",
        "Zorg",
        "--scope",
        "afnemer:records",
        "--jwks",
        str(jwks),
        "--afnemer",
        "zorg",
    )
    assert code == 0 and out == ""
    code, out, _ = run("clients", "list", "--json")
    listed = json.loads(out)
    assert [(c["clientId"], c["auth"], c["afnemer"]) for c in listed] == [
        ("suite", "client_secret", None),
        ("zorg", "private_key_jwt", "zorg"),
    ]
    assert secret.strip() not in out
    assert run("clients", "disable", "suite", "--reason", "done")[0] == 0
    assert run("clients", "add", "Bad", "--name", "x", "--scope", "a")[0] == 2
