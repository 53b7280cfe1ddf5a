"""A ``sitecustomize`` that makes every socket use an error, for tests that run a script in a
fresh Python and must show it works offline (put :func:`offline_site` first on PYTHONPATH)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["offline_site"]

NO_NETWORK = """
import socket

def _refuse(*args, **kwargs):
    raise OSError("network disabled: this must work offline")

socket.socket.connect = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def offline_site(parent: Path) -> Path:
    """A folder under ``parent`` holding the no-network ``sitecustomize.py``."""
    site = parent / "no-network"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    return site
