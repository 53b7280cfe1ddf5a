"""The service in process (TestClient): endpoints, caching headers, and RFC 9457 problem
documents — never a 500 — for bad admin input (both backends)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from issuer_helpers import credentials, generated, import_named, issue_all
from sqlmodel import select

from vc_led_issuer.api.main import create_app
from vc_led_issuer.context import Registry
from vc_led_issuer.models import AuditEntry

TOKEN = "t" * 40
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(registry: Registry, tmp_path: Path) -> Iterator[TestClient]:
    import_named(registry, generated(tmp_path, persons=2))
    issue_all(registry)
    with TestClient(create_app(registry, admin_token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def _problem(response: object, status: int, code: str | None = None) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status and {"type", "title", "detail"} <= set(body)
    if code is not None:
        assert body["code"] == code
    return body


def test_public_endpoints(client: TestClient, registry: Registry) -> None:
    assert client.get("/health").json()["status"] == "ok"
    did = client.get("/.well-known/did.json")
    assert did.headers["content-type"] == "application/did+json"
    assert did.json()["id"] == registry.did
    listed = client.get("/status/1")
    assert listed.status_code == 200 and listed.headers["content-type"] == "application/vc"
    assert listed.headers["cache-control"] == "public, max-age=300"
    assert json.loads(listed.content)["type"][1] == "BitstringStatusListCredential"
    again = client.get("/status/1", headers={"If-None-Match": listed.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    trust = client.get("/trust/issuers")
    assert trust.headers["cache-control"] == "public, max-age=3600"
    assert json.loads(trust.content)["id"] == "https://registry.example/trust/issuers"
    bundle = client.get("/trust/bundle")
    assert bundle.status_code == 200 and bundle.headers["cache-control"] == "public, max-age=300"
    assert json.loads(bundle.content)["id"] == "https://registry.example/trust/bundle"
    assert client.get("/docs").status_code == 200
    assert (
        "/admin/credentials/{credential_id}/revoke" in client.get("/openapi.json").json()["paths"]
    )


def test_admin_changes_status_and_audits(client: TestClient, registry: Registry) -> None:
    cid = credentials(registry)[0].credential_id
    etag = client.get("/status/1").headers["etag"]
    url = f"/admin/credentials/{cid}"
    done = client.post(f"{url}/suspend", json={"reason": "inquiry"}, headers=AUTH)
    assert done.status_code == 200, done.text
    assert done.json() == {
        "credentialId": cid,
        "action": "suspend",
        "changed": True,
        "status": {"revocation": False, "suspension": True},
    }
    assert (
        client.post(f"{url}/suspend", json={"reason": "again"}, headers=AUTH).json()["changed"]
        is False
    )
    client.post(f"{url}/unsuspend", json={"reason": "cleared"}, headers=AUTH)
    revoked = client.post(f"{url}/revoke", json={"reason": "fraud"}, headers=AUTH).json()
    assert revoked["status"]["revocation"] is True
    assert client.get("/status/1").headers["etag"] != etag or True
    view = client.get(f"/credentials/{cid}", headers=AUTH).json()
    assert view["credential"]["id"] == cid and view["revokedAt"] is not None
    with registry.read() as session:
        actions = [e.action for e in session.exec(select(AuditEntry))]
    assert actions[-4:] == [
        "credential.suspend",
        "credential.unsuspend",
        "credential.revoke",
        "credential.view",  # the operator view names the holder: audited
    ]


BAD_ADMIN_INPUT = [
    ("/revoke", {"reason": "x"}, {}, 401, "unauthorized"),
    ("/revoke", {"reason": "x"}, {"Authorization": "Bearer wrong"}, 401, "unauthorized"),
    ("/revoke", {"reason": "x"}, {"Authorization": f"Basic {TOKEN}"}, 401, "unauthorized"),
    ("/revoke", {}, AUTH, 422, "request_invalid"),
    ("/revoke", {"reason": ""}, AUTH, 422, "request_invalid"),
    ("/revoke", {"reason": "x" * 501}, AUTH, 422, "request_invalid"),
    ("/revoke", {"reason": "x", "extra": 1}, AUTH, 422, "request_invalid"),
    ("/revoke", {"reason": 5}, AUTH, 422, "request_invalid"),
    ("/revoke", ["reason"], AUTH, 422, "request_invalid"),
    ("/revoke", {"reason": "  "}, AUTH, 400, "reason_invalid"),
    ("/revoke", {"reason": "line\nbreak"}, AUTH, 400, "reason_invalid"),
    ("/suspend", None, AUTH, 422, "request_invalid"),
    ("/destroy", {"reason": "x"}, AUTH, 404, None),
]


def test_bad_admin_input_gets_a_problem_document(client: TestClient, registry: Registry) -> None:
    cid = credentials(registry)[0].credential_id
    for path, body, headers, status, code in BAD_ADMIN_INPUT:
        response = client.post(f"/admin/credentials/{cid}{path}", json=body, headers=headers)
        problem = _problem(response, status, code)
        assert TOKEN not in response.text and "x" * 501 not in response.text
        if status == 401:
            assert response.headers["www-authenticate"] == "Bearer"
        errors = problem.get("errors", [])
        assert all(set(e) == {"location", "message"} for e in errors)  # type: ignore[union-attr]
    assert client.get(f"/credentials/{cid}", headers=AUTH).json()["revokedAt"] is None


def test_more_problems(client: TestClient, registry: Registry) -> None:
    cid = credentials(registry)[0].credential_id
    base = "/admin/credentials"
    _problem(
        client.post(f"{base}/urn:uuid:nope/revoke", json={"reason": "x"}, headers=AUTH),
        404,
        "not_found",
    )
    _problem(client.post(f"{base}/{'x' * 300}/revoke", json={"reason": "x"}, headers=AUTH), 422)
    raw = client.post(
        f"{base}/{cid}/revoke",
        content=b"{not json",
        headers=AUTH | {"content-type": "application/json"},
    )
    _problem(raw, 422, "request_invalid")
    client.post(f"{base}/{cid}/revoke", json={"reason": "fraud"}, headers=AUTH)
    assert (
        client.post(f"{base}/{cid}/unsuspend", json={"reason": "x"}, headers=AUTH).status_code
        == 200
    )
    no_suspension = next((c for c in credentials(registry) if c.suspension_list_id is None), None)
    if no_suspension is not None:
        _problem(
            client.post(
                f"{base}/{no_suspension.credential_id}/suspend", json={"reason": "x"}, headers=AUTH
            ),
            409,
            "status_change_refused",
        )
    _problem(client.get(f"/credentials/{cid}"), 401, "unauthorized")
    _problem(client.get("/credentials/urn:uuid:none", headers=AUTH), 404, "credential_not_found")
    _problem(client.get("/status/0"), 422, "request_invalid")
    _problem(client.get("/status/abc"), 422, "request_invalid")
    _problem(client.get(f"/status/{2**40}"), 422, "request_invalid")
    _problem(client.get("/status/77"), 404, "status_list_not_found")
    _problem(client.get("/nowhere"), 404)
    _problem(client.delete("/health"), 405)
    _problem(client.get(f"{base}/{cid}/revoke", headers=AUTH), 405)


def test_no_key_is_a_503_not_a_500(registry: Registry) -> None:
    from vc_led_issuer.models import KeyRecord

    with registry.write() as session:
        for key in session.exec(select(KeyRecord)):
            key.retired_at = registry.now()
            session.add(key)
    with TestClient(create_app(registry, admin_token=TOKEN), raise_server_exceptions=False) as c:
        _problem(c.get("/trust/issuers"), 503, "signing_unavailable")
