"""``vc-led offer create|revoke``: bulk credential offers for institutions that write to their
graduates.

One single-use offer per citizen, for all her registered records that match ``--where``,
valid for a configurable period. For each offer the output directory gets
``offers/<offer id>.txt`` (the ``openid-credential-offer://`` URI), ``offers/<offer id>.png``
(its QR code) and — separately, because it must travel by another channel —
``pins/<offer id>.txt`` (the PIN); ``manifest.csv`` says whom each offer is for (name and
birth date, as in the credential; never the INSZ). Files are written inside the transaction
that stores the offers, so a failed run leaves no offer without its files. Only hashes of the
codes and PINs are stored.
"""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from .. import audit
from ..context import Registry
from ..models import Holder, Record, RecordState
from ..oid4vci.offers import CreatedOffer, create_offer, qr_png, revoke_offers
from ..oid4vci.store import offers_of_batch
from .where import Where

__all__ = ["BulkOffersReport", "create_bulk_offers", "revoke_bulk_offers"]

HOLDERS_PER_TRANSACTION = 200
MANIFEST_COLUMNS = ("offer_id", "given_name", "family_name", "birth_date", "records", "expires")


@dataclass(slots=True)
class BulkOffersReport:
    """What a run made: the batch id, offers written, holders skipped (no name yet)."""

    batch: str
    created: int = 0
    skipped: int = 0
    offer_ids: list[str] = field(default_factory=list)


def _holders(registry: Registry, where: Where) -> Iterator[list[tuple[Holder, list[int]]]]:
    base: Any = select(Record.id, Record.holder_id)
    query = where.apply(base.where(Record.state == RecordState.REGISTERED.value))
    with registry.read() as session:
        grouped: dict[int, list[int]] = {}
        for rid, hid in session.exec(query.order_by(col(Record.holder_id), col(Record.id))):
            if rid is not None:
                grouped.setdefault(hid, []).append(rid)
    ids = sorted(grouped)
    for start in range(0, len(ids), HOLDERS_PER_TRANSACTION):
        chunk = ids[start : start + HOLDERS_PER_TRANSACTION]
        with registry.read() as session:
            rows = session.exec(select(Holder).where(col(Holder.id).in_(chunk))).all()
        yield [(h, grouped[h.id]) for h in sorted(rows, key=lambda h: h.id or 0) if h.id]


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _files(out: Path, holder: Holder, created: CreatedOffer, records: int) -> list[str]:
    _write(out / "offers" / f"{created.offer_id}.txt", (created.uri + "\n").encode())
    _write(out / "offers" / f"{created.offer_id}.png", qr_png(created.uri))
    _write(out / "pins" / f"{created.offer_id}.txt", (created.tx_code + "\n").encode())
    birth = holder.birth_date.isoformat() if holder.birth_date else ""
    return [
        created.offer_id,
        holder.given_name or "",
        holder.family_name or "",
        birth,
        str(records),
        created.expires_at.isoformat(),
    ]


def create_bulk_offers(
    registry: Registry,
    *,
    where: Where,
    out: Path,
    valid_for: timedelta,
    tx_length: int = 6,
    actor: str = "offer-create",
) -> BulkOffersReport:
    """Make one offer per citizen with matching registered records (see the module docstring).

    Raises:
        OSError: the output directory cannot be written (nothing of that chunk is stored).
    """
    report = BulkOffersReport(batch=str(uuid.uuid4()))
    for sub in ("offers", "pins"):
        (out / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
    pepper, issuer = registry.settings.pepper_bytes(), registry.settings.public_url
    manifest = out / "manifest.csv"
    fresh = not manifest.exists()
    with manifest.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if fresh:
            writer.writerow(MANIFEST_COLUMNS)
        for chunk in _holders(registry, where):
            with registry.write() as session:
                now = registry.now()
                for holder, record_ids in chunk:
                    if holder.given_name is None or holder.family_name is None:
                        report.skipped += 1
                        continue
                    created = create_offer(
                        session,
                        issuer=issuer,
                        holder_id=holder.id or 0,
                        record_ids=record_ids,
                        pepper=pepper,
                        now=now,
                        valid_for=valid_for,
                        tx_length=tx_length,
                        origin="bulk",
                        batch=report.batch,
                    )
                    writer.writerow(_files(out, holder, created, len(record_ids)))
                    report.offer_ids.append(created.offer_id)
                report.created = len(report.offer_ids)
    with registry.write() as session:
        details = {"batch": report.batch, "offers": report.created, "skipped": report.skipped}
        audit.append(
            session, actor=actor, action="offer.create", details=details, now=registry.now()
        )
    return report


def revoke_bulk_offers(
    registry: Registry,
    *,
    offer_ids: Sequence[str] = (),
    batch: str | None = None,
    actor: str = "offer-revoke",
) -> int:
    """Revoke open offers, by id and/or by batch; how many were revoked."""
    with registry.write() as session:
        ids = list(offer_ids)
        if batch is not None:
            ids += [o.id for o in offers_of_batch(session, batch=batch)]
        changed = revoke_offers(session, offer_ids=ids, now=registry.now())
        details = {"batch": batch, "revoked": changed}
        audit.append(
            session, actor=actor, action="offer.revoke", details=details, now=registry.now()
        )
    return changed
