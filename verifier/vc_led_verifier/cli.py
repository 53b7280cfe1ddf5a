"""``vc-led verifier serve``: the offline web verifier on this machine.

Loaded by ``vc-led`` on every run, so FastAPI and uvicorn are imported only when the command
runs (``pip install 'vc-led[verifier]'``).
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from vc_led import VerificationPolicy
from vc_led.cli._bundle import add_pin_option, load_bundle_file, pinned_keys, trust_state
from vc_led.cli._io import UsageError, err

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``verifier`` and its ``serve`` sub-command."""
    verifier = sub.add_parser("verifier", help="the offline web verifier")
    vsub = verifier.add_subparsers(dest="verifier_command", metavar="COMMAND")
    vsub.required = True
    serve = vsub.add_parser("serve", help="serve the verification page (offline)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--bundle", metavar="FILE", help="signed trust bundle to verify against")
    add_pin_option(serve)
    serve.add_argument("--trust-issuer", action="append", default=[], metavar="DID")
    serve.add_argument("--require-authentic", action="store_true")
    serve.add_argument(
        "--allow-presenter-not-subject",
        action="store_true",
        help="UNSAFE: accept presentations signed by someone other than a credential's subject",
    )
    serve.add_argument("--result-minutes", type=int, default=15, metavar="N")
    serve.add_argument("--workers", type=int, default=2, metavar="N", help="worker processes")
    serve.add_argument(
        "--verify-seconds",
        type=float,
        default=10.0,
        metavar="S",
        help="time budget of one verification (default 10)",
    )
    serve.add_argument(
        "--worker-memory-mb",
        type=int,
        default=1024,
        metavar="MB",
        help="address-space limit of each worker process (default 1024; 0: none)",
    )
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=60,
        metavar="N",
        help="verifications per minute per client address (default 60; 0: no limit)",
    )
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Check the bundle, then serve until interrupted."""
    try:
        from .app import serve
        from .settings import VerifierSettings
    except ImportError:
        err("vc-led verifier serve: needs the web extra: pip install 'vc-led[verifier]'")
        return 2
    try:
        bundle = None
        if args.bundle:
            data = Path(args.bundle).read_bytes()
            pins = pinned_keys(args.pinned_key, demo=args.insecure_demo_pin)
            bundle = load_bundle_file(data, pins=pins, state=trust_state(args))
        if args.result_minutes <= 0:
            raise UsageError("--result-minutes must be positive")
        if args.workers <= 0 or args.verify_seconds <= 0:
            raise UsageError("--workers and --verify-seconds must be positive")
        if args.rate_limit < 0 or args.worker_memory_mb < 0:
            raise UsageError("--rate-limit and --worker-memory-mb cannot be negative")
    except OSError as exc:
        err(f"vc-led verifier serve: cannot read {args.bundle}: {exc.strerror}")
        return 2
    except UsageError as exc:
        err(f"vc-led verifier serve: {exc}")
        return 2
    policy = VerificationPolicy(
        trusted_issuers=frozenset(args.trust_issuer),
        require_authentic=args.require_authentic,
        allow_presenter_not_subject=args.allow_presenter_not_subject,
    )
    settings = VerifierSettings(
        bundle=bundle,
        policy=policy,
        result_ttl=timedelta(minutes=args.result_minutes),
        workers=args.workers,
        worker_memory_bytes=args.worker_memory_mb * 1024 * 1024 or None,
        verification_budget=timedelta(seconds=args.verify_seconds),
        rate_limit_per_minute=args.rate_limit or None,
    )
    serve(settings, host=args.host, port=args.port)
    return 0
