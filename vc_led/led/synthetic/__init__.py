"""Deterministic synthetic LED data: people, their records, MAGDA answers and JSON lines.

Test and demo data only, never imported by :mod:`vc_led` or :mod:`vc_led.led` (verifying or
issuing a credential does not load it). The catalogue of invented institutions, programmes
and competence profiles is ``data/synthetic.json``.
"""

from __future__ import annotations

from .generate import (
    DEFAULT_AS_OF,
    GenerateSummary,
    OutputFormat,
    SyntheticEnrichment,
    generate_records,
    synthetic_enrichment,
    write_generated,
)

__all__ = [
    "DEFAULT_AS_OF",
    "GenerateSummary",
    "OutputFormat",
    "SyntheticEnrichment",
    "generate_records",
    "synthetic_enrichment",
    "write_generated",
]
