"""``vc-led operators add|list|new-token|disable``: the named users of the admin API.

A token is shown once: on standard output, or written to ``--token-file`` (created with mode
0600, never overwritten) so that it never passes through a terminal or a shell history.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..context import Registry

__all__ = ["register"]


def register(sub: Subparsers) -> None:
    """Add ``operators``."""
    common = common_options()
    ops = sub.add_parser("operators", help="named users of the admin API (one token each)")
    osub = ops.add_subparsers(dest="operators_command", metavar="COMMAND", required=True)
    add = osub.add_parser("add", parents=[common], help="add an operator, show its token once")
    add.add_argument("name", metavar="NAME", help="a-z, 0-9, '.', '_', '-' (never reused)")
    _token_file_option(add)
    add.set_defaults(handler=guarded(run_add))
    lst = osub.add_parser("list", parents=[common], help="list operators (never a token)")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=guarded(run_list))
    new = osub.add_parser(
        "new-token", parents=[common], help="replace an operator's token (the old one stops)"
    )
    new.add_argument("name", metavar="NAME")
    new.add_argument("--reason", required=True, help="why (kept in the audit log)")
    _token_file_option(new)
    new.set_defaults(handler=guarded(run_new_token))
    dis = osub.add_parser("disable", parents=[common], help="disable an operator's token")
    dis.add_argument("name", metavar="NAME")
    dis.add_argument("--reason", required=True, help="why (kept in the audit log)")
    dis.set_defaults(handler=guarded(run_disable))


def _token_file_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--token-file",
        metavar="FILE",
        help="write the token to FILE (new, mode 0600) instead of standard output",
    )


def _check_token_file(args: argparse.Namespace) -> str | None:
    """A reason why ``--token-file`` cannot be written, before anything is changed."""
    if not args.token_file:
        return None
    path = Path(args.token_file)
    if path.exists():
        return f"{path} exists (a token file is never overwritten)"
    if not path.parent.is_dir():
        return f"{path.parent} is not a directory"
    return None


def _write_token_file(args: argparse.Namespace, token: str) -> None:
    """Write the token file inside the transaction: if it cannot be written, nothing changes."""
    if args.token_file:
        fd = os.open(args.token_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(token + "\n")


def _hand_out(args: argparse.Namespace, token: str) -> None:
    """After the commit: the token on standard output, or where it was written."""
    if args.token_file:
        say(f"token written to {args.token_file}")
    else:
        out(token)


def _hand_out_new_token(
    args: argparse.Namespace, make: Callable[[Session, Registry], str], done: str
) -> int:
    """Make a token in one transaction (``make``), written to ``--token-file`` inside it, and
    shown or pointed to after the commit."""
    problem = _check_token_file(args)
    if problem:
        say(f"error: {problem}")
        return USAGE
    with open_cli_registry(args) as registry:
        with registry.write() as session:
            token = make(session, registry)
            _write_token_file(args, token)
        _hand_out(args, token)
        say(done)
        return OK


def run_add(args: argparse.Namespace) -> int:
    """Add an operator; its token goes to standard output or ``--token-file``."""
    from ..crud.operators import add_operator

    def make(session: Session, registry: Registry) -> str:
        return add_operator(session, name=args.name, actor=cli_actor(), now=registry.now())[1]

    done = f"operator {args.name} added; the token is shown only this once"
    return _hand_out_new_token(args, make, done)


def run_new_token(args: argparse.Namespace) -> int:
    """Replace an operator's token."""
    from ..crud.operators import new_operator_token

    def make(session: Session, registry: Registry) -> str:
        return new_operator_token(
            session, name=args.name, actor=cli_actor(), reason=args.reason, now=registry.now()
        )

    done = f"operator {args.name}: new token; the old one no longer works"
    return _hand_out_new_token(args, make, done)


def run_disable(args: argparse.Namespace) -> int:
    """Disable an operator."""
    from ..crud.operators import disable_operator

    with open_cli_registry(args) as registry:
        with registry.write() as session:
            operator = disable_operator(
                session, name=args.name, actor=cli_actor(), reason=args.reason, now=registry.now()
            )
            disabled_at = operator.disabled_at
        assert disabled_at is not None
        say(f"operator {args.name} disabled since {disabled_at.isoformat()}")
        return OK


def run_list(args: argparse.Namespace) -> int:
    """Print the operators: name, created, disabled."""
    from ..crud.operators import list_operators

    with open_cli_registry(args) as registry:
        with registry.read() as session:
            rows = [
                {
                    "name": o.name,
                    "created": o.created_at.isoformat(),
                    "disabled": o.disabled_at.isoformat() if o.disabled_at else None,
                }
                for o in list_operators(session)
            ]
    if args.json:
        out(json.dumps(rows, indent=2))
        return OK
    for row in rows:
        state = f"disabled {row['disabled']}" if row["disabled"] else "enabled"
        out(f"{row['name']}  created {row['created']}  {state}")
    return OK
