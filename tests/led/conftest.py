"""Fixtures for the LED tests: the MAGDA sample answers parsed once, with a fixed clock."""

from __future__ import annotations

import pytest
from led_support import LED_NOW, sample_files

from vc_led.led import MagdaResult, load_geef_bewijs


@pytest.fixture(scope="session")
def parsed_samples() -> dict[str, MagdaResult]:
    """Every sample answer parsed once, by file name."""
    return {p.name: load_geef_bewijs(p, now=LED_NOW) for p in sample_files()}
