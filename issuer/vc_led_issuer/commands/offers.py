"""``vc-led offer create --out DIR [--where ...] [--valid-days N]`` and
``vc-led offer revoke (OFFER_ID... | --batch ID)`` (see :mod:`vc_led_issuer.jobs.offers`)."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from ..jobs.where import parse_where
from ._common import (
    OK,
    USAGE,
    Subparsers,
    cli_actor,
    common_options,
    guarded,
    open_cli_registry,
    out,
    say,
)

__all__ = ["register"]


def register(sub: Subparsers) -> None:
    """Add ``offer create`` and ``offer revoke``."""
    common = common_options()
    offer = sub.add_parser("offer", help="OpenID4VCI credential offers for wallets")
    osub = offer.add_subparsers(dest="offer_command", metavar="COMMAND", required=True)
    make = osub.add_parser(
        "create", parents=[common], help="one single-use offer (URI, QR code, PIN) per citizen"
    )
    make.add_argument("--out", required=True, metavar="DIR", help="directory (created if needed)")
    make.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="EXPR",
        help="supplier=NAME, id>=N, id<=N, updated>=DATE, updated<DATE (repeatable: all hold)",
    )
    make.add_argument(
        "--valid-days", type=int, help="validity (default: VCLED_OID4VCI_BULK_OFFER_DAYS, 30)"
    )
    make.set_defaults(handler=guarded(run_create))
    revoke = osub.add_parser("revoke", parents=[common], help="revoke open offers")
    revoke.add_argument("offer_ids", nargs="*", metavar="OFFER_ID")
    revoke.add_argument("--batch", help="every offer of one `offer create` run")
    revoke.set_defaults(handler=guarded(run_revoke))


def run_create(args: argparse.Namespace) -> int:
    """Create the offers and their files."""
    from ..jobs.offers import create_bulk_offers
    from ..oid4vci.config import load_oid4vci_settings

    where = parse_where(args.where)  # a WhereError is a usage error (exit 2) through guarded
    settings = load_oid4vci_settings()
    days = settings.bulk_offer_days if args.valid_days is None else args.valid_days
    if not 1 <= days <= 366:
        say("error: --valid-days must be between 1 and 366")
        return USAGE
    with open_cli_registry(args) as registry:
        report = create_bulk_offers(
            registry,
            where=where,
            out=Path(args.out),
            valid_for=timedelta(days=days),
            tx_length=settings.tx_code_length,
            actor=cli_actor(),
        )
    say(f"{report.created} offer(s) written to {args.out}, {report.skipped} holder(s) skipped")
    say("send each PIN (pins/) by another channel than its offer (offers/)")
    out(report.batch)
    return OK


def run_revoke(args: argparse.Namespace) -> int:
    """Revoke offers by id or batch."""
    from ..jobs.offers import revoke_bulk_offers

    if not args.offer_ids and not args.batch:
        say("error: name offer ids or --batch")
        return USAGE
    with open_cli_registry(args) as registry:
        changed = revoke_bulk_offers(
            registry, offer_ids=args.offer_ids, batch=args.batch, actor=cli_actor()
        )
    say(f"{changed} offer(s) revoked")
    return OK
