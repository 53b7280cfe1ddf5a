"""``vc-led present``: an SD-JWT VC presentation disclosing only the chosen claims.

``vc-led present --disclose qualification.title --disclose competences[0] --holder-key KEY.json
--aud https://verifier.example --nonce N CREDENTIAL`` prints the SD-JWT with the disclosures the
paths need and, with ``--holder-key``, a key binding JWT (``kb+jwt``). See
:func:`vc_led.sdjwt.present_sd_jwt`.
"""

from __future__ import annotations

import argparse

from ..errors import KeyFormatError
from ..keys import load_key_file
from ..sdjwt import present_sd_jwt
from ._io import UsageError, err, parse_when, read_input, write_output

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``present``."""
    p = sub.add_parser("present", help="present an SD-JWT VC, disclosing chosen claims only")
    p.add_argument(
        "--disclose",
        action="append",
        default=[],
        metavar="PATH",
        help="a claim path to disclose, repeatable (qualification.title, competences[0], "
        "competences[*]); a nested claim brings its parents",
    )
    p.add_argument("--holder-key", metavar="KEY.json", help="the holder key (cnf): adds a KB-JWT")
    p.add_argument("--aud", help="the verifier (KB-JWT aud)")
    p.add_argument("--nonce", help="the verifier's nonce (KB-JWT nonce)")
    p.add_argument("--now", help="the KB-JWT iat (dateTimeStamp; default now)")
    p.add_argument("input", metavar="CREDENTIAL", help="the SD-JWT VC ('-' for stdin)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the presentation; return 0, or 2 on a usage error."""
    try:
        data = read_input(args.input)
        now = parse_when(args.now, "--now")
        if args.holder_key is not None and (args.aud is None or args.nonce is None):
            raise UsageError("--holder-key needs --aud and --nonce")
        key = load_key_file(args.holder_key) if args.holder_key is not None else None
        text = present_sd_jwt(
            data.decode("utf-8"),
            disclose=args.disclose,
            holder_key=key,
            aud=args.aud,
            nonce=args.nonce,
            now=now,
        )
    except (UsageError, KeyFormatError, ValueError) as exc:
        err(f"vc-led present: {exc}")
        return 2
    write_output(text)
    return 0
