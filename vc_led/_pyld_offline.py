"""Import pyld without leaving a network document loader behind.

When pyld is first imported it builds a process-wide default document loader on ``requests``
(or ``aiohttp``) whenever that library is installed — so in an environment that merely has
``requests`` (a test tool, a web framework), ``import vc_led`` imported an HTTP client and left a
network-capable default loader in the process. vc-led never uses pyld's default loader (every
call passes its own strict ``documentLoader``); :func:`import_pyld_offline` imports pyld while
those two libraries cannot be imported, so its default is pyld's offline dummy loader, and then
lets them be imported normally by anyone else. Importing this module does it; :mod:`vc_led`
imports it first.
"""

from __future__ import annotations

import sys

__all__ = ["import_pyld_offline"]

_HTTP_LIBRARIES = ("requests", "aiohttp")


def import_pyld_offline() -> None:
    """Import ``pyld.jsonld`` (once) with ``requests`` and ``aiohttp`` unimportable."""
    if "pyld.jsonld" in sys.modules:
        return
    blocked = [name for name in _HTTP_LIBRARIES if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` -> ImportError
    try:
        import pyld.jsonld  # noqa: F401
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


import_pyld_offline()
