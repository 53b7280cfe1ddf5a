"""``vc-led serve``: the registry and gateway service.

Demo mode (unless ``VCLED_MODE=production``): the data directory gets generated secrets, a
key, the seeded trust registry and a synthetic data set with its credentials issued (see
:mod:`vc_led_issuer.demo`); the admin token is printed once, when it is generated. Without
``VCLED_PUBLIC_URL`` the public URL (the DID, every ``statusListCredential``, the trust list
id) is the address served, ``http://<--host>:<--port>``; the data directory remembers it and
refuses to be served under another one (its credentials name it). Production mode
needs the configuration (secrets, https URLs) and ``vc-led registry init`` first.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ._common import OK, Subparsers, common_options, guarded, open_cli_registry, say

if TYPE_CHECKING:
    from ..context import Registry

__all__ = ["listen_url", "register"]


def register(sub: Subparsers) -> None:
    """Add ``serve``."""
    cmd = sub.add_parser(
        "serve", parents=[common_options()], help="run the registry service (demo data by default)"
    )
    cmd.add_argument("--host", default="127.0.0.1")
    cmd.add_argument("--port", type=int, default=8000)
    cmd.add_argument("--demo-persons", type=int, default=50, help="persons in the demo data set")
    cmd.add_argument("--quiet", action="store_true", help="no progress bars")
    cmd.set_defaults(handler=guarded(run_serve))


def run_serve(args: argparse.Namespace) -> int:
    """Prepare (demo) and serve until interrupted."""
    import uvicorn

    from ..api.main import create_app
    from ..demo import prepare_demo

    listening = listen_url(args.host, args.port)
    with open_cli_registry(args, demo_default=True, demo_public_url=listening) as registry:
        settings = registry.settings
        if settings.demo:
            say(f"DEMO MODE: generated secrets and synthetic data in {settings.data_dir}")
            if args.host in _ANY_ADDRESS and settings.public_url == listening:
                say(f"demo: set VCLED_PUBLIC_URL to the address clients use ({listening} now)")
            report = prepare_demo(registry, persons=args.demo_persons, progress=not args.quiet)
            issued = report.issued
            say(f"demo: {issued.issued} credential(s) issued now, {issued.failed} failed")
        token = _admin_token(registry)
        with registry.read() as session:
            key = registry.current_key(session)  # production: `vc-led registry init` first
        app = create_app(registry, admin_token=token)
        base = settings.public_url
        say(f"serving {registry.did} at {base} (OpenAPI: {base}/docs), listening on {listening}")
        if settings.demo:
            _pin_demo_key(registry.did, key.public_multibase, base)
            say(f"offline verifiers: vc-led bundle fetch {base}/trust/bundle --out bundle.json")
        else:
            pin = f"--pinned-key {key.public_multibase} --out bundle.json"
            say(f"offline verifiers: vc-led bundle fetch {base}/trust/bundle {pin}")
        uvicorn.run(app, host=args.host, port=args.port, log_level="info")
        return OK


def _pin_demo_key(did: str, key: str, base: str) -> None:
    """Pin the demo registry's key in the user's pin file, and say so: running the demo is the
    user's choice to trust it (``vc-led verify --bundle``, ``vc-led bundle fetch`` and
    ``vc-led verifier serve`` then find it without ``--pinned-key``)."""
    from datetime import UTC, datetime

    from vc_led.bundle import add_pin, default_pin_file

    path = default_pin_file()
    today = datetime.now(UTC).date().isoformat()
    note = f"pinned by `vc-led serve` (demo mode) on {today} for {did} at {base}"
    added = add_pin(path, key=key, note=note)
    done = "pinned" if added else "already pinned"
    say(
        f"demo: {done} this demo registry's key {key} in {path}, because you ran the demo: "
        "vc-led verify --bundle, vc-led bundle fetch and vc-led verifier serve trust bundles "
        "it signs without --pinned-key (delete the line to stop trusting it)"
    )


_ANY_ADDRESS = frozenset({"0.0.0.0", "::", ""})


def listen_url(host: str, port: int) -> str:
    """``http://host:port`` of the listening address (the demo public URL).

    A wildcard address (``0.0.0.0``, ``::``) and the default ``127.0.0.1`` become
    ``localhost`` (so the default demo DID stays ``did:web:localhost%3A8000``); an IPv6
    address gets its brackets.
    """
    if host in _ANY_ADDRESS or host == "127.0.0.1":
        host = "localhost"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _admin_token(registry: Registry) -> str:
    settings = registry.settings
    generated = settings.data_dir / "secrets" / "admin-token"
    fresh = settings.demo and settings.admin_token is None and settings.admin_token_file is None
    first = fresh and not generated.exists()
    token = settings.admin_token_value()
    if first:
        say(f"admin API token (shown once; kept in {generated}): {token}")
    return token
