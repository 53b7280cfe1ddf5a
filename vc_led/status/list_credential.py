"""Build ``BitstringStatusListCredential`` documents and ``BitstringStatusListEntry`` objects.

W3C Bitstring Status List 1.0 §2.1-§2.2. The credential built here is unsigned: sign it with
:func:`vc_led.sign_credential` (the VC 2.0 context defines every term used)::

    bits = Bitstring()                       # 131,072 entries, all clear
    bits.set(94567)                          # revoke the credential at index 94567
    unsigned = build_status_list_credential(
        list_url="https://led.example/status/3", issuer="did:web:led.example",
        bitstring=bits, purpose="revocation", valid_from=now, ttl=timedelta(minutes=5))
    signed = sign_credential(unsigned, key=registry_key)

Use one list per purpose: an entry's ``id`` is ``<list url>#<index>``, so a revocation and a
suspension entry with the same index on the same list would be the same JSON-LD node.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from .._time import format_datetime
from .bitstring import MIN_ENTRIES, Bitstring

__all__ = [
    "ENTRY_TYPE",
    "LIST_CREDENTIAL_TYPE",
    "LIST_TYPE",
    "STATUS_PURPOSES",
    "V2_CONTEXT",
    "build_status_entry",
    "build_status_list_credential",
]

V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
LIST_CREDENTIAL_TYPE = "BitstringStatusListCredential"
LIST_TYPE = "BitstringStatusList"
ENTRY_TYPE = "BitstringStatusListEntry"

#: The purposes vc-led issues and checks (``refresh`` and ``message`` are not supported).
STATUS_PURPOSES = ("revocation", "suspension")


def _purposes(purpose: str | Sequence[str]) -> list[str]:
    items = [purpose] if isinstance(purpose, str) else list(purpose)
    if not items or any(p not in STATUS_PURPOSES for p in items) or len(set(items)) != len(items):
        raise ValueError(f"statusPurpose must be one or more of {STATUS_PURPOSES}")
    return items


def _ttl_ms(ttl: timedelta | int | None) -> int | None:
    if ttl is None:
        return None
    ms = int(ttl.total_seconds() * 1000) if isinstance(ttl, timedelta) else ttl
    if isinstance(ms, bool) or not isinstance(ms, int) or ms <= 0:
        raise ValueError("ttl must be a positive duration (milliseconds)")
    return ms


def build_status_list_credential(
    *,
    list_url: str,
    issuer: str,
    bitstring: Bitstring,
    purpose: str | Sequence[str],
    valid_from: datetime,
    valid_until: datetime | None = None,
    ttl: timedelta | int | None = None,
    minimum_entries: int = MIN_ENTRIES,
) -> dict[str, Any]:
    """An unsigned VC 2.0 ``BitstringStatusListCredential``.

    Args:
        list_url: the URL it is published at; becomes the credential ``id`` (entries name it
            in ``statusListCredential``). The subject ``id`` is ``<list_url>#list``.
        issuer: the issuer DID (the registry).
        bitstring: the bits (at least ``minimum_entries`` long).
        purpose: ``revocation``, ``suspension`` or both.
        valid_from: when this snapshot was made (``validFrom``).
        valid_until: optional end of validity (``validUntil``); verifiers report a list past it
            as stale.
        ttl: how long verifiers may cache it (a ``timedelta`` or milliseconds), optional.
        minimum_entries: refuse shorter lists (lower it only to build test fixtures).

    Returns:
        The credential, ready for :func:`vc_led.sign_credential`.

    Raises:
        ValueError: for a list shorter than ``minimum_entries``, an unknown purpose, a
            non-positive ttl, naive datetimes or ``valid_until`` before ``valid_from``.
    """
    if len(bitstring) < minimum_entries:
        raise ValueError(f"a status list needs at least {minimum_entries} entries")
    if valid_until is not None and valid_until < valid_from:
        raise ValueError("valid_until is before valid_from")
    purposes = _purposes(purpose)
    subject: dict[str, Any] = {
        "id": f"{list_url}#list",
        "type": LIST_TYPE,
        "statusPurpose": purposes[0] if len(purposes) == 1 else purposes,
        "encodedList": bitstring.encode(),
    }
    ms = _ttl_ms(ttl)
    if ms is not None:
        subject["ttl"] = ms
    doc: dict[str, Any] = {
        "@context": [V2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", LIST_CREDENTIAL_TYPE],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        doc["validUntil"] = format_datetime(valid_until)
    doc["credentialSubject"] = subject
    return doc


def build_status_entry(*, list_url: str, index: int, purpose: str) -> dict[str, str]:
    """A ``BitstringStatusListEntry`` for a credential's ``credentialStatus``.

    Args:
        list_url: the status list credential URL (``statusListCredential``).
        index: the entry's index (draw it at random; never reuse one).
        purpose: ``revocation`` or ``suspension``.

    Returns:
        The entry: ``id`` = ``<list_url>#<index>``, ``statusListIndex`` as a base-10 string.

    Raises:
        ValueError: for a negative or non-integer index or an unknown purpose.
    """
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValueError("index must be a non-negative int")
    (checked,) = _purposes(purpose)
    return {
        "id": f"{list_url}#{index}",
        "type": ENTRY_TYPE,
        "statusPurpose": checked,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }
