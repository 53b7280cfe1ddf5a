"""What every registry command shares: ``--data-dir``, opening the registry, exit codes and
error messages that never carry a secret or an INSZ."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from vc_led.led.holder import mask_insz

if TYPE_CHECKING:
    from ..context import Registry

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction

__all__ = [
    "FAILED",
    "OK",
    "USAGE",
    "Handler",
    "Subparsers",
    "cli_actor",
    "common_options",
    "guarded",
    "open_cli_registry",
    "out",
    "say",
]

OK, FAILED, USAGE = 0, 1, 2
Handler = Callable[[argparse.Namespace], int]


def out(text: str) -> None:
    """A result on standard output."""
    print(text)  # noqa: T201


def say(message: str) -> None:
    """A line for people on standard error (INSZ-shaped text masked)."""
    print(mask_insz(message), file=sys.stderr)  # noqa: T201


def cli_actor(name: str | None = None) -> str:
    """The audit log's actor for a command: ``cli:<name>``, by default the login name."""
    if not name:
        import getpass

        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no login name (a container without a passwd entry)
            name = "unknown"
    return f"cli:{name}"


def common_options() -> argparse.ArgumentParser:
    """The options of every registry command (a parent parser)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data directory (default: VCLED_DATA_DIR or ~/.local/share/vc-led)",
    )
    return parent


@contextmanager
def open_cli_registry(
    args: argparse.Namespace, *, demo_default: bool = False, demo_public_url: str | None = None
) -> Iterator[Registry]:
    """The registry for a command (its engine is disposed afterwards).

    Demo mode when ``VCLED_MODE`` says so; when it is not set, for a data directory that demo
    mode made, and for ``serve`` on the embedded SQLite (never against a ``DATABASE_URL``).

    Args:
        args: the command's options (``--data-dir``).
        demo_default: demo mode on the embedded SQLite when ``VCLED_MODE`` is not set.
        demo_public_url: in demo mode, the public URL when ``VCLED_PUBLIC_URL`` is not set
            (``serve`` passes the address it listens on); other commands on a demo data
            directory take the one it remembers.

    Raises:
        ConfigurationError: invalid or incomplete configuration.
    """
    from ..context import open_registry
    from ..demo import is_demo_dir, remembered_public_url
    from ..settings import load_settings

    overrides: dict[str, object] = {}
    if getattr(args, "data_dir", None):
        overrides["data_dir"] = Path(args.data_dir).resolve()
    if not os.environ.get("VCLED_MODE"):
        probe = load_settings(**(overrides | {"mode": "demo"}))
        embedded = probe.database_url is None
        if (demo_default and embedded) or is_demo_dir(probe.data_dir):
            overrides["mode"] = "demo"
    settings = load_settings(**overrides)
    if settings.demo and "public_url" not in settings.model_fields_set:
        chosen = demo_public_url or remembered_public_url(settings.data_dir)
        if chosen:
            settings = load_settings(**(overrides | {"public_url": chosen}))
    settings.check_production()
    registry = open_registry(settings)
    try:
        yield registry
    finally:
        registry.engine.dispose()


def guarded(handler: Handler) -> Handler:
    """Turn configuration, custody and database failures into a message and exit code 2."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import IntegrityError, SQLAlchemyError

        from vc_led.errors import ConfigurationError, SigningError

        from ..errors import KeyCustodyError, NotFoundError, RegistryError

        try:
            return handler(args)
        except NotFoundError as exc:
            say(f"error: {exc}" + (" (run `vc-led registry init`)" if "key" in str(exc) else ""))
            return USAGE
        except (ConfigurationError, KeyCustodyError, RegistryError, SigningError) as exc:
            say(f"error: {exc}")
            return USAGE
        except ValueError as exc:
            say(f"error: {exc}")
            return USAGE
        except IntegrityError:
            say("error: that conflicts with what is stored (does it exist already?)")
            return USAGE
        except SQLAlchemyError as exc:
            say(f"error: database: {type(exc).__name__}")
            return USAGE
        except OSError as exc:
            say(f"error: {exc}")
            return USAGE

    return run
