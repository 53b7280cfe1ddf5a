"""Fixtures of the OpenID4VCI tests: the service in process with a citizen and her records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from issuer_helpers import NOW, generated, import_named
from sqlalchemy import func
from sqlmodel import col, select

from issuer.api.main import create_app
from issuer.context import Registry
from issuer.models import Record, RecordState
from issuer.oid4vci.config import Oid4vciSettings
from issuer.oid4vci.offers import CreatedOffer, create_offer


@dataclass
class Gateway:
    client: TestClient
    registry: Registry
    holder_id: int
    record_ids: list[int]

    def offer(self, *, records: list[int] | None = None, minutes: int = 10) -> CreatedOffer:
        from datetime import timedelta

        with self.registry.write() as session:
            return create_offer(
                session,
                issuer=self.registry.settings.public_url,
                holder_id=self.holder_id,
                record_ids=records or self.record_ids,
                pepper=self.registry.settings.pepper_bytes(),
                now=NOW,
                valid_for=timedelta(minutes=minutes),
                tx_length=6,
            )


def citizen_with_records(registry: Registry, *, at_least: int = 2) -> tuple[int, list[int]]:
    """A holder with the most registered records, and their ids."""
    with registry.read() as session:
        query = (
            select(Record.holder_id, func.count())
            .where(Record.state == RecordState.REGISTERED.value)
            .group_by(col(Record.holder_id))
            .order_by(func.count().desc(), col(Record.holder_id))
        )
        holder_id, count = session.exec(query).first()  # type: ignore[misc]
        assert count >= at_least
        ids = session.exec(
            select(Record.id)
            .where(Record.holder_id == holder_id, Record.state == RecordState.REGISTERED.value)
            .order_by(col(Record.id))
        ).all()
    return holder_id, [i for i in ids if i is not None]


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
