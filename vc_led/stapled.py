"""Stapled status: a credential that travels with signed status list snapshots.

A download can carry, next to the credential, fresh copies of the status lists its
``credentialStatus`` entries point to, so a verifier with no network and no trust bundle still
gets a dated, signed statement that the credential was not revoked or suspended::

    {"type": "LedStapledCredential",
     "credential": {... the signed credential, unchanged ...},
     "statusListCredentials": [{... a signed BitstringStatusListCredential ...}],
     "stapledAt": "2026-01-01T00:00:00Z"}

Make one with :func:`staple_status`. ``Verifier.verify`` and ``Verifier.verify_credential``
accept it as they accept a bare credential (it is one of the verifier's formats,
:data:`STAPLED`): the result is the credential's, and its ``status`` check uses the snapshots
(``details``: ``source`` = ``stapled``, ``as_of``, ``snapshot_age_seconds``). A snapshot older
than the policy's ``max_status_age`` (default 30 days) gives ``status.stale``
(``indeterminate``), never ``passed``. A snapshot counts only if it is signed by a registry
that signs on behalf of suppliers, or by the credential's issuer when the verifier trusts that
issuer (the policy names it or accepts any issuer, or the registry accredits it). When the
verifier has a status source of its own (a bundle, online lists), both are consulted: a
revocation or suspension either shows wins, and otherwise the newest list that decides counts.

What a wrapper may carry is bounded by what its credential needs: one snapshot per distinct
list its ``credentialStatus`` entries name (at most :data:`MAX_STAPLED_LISTS`), nothing else
(``structure.invalid_stapled_status``). A snapshot from anyone else is refused by its
``issuer`` before it is verified or decoded, and a decoded list may not exceed
``Limits.max_status_list_bytes`` (``status.list_too_large``), checked on the compressed text
first and while decompressing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from ._checks import check_from_error, finish, issuer_id
from ._engine import Engine, Kind, VerifyRequest
from ._structure import parse_document
from ._time import format_datetime, parse_datetime_stamp, utcnow
from .bundle._status import with_snapshot_age
from .errors import DocumentError
from .limits import DEFAULT_LIMITS
from .policy import VerificationPolicy
from .results import CheckResult, CheckStatus, ErrorCode, VerificationResult
from .status import ListStatusProvider, StatusPolicy, StatusProvider
from .status._entries import combine
from .status._validate import status_result

__all__ = [
    "DEFAULT_STAPLED_MAX_AGE",
    "MAX_STAPLED_LISTS",
    "STAPLED",
    "STAPLED_TYPE",
    "StapledFormat",
    "is_stapled",
    "staple_status",
    "verify_stapled",
]

STAPLED_TYPE = "LedStapledCredential"
#: How old a stapled snapshot may be unless the policy says otherwise (``max_status_age``).
DEFAULT_STAPLED_MAX_AGE = timedelta(days=30)
#: Most status lists one stapled credential may carry.
MAX_STAPLED_LISTS = 8
_KEYS = frozenset({"type", "credential", "statusListCredentials", "stapledAt"})
_EPOCH = datetime.min.replace(tzinfo=UTC)
P, F, IND = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.INDETERMINATE


def is_stapled(document: Mapping[str, Any]) -> bool:
    """Whether a parsed document is a stapled wrapper rather than a credential."""
    return document.get("type") == STAPLED_TYPE or (
        "@context" not in document and "credential" in document
    )


def _status_urls(credential: Mapping[str, Any]) -> list[str]:
    entries = credential.get("credentialStatus")
    items = entries if isinstance(entries, list) else [entries]
    urls = [e.get("statusListCredential") for e in items if isinstance(e, Mapping)]
    return list(dict.fromkeys(u for u in urls if isinstance(u, str)))


def staple_status(
    credential: Any, *, status_lists: Iterable[Mapping[str, Any]], now: datetime | None = None
) -> dict[str, Any]:
    """Wrap a credential with the status lists its entries point to.

    Args:
        credential: the signed credential (mapping, JSON text or bytes).
        status_lists: signed status list credentials (each with its URL as ``id``); those the
            credential does not point to are left out.
        now: the ``stapledAt`` time (default: now).

    Returns:
        The wrapper (see the module docstring).

    Raises:
        ValueError: when the credential is not a JSON object or a list it points to is missing.
    """
    try:
        doc = parse_document(credential, DEFAULT_LIMITS)
    except DocumentError as exc:
        raise ValueError(f"not a credential: {exc.message}") from None
    by_url = {str(s.get("id")): dict(s) for s in status_lists}
    wanted = _status_urls(doc)
    missing = [u for u in wanted if u not in by_url]
    if missing:
        raise ValueError(f"no status list given for {missing[0][:120]}")
    return {
        "type": STAPLED_TYPE,
        "credential": doc,
        "statusListCredentials": [by_url[u] for u in wanted],
        "stapledAt": format_datetime(now or utcnow()),
    }


def _invalid(message: str) -> DocumentError:
    return DocumentError(ErrorCode.STRUCTURE_INVALID_STAPLED, message)


def _read(wrapper: Mapping[str, Any]) -> tuple[Mapping[str, Any], dict[str, Mapping[str, Any]]]:
    if wrapper.get("type") != STAPLED_TYPE or set(wrapper) - _KEYS:
        raise _invalid(f"a stapled credential must be a {STAPLED_TYPE} with only {sorted(_KEYS)}")
    credential = wrapper.get("credential")
    if not isinstance(credential, Mapping) or is_stapled(credential):
        raise _invalid("a stapled credential's credential must be a credential object")
    lists = wrapper.get("statusListCredentials")
    if not isinstance(lists, list) or len(lists) > MAX_STAPLED_LISTS:
        raise _invalid(f"statusListCredentials must be a list of at most {MAX_STAPLED_LISTS}")
    wanted = set(_status_urls(credential))
    if len(lists) > len(wanted):
        raise _invalid("more status lists are stapled than the credential's entries name")
    by_url: dict[str, Mapping[str, Any]] = {}
    for item in lists:
        url = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(url, str) or url in by_url:
            raise _invalid("every stapled status list must be an object with its own id")
        if url not in wanted:
            raise _invalid("a stapled status list is not named by the credential's entries")
        by_url[url] = item
    stapled_at = wrapper.get("stapledAt")
    if stapled_at is not None and parse_datetime_stamp(stapled_at) is None:
        raise _invalid("stapledAt must be a dateTimeStamp")
    return credential, by_url


class StapledFormat:
    """The stapled credential (``LedStapledCredential``), a credential kind of input."""

    name = "stapled"
    kind: Kind = "credential"

    def claims_text(self, text: str) -> bool:
        """JSON only."""
        return False

    def claims(self, document: Mapping[str, Any]) -> bool:
        """See :func:`is_stapled`."""
        return is_stapled(document)

    def verify(self, engine: Engine, document: Any, request: VerifyRequest) -> VerificationResult:
        """See :func:`verify_stapled`."""
        return verify_stapled(engine, document, now=request.now)


#: The stapled credential format :class:`vc_led.Verifier` lists.
STAPLED = StapledFormat()


def verify_stapled(
    engine: Engine, wrapper: Mapping[str, Any], *, now: datetime
) -> VerificationResult:
    """Verify a parsed stapled credential.

    Args:
        engine: the verification engine (its policy, trust and own status source apply).
        wrapper: the parsed, bounded wrapper.
        now: the verification time.

    Returns:
        The credential's :class:`VerificationResult`; ``structure.invalid_stapled_status`` for a
        malformed wrapper.
    """
    try:
        credential, lists = _read(wrapper)
    except DocumentError as exc:
        return finish("credential", [check_from_error("structure", exc)], None)
    max_age = engine.policy.max_status_age or DEFAULT_STAPLED_MAX_AGE
    provider = StapledStatus(lists, engine=engine, max_age=max_age)
    return engine.with_status(provider).check_credential(dict(credential), now=now)


class StapledStatus:
    """The status provider of a stapled credential: its snapshots, and the verifier's own
    status source when it has one (see the module docstring)."""

    def __init__(
        self, lists: Mapping[str, Mapping[str, Any]], *, engine: Engine, max_age: timedelta
    ) -> None:
        self.lists = dict(lists)
        self.engine = engine
        self.fallback: StatusProvider | None = engine.status_provider
        self.max_age = max_age

    def _signers(self, credential: Mapping[str, Any]) -> frozenset[str]:
        """Who may sign a snapshot: a registry signing on behalf of suppliers, and the
        credential's issuer if this verifier trusts it."""
        policy, trust = self.engine.policy, self.engine.trust
        issuers = trust.issuers if trust is not None else ()
        signers = {i.did for i in issuers if i.did and i.signs_on_behalf and not i.suspended}
        own = issuer_id(credential)
        accredited = trust.by_did(own) if trust is not None and own else None
        if own and (
            own in policy.trusted_issuers
            or policy.accept_any_issuer
            or (accredited is not None and not accredited.suspended)
        ):
            signers.add(own)
        return frozenset(signers)

    def _snapshots(self, signers: frozenset[str]) -> ListStatusProvider:
        limits = self.engine.policy.limits
        policy = VerificationPolicy(trusted_issuers=signers, limits=limits)
        outer = self.engine
        lists_verifier = Engine(policy, resolver=outer.resolver, trust=outer.trust)
        status_policy = StatusPolicy(
            max_age=self.max_age, max_decoded_bytes=limits.max_status_list_bytes
        )
        return ListStatusProvider(self.lists, verifier=lists_verifier, policy=status_policy)

    def check(
        self, credential: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], *, now: datetime
    ) -> CheckResult:
        """Decide the ``status`` check entry by entry (see the module docstring).

        Args:
            credential: the credential.
            entries: its ``credentialStatus`` entries.
            now: the verification time.

        Returns:
            The ``status`` check result; never raises on content.
        """
        if not entries or len(entries) > StatusPolicy().max_entries:
            return status_result(F, ErrorCode.STATUS_ENTRY_INVALID, "unusable credentialStatus")
        signers = self._signers(credential)
        snapshots = self._snapshots(signers)
        results = [self._entry(credential, e, snapshots, signers, now) for e in entries]
        if len(results) == 1:
            return results[0]
        as_of = [_as_of(r) for r in results]
        merged = combine(results, as_of=[a for a in as_of if a is not None])
        sources = sorted({str(r.details.get("source")) for r in results if "source" in r.details})
        return with_snapshot_age(merged, now=now, source="+".join(sources) or "stapled")

    def _entry(
        self,
        credential: Mapping[str, Any],
        entry: Mapping[str, Any],
        snapshots: ListStatusProvider,
        signers: frozenset[str],
        now: datetime,
    ) -> CheckResult:
        url = entry.get("statusListCredential") if isinstance(entry, Mapping) else None
        found: list[CheckResult] = []
        if isinstance(url, str) and url in self.lists:
            if issuer_id(self.lists[url]) in signers:
                result = snapshots.check(credential, [entry], now=now)
                found.append(with_snapshot_age(result, now=now, source="stapled"))
            else:  # refused unread: neither verified nor decoded
                found.append(_untrusted_snapshot(url))
        if self.fallback is not None:
            try:
                found.append(self.fallback.check(credential, [entry], now=now))
            except Exception:  # a provider bug must not turn into a crash or a pass
                pass
        if not found:
            return status_result(
                IND,
                ErrorCode.STATUS_LIST_NOT_FOUND,
                "no status list for this entry was stapled to the credential",
                list=str(url),
            )
        return _best(found)


def _untrusted_snapshot(url: str) -> CheckResult:
    return status_result(
        F,
        ErrorCode.STATUS_LIST_INVALID,
        "the stapled status list is not from an issuer this verifier trusts for status",
        list=url,
        cause=ErrorCode.ISSUER_NOT_TRUSTED.value,
    )


def _as_of(result: CheckResult) -> datetime | None:
    return parse_datetime_stamp(result.details.get("as_of"))


def _best(results: Sequence[CheckResult]) -> CheckResult:
    for code in (ErrorCode.STATUS_REVOKED, ErrorCode.STATUS_SUSPENDED):
        for r in results:
            if r.code is code:
                return r
    passed = [r for r in results if r.status is P]
    if passed:
        return max(passed, key=lambda r: _as_of(r) or _EPOCH)
    for wanted in (F, IND):
        for r in results:
            if r.status is wanted:
                return r
    return results[0]
