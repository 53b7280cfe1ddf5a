"""The registry's ``vc-led`` commands (loaded by :mod:`vc_led.cli` when ``issuer`` is installed).

``import``, ``holders import``, ``issue-bulk``, ``export``, ``revoke``, ``suspend``, ``unsuspend``,
``registry init|list|add|accredit|suspend-issuer|activate-issuer``, ``keys rotate``,
``audit verify`` and ``serve``. Every one takes ``--data-dir``; the database is
``DATABASE_URL`` or the SQLite file in the data directory. Exit codes: 0 done, 1 something
failed (a record, a batch, a tampered audit log), 2 usage or configuration problem.
"""

from __future__ import annotations

import argparse

from .commands import jobs, registry, serve, status

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the registry commands to the ``vc-led`` parser."""
    for module in (jobs, status, registry, serve):
        module.register(sub)
