"""Render every file generated from the LED vocabulary, for ``scripts/gen_led_vocab.py`` and
the test that keeps the committed files current.

Files (paths relative to the repository root):

- ``contexts/led/v1.jsonld`` and ``contexts/led/v1.html``;
- ``contexts/manifest.json`` with the ``https://w3id.org/vc-led/v1`` entry (sha256 of the
  context) added or updated, every other entry unchanged;
- ``vc_led/led/schemas/<kind>-v1.json``, one JSON Schema per credential type.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import CONTEXT_URL, build_context
from .html import build_page
from .schemas import build_schemas

__all__ = ["CONTEXT_FILE", "generated_files"]

CONTEXT_FILE = "led/v1.jsonld"
_SOURCE = "vc-led (this repository): the LED vocabulary, terms under https://w3id.org/vc-led#"


def _json_bytes(document: Any) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _manifest(current: dict[str, Any], context: bytes) -> bytes:
    entry = {
        "url": CONTEXT_URL,
        "file": CONTEXT_FILE,
        "sha256": hashlib.sha256(context).hexdigest(),
        "source": _SOURCE,
        "license": "Apache-2.0",
    }
    entries = [e for e in current["contexts"] if e.get("url") != CONTEXT_URL]
    at = next((i for i, e in enumerate(current["contexts"]) if e.get("url") == CONTEXT_URL), None)
    entries.insert(len(entries) if at is None else at, entry)
    return _json_bytes({**current, "contexts": entries})


def generated_files(root: Path) -> dict[str, bytes]:
    """Relative path -> the bytes the file must hold.

    Args:
        root: the repository root (the manifest is read from it, to keep its other entries).

    Returns:
        Every generated file, rendered.
    """
    context = _json_bytes(build_context())
    manifest = json.loads((root / "contexts" / "manifest.json").read_text(encoding="utf-8"))
    files = {
        f"contexts/{CONTEXT_FILE}": context,
        "contexts/led/v1.html": build_page().encode("utf-8"),
        "contexts/manifest.json": _manifest(manifest, context),
    }
    for name, schema in build_schemas().items():
        files[f"vc_led/led/schemas/{name}"] = _json_bytes(schema)
    return files
