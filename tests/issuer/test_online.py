"""The service on a real loopback socket: revoke a credential through the admin API and see it
with :class:`vc_led.OnlineStatusProvider` (both backends)."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from issuer_helpers import (
    NOW,
    credentials,
    generated,
    import_named,
    issue_all,
    make_registry,
    registry_verifier,
)
from sqlalchemy import Engine

from vc_led import OnlineStatusProvider
from vc_led_issuer.api.main import create_app
from vc_led_issuer.context import Registry

TOKEN = "online-test-token-" + "x" * 20
pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[tuple[Registry, str]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    registry = make_registry(engine, database_url, tmp_path, public_url=base)
    import_named(registry, generated(tmp_path, persons=2))
    assert issue_all(registry).ok
    config = uvicorn.Config(
        create_app(registry, admin_token=TOKEN), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield registry, base
    finally:
        server.should_exit = True
        thread.join(10)


def _status(registry: Registry, document: str) -> str:
    online = OnlineStatusProvider(
        verifier=registry_verifier(registry),
        allowed_hosts=[urlsplit(registry.settings.public_url).netloc],  # host:port, exactly
        allow_http_loopback=True,
        timeout=5,
    )
    result = registry_verifier(registry, status_provider=online).verify_credential(
        document, now=NOW + timedelta(seconds=5)
    )
    check = result.check("status")
    return str(check.code) if check.code else check.status.value


def _post(url: str, body: dict[str, str]) -> dict[str, object]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        answer: dict[str, object] = json.loads(response.read())
    return answer


def test_revocation_is_seen_online(served: tuple[Registry, str]) -> None:
    registry, base = served
    rows = credentials(registry)
    target, bystander = rows[0], rows[1]
    assert json.loads(target.document)["credentialStatus"][0]["statusListCredential"].startswith(
        f"{base}/status/"
    )
    assert _status(registry, target.document) == "passed"
    answer = _post(f"{base}/admin/credentials/{target.credential_id}/revoke", {"reason": "fraud"})
    assert answer["changed"] is True
    assert _status(registry, target.document) == "status.revoked"
    assert _status(registry, bystander.document) == "passed"
    _post(f"{base}/admin/credentials/{bystander.credential_id}/suspend", {"reason": "inquiry"})
    assert _status(registry, bystander.document) == "status.suspended"
    _post(f"{base}/admin/credentials/{bystander.credential_id}/unsuspend", {"reason": "ok"})
    assert _status(registry, bystander.document) == "passed"
    with urllib.request.urlopen(f"{base}/status/1", timeout=5) as response:
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert response.headers["ETag"].startswith('"')
