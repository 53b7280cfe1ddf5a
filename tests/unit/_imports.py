"""What an import loads, measured in a fresh interpreter set up like a plain install.

pyld (a declared dependency) imports ``requests`` or ``aiohttp`` when the environment happens to
have them (the dev tools bring ``requests``); a plain ``pip install vc-led`` has neither. The
interpreter here is made to lack both, as a plain install does, so a vc-led module that imports
one fails loudly instead of hiding behind pyld's optional import.
"""

from __future__ import annotations

import subprocess
import sys

__all__ = ["loaded_by", "modules_loaded_by"]

_ABSENT = "import sys; sys.modules.update(requests=None, aiohttp=None)"  # import -> ImportError


def loaded_by(statement: str) -> set[str]:
    """Top-level module names in ``sys.modules`` after ``statement`` (without requests/aiohttp)."""
    code = f"{_ABSENT}; {statement}; print(sorted({{m.split('.')[0] for m in sys.modules}}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(eval(out.stdout)) - {"requests", "aiohttp"}  # the None placeholders


def modules_loaded_by(statement: str, *, prefix: str) -> set[str]:
    """Full names of the modules under ``prefix`` in ``sys.modules`` after ``statement``."""
    code = (
        f"{_ABSENT}; {statement}; print(sorted(m for m in sys.modules if m.startswith({prefix!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(eval(out.stdout))
