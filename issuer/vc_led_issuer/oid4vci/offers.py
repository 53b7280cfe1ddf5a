"""Credential offers with a pre-authorized code and a transaction code (PIN).

An offer is for one citizen and one or more of her records. The pre-authorized code (256
random bits) travels in the offer — by value, ``openid-credential-offer://?credential_offer=``,
because only its hash is stored, so the offer cannot be served by reference later; the PIN
travels by another channel (the portal page shows it next to the QR code; a bulk run writes it
to a separate file). Only the code's SHA-256 and the PIN's peppered HMAC are stored.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from sqlmodel import Session, col, select

from ..db import require_write_session
from ..models import Record, RecordState
from .metadata import PRE_AUTHORIZED_GRANT, record_configuration_ids
from .models import Oid4vciOffer
from .store import sha256_hex, tx_code_hash

__all__ = [
    "OFFER_SCHEME",
    "CreatedOffer",
    "configuration_ids",
    "create_offer",
    "offer_object",
    "offer_uri",
    "qr_png",
    "qr_svg_data_uri",
    "revoke_offers",
]

OFFER_SCHEME = "openid-credential-offer://"
TX_CODE_DESCRIPTION = "Pincode uit uw brief of van het portaal / PIN from your letter or the portal"


@dataclass(frozen=True, slots=True)
class CreatedOffer:
    """A new offer: its id, the one-time secrets (shown once) and the offer object."""

    offer_id: str
    pre_authorized_code: str
    tx_code: str
    expires_at: datetime
    offer: dict[str, Any]

    @property
    def uri(self) -> str:
        """The ``openid-credential-offer://`` URI (for a QR code or a link)."""
        return offer_uri(self.offer)


def configuration_ids(records: Sequence[Record]) -> list[str]:
    """The credential configuration ids of some records (each once, in order): every record's
    ``ldp_vc`` configuration and its ``dc+sd-jwt`` one."""
    from vc_led.led.formats.codec import record_from_dict

    ids: list[str] = []
    for record in records:
        for cid in record_configuration_ids(record_from_dict(record.content)):
            if cid not in ids:
                ids.append(cid)
    return ids


def offer_object(
    *, issuer: str, configuration_ids: Sequence[str], code: str, tx_length: int
) -> dict[str, Any]:
    """The credential offer object (OpenID4VCI 1.0 §4.1.1)."""
    tx = {"input_mode": "numeric", "length": tx_length, "description": TX_CODE_DESCRIPTION}
    return {
        "credential_issuer": issuer,
        "credential_configuration_ids": list(configuration_ids),
        "grants": {PRE_AUTHORIZED_GRANT: {"pre-authorized_code": code, "tx_code": tx}},
    }


def offer_uri(offer: dict[str, Any]) -> str:
    """The offer by value, as an ``openid-credential-offer://`` URI."""
    text = json.dumps(offer, separators=(",", ":"))
    return f"{OFFER_SCHEME}?credential_offer={quote(text, safe='')}"


def create_offer(
    session: Session,
    *,
    issuer: str,
    holder_id: int,
    record_ids: Sequence[int],
    pepper: bytes,
    now: datetime,
    valid_for: timedelta,
    tx_length: int,
    origin: str = "portal",
    batch: str | None = None,
) -> CreatedOffer:
    """Store an offer for the registered records among ``record_ids`` that belong to
    ``holder_id``.

    Raises:
        LookupError: none of the records is the holder's and registered.
    """
    require_write_session(session)
    query = select(Record).where(
        col(Record.id).in_(list(record_ids)),
        Record.holder_id == holder_id,
        Record.state == RecordState.REGISTERED.value,
    )
    records = list(session.exec(query.order_by(col(Record.id))))
    if not records:
        raise LookupError("no registered record of this holder")
    offer_id, code = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
    pin = "".join(secrets.choice("0123456789") for _ in range(tx_length))
    expires = now + valid_for
    session.add(
        Oid4vciOffer(
            id=offer_id,
            holder_id=holder_id,
            record_ids=[r.id for r in records if r.id is not None],
            code_hash=sha256_hex(code),
            tx_code_hash=tx_code_hash(pepper, offer_id=offer_id, tx_code=pin),
            origin=origin,
            batch=batch,
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    ids = configuration_ids(records)
    offer = offer_object(issuer=issuer, configuration_ids=ids, code=code, tx_length=tx_length)
    return CreatedOffer(offer_id, code, pin, expires, offer)


def revoke_offers(session: Session, *, offer_ids: Sequence[str], now: datetime) -> int:
    """Revoke offers that are still open; how many were."""
    require_write_session(session)
    query = select(Oid4vciOffer).where(col(Oid4vciOffer.id).in_(list(offer_ids)))
    changed = 0
    for offer in session.exec(query.with_for_update()):
        if offer.revoked_at is None and offer.redeemed_at is None:
            offer.revoked_at = now
            session.add(offer)
            changed += 1
    return changed


def qr_png(uri: str, *, scale: int = 4) -> bytes:
    """A QR code image (PNG) of an offer URI."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg_data_uri(uri: str) -> str:
    """A QR code as an SVG ``data:`` URI (for a page with no external assets)."""
    import segno

    return str(segno.make(uri, error="m").svg_data_uri(scale=4, border=4))
