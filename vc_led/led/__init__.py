"""LED (Leer- en Ervaringsbewijzendatabank) records: model, MAGDA and JSON lines import."""

from __future__ import annotations
