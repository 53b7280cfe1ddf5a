"""Credential status: the interface the verifier's ``status`` check calls.

Status providers (online, cached, bundled, stapled Bitstring Status Lists) implement
:class:`StatusProvider`. Without a provider, a credential that has a ``credentialStatus``
gets ``indeterminate`` (``status.no_provider``), never ``passed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from ..results import CheckResult

__all__ = ["StatusProvider"]


class StatusProvider(Protocol):
    """Decides the ``status`` check for a credential's ``credentialStatus`` entries."""

    def check(
        self, credential: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], *, now: datetime
    ) -> CheckResult:
        """Return the ``status`` check result; must never raise on credential content."""
        ...
