"""Validate a ``BitstringStatusListCredential`` (W3C Bitstring Status List 1.0 §3.2) once, then
check its freshness at every use.

A list is usable only if its own checks pass with the list verifier the caller configured:
structure, contexts, every proof, and the issuer (the list verifier's policy says which
issuers may publish status). Then its shape: the ``BitstringStatusListCredential`` type, its
``id`` equal to the URL it was looked up under (so a list cannot stand in for another list of
the same issuer), a ``BitstringStatusList`` subject with ``statusPurpose`` and a bounded,
decodable ``encodedList`` of at least ``minimum_entries`` entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from .._time import MAX_CLOCK_SKEW, parse_datetime_stamp
from ..results import CheckResult, CheckStatus, ErrorCode, VerificationResult
from .bitstring import (
    DEFAULT_MAX_DECODED_BYTES,
    MIN_ENTRIES,
    Bitstring,
    BitstringDecodeError,
    BitstringTooLargeError,
)
from .list_credential import LIST_CREDENTIAL_TYPE, LIST_TYPE

__all__ = [
    "CredentialVerifier",
    "StatusPolicy",
    "ValidatedList",
    "check_freshness",
    "status_result",
    "validate_list",
]

F, IND = CheckStatus.FAILED, CheckStatus.INDETERMINATE
_LIST_CHECKS = ("structure", "context", "proof", "issuer")


class CredentialVerifier(Protocol):
    """What verifies a status list credential: a :class:`vc_led.Verifier` whose policy trusts
    the status list issuer(s)."""

    def verify_credential(self, credential: Any, *, now: datetime | None = None) -> Any:
        """Return a :class:`~vc_led.VerificationResult` for ``credential``."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusPolicy:
    """How status lists are accepted.

    Attributes:
        minimum_entries: shortest list accepted (``status.list_too_short``); the spec's 131,072.
        max_age: oldest status information accepted (``status.stale``), or ``None`` for no
            bound besides the list's ``validUntil``. A snapshot's age counts from the later of
            its ``validFrom`` and its proof's ``created``; an online list's from its fetch.
        max_decoded_bytes: largest decompressed bitstring (gzip bomb guard,
            ``status.list_too_large``).
        max_entries: most ``credentialStatus`` entries checked in one credential.
        clock_skew: tolerance for a list ``validFrom`` just in the future or ``validUntil``
            just past.
    """

    minimum_entries: int = MIN_ENTRIES
    max_age: timedelta | None = None
    max_decoded_bytes: int = DEFAULT_MAX_DECODED_BYTES
    max_entries: int = 16
    clock_skew: timedelta = MAX_CLOCK_SKEW


@dataclass(frozen=True, slots=True)
class ValidatedList:
    """A status list whose proof, issuer and shape were checked.

    Attributes:
        url: the URL it was looked up under (equal to its ``id``).
        issuer: its issuer.
        purposes: its ``statusPurpose`` values.
        bits: the decoded bitstring.
        valid_from: its ``validFrom``, if any.
        valid_until: its ``validUntil``, if any.
        signed_at: the later of ``validFrom`` and the newest proof ``created``, if any.
        ttl: its ``ttl``, if any.
    """

    url: str
    issuer: str
    purposes: frozenset[str]
    bits: Bitstring
    valid_from: datetime | None
    valid_until: datetime | None
    signed_at: datetime | None
    ttl: timedelta | None


def status_result(
    status: CheckStatus, code: ErrorCode | None, message: str, **details: str | int
) -> CheckResult:
    """A ``status`` check result (details are cut to 200 characters)."""
    cut = {k: v[:200] if isinstance(v, str) else v for k, v in details.items()}
    return CheckResult("status", status, code, message, cut)


def validate_list(
    document: Any, *, url: str, verifier: CredentialVerifier, policy: StatusPolicy, now: datetime
) -> ValidatedList | CheckResult:
    """Verify a status list credential and decode its bitstring.

    Args:
        document: the list credential (mapping, JSON text or bytes).
        url: the URL it was looked up under.
        verifier: verifies the list's proof and issuer.
        policy: bounds and minimum length.
        now: the verification time.

    Returns:
        The :class:`ValidatedList`, or the failed/indeterminate ``status`` result.
    """
    result: VerificationResult = verifier.verify_credential(document, now=now)
    for check in result.checks:
        if check.check not in _LIST_CHECKS or check.status in (CheckStatus.PASSED,):
            continue
        cause = check.code.value if check.code is not None else check.status.value
        if check.status is F:
            return status_result(
                F,
                ErrorCode.STATUS_LIST_INVALID,
                f"the status list fails: {check.message}",
                list=url,
                cause=cause,
            )
        return status_result(
            IND,
            ErrorCode.STATUS_LIST_UNVERIFIABLE,
            f"the status list cannot be verified: {check.message}",
            list=url,
            cause=cause,
        )
    doc = result.document
    if doc is None:  # pragma: no cover - a passed structure check always parsed it
        return status_result(F, ErrorCode.STATUS_LIST_INVALID, "status list unreadable", list=url)
    return _shape(doc, url=url, policy=policy)


def _invalid(url: str, message: str) -> CheckResult:
    return status_result(F, ErrorCode.STATUS_LIST_INVALID, message, list=url)


def _strings(value: Any) -> list[str] | None:
    items = value if isinstance(value, list) else [value]
    ok = items and all(isinstance(i, str) and i for i in items)
    return [str(i) for i in items] if ok else None


def _subject(doc: Mapping[str, Any]) -> Mapping[str, Any] | None:
    subject = doc.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    return subject if isinstance(subject, Mapping) else None


def _shape(
    doc: Mapping[str, Any], *, url: str, policy: StatusPolicy
) -> ValidatedList | CheckResult:
    if LIST_CREDENTIAL_TYPE not in (_strings(doc.get("type")) or []):
        return _invalid(url, f"the status list is not a {LIST_CREDENTIAL_TYPE}")
    if doc.get("id") != url:
        return _invalid(url, "the status list's id is not the URL the credential names")
    subject = _subject(doc)
    if subject is None or LIST_TYPE not in (_strings(subject.get("type")) or []):
        return _invalid(url, f"the status list's subject is not a {LIST_TYPE}")
    purposes = _strings(subject.get("statusPurpose"))
    if purposes is None:
        return _invalid(url, "the status list has no statusPurpose")
    ttl = subject.get("ttl")
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 0):
        return _invalid(url, "the status list's ttl is not a number of milliseconds")
    encoded = subject.get("encodedList")
    if not isinstance(encoded, str):
        return _invalid(url, "the status list has no encodedList")
    try:
        bits = Bitstring.decode(encoded, max_decoded_bytes=policy.max_decoded_bytes)
    except BitstringTooLargeError as exc:
        return status_result(
            F,
            ErrorCode.STATUS_LIST_TOO_LARGE,
            f"the status list is too large: {exc}",
            list=url,
            limit=policy.max_decoded_bytes,
        )
    except BitstringDecodeError as exc:
        return _invalid(url, f"the status list's encodedList is unusable: {exc}")
    if len(bits) < policy.minimum_entries:
        return status_result(
            F,
            ErrorCode.STATUS_LIST_TOO_SHORT,
            f"the status list has {len(bits)} entries, fewer than {policy.minimum_entries}",
            list=url,
            entries=len(bits),
            minimum=policy.minimum_entries,
        )
    valid_from = parse_datetime_stamp(doc.get("validFrom"))
    return ValidatedList(
        url=url,
        issuer=_issuer(doc),
        purposes=frozenset(purposes),
        bits=bits,
        valid_from=valid_from,
        valid_until=parse_datetime_stamp(doc.get("validUntil")),
        signed_at=_latest(valid_from, *_created(doc)),
        ttl=timedelta(milliseconds=ttl) if isinstance(ttl, int) else None,
    )


def _issuer(doc: Mapping[str, Any]) -> str:
    issuer = doc.get("issuer")
    value = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return value if isinstance(value, str) else ""


def _created(doc: Mapping[str, Any]) -> list[datetime | None]:
    proofs = doc.get("proof")
    items = proofs if isinstance(proofs, list) else [proofs]
    return [parse_datetime_stamp(p.get("created")) for p in items if isinstance(p, Mapping)]


def _latest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def check_freshness(
    vl: ValidatedList, *, now: datetime, policy: StatusPolicy, as_of: datetime | None
) -> CheckResult | None:
    """``None`` when the list may be used at ``now``; else ``stale``/``list_not_yet_valid``.

    Args:
        vl: the validated list.
        now: the verification time.
        policy: ``max_age`` and clock skew.
        as_of: when the status information was current (a snapshot's ``signed_at``, an online
            list's fetch time).

    Returns:
        ``None`` if fresh, else the indeterminate ``status`` result; a ``status.stale`` one says
        which limit ran out in its ``expired`` detail: ``list_valid_until`` (the list's own
        ``validUntil``) or ``max_age`` (the verifier's maximum age of status information,
        for a bundle's snapshots the bundle's).
    """
    if vl.valid_from is not None and vl.valid_from > now + policy.clock_skew:
        return status_result(
            IND,
            ErrorCode.STATUS_LIST_NOT_YET_VALID,
            "the status list is not valid yet",
            list=vl.url,
            valid_from=vl.valid_from.isoformat(),
            now=now.isoformat(),
        )
    if vl.valid_until is not None and vl.valid_until < now - policy.clock_skew:
        return status_result(
            IND,
            ErrorCode.STATUS_STALE,
            "the status list has expired (past its validUntil)",
            list=vl.url,
            expired="list_valid_until",
            valid_until=vl.valid_until.isoformat(),
            now=now.isoformat(),
        )
    if policy.max_age is None:
        return None
    if as_of is None:
        return status_result(
            IND,
            ErrorCode.STATUS_STALE,
            "the status list does not say when it was made",
            list=vl.url,
        )
    age = now - as_of
    if age > policy.max_age:
        return status_result(
            IND,
            ErrorCode.STATUS_STALE,
            "the status list is older than the policy allows",
            list=vl.url,
            expired="max_age",
            as_of=as_of.isoformat(),
            age_seconds=int(age.total_seconds()),
            max_age_seconds=int(policy.max_age.total_seconds()),
        )
    return None
