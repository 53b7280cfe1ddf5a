"""Credential status: the interface the verifier's ``status`` check calls, and the W3C
Bitstring Status List 1.0 implementation behind it.

Status providers implement :class:`StatusProvider`. Without a provider, a credential that has a
``credentialStatus`` gets ``indeterminate`` (``status.no_provider``), never ``passed``.

- :class:`ListStatusProvider`: lists given up front (a trust bundle, a stapled snapshot).
- :class:`OnlineStatusProvider`: lists fetched over HTTPS from allowed hosts, cached per ``ttl``.
- :class:`Bitstring`, :func:`build_status_list_credential`, :func:`build_status_entry`: the
  issuing side (hazmat: pure data; sign the list with :func:`vc_led.sign_credential`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from ..results import CheckResult
from ._validate import CredentialVerifier, StatusPolicy, ValidatedList
from .bitstring import (
    DEFAULT_MAX_DECODED_BYTES,
    MIN_ENTRIES,
    Bitstring,
    BitstringDecodeError,
    BitstringTooLargeError,
)
from .list_credential import (
    ENTRY_TYPE,
    LIST_CREDENTIAL_TYPE,
    LIST_TYPE,
    STATUS_PURPOSES,
    build_status_entry,
    build_status_list_credential,
)
from .online import FetchFunction, OnlineStatusProvider, urllib_fetch
from .providers import ListStatusProvider, StatusListSource

__all__ = [
    "DEFAULT_MAX_DECODED_BYTES",
    "ENTRY_TYPE",
    "LIST_CREDENTIAL_TYPE",
    "LIST_TYPE",
    "MIN_ENTRIES",
    "STATUS_PURPOSES",
    "Bitstring",
    "BitstringDecodeError",
    "BitstringTooLargeError",
    "CredentialVerifier",
    "FetchFunction",
    "ListStatusProvider",
    "OnlineStatusProvider",
    "StatusListSource",
    "StatusPolicy",
    "StatusProvider",
    "ValidatedList",
    "build_status_entry",
    "build_status_list_credential",
    "urllib_fetch",
]


class StatusProvider(Protocol):
    """Decides the ``status`` check for a credential's ``credentialStatus`` entries."""

    def check(
        self, credential: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], *, now: datetime
    ) -> CheckResult:
        """Return the ``status`` check result; must never raise on credential content."""
        ...
