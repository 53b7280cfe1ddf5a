"""Fixtures of the OpenID4VCI tests: the service in process with a citizen and her records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from issuer_helpers import generated, import_named
from oid4vci_support import Gateway, citizen_with_records

from vc_led_issuer.api.main import create_app
from vc_led_issuer.context import Registry
from vc_led_issuer.oid4vci.config import Oid4vciSettings


@pytest.fixture
def oid4vci_settings() -> Oid4vciSettings:
    return Oid4vciSettings()


@pytest.fixture
def gateway(
    registry: Registry, tmp_path: Path, oid4vci_settings: Oid4vciSettings
) -> Iterator[Gateway]:
    import_named(registry, generated(tmp_path, persons=3))
    holder_id, record_ids = citizen_with_records(registry)
    app = create_app(registry, admin_token="t" * 40, oid4vci=oid4vci_settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Gateway(client, registry, holder_id, record_ids)
