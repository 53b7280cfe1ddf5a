"""``scripts/demo``: the demo OpenID Provider beside ``vc-led serve`` (demo mode).

Starts ``scripts/oidc-op`` (oidc-provider, synthetic citizens of the demo data set) on a free
loopback port, registers the gateway as its client (the secret in a 0600 file in the data
directory), points the gateway at it with the ordinary ``VCLED_OIDC_*`` configuration, prints
the portal URL and the demo logins, runs ``vc-led serve`` with the given arguments (which, in
demo mode, pins the demo registry's key in the user's pin file and says so: see
:func:`vc_led.bundle.default_pin_file`), and stops the provider when the server stops.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from vc_led_issuer.demo_op import DEMO_PASSWORD, demo_citizens, run_op
from vc_led_issuer.settings import load_settings


def _gateway_url(host: str, port: int) -> str:
    if os.environ.get("VCLED_PUBLIC_URL"):
        return os.environ["VCLED_PUBLIC_URL"].rstrip("/")
    shown = "localhost" if host in ("127.0.0.1", "localhost", "0.0.0.0") else host
    return f"http://{shown}:{port}"


def main(argv: list[str]) -> int:
    """Run the demo; the exit code of ``vc-led serve``."""
    from vc_led.cli import main as vc_led

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--demo-persons", type=int, default=50)
    parser.add_argument("--data-dir")
    known, _ = parser.parse_known_args(argv)
    overrides = {"data_dir": Path(known.data_dir).resolve()} if known.data_dir else {}
    data_dir = load_settings(mode="demo", **overrides).data_dir
    workdir = data_dir / "oidc-op"
    workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    gateway = _gateway_url(known.host, known.port)
    citizens = demo_citizens(persons=known.demo_persons)
    with run_op(workdir, gateway_url=gateway, citizens=citizens) as op:
        secret = workdir / "client-secret"
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(op.client_secret + "\n")
        os.environ.update(
            VCLED_PUBLIC_URL=gateway,
            VCLED_OIDC_ISSUER=op.issuer,
            VCLED_OIDC_CLIENT_ID=op.client_id,
            VCLED_OIDC_CLIENT_SECRET_FILE=str(secret),
        )
        print(f"demo OpenID Provider (synthetic citizens): {op.issuer}", file=sys.stderr)
        print(f"citizen portal: {gateway}/  — log in as (password '{DEMO_PASSWORD}'):")
        for citizen in citizens:
            name = f"{citizen.given_name} {citizen.family_name}"
            print(f"  {citizen.login:<22} {name}, {citizen.records} LED records")
        sys.stdout.flush()
        return vc_led(["serve", *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
