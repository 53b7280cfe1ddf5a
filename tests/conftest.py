"""Shared fixtures. Sockets are disabled for every test (pytest-socket, see pyproject)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors" / "w3c"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def vectors() -> Path:
    return VECTORS


@pytest.fixture
def example_credential() -> dict[str, Any]:
    """An unsigned VC 2.0 credential (examples context, so every term is defined)."""
    return load_json(VECTORS / "vc-di-eddsa" / "unsigned.json")


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture(autouse=True, scope="session")
def _session_trust_state(tmp_path_factory: pytest.TempPathFactory):
    """Servers started by module fixtures get a trust state too (never the user's)."""
    with pytest.MonkeyPatch.context() as patch:
        state = tmp_path_factory.mktemp("session-trust-state") / "trust-state.json"
        patch.setenv("VC_LED_TRUST_STATE", str(state))
        patch.delenv("VC_LED_INSECURE_DEMO_PIN", raising=False)
        yield


@pytest.fixture(autouse=True)
def _own_trust_state(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Each test gets its own CLI trust state (never the user's ~/.local/state)."""
    state = tmp_path_factory.mktemp("trust-state") / "trust-state.json"
    monkeypatch.setenv("VC_LED_TRUST_STATE", str(state))
    monkeypatch.delenv("VC_LED_INSECURE_DEMO_PIN", raising=False)
