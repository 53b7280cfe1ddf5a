"""The user's pin file: the registry keys this user chose to trust, one ``publicKeyMultibase``
per line, kept beside the verifier's trust state (``$XDG_STATE_HOME/vc-led/pinned-registry-keys``,
``~/.local/state/...`` without it).

Nothing writes it but a command the user runs for that purpose: running the demo
(``scripts/demo``, ``vc-led serve`` in demo mode) pins the demo registry's key there and says
so. ``vc-led verify --bundle``, ``vc-led bundle fetch|show`` and ``vc-led verifier serve`` read
it when neither ``--pinned-key`` nor ``$VCLED_PINNED_REGISTRY_KEY`` names a key, and say which
key they used and where it came from. A line's text after ``#`` is a comment::

    # pinned by `vc-led serve` (demo mode) on 2026-01-01 for did:web:localhost%3A8000
    z6Mk...
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import ConfigurationError

__all__ = ["PIN_FILE_NAME", "add_pin", "default_pin_file", "read_pin_file"]

PIN_FILE_NAME = "pinned-registry-keys"
_MAX_BYTES = 64 * 1024


def default_pin_file() -> Path:
    """``$XDG_STATE_HOME/vc-led/pinned-registry-keys`` (``~/.local/state`` without it)."""
    base = os.environ.get("XDG_STATE_HOME", "").strip() or Path.home() / ".local" / "state"
    return Path(base) / "vc-led" / PIN_FILE_NAME


def read_pin_file(path: Path) -> tuple[str, ...]:
    """The keys a pin file lists (comments and blank lines left out; a missing file: none).

    Args:
        path: the pin file.

    Returns:
        The ``publicKeyMultibase`` values, in file order, each once.

    Raises:
        ConfigurationError: when the file exists but cannot be read or is too large.
    """
    try:
        with path.open("rb") as fh:
            raw = fh.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise ConfigurationError(f"pin file {path}: {exc.strerror or 'cannot be read'}") from None
    if len(raw) > _MAX_BYTES:
        raise ConfigurationError(f"pin file {path}: too large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigurationError(f"pin file {path}: not UTF-8 text") from None
    keys = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(dict.fromkeys(k for k in keys if k))


def add_pin(path: Path, *, key: str, note: str) -> bool:
    """Add ``key`` to the pin file (created with its directory), with a comment line ``note``.

    Args:
        path: the pin file.
        key: the ``publicKeyMultibase`` to pin.
        note: why it is pinned (who, when, for which registry); one line.

    Returns:
        False when the key was pinned already (the file is left as it was).

    Raises:
        ConfigurationError: when the file cannot be read or written.
    """
    if key in read_pin_file(path):
        return False
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as exc:
        raise ConfigurationError(f"pin file {path}: {exc.strerror or 'cannot be read'}") from None
    lines = old if not old or old.endswith("\n") else old + "\n"
    text = lines + f"# {' '.join(note.split())}\n{key}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vc-led-", suffix=".tmp")
    except OSError as exc:
        raise ConfigurationError(f"pin file {path}: {exc.strerror or 'not writable'}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ConfigurationError(f"pin file {path}: {exc.strerror or 'not writable'}") from None
    return True
