"""Fuzzing the service's OpenAPI description with schemathesis: every operation, a bounded
number of generated requests each (SQLite), with and without the admin token; no answer is a
server error (500). The OpenID4VCI endpoints are exercised with a live offer's records in the
database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from issuer_helpers import generated, import_named, issue_all

from vc_led_issuer.api.main import create_app
from vc_led_issuer.context import Registry

TOKEN = "f" * 40
MAX_EXAMPLES = 30


@pytest.fixture
def backend() -> str:
    """This module runs on SQLite only (it is about the API, not storage)."""
    return "sqlite"


@pytest.fixture
def fuzzed_app(registry: Registry, tmp_path: Path) -> FastAPI:
    import_named(registry, generated(tmp_path, persons=2))
    issue_all(registry)
    return create_app(registry, admin_token=TOKEN)


def test_no_server_errors(fuzzed_app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    paths = {operation.path for operation in operations}
    assert {"/oid4vci/token", "/oid4vci/credential", "/oid4vci/par"} <= paths
    seen: dict[str, int] = {}
    for operation in operations:
        _fuzz(operation, seen)
    assert sum(seen.values()) >= 3 * len(operations), seen  # the requests were really made


def _fuzz(operation: Any, seen: dict[str, int]) -> None:
    admin = operation.path.startswith("/admin") or operation.path.startswith("/credentials")

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"} if admin else None
        response = case.call(headers=headers)
        seen[str(response.status_code)] = seen.get(str(response.status_code), 0) + 1
        assert response.status_code < 500, (case.method, case.path, response.text[:300])

    run()
