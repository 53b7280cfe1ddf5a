"""Status providers over Bitstring Status List credentials: the shared algorithm and the
offline :class:`ListStatusProvider` (a trust bundle's or a stapled snapshot's lists).

Both providers fail closed. ``status`` is ``passed`` only when every entry of the credential
was decided by a list that is signed by an issuer the list verifier trusts, of the right type
and purpose, long enough, decodable, inside its validity period and fresh enough for the
:class:`StatusPolicy`. Everything else is ``failed`` or ``indeterminate`` with its own code.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ..results import CheckResult, CheckStatus, ErrorCode
from ._entries import check_entry, combine, parse_entry
from ._validate import (
    CredentialVerifier,
    StatusPolicy,
    ValidatedList,
    check_freshness,
    status_result,
    validate_list,
)

__all__ = ["ListStatusProvider", "StatusListSource"]

F, IND = CheckStatus.FAILED, CheckStatus.INDETERMINATE

#: What a source returns for a list URL: the validated list and when its information was
#: current, or the ``status`` result explaining why there is no usable list.
ListLookup = tuple[ValidatedList, datetime | None] | CheckResult


class StatusListSource(ABC):
    """The Bitstring Status List algorithm over a source of lists (subclasses say where lists
    come from by implementing :meth:`_lookup`)."""

    def __init__(self, *, verifier: CredentialVerifier, policy: StatusPolicy | None) -> None:
        self.verifier = verifier
        self.policy = policy or StatusPolicy()
        self._active = threading.local()

    @abstractmethod
    def _lookup(self, url: str, *, now: datetime) -> ListLookup:
        """Find the list credential published at ``url`` (the subclass's source)."""

    def _validate(self, document: Any, *, url: str, now: datetime) -> ValidatedList | CheckResult:
        """:func:`validate_list`, refusing a list whose own verification needs itself (a list
        verifier that checks status with this provider, and a list with a status entry)."""
        active: set[str] = self._active.__dict__.setdefault("urls", set())
        if url in active:
            return status_result(
                F, ErrorCode.STATUS_LIST_INVALID, "the status list depends on itself", list=url
            )
        active.add(url)
        try:
            return validate_list(
                document, url=url, verifier=self.verifier, policy=self.policy, now=now
            )
        finally:
            active.discard(url)

    def check(
        self, credential: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], *, now: datetime
    ) -> CheckResult:
        """Decide the ``status`` check for ``entries`` (every entry is checked).

        Args:
            credential: the credential (not used beyond its entries).
            entries: its ``credentialStatus`` entries.
            now: the verification time.

        Returns:
            The ``status`` check result; never raises on content.
        """
        if not entries:
            return status_result(F, ErrorCode.STATUS_ENTRY_INVALID, "credentialStatus is empty")
        if len(entries) > self.policy.max_entries:
            return status_result(
                F,
                ErrorCode.STATUS_ENTRY_INVALID,
                "too many status entries",
                entries=len(entries),
                limit=self.policy.max_entries,
            )
        results: list[CheckResult] = []
        as_of: list[datetime] = []
        for raw in entries:
            entry = parse_entry(raw)
            if isinstance(entry, CheckResult):
                results.append(entry)
                continue
            found = self._lookup(entry.url, now=now)
            if isinstance(found, CheckResult):
                results.append(found)
                continue
            vl, moment = found
            stale = check_freshness(vl, now=now, policy=self.policy, as_of=moment)
            results.append(stale or check_entry(entry, vl))
            if moment is not None:
                as_of.append(moment)
        return combine(results, as_of=as_of)


class ListStatusProvider(StatusListSource):
    """Status from status list credentials given up front: a trust bundle's snapshots or a list
    stapled to a credential. Never touches the network.

    Each list is verified (proof, issuer, shape, length) with ``verifier`` and kept once valid;
    validity and freshness are checked at every use. The age of a list is counted from the
    later of its ``validFrom`` and its proof's ``created``.

    Args:
        lists: status list URL -> status list credential (mapping, JSON text or bytes).
        verifier: verifies the lists: a :class:`vc_led.Verifier` whose policy trusts the status
            list issuer(s) (for LED: the registry's DID), or one holding the trust registry
            (the registry's scope covers its status lists).
        policy: minimum length, maximum age and bounds (default :class:`StatusPolicy`).
    """

    def __init__(
        self,
        lists: Mapping[str, Any],
        *,
        verifier: CredentialVerifier,
        policy: StatusPolicy | None = None,
    ) -> None:
        super().__init__(verifier=verifier, policy=policy)
        self._lists = dict(lists)
        self._validated: dict[str, ValidatedList] = {}

    def urls(self) -> list[str]:
        """The list URLs this provider knows, sorted."""
        return sorted(self._lists)

    def _lookup(self, url: str, *, now: datetime) -> ListLookup:
        if url not in self._lists:
            return status_result(
                IND,
                ErrorCode.STATUS_LIST_NOT_FOUND,
                "no status list for this URL is available offline",
                list=url,
            )
        found = self._validated.get(url)
        if found is None:  # only a valid list is kept: a failure is re-checked at its next use
            checked = self._validate(self._lists[url], url=url, now=now)
            if isinstance(checked, CheckResult):
                return checked
            found = self._validated[url] = checked
        return found, found.signed_at
