"""One module per area: ``wellknown``, ``status``, ``trust``, ``admin``, ``credentials``,
``health``."""

from __future__ import annotations

__all__: list[str] = []
