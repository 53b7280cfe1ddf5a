"""Status from a bundle's snapshots (W3C status list credentials and Token Status List tokens),
dated by the bundle, and the snapshot age in the result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from cryptography import x509

from .._time import parse_datetime_stamp
from ..keys import PublicKey
from ..results import CheckResult
from ..status import CredentialVerifier, ListStatusProvider, StatusPolicy
from ..status._token_provider import _Lookup
from ..status.providers import ListLookup
from ..status.token_status_list import TokenStatusProvider

__all__ = ["BundleStatusProvider", "BundleTokenStatusProvider", "with_snapshot_age"]


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


class BundleTokenStatusProvider(TokenStatusProvider):
    """A :class:`TokenStatusProvider` over a trust bundle's Status List Tokens, with the
    bundle's freshness rule: the registry vouched for each token when it signed the bundle, so
    a token's age counts from the later of its ``iat`` and the bundle's creation, and a token
    older than ``max_age`` gives ``status.stale`` (indeterminate). A token's ``exp`` still
    applies. Never fetches.

    Args:
        tokens: the bundle's Status List Tokens.
        anchors: trust anchors for the tokens' ``x5c`` chains (the bundle's).
        keys: keys for tokens without ``x5c`` (the bundle's issuer metadata keys).
        max_age: the oldest status information accepted.
        as_of: the bundle's creation time.
    """

    def __init__(
        self,
        tokens: Iterable[str],
        *,
        anchors: Sequence[x509.Certificate],
        keys: Sequence[PublicKey],
        max_age: timedelta,
        as_of: datetime,
    ) -> None:
        super().__init__(tokens, anchors=anchors, keys=keys, max_age=max_age)
        self.as_of = as_of

    def _lookup(self, uri: str, now: datetime) -> _Lookup:
        found = super()._lookup(uri, now)
        if isinstance(found, CheckResult):
            return found
        token, source = found
        return replace(token, issued_at=max(token.issued_at, self.as_of)), source

    def check(self, *, uri: str, idx: int, now: datetime) -> CheckResult:
        """The ``status`` check (see :meth:`TokenStatusProvider.check`), with ``source:
        bundle`` and the snapshot's age in the details.

        Returns:
            The ``status`` check result; never raises on content.
        """
        result = super().check(uri=uri, idx=idx, now=now)
        return with_snapshot_age(result, now=now, source="bundle")
