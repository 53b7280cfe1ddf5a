"""OnlineStatusProvider: allowlisted HTTPS fetches, a ttl-respecting cache on the verification
clock, bounded responses; the default urllib fetch against a loopback server."""

from __future__ import annotations

import json
import re
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from _imports import loaded_by

from vc_led import (
    CheckStatus,
    KeyPair,
    OnlineStatusProvider,
    StatusPolicy,
    VerificationPolicy,
    Verifier,
    sign_credential,
)
from vc_led.status import Bitstring, build_status_entry, build_status_list_credential
from vc_led.status.online import is_loopback_host, secure_url

NOW = datetime(2026, 1, 1, tzinfo=UTC)
HOST = "status.led.example"
URL = f"https://{HOST}/lists/1"
REGISTRY = KeyPair.generate()
LIST_VERIFIER = Verifier(VerificationPolicy(trusted_issuers={REGISTRY.controller}))


def signed_list(
    url: str = URL, *, revoked: tuple[int, ...] = (), ttl: Any = timedelta(minutes=5), **kw: Any
) -> bytes:
    bits = Bitstring()
    for i in revoked:
        bits.set(i)
    doc = build_status_list_credential(
        list_url=url,
        issuer=REGISTRY.controller,
        bitstring=bits,
        purpose="revocation",
        valid_from=NOW - timedelta(hours=1),
        ttl=ttl,
        **kw,
    )
    return json.dumps(sign_credential(doc, key=REGISTRY, created=NOW - timedelta(hours=1))).encode()


def entries(index: int = 5, url: str = URL) -> list[dict]:
    return [build_status_entry(list_url=url, index=index, purpose="revocation")]


class Server:
    """An injectable fetch: URL -> body (or an exception), counting calls."""

    def __init__(self, responses: dict[str, Any]) -> None:
        self.responses = responses
        self.calls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        answer = self.responses[url]
        if isinstance(answer, Exception):
            raise answer
        return answer


def provider(server: Server, **kw: Any) -> OnlineStatusProvider:
    return OnlineStatusProvider(
        verifier=LIST_VERIFIER, allowed_hosts=kw.pop("allowed_hosts", [HOST]), fetch=server, **kw
    )


def test_fetches_verifies_and_decides():
    server = Server({URL: signed_list(revoked=(9,))})
    online = provider(server)
    assert online.check({}, entries(5), now=NOW).status is CheckStatus.PASSED
    assert online.check({}, entries(9), now=NOW).code == "status.revoked"
    assert server.calls == [URL]  # the second check came from the cache


def test_cache_follows_ttl_on_the_verification_clock():
    server = Server({URL: signed_list(ttl=timedelta(minutes=2))})
    online = provider(server)
    for minutes in (0, 1, 3, 4, 6):
        assert (
            online.check({}, entries(), now=NOW + timedelta(minutes=minutes)).status.value
            == "passed"
        )
    assert len(server.calls) == 3  # at 0, at 3 (after the 2-minute ttl), at 6
    online.check({}, entries(), now=NOW - timedelta(minutes=1))  # clock went back: refetch
    assert len(server.calls) == 4
    online.clear_cache()
    online.check({}, entries(), now=NOW + timedelta(minutes=6))
    assert len(server.calls) == 5


def test_cache_without_ttl_and_caps():
    server = Server({URL: signed_list(ttl=None)})
    online = provider(server, default_ttl=timedelta(minutes=10), max_ttl=timedelta(minutes=1))
    online.check({}, entries(), now=NOW)
    online.check({}, entries(), now=NOW + timedelta(seconds=30))
    online.check({}, entries(), now=NOW + timedelta(seconds=90))
    assert len(server.calls) == 2  # max_ttl (1 minute) caps the default ttl
    capped = provider(server, policy=StatusPolicy(max_age=timedelta(seconds=10)))
    capped.check({}, entries(), now=NOW)
    result = capped.check({}, entries(), now=NOW + timedelta(seconds=20))
    assert result.status is CheckStatus.PASSED  # refetched rather than served stale
    assert len(server.calls) == 4


def test_a_list_past_its_valid_until_is_refetched():
    server = Server({URL: signed_list(valid_until=NOW + timedelta(seconds=30))})
    online = provider(server, default_ttl=timedelta(hours=1))
    assert online.check({}, entries(), now=NOW).status is CheckStatus.PASSED
    late = online.check({}, entries(), now=NOW + timedelta(minutes=10))
    assert late.code == "status.stale" and len(server.calls) == 2


@pytest.mark.parametrize(
    ("url", "hosts", "reason"),
    [
        ("https://evil.example/lists/1", [HOST], "allowlist"),
        (f"http://{HOST}/lists/1", [HOST], "https"),
        ("http://127.0.0.1:8000/l", ["127.0.0.1:8000"], "https"),  # loopback needs the loud flag
        (f"https://user:pw@{HOST}/lists/1", [HOST], "credentials"),
        (f"https://{HOST}:8443/lists/1", [f"{HOST}:9443"], "allowlist"),
        ("https:///lists/1", [HOST], "no host"),
        (f"https://{HOST}:8443/lists/1", [HOST], "allowlist"),  # a host alone: port 443 only
        ("http://127.0.0.1:9999/l", ["127.0.0.1:8000"], "allowlist"),
        ("https://[::1/x", [HOST], "parsed"),
    ],
)
def test_urls_that_are_never_fetched(url, hosts, reason):
    server = Server({})
    online = provider(server, allowed_hosts=hosts)
    result = online.check({}, entries(url=url), now=NOW)
    assert (result.status, result.code) == (CheckStatus.INDETERMINATE, "status.host_not_allowed")
    assert reason in result.message and server.calls == []


@pytest.mark.parametrize(
    "host", ["localhost.attacker.example", "127.0.0.1.nip.io", "localhost-x", "[::2]"]
)
def test_http_only_to_a_real_loopback_host(host):
    online = provider(Server({}), allowed_hosts=[host], allow_http_loopback=True)
    assert "https" in (online.url_allowed(f"http://{host}/lists/1") or "")
    assert not secure_url(f"http://{host}/lists/1")
    assert secure_url(f"https://{host}/lists/1")


@pytest.mark.parametrize(
    ("url", "secure"),
    [
        ("http://localhost/x", True),
        ("http://LOCALHOST:8000/x", True),
        ("http://127.0.0.1:8000/x", True),
        ("http://127.9.9.9/x", True),
        ("http://[::1]:8000/x", True),
        ("http://localhost.attacker.example/x", False),
        ("http://127.0.0.1.nip.io/x", False),
        ("http://user@127.0.0.1/x", False),
        ("http://127.0.0.1:99999/x", False),
        ("ftp://127.0.0.1/x", False),
        ("https://led.example/x", True),
        ("https:///x", False),
    ],
)
def test_secure_url_parses_the_host(url, secure):
    assert secure_url(url) is secure
    assert is_loopback_host("localhost") and not is_loopback_host("localhost.example")


def test_a_host_alone_allows_only_the_default_port():
    online = provider(Server({}), allowed_hosts=[HOST, "127.0.0.1:8000"], allow_http_loopback=True)
    assert online.url_allowed(f"https://{HOST}/l") is None
    assert online.url_allowed(f"https://{HOST}:443/l") is None
    assert "allowlist" in (online.url_allowed(f"https://{HOST}:8443/l") or "")
    assert online.url_allowed("http://127.0.0.1:8000/l") is None
    assert "allowlist" in (online.url_allowed("http://127.0.0.1:8001/l") or "")
    assert "allowlist" in (online.url_allowed("http://127.0.0.1/l") or "")
    with pytest.raises(ValueError, match="host:port"):
        provider(Server({}), allowed_hosts=["led.example:notaport"])


def test_allowed_forms_of_hosts():
    port = f"https://{HOST}:8443/lists/1"
    server = Server({port: signed_list(port)})
    assert (
        provider(server, allowed_hosts=[f"{HOST}:8443"])
        .check({}, entries(url=port), now=NOW)
        .status
        is CheckStatus.PASSED
    )
    loop = "http://127.0.0.1:8000/lists/1"
    server = Server({loop: signed_list(loop)})
    online = provider(server, allowed_hosts=["127.0.0.1:8000"], allow_http_loopback=True)
    assert online.check({}, entries(url=loop), now=NOW).status is CheckStatus.PASSED
    assert online.url_allowed("http://led.example/x") is not None  # only loopback gets http


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (TimeoutError("slow"), "status.retrieval_error"),
        (OSError("HTTP 404"), "status.retrieval_error"),
        (b"x" * 2048, "status.retrieval_error"),  # larger than max_response_bytes
        ("not bytes", "status.retrieval_error"),
        (b"<html>not json</html>", "status.list_invalid"),
    ],
)
def test_retrieval_failures(answer, code):
    online = provider(Server({URL: answer}), max_response_bytes=1024)
    result = online.check({}, entries(), now=NOW)
    assert result.code == code
    assert "slow" not in result.message and "404" not in str(result.details)  # no backend text


def test_failures_are_not_cached():
    server = Server({URL: OSError("down")})
    online = provider(server)
    assert online.check({}, entries(), now=NOW).code == "status.retrieval_error"
    server.responses[URL] = signed_list()
    assert online.check({}, entries(), now=NOW).status is CheckStatus.PASSED


def test_cache_is_bounded():
    urls = [f"https://{HOST}/lists/{i}" for i in range(3)]
    server = Server({u: signed_list(u) for u in urls})
    online = provider(server, max_cache_entries=2)
    for u in urls:
        online.check({}, entries(url=u), now=NOW)
    online.check({}, entries(url=urls[0]), now=NOW)  # evicted first: fetched again
    assert server.calls == [*urls, urls[0]]


def test_vc_led_imports_no_http_client_at_module_level():
    """(pyld itself imports urllib.request; our code only does inside urllib_fetch.)"""
    root = Path(__file__).resolve().parent.parent.parent / "vc_led"
    for path in root.rglob("*.py"):
        for line in path.read_text().splitlines():
            assert not re.match(
                r"(import|from) (urllib\.request|http\.client|httpx|requests)\b", line
            ), path
    assert not loaded_by("import vc_led") & {"httpx", "requests", "urllib3", "aiohttp"}


# ---------------------------------------------------------------- the default fetch, on loopback


def serve(routes: dict[str, tuple[int, bytes, dict[str, str]]]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body, headers = routes.get(self.path, (404, b"", {}))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_default_fetch_over_loopback():
    routes: dict[str, tuple[int, bytes, dict[str, str]]] = {}
    server, base = serve(routes)
    try:
        good, moved, big = f"{base}/lists/1", f"{base}/moved", f"{base}/big"
        routes["/lists/1"] = (200, signed_list(good, revoked=(3,)), {})
        routes["/moved"] = (302, b"", {"Location": "/lists/1"})
        routes["/big"] = (200, b"{" + b" " * 5000 + b"}", {})
        online = OnlineStatusProvider(
            verifier=LIST_VERIFIER,
            allowed_hosts=[f"127.0.0.1:{server.server_address[1]}"],
            allow_http_loopback=True,
            timeout=5,
            max_response_bytes=4096,
        )
        assert online.check({}, entries(2, good), now=NOW).status is CheckStatus.PASSED
        assert online.check({}, entries(3, good), now=NOW).code == "status.revoked"
        redirected = online.check({}, entries(2, moved), now=NOW)
        assert (redirected.code, redirected.details["cause"]) == (
            "status.retrieval_error",
            "HTTPError",
        )
        assert online.check({}, entries(2, big), now=NOW).code == "status.retrieval_error"
        missing = online.check({}, entries(2, f"{base}/nothing"), now=NOW)
        assert missing.code == "status.retrieval_error"
    finally:
        server.shutdown()
        server.server_close()
