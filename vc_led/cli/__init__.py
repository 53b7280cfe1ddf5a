"""The ``vc-led`` command line. Its command names, options and exit codes are a contract.

Exit codes: 0 success / verified; 1 not verified, or the input could not be signed;
2 usage error, or verification indeterminate; 130 interrupted.

A reader that closes the pipe early (``vc-led verify --json X | head -c 1``) is not an error:
``vc-led verify`` drops the rest of its output and still exits with its verdict (0, 1 or 2),
since the verdict does not depend on who reads it. Any other command cut off that way exits
141 (128 + SIGPIPE, what a shell reports for a writer killed by the broken pipe), without a
traceback.

Commands of the optional parts (the registry, the web verifier) are found through the
``vc_led.commands`` entry points (``pyproject.toml``), each a ``register(sub)`` function; a part
that is not installed, or whose optional dependencies are missing, just has no commands.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from .. import __version__
from . import _bundle, _generate, _issue, _keys, _present, _sign, _verify
from ._io import silence_stdout

__all__ = ["COMMANDS_GROUP", "main"]

#: The entry point group of the optional parts' commands.
COMMANDS_GROUP = "vc_led.commands"
#: The exit code of a command whose output pipe was closed (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141

Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="vc-led", description="Sign and verify W3C Verifiable Credentials (LED)."
    )
    parser.add_argument("--version", action="version", version=f"vc-led {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in (_keys, _sign, _verify, _bundle, _issue, _generate, _present):
        module.register(sub)
    _register_extensions(sub)
    return parser


def _register_extensions(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Commands of the optional parts (issuer, verifier web page), when they are installed."""
    for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        try:
            register = entry.load()
        except ModuleNotFoundError as exc:
            # the part or one of its optional dependencies is not installed: no such commands;
            # a missing module of the part's own package is a bug and is raised
            own = entry.value.split(":")[0].split(".")[0]
            if (exc.name or "").split(".")[0] == own and exc.name not in (own, entry.module):
                raise
            continue
        register(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Command = args.handler
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the flush at exit
        return code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)  # noqa: T201
        return 130
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
