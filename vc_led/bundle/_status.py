"""Status from a bundle's snapshots, dated by the bundle, and the snapshot age in the result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from .._time import parse_datetime_stamp
from ..results import CheckResult
from ..status import CredentialVerifier, ListStatusProvider, StatusPolicy
from ..status.providers import ListLookup

__all__ = ["BundleStatusProvider", "with_snapshot_age"]


def with_snapshot_age(result: CheckResult, *, now: datetime, source: str) -> CheckResult:
    """``result`` with ``source`` and, when it says when its information was current
    (``as_of``), ``snapshot_age_seconds`` in its details.

    Args:
        result: a ``status`` check result.
        now: the verification time.
        source: where the status came from (``bundle``, ``stapled``).

    Returns:
        The result with those details added.
    """
    details: dict[str, str | int] = {**dict(result.details), "source": source}
    as_of = parse_datetime_stamp(details.get("as_of"))
    if as_of is not None:
        details["snapshot_age_seconds"] = max(0, int((now - as_of).total_seconds()))
    return replace(result, details=details)


class BundleStatusProvider(ListStatusProvider):
    """A :class:`ListStatusProvider` over a trust bundle's snapshots. The registry vouched for
    them when it signed the bundle, so their information is as fresh as the bundle: a list's
    age counts from the later of its own signature and the bundle's creation.

    Args:
        lists: status list URL -> signed status list credential.
        verifier: verifies the lists (trusting the registry).
        policy: freshness (``max_age``) and bounds.
        as_of: the bundle's creation time.
    """

    def __init__(
        self,
        lists: Mapping[str, Any],
        *,
        verifier: CredentialVerifier,
        policy: StatusPolicy,
        as_of: datetime,
    ) -> None:
        super().__init__(lists, verifier=verifier, policy=policy)
        self.as_of = as_of

    def _lookup(self, url: str, *, now: datetime) -> ListLookup:
        found = super()._lookup(url, now=now)
        if isinstance(found, CheckResult):
            return found
        validated, signed = found
        return validated, max(signed, self.as_of) if signed is not None else self.as_of

    def check(
        self, credential: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], *, now: datetime
    ) -> CheckResult:
        """Decide the ``status`` check from the bundle's lists (see :class:`ListStatusProvider`),
        reporting the snapshot's age.

        Args:
            credential: the credential.
            entries: its ``credentialStatus`` entries.
            now: the verification time.

        Returns:
            The ``status`` check result; never raises on content.
        """
        result = super().check(credential, entries, now=now)
        return with_snapshot_age(result, now=now, source="bundle")
