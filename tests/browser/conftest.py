"""The browser tests reuse the web verifier's world and server helpers (tests/verifier)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verifier"))
