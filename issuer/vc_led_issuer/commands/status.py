"""``vc-led revoke|suspend|unsuspend CREDENTIAL_ID --reason TEXT``."""

from __future__ import annotations

import argparse
import json
from enum import StrEnum

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


class StatusAction(StrEnum):  # the values of vc_led_issuer.lifecycle.StatusAction
    REVOKE = "revoke"
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"


_HELP = {
    StatusAction.REVOKE: "revoke a credential (irreversible)",
    StatusAction.SUSPEND: "suspend a credential (reversible)",
    StatusAction.UNSUSPEND: "lift a credential's suspension",
}


def register(sub: Subparsers) -> None:
    """Add ``revoke``, ``suspend`` and ``unsuspend``."""
    common = common_options()
    for action, text in _HELP.items():
        cmd = sub.add_parser(action.value, parents=[common], help=text)
        cmd.add_argument("credential_id", metavar="CREDENTIAL_ID")
        cmd.add_argument("--reason", required=True, help="why (kept in the audit log)")
        cmd.add_argument(
            "--actor", help="who, for the audit log as cli:ACTOR (default: your login name)"
        )
        cmd.set_defaults(handler=guarded(run_status_change), action=action)


def run_status_change(args: argparse.Namespace) -> int:
    """Change a credential's status; print the resulting status as JSON."""
    from .. import lifecycle

    with open_cli_registry(args) as registry:
        try:
            done = lifecycle.change_status(
                registry,
                credential_id=args.credential_id,
                action=lifecycle.StatusAction(args.action.value),
                reason=args.reason,
                actor=cli_actor(args.actor),
            )
        except ValueError as exc:
            say(f"error: {exc}")
            return USAGE
        if not done.changed:
            say(f"{args.credential_id}: already so, nothing changed")
        result = {
            "credentialId": done.credential_id,
            "changed": done.changed,
            "status": done.status,
        }
        out(json.dumps(result))
        return OK
