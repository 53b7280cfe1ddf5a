"""The online status provider: fetch status list credentials over HTTPS from allowed hosts.

The network is injectable: pass ``fetch(url) -> bytes`` (tests, a proxy, an HTTP client of
your choice). The default fetches with :mod:`urllib.request`, imported only when it is first
used, with a timeout, a response size limit and redirects refused (a redirect could lead off
the allowlist). Fetched lists are verified like any other (see :class:`ListStatusProvider`) and
kept in memory until their ``ttl`` (capped) runs out; the cache uses the verification time
``now`` as its clock.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from ..results import CheckResult, CheckStatus, ErrorCode
from ._validate import CredentialVerifier, StatusPolicy, ValidatedList, status_result
from .providers import ListLookup, StatusListSource

__all__ = [
    "FetchFunction",
    "OnlineStatusProvider",
    "is_loopback_host",
    "secure_url",
    "urllib_fetch",
]

IND = CheckStatus.INDETERMINATE

#: ``fetch(url) -> bytes``: return the response body, raise on any failure.
FetchFunction = Callable[[str], bytes]

_ACCEPT = "application/vc, application/vc+ld+json;q=0.9, application/ld+json;q=0.8, */*;q=0.1"
_LOOPBACK_NAMES = {"localhost"}
_DEFAULT_PORTS = {"https": 443, "http": 80}


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` (a URL's parsed host name, without brackets) is the loopback: exactly
    ``localhost``, or an IP address in a loopback range (``127.0.0.0/8``, ``::1``). A name that
    merely starts like one (``localhost.example``, ``127.0.0.1.nip.io``) is not."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secure_url(url: str) -> bool:
    """Whether ``url`` may be fetched for trust material: ``https://`` with a host and no
    credentials, or plain ``http://`` to the loopback (:func:`is_loopback_host`)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    if not host or parts.username is not None or parts.password is not None:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(host))


def _host_entry(entry: str) -> tuple[str, int | None]:
    """An ``allowed_hosts`` entry as (host, port); ``None``: the scheme's default port."""
    try:
        parts = urlsplit(f"//{entry.strip()}")
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        raise ValueError(f"allowed host {entry[:80]!r} is not host or host:port") from None


def urllib_fetch(url: str, *, timeout: float, max_bytes: int) -> bytes:
    """GET ``url`` with :mod:`urllib.request`: no redirects, ``timeout`` seconds, at most
    ``max_bytes`` of body.

    Args:
        url: the URL (already checked against the allowlist).
        timeout: connect and read timeout in seconds.
        max_bytes: the largest body accepted.

    Returns:
        The response body.

    Raises:
        OSError: on a network error, a non-200 answer or a redirect.
        ValueError: when the body is larger than ``max_bytes``.
    """
    import urllib.request  # lazily: `import vc_led` loads no HTTP client

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None  # urllib then raises HTTPError for the 3xx

    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": _ACCEPT, "User-Agent": "vc-led"})
    with opener.open(request, timeout=timeout) as response:
        if response.status != 200:
            raise OSError(f"HTTP {response.status}")
        body: bytes = response.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise ValueError("status list response is too large")
    return body


@dataclass(frozen=True, slots=True)
class _Cached:
    validated: ValidatedList
    fetched_at: datetime
    expires_at: datetime


class OnlineStatusProvider(StatusListSource):
    """Status from status list credentials fetched over HTTPS, with a ``ttl``-respecting cache.

    Only URLs whose host is in ``allowed_hosts`` are fetched, and only over ``https``; plain
    ``http`` is allowed solely for a loopback host that is itself allowed, and only with
    ``allow_http_loopback=True`` (for tests and local registries). A list's age counts from
    its fetch; the cache keeps it for its ``ttl`` (``default_ttl`` when it has none), never
    longer than ``max_ttl`` or the policy's ``max_age``, and never past its ``validUntil``.

    Args:
        verifier: verifies the lists (a :class:`vc_led.Verifier` trusting the list issuers).
        allowed_hosts: host names that may be contacted on the scheme's default port (443),
            or ``host:port`` for exactly that port.
        fetch: ``fetch(url) -> bytes`` (default: :func:`urllib_fetch`).
        policy: minimum length, maximum age and bounds (default :class:`StatusPolicy`).
        allow_http_loopback: allow ``http://`` to an allowed loopback host.
        timeout: seconds, for the default fetch.
        max_response_bytes: the largest response accepted.
        default_ttl: cache time for a list without ``ttl``.
        max_ttl: the longest a list is cached.
        max_cache_entries: the most lists kept.
    """

    def __init__(
        self,
        *,
        verifier: CredentialVerifier,
        allowed_hosts: Iterable[str],
        fetch: FetchFunction | None = None,
        policy: StatusPolicy | None = None,
        allow_http_loopback: bool = False,
        timeout: float = 10.0,
        max_response_bytes: int = 4 * 1024 * 1024,
        default_ttl: timedelta = timedelta(minutes=5),
        max_ttl: timedelta = timedelta(hours=24),
        max_cache_entries: int = 1024,
    ) -> None:
        super().__init__(verifier=verifier, policy=policy)
        self.allowed_hosts = frozenset(_host_entry(h) for h in allowed_hosts)
        self.allow_http_loopback = allow_http_loopback
        self.max_response_bytes = max_response_bytes
        self.default_ttl, self.max_ttl = default_ttl, max_ttl
        self.max_cache_entries = max_cache_entries
        self._fetch: FetchFunction = fetch or (
            lambda url: urllib_fetch(url, timeout=timeout, max_bytes=max_response_bytes)
        )
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()
        self.fetch_count = 0

    def clear_cache(self) -> None:
        """Forget every cached list."""
        with self._lock:
            self._cache.clear()

    def url_allowed(self, url: str) -> str | None:
        """``None`` when ``url`` may be fetched, else the reason it may not."""
        try:
            parts = urlsplit(url)
            host, port = (parts.hostname or "").lower(), parts.port
        except ValueError:
            return "the status list URL cannot be parsed"
        if parts.username is not None or parts.password is not None or not host:
            return "the status list URL has no host or carries credentials"
        effective = port if port is not None else _DEFAULT_PORTS.get(parts.scheme)
        default = port is None or port == _DEFAULT_PORTS.get(parts.scheme)
        if (host, effective) not in self.allowed_hosts and not (
            default and (host, None) in self.allowed_hosts
        ):
            shown = host if port is None else f"{host}:{port}"
            return f"host {shown!r} is not on the allowlist (a port must be listed with it)"
        if parts.scheme == "https":
            return None
        if parts.scheme == "http" and self.allow_http_loopback and is_loopback_host(host):
            return None
        return "status lists are fetched over https only"

    def _lookup(self, url: str, *, now: datetime) -> ListLookup:
        refused = self.url_allowed(url)
        if refused is not None:
            return status_result(IND, ErrorCode.STATUS_HOST_NOT_ALLOWED, refused, list=url)
        with self._lock:
            cached = self._cache.get(url)
        if cached is not None and _usable(cached, now):
            return cached.validated, cached.fetched_at
        body = self._get(url)
        if isinstance(body, CheckResult):
            return body
        checked = self._validate(body, url=url, now=now)
        if isinstance(checked, CheckResult):
            return checked
        self._remember(url, checked, now)
        return checked, now

    def _get(self, url: str) -> bytes | CheckResult:
        self.fetch_count += 1
        try:
            body = self._fetch(url)
        except Exception as exc:  # any failure of the transport is a retrieval error
            return status_result(
                IND,
                ErrorCode.STATUS_RETRIEVAL_ERROR,
                "the status list could not be retrieved",
                list=url,
                cause=type(exc).__name__,
            )
        if not isinstance(body, bytes | bytearray) or len(body) > self.max_response_bytes:
            return status_result(
                IND,
                ErrorCode.STATUS_RETRIEVAL_ERROR,
                "the status list response is missing or too large",
                list=url,
            )
        return bytes(body)

    def _remember(self, url: str, vl: ValidatedList, now: datetime) -> None:
        keep = min(vl.ttl if vl.ttl is not None else self.default_ttl, self.max_ttl)
        if self.policy.max_age is not None:
            keep = min(keep, self.policy.max_age)
        if keep <= timedelta(0):
            return
        with self._lock:
            if url not in self._cache and len(self._cache) >= self.max_cache_entries:
                self._cache.pop(next(iter(self._cache)))
            self._cache[url] = _Cached(vl, now, now + keep)


def _usable(cached: _Cached, now: datetime) -> bool:
    if not cached.fetched_at <= now < cached.expires_at:
        return False
    until = cached.validated.valid_until
    return until is None or now <= until
