"""One problem-document shape for both services (issue 11): the registry and the web verifier
answer errors with the RFC 9457 members of :mod:`vc_led.problems` — the same ``type`` base, a
snake_case ``code``, ``instance`` — and one health path, ``/health``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from vc_led.problems import PROBLEM_BASE, PROBLEM_JSON, problem_document
from vc_led_issuer.api.main import create_app as create_registry_app
from vc_led_issuer.context import Registry
from vc_led_verifier.app import create_app as create_verifier_app
from vc_led_verifier.settings import VerifierSettings

TOKEN = "t" * 40
JSON = {"Accept": "application/json"}
SHAPE = {"type", "title", "status", "detail", "code", "instance"}


@pytest.fixture
def services(registry: Registry) -> Iterator[tuple[TestClient, TestClient]]:
    registry_app = create_registry_app(registry, admin_token=TOKEN)
    with (
        TestClient(registry_app, raise_server_exceptions=False) as issuer,
        TestClient(create_verifier_app(VerifierSettings())) as verifier,
    ):
        yield issuer, verifier


def _problem(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == PROBLEM_JSON  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    return body


def test_both_services_answer_errors_in_one_shape(services):
    issuer, verifier = services
    auth = {"Authorization": f"Bearer {TOKEN}"}
    answers = [
        (_problem(issuer.get("/credentials/urn:uuid:none", headers=auth), 404), "/credentials/"),
        (_problem(issuer.get("/credentials/urn:uuid:none"), 401), "/credentials/"),
        (_problem(verifier.get("/result/" + "x" * 24 + ".json", headers=JSON), 404), "/result/"),
        (_problem(verifier.post("/api/verify", content=b"{}"), 415), "/api/verify"),
    ]
    for body, path in answers:
        assert set(body) == SHAPE, body
        code = body["code"]
        assert isinstance(code, str) and body["type"] == PROBLEM_BASE + code
        assert str(body["instance"]).startswith(path)
        assert body["title"] and body["detail"] and isinstance(body["status"], int)


def test_both_services_answer_health_on_one_path(services):
    issuer, verifier = services
    assert issuer.get("/health").json()["status"] == "ok"
    assert verifier.get("/health").json()["status"] == "ok"
    assert issuer.get("/healthz").status_code == verifier.get("/healthz").status_code == 404


def test_the_builder_refuses_what_would_break_the_shape():
    assert problem_document(status=404, code=None, detail="gone")["type"] == "about:blank"
    for code in ("not-found", "Not_Found", "a b"):
        with pytest.raises(ValueError, match="snake_case"):
            problem_document(status=404, code=code, detail="x")
    with pytest.raises(ValueError, match="reserved"):
        problem_document(status=400, code="x", detail="x", extensions={"status": 1})
