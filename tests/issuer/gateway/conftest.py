"""Fixtures of the gateway tests: a registry with the demo data set issued, the demo OpenID
Provider, and an in-process gateway (``http://testserver``) that logs in through it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from gateway_support import DEMO_PERSONS, Clock, gateway_settings, running_op
from issuer_helpers import import_named, make_registry
from sqlalchemy import Engine

from vc_led.led.synthetic import write_generated
from vc_led_issuer.api.main import create_app
from vc_led_issuer.context import Registry
from vc_led_issuer.demo_op import RunningOp
from vc_led_issuer.jobs.issuance import run_issuance

GATEWAY = "http://testserver"
TOKEN = "gateway-test-admin-token-0123456789abcdef"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def gateway_registry(engine: Engine, database_url: str, tmp_path: Path, clock: Clock) -> Registry:
    """A demo registry at ``http://testserver`` with the demo data set imported and issued."""
    registry = make_registry(engine, database_url, tmp_path, public_url=GATEWAY)
    registry.clock = clock
    data = tmp_path / "led.jsonl"
    write_generated(persons=DEMO_PERSONS, seed=1, fmt="jsonl", out=data)
    import_named(registry, data, actor="test")
    run_issuance(registry, workers=0, actor="test")
    return registry


@pytest.fixture(scope="module")
def oidc_op(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningOp]:
    """The demo provider, for a gateway at ``http://testserver``."""
    with running_op(tmp_path_factory.mktemp("op"), gateway_url=GATEWAY) as op:
        yield op


@pytest.fixture
def gateway(gateway_registry: Registry, oidc_op: RunningOp, tmp_path: Path) -> Iterator[TestClient]:
    """The service with the gateway, as a browser would use it (no redirects followed)."""
    settings = gateway_settings(oidc_op, tmp_path)
    app = create_app(gateway_registry, admin_token=TOKEN, gateway=settings)
    with TestClient(app, base_url=GATEWAY, follow_redirects=False) as client:
        yield client
