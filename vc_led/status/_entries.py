"""Read ``BitstringStatusListEntry`` objects, check each against its list, combine the results.

Every entry is checked (revocation *and* suspension); the combined result is ``failed`` if any
entry is revoked, suspended or broken, ``indeterminate`` if any could not be decided, and
``passed`` only when every entry was decided by a valid, fresh list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .._structure import is_url
from ..results import CheckResult, CheckStatus, ErrorCode
from ._validate import ValidatedList, status_result
from .list_credential import ENTRY_TYPE, STATUS_PURPOSES

__all__ = ["StatusEntry", "check_entry", "combine", "parse_entry"]

P, F, IND = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.INDETERMINATE
_INDEX = re.compile(r"[0-9]{1,20}\Z")
_SET_CODES = {"revocation": ErrorCode.STATUS_REVOKED, "suspension": ErrorCode.STATUS_SUSPENDED}
_PRECEDENCE = (ErrorCode.STATUS_REVOKED, ErrorCode.STATUS_SUSPENDED)


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """A readable ``BitstringStatusListEntry``: list URL, index and purpose."""

    url: str
    index: int
    purpose: str


def parse_entry(entry: Any) -> StatusEntry | CheckResult:
    """Read one ``credentialStatus`` entry.

    Returns:
        The :class:`StatusEntry`, or ``status.entry_invalid`` (failed: the issuer signed a
        broken entry) / ``status.unsupported_entry`` (indeterminate: another status method,
        ``statusSize`` > 1, or a purpose other than revocation and suspension).
    """
    if not isinstance(entry, Mapping):
        return status_result(F, ErrorCode.STATUS_ENTRY_INVALID, "a status entry is not an object")
    types = entry.get("type")
    type_list = types if isinstance(types, list) else [types]
    if ENTRY_TYPE not in type_list:
        return status_result(
            IND,
            ErrorCode.STATUS_UNSUPPORTED_ENTRY,
            "a status entry is not a BitstringStatusListEntry",
            type=str(types)[:80],
        )
    purpose = entry.get("statusPurpose")
    if not isinstance(purpose, str):
        return status_result(F, ErrorCode.STATUS_ENTRY_INVALID, "statusPurpose must be a string")
    size = entry.get("statusSize", 1)
    if purpose not in STATUS_PURPOSES or isinstance(size, bool) or size != 1:
        return status_result(
            IND,
            ErrorCode.STATUS_UNSUPPORTED_ENTRY,
            "only one-bit revocation and suspension entries are supported",
            purpose=purpose[:40],
        )
    index = entry.get("statusListIndex")
    if not isinstance(index, str) or not _INDEX.match(index):
        return status_result(
            F, ErrorCode.STATUS_ENTRY_INVALID, "statusListIndex must be a base-10 string"
        )
    url = entry.get("statusListCredential")
    if not is_url(url) or entry.get("id") == url:
        return status_result(
            F,
            ErrorCode.STATUS_ENTRY_INVALID,
            "statusListCredential must be a URL (and differ from the entry id)",
        )
    return StatusEntry(str(url), int(index), purpose)


def check_entry(entry: StatusEntry, vl: ValidatedList) -> CheckResult:
    """Decide one entry against its (validated, fresh) list."""
    where: dict[str, str | int] = {
        "list": entry.url[:200],
        "index": entry.index,
        "purpose": entry.purpose,
    }
    if entry.purpose not in vl.purposes:
        return CheckResult(
            "status",
            F,
            ErrorCode.STATUS_PURPOSE_MISMATCH,
            f"the status list is not a {entry.purpose} list",
            {**where, "list_purposes": ", ".join(sorted(vl.purposes))[:200]},
        )
    if entry.index >= len(vl.bits):
        return CheckResult(
            "status",
            F,
            ErrorCode.STATUS_INDEX_OUT_OF_RANGE,
            "statusListIndex is outside the status list",
            {**where, "entries": len(vl.bits)},
        )
    if vl.bits.get(entry.index):
        code = _SET_CODES[entry.purpose]
        word = "revoked" if code is ErrorCode.STATUS_REVOKED else "suspended"
        return CheckResult("status", F, code, f"the credential is {word}", where)
    return CheckResult("status", P, None, f"not set in the {entry.purpose} list", where)


def combine(results: Sequence[CheckResult], *, as_of: Sequence[datetime]) -> CheckResult:
    """One ``status`` result from the per-entry results (see the module docstring).

    Args:
        results: one result per entry (at least one).
        as_of: when the status information of each list used was current.

    Returns:
        The combined result.
    """
    for code in _PRECEDENCE:
        for r in results:
            if r.code is code:
                return r
    for wanted in (F, IND):
        for r in results:
            if r.status is wanted:
                return r
    details: dict[str, str | int] = {"entries": len(results)}
    if as_of:
        details["as_of"] = min(as_of).isoformat()
    purposes = sorted({str(r.details.get("purpose")) for r in results})
    return CheckResult(
        "status",
        P,
        None,
        f"not revoked or suspended ({', '.join(purposes)} checked)",
        details,
    )
