"""The registry's ``vc-led`` commands (loaded by :mod:`vc_led.cli` when ``issuer`` is installed).

``import``, ``holders import``, ``issue-bulk``, ``export``, ``revoke``, ``suspend``, ``unsuspend``,
``registry init|list|add|accredit|suspend-issuer|activate-issuer``, ``keys rotate``,
``audit verify``, ``operators ...``, ``clients add|list|disable``, ``offer create|revoke`` and
``serve``. Every one takes ``--data-dir``; the
database is ``DATABASE_URL`` or the SQLite file in the data directory. Exit codes: 0 done,
1 something failed (a record, a batch, a tampered audit log), 2 usage or configuration problem.
Without the ``issuer`` extra (``pip install vc-led[issuer]``) importing this module raises
:class:`ModuleNotFoundError` for the missing package, and ``vc-led`` offers no such commands.
"""

from __future__ import annotations

import argparse
from importlib.util import find_spec

for _required in ("sqlmodel", "alembic", "fastapi", "uvicorn", "pydantic_settings"):
    if find_spec(_required) is None:  # without the `issuer` extra there are no such commands
        raise ModuleNotFoundError(f"No module named {_required!r}", name=_required)

from . import clients, jobs, offers, operators, registry, serve, status  # noqa: E402

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the registry commands to the ``vc-led`` parser."""
    for module in (jobs, status, registry, operators, clients, offers, serve):
        module.register(sub)
