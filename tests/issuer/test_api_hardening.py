"""The registry's HTTP hardening (issue 9): body limits before reading, the token checked
before the body, a per-client rate limit, security headers, and ``/docs`` without a CDN."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from issuer_helpers import credentials, generated, import_named, issue_all

from vc_led_issuer.api.hardening import BodyLimit, RateLimit, SecurityHeaders, TokenBuckets
from vc_led_issuer.api.main import create_app
from vc_led_issuer.api.problems import install_problem_handlers
from vc_led_issuer.context import Registry

TOKEN = "t" * 40
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CHUNK = b"x" * 65_536


@pytest.fixture
def app(registry: Registry) -> FastAPI:
    return create_app(registry, admin_token=TOKEN)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _asgi(
    app: Any, *, path: str, headers: dict[str, str], chunks: int, method: str = "POST"
) -> tuple[int, dict[str, str], bytes, int]:
    """Call ``app`` directly; returns status, headers, body and how many chunks it read."""
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read >= chunks:
            return {"type": "http.disconnect"}
        read += 1
        return {"type": "http.request", "body": CHUNK, "more_body": read < chunks}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("192.0.2.1", 1234),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    names = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], names, body, read


def test_unauthenticated_admin_post_is_refused_before_its_body_is_read(app: FastAPI) -> None:
    path = "/admin/credentials/urn:x/revoke"
    status, headers, body, read = _asgi(
        app, path=path, headers={"content-type": "application/json"}, chunks=4_000
    )
    assert (status, read) == (401, 0)
    assert headers["www-authenticate"] == "Bearer" and b'"unauthorized"' in body
    wrong = {"authorization": "Bearer " + "w" * 40, "content-length": "1000"}
    assert _asgi(app, path=path, headers=wrong, chunks=1)[0::3] == (401, 0)


def test_a_declared_oversized_body_is_refused_before_reading(app: FastAPI) -> None:
    headers = {"content-length": str(300 * 1024 * 1024), "content-type": "application/json"}
    status, answer, body, read = _asgi(
        app, path="/admin/credentials/urn:x/revoke", headers=headers, chunks=4_800
    )
    assert (status, read) == (413, 0)
    assert answer["content-type"] == "application/problem+json" and b"request_too_large" in body
    assert _asgi(app, path="/health", headers=headers, chunks=4_800)[0::3] == (413, 0)
    endless = {"content-length": "9" * 5_000}  # more digits than int() converts
    assert _asgi(app, path="/health", headers=endless, chunks=1)[0::3] == (413, 0)


def test_a_chunked_body_is_stopped_at_the_limit(app: FastAPI, registry: Registry) -> None:
    limit = registry.settings.admin_max_request_bytes
    headers = {"authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    status, _, body, read = _asgi(
        app, path="/admin/credentials/urn:x/revoke", headers=headers, chunks=4_800
    )
    assert status == 413 and b"request_too_large" in body
    assert read * len(CHUNK) <= limit + len(CHUNK)


def test_body_limit_middleware_per_prefix_and_streaming() -> None:
    inner = FastAPI()
    install_problem_handlers(inner)

    @inner.post("/small/echo")
    @inner.post("/big/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    app = BodyLimit(inner, max_bytes=200_000, limits=[("/small", 70_000)])
    assert _asgi(app, path="/big/echo", headers={}, chunks=3)[0] == 200
    status, _, body, read = _asgi(app, path="/big/echo", headers={}, chunks=1_000)
    assert (status, read) == (413, 4) and b"200000 bytes" in body
    assert _asgi(app, path="/small/echo", headers={}, chunks=3)[0::3] == (413, 2)
    bad = _asgi(app, path="/small/echo", headers={"content-length": "12x"}, chunks=1)
    assert bad[0::3] == (400, 0)


def test_token_buckets_refill_and_stay_bounded() -> None:
    now = [0.0]
    buckets = TokenBuckets(per_minute=60, burst=2, max_clients=3, clock=lambda: now[0])
    assert [buckets.take("a"), buckets.take("a")] == [0, 0]
    assert buckets.take("a") == pytest.approx(1.0)
    now[0] += 1.0
    assert buckets.take("a") == 0
    for client in "bcdefg":
        buckets.take(client)
    assert len(buckets) == 3
    with pytest.raises(ValueError):
        TokenBuckets(per_minute=0, burst=1)


def test_rate_limit_answers_429_with_retry_after(registry: Registry, tmp_path: Path) -> None:
    import_named(registry, generated(tmp_path, persons=1))
    issue_all(registry)
    update = {"mode": "production", "rate_limit_per_minute": 6, "rate_limit_burst": 2}
    limited = dataclasses.replace(registry, settings=registry.settings.model_copy(update=update))
    cid = credentials(registry)[0].credential_id
    with TestClient(create_app(limited, admin_token=TOKEN)) as client:
        url = f"/admin/credentials/{cid}/suspend"
        answers = [client.post(url, json={"reason": "r"}, headers=AUTH) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        refused = answers[2]
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["code"] == "rate_limited"
        assert 1 <= int(refused.headers["retry-after"]) <= 10
        assert client.get("/health").status_code == 200  # GETs are not limited


def test_rate_limit_defaults_by_mode(registry: Registry) -> None:
    assert registry.settings.admin_rate_per_minute() == 0  # demo: off
    production = registry.settings.model_copy(update={"mode": "production"})
    assert production.admin_rate_per_minute() == 60


def test_rate_limit_middleware_only_limits_its_routes() -> None:
    inner = FastAPI()

    @inner.post("/admin/x")
    @inner.post("/other")
    def done() -> dict[str, bool]:
        return {"ok": True}

    buckets = TokenBuckets(per_minute=1, burst=1, clock=lambda: 0.0)
    app = RateLimit(inner, buckets=buckets, methods={"POST"}, prefixes=("/admin",))
    assert _asgi(app, path="/admin/x", headers={}, chunks=0)[0] == 200
    assert _asgi(app, path="/admin/x", headers={}, chunks=0)[0] == 429
    assert _asgi(app, path="/other", headers={}, chunks=0)[0] == 200


def test_security_headers_on_every_answer(client: TestClient) -> None:
    for response in (
        client.get("/health"),
        client.get("/.well-known/did.json"),
        client.post("/admin/credentials/x/revoke", json={"reason": "r"}),  # a 401
        client.get("/no/such/page"),
    ):
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "default-src 'none'" in headers["content-security-policy"]
        assert headers["strict-transport-security"] == "max-age=31536000"  # an https URL
    docs_policy = client.get("/docs").headers["content-security-policy"]
    assert "script-src 'self';" in docs_policy and "unsafe-eval" not in docs_policy


def test_security_headers_keep_what_the_app_set() -> None:
    inner = FastAPI()

    @inner.get("/own")
    def own() -> Any:
        from fastapi.responses import PlainTextResponse

        return PlainTextResponse("x", headers={"Referrer-Policy": "same-origin"})

    _, headers, _, _ = _asgi(
        SecurityHeaders(inner), path="/own", headers={}, chunks=0, method="GET"
    )
    assert headers["referrer-policy"] == "same-origin"


def test_docs_page_is_served_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]", html, re.IGNORECASE)
    assert "<script>" not in html  # no inline script: the CSP forbids it
    referenced = re.findall(r'(?:src|href|data-openapi-url)="([^"]+)"', html)
    assert len(referenced) == 5
    for url in referenced:
        served = client.get(url)
        assert served.status_code == 200, url
        assert len(served.content) > 0
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    bundle = client.get("/docs/assets/swagger-ui-bundle.js").text
    assert 'PACKAGE_VERSION:"5.' in bundle  # Swagger UI 5 renders OpenAPI 3.1
    assert client.get("/redoc").status_code == 404
