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
#: The trust variables' old spelling (refused when set): never inherited by a test.
_OLD_NAMES = ("VC_LED_PINNED_REGISTRY_KEY", "VC_LED_INSECURE_DEMO_PIN", "VC_LED_TRUST_STATE")


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
        home = tmp_path_factory.mktemp("session-state-home")
        patch.setenv("XDG_STATE_HOME", str(home))  # the pin file too: never the user's
        patch.setenv("VCLED_TRUST_STATE", str(home / "trust-state.json"))
        for name in ("VCLED_INSECURE_DEMO_PIN", "VCLED_PINNED_REGISTRY_KEY", *_OLD_NAMES):
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(autouse=True)
def _own_trust_state(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Each test gets its own CLI trust state and pin file (never the user's ~/.local/state)."""
    home = tmp_path_factory.mktemp("state-home")
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    monkeypatch.setenv("VCLED_TRUST_STATE", str(home / "trust-state.json"))
    for name in ("VCLED_INSECURE_DEMO_PIN", "VCLED_PINNED_REGISTRY_KEY", *_OLD_NAMES):
        monkeypatch.delenv(name, raising=False)
