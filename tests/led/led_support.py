"""Helpers shared by the LED tests (imported as a plain module; pytest puts this folder on
``sys.path``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "data" / "magda" / "GeefBewijs"
LED_NOW = datetime(2026, 1, 1, tzinfo=UTC)
INSZ_LIKE = re.compile(r"(?<!\d)\d{11}(?!\d)")


def sample_files() -> list[Path]:
    """The 48 sample answers, sorted by name."""
    return sorted(SAMPLES.glob("*.xml"))


def record_files() -> list[Path]:
    """The sample answers that hold records."""
    return [p for p in sample_files() if b"<Bewijs>" in p.read_bytes()]
