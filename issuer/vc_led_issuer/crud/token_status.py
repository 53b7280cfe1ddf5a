"""IETF Token Status List storage (draft-ietf-oauth-status-list-21): 2-bit entries.

Every issuance gets one Token Status List entry next to its Bitstring Status List entries,
allocated by the same code (:mod:`vc_led_issuer.crud.status_lists`): random, never-reused
indexes, the list row locked while they are drawn, ``(list_id, idx)`` unique, allocations
never deleted. The entry belongs to the issuance row (``issued_credentials``); the SD-JWT VC
rendition of that issuance points at it (``status.status_list``: ``idx``, ``uri``).

Values are packed as the draft says: entry ``i`` holds bits ``2i .. 2i+1``, counted from the
least significant bit of byte 0 (so entry 0 is the low two bits of byte 0).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from ..models import TokenStatus
from ..settings import MIN_STATUS_LIST_SIZE
from .status_lists import TOKEN_STATUS_BITS, _allocate, _Tables

__all__ = [
    "TokenStatusEntry",
    "allocate_token_status_indexes",
    "get_token_status",
    "token_status_of",
    "token_status_values",
    "with_token_status",
]

_MASK = (1 << TOKEN_STATUS_BITS) - 1


@dataclass(frozen=True, slots=True)
class TokenStatusEntry:
    """An allocated Token Status List entry.

    Attributes:
        list_id: the ``token_status_lists`` row id.
        url: the list's URI (``sub`` of its token, ``uri`` of a referenced token's status).
        index: the entry index (``idx``).
    """

    list_id: int
    url: str
    index: int

    def status_claim(self) -> dict[str, Any]:
        """The referenced token's ``status`` claim: ``{"status_list": {"idx", "uri"}}``."""
        return {"status_list": {"idx": self.index, "uri": self.url}}


def get_token_status(bits: bytes, index: int) -> TokenStatus:
    """The value of entry ``index`` of a packed list.

    Raises:
        ValueError: the unused value 3 (never written by the registry).
    """
    shift = (index * TOKEN_STATUS_BITS) % 8
    return TokenStatus((bits[index * TOKEN_STATUS_BITS // 8] >> shift) & _MASK)


def with_token_status(bits: bytes, index: int, value: TokenStatus) -> bytes:
    """A copy of ``bits`` with entry ``index`` set to ``value``."""
    out = bytearray(bits)
    at, shift = index * TOKEN_STATUS_BITS // 8, (index * TOKEN_STATUS_BITS) % 8
    out[at] = (out[at] & ~(_MASK << shift) & 0xFF) | (int(value) << shift)
    return bytes(out)


def token_status_values(bits: bytes) -> list[int]:
    """Every entry's value, in index order (for building the signed token)."""
    per_byte = 8 // TOKEN_STATUS_BITS
    return [(b >> (TOKEN_STATUS_BITS * k)) & _MASK for b in bits for k in range(per_byte)]


def token_status_of(*, revoked: bool, suspended: bool) -> TokenStatus:
    """The Token Status List value of an issuance: revoked is INVALID whatever its suspension
    (revocation is final), else SUSPENDED or VALID."""
    if revoked:
        return TokenStatus.INVALID
    return TokenStatus.SUSPENDED if suspended else TokenStatus.VALID


def allocate_token_status_indexes(
    session: Session,
    *,
    count: int = 1,
    base_url: str,
    size: int = MIN_STATUS_LIST_SIZE,
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> list[TokenStatusEntry]:
    """Allocate ``count`` random, never-used Token Status List indexes (a block, for bulk
    workers), as :func:`vc_led_issuer.crud.status_lists.allocate_status_indexes` does.

    Args:
        session: a write session; the indexes are taken when it commits.
        count: how many indexes.
        base_url: base of a new list's URI (``<base>/<id>``).
        size: entries of a new list (>= 131,072, a multiple of 8).
        rng: randomness (default: the OS CSPRNG).
        now: the time (default: now, UTC).

    Returns:
        The entries, possibly spread over several lists when one fills up.

    Raises:
        ValueError: for ``count`` < 1 or a list smaller than 131,072 entries.
        RuntimeError: on SQLite outside a write session.
    """
    out: list[TokenStatusEntry] = []
    for lst, indexes in _allocate(session, _Tables.token(), count, base_url, size, rng, now):
        out += [TokenStatusEntry(lst.id, lst.url, i) for i in indexes]
    return out
