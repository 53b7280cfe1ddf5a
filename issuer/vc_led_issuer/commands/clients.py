"""``vc-led clients add|list|disable``: machine clients of the VC-API and the afnemer API.

A client authenticates at ``POST /oauth2/token`` with a secret or, with ``--jwks``, with a
``private_key_jwt`` assertion signed by one of its keys. A secret is shown once: on standard
output, or written to ``--secret-file`` (new, mode 0600).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from .operators import _check_token_file, _hand_out, _write_token_file

if TYPE_CHECKING:
    from sqlmodel import Session

__all__ = ["register"]


def register(sub: Subparsers) -> None:
    """Add ``clients``."""
    common = common_options()
    clients = sub.add_parser("clients", help="machine clients of the VC-API and afnemer API")
    csub = clients.add_subparsers(dest="clients_command", metavar="COMMAND", required=True)
    add = csub.add_parser("add", parents=[common], help="add a client (client credentials)")
    add.add_argument("client_id", metavar="CLIENT_ID", help="a-z, 0-9, '.', '_', '-'")
    add.add_argument("--name", required=True, help="who the client is")
    add.add_argument(
        "--scope", action="append", required=True, help="a granted scope (repeat), e.g. vcapi:issue"
    )
    add.add_argument("--jwks", metavar="FILE", help="public keys for private_key_jwt (no secret)")
    add.add_argument("--afnemer", metavar="CODE", help="the afnemer this client acts for")
    add.add_argument("--token-file", metavar="FILE", help="write the secret to FILE (new, 0600)")
    add.set_defaults(handler=guarded(run_add))
    lst = csub.add_parser("list", parents=[common], help="list clients (never a secret)")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=guarded(run_list))
    dis = csub.add_parser("disable", parents=[common], help="disable a client and its tokens")
    dis.add_argument("client_id", metavar="CLIENT_ID")
    dis.add_argument("--reason", required=True, help="why (kept in the audit log)")
    dis.set_defaults(handler=guarded(run_disable))


def run_add(args: argparse.Namespace) -> int:
    """Add a client; a secret client's secret goes to standard output or ``--token-file``."""
    from ..oauth.clients import add_client

    problem = _check_token_file(args)
    jwks: dict[str, Any] | None = None
    if args.jwks:
        if args.token_file:
            problem = "--token-file is for a secret; a --jwks client has none"
        else:
            try:
                jwks = json.loads(Path(args.jwks).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                problem = f"cannot read the JWKS {args.jwks}: {exc}"
    if problem:
        say(f"error: {problem}")
        return USAGE
    with open_cli_registry(args) as registry:
        try:
            with registry.write() as session:
                _, secret = add_client(
                    session,
                    client_id=args.client_id,
                    name=args.name,
                    scopes=args.scope,
                    jwks=jwks,
                    afnemer=args.afnemer,
                    actor=cli_actor(),
                    now=registry.now(),
                )
                if secret is not None:
                    _write_token_file(args, secret)
        except ValueError as exc:
            say(f"error: {exc}")
            return USAGE
    if secret is not None:
        _hand_out(args, secret)
        say(f"client {args.client_id} added; the secret is shown only this once")
    else:
        say(f"client {args.client_id} added (private_key_jwt)")
    return OK


def _row(client: Any) -> dict[str, Any]:
    return {
        "clientId": client.client_id,
        "name": client.name,
        "scopes": client.scopes,
        "auth": "private_key_jwt" if client.jwks is not None else "client_secret",
        "afnemer": client.afnemer,
        "created": client.created_at.isoformat(),
        "disabled": client.disabled_at.isoformat() if client.disabled_at else None,
    }


def run_list(args: argparse.Namespace) -> int:
    """Print the clients: id, name, scopes, how they authenticate, state."""
    from ..oauth.clients import list_clients

    session: Session
    with open_cli_registry(args) as registry, registry.read() as session:
        rows = [_row(c) for c in list_clients(session)]
    if args.json:
        out(json.dumps(rows, indent=2))
        return OK
    for row in rows:
        state = f"disabled {row['disabled']}" if row["disabled"] else "enabled"
        scopes = " ".join(row["scopes"])
        out(f"{row['clientId']}  {row['name']}  [{scopes}]  {row['auth']}  {state}")
    return OK


def run_disable(args: argparse.Namespace) -> int:
    """Disable a client: its tokens stop working at once."""
    from ..oauth.clients import disable_client

    with open_cli_registry(args) as registry:
        with registry.write() as session:
            disable_client(
                session,
                client_id=args.client_id,
                actor=cli_actor(),
                reason=args.reason,
                now=registry.now(),
            )
        say(f"client {args.client_id} disabled")
        return OK
