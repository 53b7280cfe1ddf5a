"""``vc-led sign``: sign any VC or VP; the signed document goes to standard output."""

from __future__ import annotations

import argparse
import json

from ..errors import KeyFormatError, SigningError
from ..issue import default_cryptosuite, sign_document
from ..keys import load_key_file
from ._io import UsageError, err, parse_when, read_input, registry_with

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sign``."""
    p = sub.add_parser("sign", help="add a Data Integrity proof to a VC or VP")
    p.add_argument("--key", required=True, help="key file (W3C test-vector JSON form)")
    p.add_argument(
        "--cryptosuite",
        choices=["eddsa-rdfc-2022", "ecdsa-rdfc-2019"],
        help="default: eddsa-rdfc-2022 for Ed25519 keys, ecdsa-rdfc-2019 for P-256/P-384",
    )
    p.add_argument("--created", help="proof created time (dateTimeStamp; default: now)")
    p.add_argument(
        "--purpose",
        choices=["assertionMethod", "authentication"],
        help="default: assertionMethod for a VC, authentication for a VP",
    )
    p.add_argument("--challenge")
    p.add_argument("--domain")
    p.add_argument("--proof-id", help="an id for the new proof (for proof chains)")
    p.add_argument("--previous-proof", action="append", help="id of a proof this one chains to")
    p.add_argument(
        "--context",
        action="append",
        metavar="URL=FILE",
        help="serve an extra JSON-LD context offline",
    )
    p.add_argument("input", metavar="INPUT.json", help="the document to sign ('-' for stdin)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Sign the input and print it."""
    try:
        key = load_key_file(args.key)
        data = read_input(args.input)
        created = parse_when(args.created, "--created")
        contexts = registry_with(args.context)
    except (UsageError, KeyFormatError) as exc:
        err(f"vc-led sign: {exc}")
        return 2
    suite = args.cryptosuite or default_cryptosuite(key)
    options = {"cryptosuite": suite, "created": created, "contexts": contexts}
    if args.challenge is not None or args.domain is not None:
        options |= {"challenge": args.challenge, "domain": args.domain}
    if args.proof_id or args.previous_proof:
        options |= {"proof_id": args.proof_id, "previous_proof": args.previous_proof}
    try:
        signed = sign_document(data, key=key, purpose=args.purpose, **options)
    except SigningError as exc:
        err(f"vc-led sign: {exc.code}: {exc.message}")
        return 1
    except TypeError:
        err(
            "vc-led sign: --challenge/--domain apply to presentations or --purpose authentication;"
            " --proof-id/--previous-proof to credentials"
        )
        return 2
    print(json.dumps(signed, indent=2, ensure_ascii=False))  # noqa: T201
    return 0
