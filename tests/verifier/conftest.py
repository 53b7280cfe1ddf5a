"""Fixtures for the web verifier tests: a world at the real current time (the pages use the
real clock), its bundle signed with the DEMO registry key, and a TestClient."""

from __future__ import annotations

import pytest
from _world import World, build_world
from fastapi.testclient import TestClient

from vc_led import TrustBundle
from vc_led._time import utcnow
from vc_led.bundle import insecure_demo_registry_key
from vc_led_verifier.app import create_app
from vc_led_verifier.settings import VerifierSettings


@pytest.fixture(scope="session")
def world() -> World:
    return build_world(now=utcnow(), registry_key=insecure_demo_registry_key())


@pytest.fixture(scope="session")
def bundle(world: World) -> TrustBundle:
    return world.bundle()


@pytest.fixture(scope="session")
def client(bundle: TrustBundle) -> TestClient:
    return TestClient(create_app(VerifierSettings(bundle=bundle)), raise_server_exceptions=True)
