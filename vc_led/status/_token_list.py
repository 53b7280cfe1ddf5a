"""The status list and Status List Token of :mod:`vc_led.status.token_status_list`."""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any

from cryptography import x509

from .._multibase import b64url_decode, b64url_encode
from .._time import MAX_CLOCK_SKEW
from ..errors import DocumentError
from ..jose import ALLOWED_ALGS, JoseError, jwk_of_public, sign_compact, verify_compact
from ..keys import PublicKey, SigningKey
from ..limits import DEFAULT_LIMITS
from ..results import ErrorCode
from ..x509 import CertificateError, verify_x5c

__all__ = [
    "BITS",
    "MEDIA_TYPE",
    "TYP",
    "StatusArray",
    "StatusListToken",
    "TokenStatus",
    "TokenStatusError",
    "build_status_list_token",
    "decode_status_list",
    "encode_status_list",
    "read_status_list_token",
]

MEDIA_TYPE = "application/statuslist+jwt"
TYP = "statuslist+jwt"
BITS = (1, 2, 4, 8)
_INVALID, _TOO_LARGE = ErrorCode.STATUS_LIST_INVALID, ErrorCode.STATUS_LIST_TOO_LARGE


class TokenStatus(IntEnum):
    """The status values the draft assigns (§7.1)."""

    VALID = 0
    INVALID = 1
    SUSPENDED = 2


class TokenStatusError(DocumentError):
    """A status list or Status List Token that is refused; ``code`` is a ``status.*`` code."""


@dataclass(frozen=True, slots=True)
class StatusArray:
    """A decoded status list: ``size`` statuses of ``bits`` bits.

    Attributes:
        bits: 1, 2, 4 or 8.
        data: the uncompressed bytes.
    """

    bits: int
    data: bytes

    @property
    def size(self) -> int:
        """How many statuses the list holds (every slot of its bytes)."""
        return len(self.data) * 8 // self.bits

    def get(self, idx: int) -> int:
        """The status at ``idx``.

        Raises:
            IndexError: ``idx`` is outside ``0..size-1`` (or not an int).
        """
        if not isinstance(idx, int) or isinstance(idx, bool) or not 0 <= idx < self.size:
            raise IndexError(f"index {idx!r} outside 0..{self.size - 1}")
        bit = idx * self.bits
        return (self.data[bit >> 3] >> (bit & 7)) & ((1 << self.bits) - 1)


def _check_bits(bits: object) -> int:
    if not isinstance(bits, int) or isinstance(bits, bool) or bits not in BITS:
        raise TokenStatusError(_INVALID, "bits must be 1, 2, 4 or 8")
    return bits


def encode_status_list(values: Sequence[int], *, bits: int = 2) -> dict[str, Any]:
    """The ``status_list`` JSON object of ``values`` (index i = ``values[i]``).

    Raises:
        TokenStatusError: ``status.list_invalid`` for bad ``bits``, an empty list, or a value
            that is not an int in ``0..2**bits-1``.
    """
    _check_bits(bits)
    if not values:
        raise TokenStatusError(_INVALID, "a status list has at least one entry")
    data = bytearray((len(values) * bits + 7) // 8)
    for idx, value in enumerate(values):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 1 << bits:
            raise TokenStatusError(_INVALID, f"status {value!r} at {idx} does not fit {bits} bits")
        bit = idx * bits
        data[bit >> 3] |= value << (bit & 7)
    return {"bits": bits, "lst": b64url_encode(zlib.compress(bytes(data), 9))}


def decode_status_list(status_list: Mapping[str, Any], *, max_bytes: int) -> StatusArray:
    """Decode a ``status_list`` object, bounded by ``max_bytes`` decompressed bytes.

    Raises:
        TokenStatusError: ``status.list_invalid`` (shape, bits, base64url, ZLIB, empty,
            trailing data), ``status.list_too_large`` (over ``max_bytes``).
    """
    if not isinstance(status_list, Mapping):
        raise TokenStatusError(_INVALID, "status_list must be an object")
    bits, lst = _check_bits(status_list.get("bits")), status_list.get("lst")
    if not isinstance(lst, str) or not lst:
        raise TokenStatusError(_INVALID, "lst must be a non-empty string")
    if len(lst) > (max_bytes + max_bytes // 512 + 1024) * 4 // 3:
        raise TokenStatusError(_TOO_LARGE, f"lst is too long for {max_bytes} bytes")
    try:
        packed = b64url_decode(lst)
    except ValueError as exc:
        raise TokenStatusError(_INVALID, "lst is not base64url without padding") from exc
    inflater = zlib.decompressobj(zlib.MAX_WBITS)  # ZLIB (RFC 1950) wrapper only
    try:
        data = inflater.decompress(packed, max_bytes + 1)
    except zlib.error as exc:
        raise TokenStatusError(_INVALID, "lst is not ZLIB data") from exc
    if len(data) > max_bytes or inflater.unconsumed_tail:
        raise TokenStatusError(_TOO_LARGE, f"the status list is larger than {max_bytes} bytes")
    if not inflater.eof or inflater.unused_data or not data:
        raise TokenStatusError(_INVALID, "lst is truncated, has trailing data or is empty")
    return StatusArray(bits=bits, data=data)


@dataclass(frozen=True, slots=True)
class StatusListToken:
    """A verified Status List Token.

    Attributes:
        uri: its ``sub``.
        issued_at: its ``iat``.
        expires_at: its ``exp``, if any.
        ttl: its ``ttl`` in seconds, if any.
        array: the decoded list.
        san_uris: the ``x5c`` leaf's SAN URIs when it was verified through a chain, else ``()``.
    """

    uri: str
    issued_at: datetime
    expires_at: datetime | None
    ttl: int | None
    array: StatusArray
    san_uris: tuple[str, ...] = ()


def build_status_list_token(
    *,
    uri: str,
    values: Sequence[int],
    key: SigningKey,
    issued_at: datetime,
    expires_at: datetime | None = None,
    ttl: int | None = None,
    bits: int = 2,
    x5c: Sequence[str] = (),
    kid: str | None = None,
) -> str:
    """A signed ``statuslist+jwt`` Status List Token for ``values``.

    Args:
        uri: the list URI (``sub``), the one referenced tokens point to.
        values: the statuses, index order.
        key: the signing key (``alg`` follows its type).
        issued_at: ``iat``.
        expires_at: ``exp`` (after ``issued_at``), if any.
        ttl: ``ttl`` in seconds (positive), if any.
        bits: 1, 2, 4 or 8.
        x5c: the certificate chain of ``key`` (leaf first, no anchor), if any.
        kid: a key id for the header, if any.

    Returns:
        The compact JWS.

    Raises:
        TokenStatusError: bad ``values`` or ``bits`` (``status.list_invalid``).
        ValueError: a bad ``ttl``, or ``expires_at`` not after ``issued_at``.
    """
    if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool) or ttl <= 0):
        raise ValueError("ttl must be a positive number of seconds")
    if expires_at is not None and expires_at <= issued_at:
        raise ValueError("expires_at must be after issued_at")
    header: dict[str, Any] = {"typ": TYP}
    if x5c:
        header["x5c"] = list(x5c)
    if kid is not None:
        header["kid"] = kid
    claims: dict[str, Any] = {"sub": uri, "iat": int(issued_at.timestamp())}
    if expires_at is not None:
        claims["exp"] = int(expires_at.timestamp())
    if ttl is not None:
        claims["ttl"] = ttl
    claims["status_list"] = encode_status_list(values, bits=bits)
    return sign_compact(header, claims, key=key)


def _part(text: str) -> dict[str, Any]:
    try:
        value = json.loads(b64url_decode(text))
    except (ValueError, UnicodeError) as exc:
        raise TokenStatusError(_INVALID, "the token is not three base64url JSON parts") from exc
    if not isinstance(value, dict):
        raise TokenStatusError(_INVALID, "a token part is not a JSON object")
    return value


def _header(token: object, max_bytes: int) -> dict[str, Any]:
    limit = (max_bytes + max_bytes // 512 + 1024) * 16 // 9 + 65_536  # lst is base64 twice
    if not isinstance(token, str) or len(token) > limit or token.count(".") != 2:
        raise TokenStatusError(_INVALID, "not a compact JWS (or too long)")
    header = _part(token.split(".", 1)[0])
    if header.get("alg") not in ALLOWED_ALGS:
        raise TokenStatusError(ErrorCode.STATUS_LIST_UNVERIFIABLE, "the algorithm is not allowed")
    if "crit" in header:
        raise TokenStatusError(_INVALID, "critical header parameters are not supported")
    if str(header.get("typ", "")).lower() not in (TYP, MEDIA_TYPE):
        raise TokenStatusError(_INVALID, f"typ must be {TYP}")
    return header


def _candidates(
    header: Mapping[str, Any],
    *,
    now: datetime,
    anchors: Sequence[x509.Certificate],
    keys: Sequence[PublicKey],
) -> tuple[list[PublicKey], tuple[str, ...]]:
    if "x5c" in header and anchors:
        try:
            chain = verify_x5c(header["x5c"], anchors=anchors, now=now)
        except CertificateError as exc:
            raise TokenStatusError(
                ErrorCode.STATUS_LIST_UNVERIFIABLE,
                f"the x5c chain is refused: {exc.message}",
                {"certificate_code": exc.code.value},
            ) from exc
        return [chain.public_key], chain.san_uris
    if not keys:
        raise TokenStatusError(ErrorCode.STATUS_LIST_UNVERIFIABLE, "no trusted key for the token")
    return list(keys), ()


def _verify(token: str, header: dict[str, Any], keys: Sequence[PublicKey]) -> dict[str, Any]:
    for public in keys:
        try:
            return verify_compact(token, jwk_of_public(public), header=header).claims
        except JoseError as exc:
            if exc.reason == "malformed":
                raise TokenStatusError(_INVALID, "the token payload is not a JSON object") from exc
    raise TokenStatusError(ErrorCode.STATUS_LIST_UNVERIFIABLE, "no trusted key signed the token")


def _time(claims: Mapping[str, Any], name: str, *, required: bool) -> datetime | None:
    value = claims.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < 2**40:
        raise TokenStatusError(_INVALID, f"{name} must be a NumericDate")
    return datetime.fromtimestamp(value, UTC)


def read_status_list_token(
    token: str,
    *,
    uri: str,
    now: datetime,
    anchors: Sequence[x509.Certificate] = (),
    keys: Sequence[PublicKey] = (),
    max_bytes: int = DEFAULT_LIMITS.max_status_list_bytes,
    clock_skew: timedelta = MAX_CLOCK_SKEW,
) -> StatusListToken:
    """Verify a Status List Token published at ``uri`` and decode its list.

    The key is the ``x5c`` leaf's when the header has ``x5c`` and ``anchors`` are given (the
    chain must validate to one of them at ``now``), else one of ``keys`` (each is tried).

    Args:
        token: the compact JWS.
        uri: the URI it was published under (must equal ``sub``).
        now: the verification time.
        anchors: trusted root certificates for ``x5c``.
        keys: trusted public keys.
        max_bytes: the largest decompressed list accepted.
        clock_skew: how far ``iat`` may be after ``now`` (``exp`` gets no tolerance).

    Returns:
        The verified token.

    Raises:
        TokenStatusError: ``status.list_invalid`` (shape, ``typ``, ``sub``, claims),
            ``status.list_unverifiable`` (algorithm, chain, signature, no key),
            ``status.list_not_yet_valid`` (``iat`` after ``now`` + ``clock_skew``),
            ``status.stale`` (``exp`` passed), ``status.list_too_large``.
    """
    header = _header(token, max_bytes)
    candidates, san_uris = _candidates(header, now=now, anchors=anchors, keys=keys)
    claims = _verify(token, header, candidates)
    if claims.get("sub") != uri:
        raise TokenStatusError(_INVALID, "sub is not the list URI", {"list": uri[:200]})
    issued_at = _time(claims, "iat", required=True)
    expires_at = _time(claims, "exp", required=False)
    assert issued_at is not None
    ttl = claims.get("ttl")
    if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool) or ttl <= 0):
        raise TokenStatusError(_INVALID, "ttl must be a positive integer")
    if issued_at > now + clock_skew:
        raise TokenStatusError(
            ErrorCode.STATUS_LIST_NOT_YET_VALID,
            "the status list token is issued in the future",
            {"iat": issued_at.isoformat(), "now": now.isoformat()},
        )
    if expires_at is not None and expires_at <= now:
        raise TokenStatusError(
            ErrorCode.STATUS_STALE,
            "the status list token has expired",
            {"expired": "exp", "exp": expires_at.isoformat(), "now": now.isoformat()},
        )
    array = decode_status_list(claims.get("status_list"), max_bytes=max_bytes)  # type: ignore[arg-type]
    return StatusListToken(uri, issued_at, expires_at, ttl, array, san_uris)
