"""The ``vc-led`` command line. Its command names, options and exit codes are a contract.

Exit codes: 0 success / verified; 1 not verified, or the input could not be signed;
2 usage error, or verification indeterminate.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from . import _bundle, _generate, _issue, _keys, _sign, _verify

__all__ = ["main"]

Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="vc-led", description="Sign and verify W3C Verifiable Credentials (LED)."
    )
    parser.add_argument("--version", action="version", version=f"vc-led {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in (_keys, _sign, _verify, _bundle, _issue, _generate):
        module.register(sub)
    _register_extensions(sub)
    return parser


def _register_extensions(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Commands of the optional parts (issuer, verifier web page), when they are installed."""
    from importlib import import_module

    for name in ("issuer.cli", "verifier.cli"):
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            # the part or one of its optional dependencies is not installed: no such commands;
            # a missing module of our own inside an installed part is a bug and is raised
            missing = (exc.name or "").split(".")[0]
            if missing in ("issuer", "verifier") and exc.name not in (name, missing):
                raise
            continue
        module.register(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Command = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)  # noqa: T201
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
