"""The ``status`` check over IETF Token Status Lists (see :mod:`vc_led.status.token_status_list`).

Fails closed like the Bitstring Status List providers: ``passed`` only for the value VALID read
from a token whose signature, ``typ``, ``sub``, ``iat``/``exp`` and age were all accepted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

from cryptography import x509

from .._time import MAX_CLOCK_SKEW
from ..keys import PublicKey
from ..limits import DEFAULT_LIMITS
from ..results import CheckResult, CheckStatus, ErrorCode
from ._token_list import (
    StatusListToken,
    TokenStatus,
    TokenStatusError,
    _part,
    read_status_list_token,
)

__all__ = ["TokenStatusProvider"]

P, F, IND = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.INDETERMINATE
_FAILING = {ErrorCode.STATUS_LIST_INVALID, ErrorCode.STATUS_LIST_TOO_LARGE}
_SET = {
    TokenStatus.INVALID: (ErrorCode.STATUS_REVOKED, "the credential is revoked (INVALID)"),
    TokenStatus.SUSPENDED: (ErrorCode.STATUS_SUSPENDED, "the credential is suspended"),
}

#: One looked-up list: the token, where it came from (``offline``/``fetched``), or a result.
_Lookup = tuple[StatusListToken, str] | CheckResult


def _result(
    status: CheckStatus, code: ErrorCode | None, message: str, **details: str | int
) -> CheckResult:
    cut = {k: v[:200] if isinstance(v, str) else v for k, v in details.items()}
    return CheckResult("status", status, code, message, cut)


def _sub_of(token: str) -> str:
    """The unverified ``sub`` of a token (to file it under its URI; verified at use).

    Raises:
        TokenStatusError: ``status.list_invalid`` for a token without a readable ``sub``.
    """
    parts = token.split(".") if isinstance(token, str) else []
    sub = _part(parts[1]).get("sub") if len(parts) == 3 else None
    if not isinstance(sub, str) or not sub:
        raise TokenStatusError(ErrorCode.STATUS_LIST_INVALID, "the token has no readable sub")
    return sub


class TokenStatusProvider:
    """Status from Status List Tokens: offline snapshots, or fetched with ``fetch``.

    Args:
        tokens: Status List Tokens known up front (filed under their ``sub``; the last one
            for a URI wins).
        anchors: trusted root certificates for the tokens' ``x5c`` chains.
        keys: trusted public keys (used when a token has no ``x5c`` or no anchors are given).
        fetch: ``fetch(uri) -> token`` for URIs without a snapshot (it does the HTTP; a fetched
            token is reused until its ``ttl`` runs out, else fetched at every check).
        max_age: the oldest ``iat`` accepted (``status.stale``); ``None``: only ``exp`` limits.
        max_bytes: the largest decompressed list accepted.
        clock_skew: how far in the future a token's ``iat`` may be.

    Raises:
        TokenStatusError: a token in ``tokens`` without a readable ``sub``.
    """

    def __init__(
        self,
        tokens: Iterable[str] = (),
        *,
        anchors: Sequence[x509.Certificate] = (),
        keys: Sequence[PublicKey] = (),
        fetch: Callable[[str], str] | None = None,
        max_age: timedelta | None = None,
        max_bytes: int = DEFAULT_LIMITS.max_status_list_bytes,
        clock_skew: timedelta = MAX_CLOCK_SKEW,
    ) -> None:
        self._tokens = {_sub_of(t): t for t in tokens}
        self.anchors, self.keys = tuple(anchors), tuple(keys)
        self.fetch, self.max_age, self.max_bytes = fetch, max_age, max_bytes
        self.clock_skew = clock_skew
        self._fetched: dict[str, tuple[StatusListToken, str, datetime]] = {}
        self._lock = threading.Lock()

    def uris(self) -> list[str]:
        """The list URIs of the offline snapshots, sorted."""
        return sorted(self._tokens)

    def _read(self, token: str, uri: str, now: datetime) -> StatusListToken | CheckResult:
        try:
            return read_status_list_token(
                token, uri=uri, now=now, anchors=self.anchors, keys=self.keys,
                max_bytes=self.max_bytes, clock_skew=self.clock_skew,
            )  # fmt: skip
        except TokenStatusError as exc:
            status = F if exc.code in _FAILING else IND
            return _result(status, exc.code, exc.message, **{**exc.details, "list": uri})

    def _fetch(self, uri: str, now: datetime) -> _Lookup:
        assert self.fetch is not None
        with self._lock:
            cached = self._fetched.get(uri)
        if cached is not None:
            tok, text, at = cached
            if tok.ttl is not None and now < at + timedelta(seconds=tok.ttl):
                return tok, "fetched"
        try:
            text = self.fetch(uri)
        except Exception as exc:  # whatever the caller's fetch raises: never raise on content
            message = f"the status list token could not be fetched ({type(exc).__name__})"
            return _result(IND, ErrorCode.STATUS_RETRIEVAL_ERROR, message, list=uri)
        read = self._read(text, uri, now)
        if isinstance(read, StatusListToken):
            with self._lock:
                self._fetched[uri] = (read, text, now)
            return read, "fetched"
        return read

    def _lookup(self, uri: str, now: datetime) -> _Lookup:
        if uri in self._tokens:
            read = self._read(self._tokens[uri], uri, now)
            return read if isinstance(read, CheckResult) else (read, "offline")
        if self.fetch is not None:
            return self._fetch(uri, now)
        return _result(
            IND, ErrorCode.STATUS_LIST_NOT_FOUND, "no status list token for this URI", list=uri
        )

    def check(self, *, uri: str, idx: int, now: datetime) -> CheckResult:
        """The ``status`` check of the referenced token at ``idx`` in the list at ``uri``.

        Returns:
            ``passed`` (VALID; details ``source``, ``as_of``, ``list``, ``index``), ``failed``
            (``status.revoked`` INVALID, ``status.suspended``, ``status.index_out_of_range``,
            ``status.entry_invalid``, ``status.list_invalid``, ``status.list_too_large``) or
            ``indeterminate`` (``status.list_not_found``, ``status.retrieval_error``,
            ``status.list_unverifiable``, ``status.list_not_yet_valid``, ``status.stale``,
            ``status.unknown_value`` for 3 and other values). Never raises on content.
        """
        if not isinstance(uri, str) or not isinstance(idx, int) or isinstance(idx, bool) or idx < 0:
            return _result(F, ErrorCode.STATUS_ENTRY_INVALID, "the status reference is malformed")
        found = self._lookup(uri, now)
        if isinstance(found, CheckResult):
            return found
        tok, source = found
        where: dict[str, str | int] = {"list": uri, "index": idx, "source": source}
        where["as_of"] = tok.issued_at.isoformat()
        if self.max_age is not None and now - tok.issued_at > self.max_age:
            return _result(
                IND, ErrorCode.STATUS_STALE, "the status list token is older than allowed",
                expired="max_age", max_age=int(self.max_age.total_seconds()), **where,
            )  # fmt: skip
        if idx >= tok.array.size:
            return _result(
                F, ErrorCode.STATUS_INDEX_OUT_OF_RANGE, "idx is outside the status list",
                entries=tok.array.size, **where,
            )  # fmt: skip
        value = tok.array.get(idx)
        if value == TokenStatus.VALID:
            return _result(P, None, "VALID in the token status list", **where)
        if value in _SET:
            code, message = _SET[TokenStatus(value)]
            return _result(F, code, message, **where)
        return _result(
            IND, ErrorCode.STATUS_UNKNOWN_VALUE, f"status value {value:#04x} is not known",
            value=value, **where,
        )  # fmt: skip
