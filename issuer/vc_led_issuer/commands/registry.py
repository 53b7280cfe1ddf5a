"""``vc-led registry init|list|add|accredit|suspend-issuer|activate-issuer``,
``vc-led keys rotate`` and ``vc-led audit verify``."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from vc_led.keys import KeyType

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..models import Issuer
from ._common import (
    FAILED,
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

_TYPES = {"ed25519": KeyType.ED25519, "p256": KeyType.P256, "p384": KeyType.P384}


def register(sub: Subparsers) -> None:
    """Add ``registry``, ``keys rotate`` and ``audit``."""
    common = common_options()
    reg = sub.add_parser("registry", help="the LED trust registry (accredited issuers)")
    rsub = reg.add_subparsers(dest="registry_command", metavar="COMMAND", required=True)
    init = rsub.add_parser(
        "init", parents=[common], help="create the registry key, seed the registry"
    )
    init.add_argument("--type", choices=sorted(_TYPES), default="ed25519")
    init.set_defaults(handler=guarded(run_init))
    lst = rsub.add_parser("list", parents=[common], help="list accredited issuers")
    lst.add_argument("--json", action="store_true", help="the trust list's JSON form")
    lst.set_defaults(handler=guarded(run_list))
    add = rsub.add_parser("add", parents=[common], help="add an issuer (with one scope)")
    add.add_argument("--name", required=True)
    add.add_argument("--did", help="its DID when it signs itself")
    add.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    _scope_options(add, required=False)
    add.set_defaults(handler=guarded(run_add))
    acc = rsub.add_parser("accredit", parents=[common], help="add a scope to an issuer")
    acc.add_argument("issuer", metavar="DID_OR_NAME")
    _scope_options(acc, required=True)
    acc.set_defaults(handler=guarded(run_accredit))
    for name, status in (("suspend-issuer", "suspended"), ("activate-issuer", "active")):
        cmd = rsub.add_parser(name, parents=[common], help=f"mark an issuer {status}")
        cmd.add_argument("issuer", metavar="DID_OR_NAME")
        cmd.add_argument("--reason", required=True)
        cmd.set_defaults(handler=guarded(run_issuer_status), status=status)
    _register_rotate(sub, common)
    aud = sub.add_parser("audit", help="the hash-chained audit log")
    asub = aud.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    ver = asub.add_parser("verify", parents=[common], help="check every hash and link")
    ver.add_argument("--anchor", help="a head hash noted earlier (catches truncation)")
    ver.set_defaults(handler=guarded(run_audit_verify))


def _scope_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--scope", required=required, metavar="DESCRIPTION", help="what the scope covers"
    )
    parser.add_argument("--category", action="append", default=[], help="LED category (repeatable)")
    parser.add_argument(
        "--type", dest="credential_type", action="append", default=[], help="credential type"
    )
    parser.add_argument(
        "--from", dest="coverage_start", type=date.fromisoformat, help="coverage start YYYY-MM-DD"
    )
    parser.add_argument("--self-declared", action="store_true", help="a self-declaration scope")


def _register_rotate(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """``keys rotate`` joins the ``keys`` command of :mod:`vc_led.cli`."""
    keys = sub.choices.get("keys")
    if keys is None:
        keys = sub.add_parser("keys", help="signing keys")
        keys.add_subparsers(dest="keys_command", metavar="COMMAND", required=True)
    ksub = next(a for a in keys._actions if isinstance(a, argparse._SubParsersAction))
    rot = ksub.add_parser(
        "rotate", parents=[common], help="rotate the registry key (old one retired, kept)"
    )
    rot.add_argument("--type", choices=sorted(_TYPES), default="ed25519")
    rot.add_argument("--reason", required=True)
    rot.set_defaults(handler=guarded(run_rotate))


def run_init(args: argparse.Namespace) -> int:
    """Create the registry key and seed the trust registry (idempotent)."""
    from ..lifecycle import init_registry

    with open_cli_registry(args) as registry:
        report = init_registry(registry, actor=cli_actor(), key_type=_TYPES[args.type])
        state = "created" if report.key_created else "exists"
        say(f"registry {registry.did}: key {state}, {report.issuers_seeded} issuer(s) seeded")
        out(report.key_id)
        return OK


def run_list(args: argparse.Namespace) -> int:
    """Print the accredited issuers."""
    from vc_led.trust import registry_to_json

    from ..publish.trust_store import load_trust_registry

    with open_cli_registry(args) as registry:
        with registry.read() as session:
            trust = load_trust_registry(session)
        if args.json:
            out(registry_to_json(trust))
            return OK
        for issuer in trust.issuers:
            out(f"{issuer.name} [{issuer.role}, {issuer.status.value}] {issuer.did or '-'}")
            for scope in issuer.scopes:
                kinds = ", ".join(sorted(scope.categories | scope.credential_types)) or "any"
                start = scope.coverage_start.isoformat() if scope.coverage_start else "expected"
                out(f"    {scope.description or kinds}: {kinds} (from {start})")
            for key in issuer.keys:
                window = f"retired {key.retired_at.isoformat()}" if key.retired_at else "current"
                out(f"    key {key.id} ({window})")
        return OK


def run_add(args: argparse.Namespace) -> int:
    """Add an issuer, and a scope when one is given."""
    from .. import crud
    from ..publish.trust_store import load_trust_registry

    with open_cli_registry(args) as registry:
        with registry.write() as session:
            issuer = crud.add_issuer(
                session,
                did=args.did,
                name=args.name,
                aliases=args.alias,
                actor=cli_actor(),
                now=registry.now(),
            )
            if args.scope:
                _accredit(session, issuer, args, registry.now())
            load_trust_registry(session)  # refuse a change that makes the registry inconsistent
        say(f"added {args.name}")
        return OK


def run_accredit(args: argparse.Namespace) -> int:
    """Add a scope to an issuer."""
    from sqlmodel import select

    from ..models import Issuer
    from ..publish.trust_store import load_trust_registry

    with open_cli_registry(args) as registry:
        with registry.write() as session:
            query = select(Issuer).where((Issuer.did == args.issuer) | (Issuer.name == args.issuer))
            issuer = session.exec(query).first()
            if issuer is None:
                say("error: no such issuer")
                return USAGE
            _accredit(session, issuer, args, registry.now())
            load_trust_registry(session)
        say(f"accredited {args.issuer}: {args.scope}")
        return OK


def _accredit(session: Session, issuer: Issuer, args: argparse.Namespace, now: datetime) -> None:
    from .. import crud

    crud.add_accreditation(
        session,
        issuer=issuer,
        scope_kind="scope",
        scope=args.scope,
        categories=args.category,
        credential_types=args.credential_type,
        self_declared=args.self_declared,
        coverage_start=args.coverage_start,
        actor=cli_actor(),
        now=now,
    )


def run_issuer_status(args: argparse.Namespace) -> int:
    """Suspend or reactivate an issuer."""
    from .. import crud
    from ..lifecycle import check_reason

    with open_cli_registry(args) as registry:
        reason = check_reason(args.reason)
        with registry.write() as session:
            crud.set_issuer_status(
                session,
                did=args.issuer,
                status=args.status,
                actor=cli_actor(),
                reason=reason,
                now=registry.now(),
            )
        say(f"{args.issuer}: {args.status}")
        return OK


def run_rotate(args: argparse.Namespace) -> int:
    """Rotate the registry key; print the new key id."""
    from ..lifecycle import rotate_registry_key

    with open_cli_registry(args) as registry:
        rotation = rotate_registry_key(
            registry, actor=cli_actor(), reason=args.reason, key_type=_TYPES[args.type]
        )
        for key in rotation.retired:
            say(f"retired {key.id} (kept in the DID document and the trust list)")
        out(rotation.new.id)
        return OK


def run_audit_verify(args: argparse.Namespace) -> int:
    """Verify the audit chain; exit 1 and say where when it is broken."""
    from .. import audit

    with open_cli_registry(args) as registry:
        with registry.read() as session:
            report = audit.verify_chain(session, anchor=args.anchor, key=registry.audit_key())
        if report.ok:
            head = f"head {report.head_seq} {report.head_hash}"
            keyed = f", keyed since entry {report.keyed_from}" if report.keyed_from else ""
            out(f"audit log intact: {report.entries} entries, {head}{keyed}")
            return OK
        for problem in report.problems:
            where = f"entry {problem.seq} (position {problem.position})"
            say(f"{where}: {problem.code}: {problem.message}")
        say(f"audit log NOT intact: {len(report.problems)} problem(s) in {report.entries} entries")
        return FAILED
