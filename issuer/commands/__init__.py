"""Handlers of the registry commands, one module per area (see :mod:`issuer.cli`)."""

from __future__ import annotations

__all__: list[str] = []
