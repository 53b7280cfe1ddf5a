"""Helpers of the OpenID4VCI tests: the in-process gateway, a citizen with records, and the
requests a wallet makes (a unique module name: ``conftest`` is taken by other test folders)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from issuer_helpers import NOW
from oid4vci_wallet import ISSUER, PRE_AUTH
from sqlalchemy import func
from sqlmodel import col, select

from vc_led_issuer.context import Registry
from vc_led_issuer.models import Record, RecordState
from vc_led_issuer.oid4vci.offers import CreatedOffer, create_offer


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


TOKEN_URL = f"{ISSUER}/oid4vci/token"
CREDENTIAL_URL = f"{ISSUER}/oid4vci/credential"


def refused(answer: Any, error: str, code: str, status: int = 400) -> None:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert (body["error"], body["code"]) == (error, code), body
    assert body["status"] == status and answer.headers["cache-control"] == "no-store"


def token(gateway: Gateway, code: str, pin: str | None, **headers: str) -> Any:
    form = {"grant_type": PRE_AUTH, "pre-authorized_code": code}
    if pin is not None:
        form["tx_code"] = pin
    return gateway.client.post("/oid4vci/token", data=form, headers=headers)


def nonce(gateway: Gateway) -> str:
    answer = gateway.client.post("/oid4vci/nonce")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    return str(answer.json()["c_nonce"])


def credential_request(gateway: Gateway, access: str, body: dict[str, Any], **headers: str) -> Any:
    auth = {"Authorization": f"Bearer {access}"} | headers
    return gateway.client.post("/oid4vci/credential", json=body, headers=auth)
