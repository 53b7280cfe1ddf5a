"""Signed documents the registry publishes: status list credentials, Token Status List tokens
(:mod:`vc_led_issuer.publish.token_status`) and the trust list.

Each is signed by the registry's current key and kept in ``published_documents`` until the
data it was made from changes (a status list's ``version``, the trust registry's content, a
key rotation) or half of its validity has passed; then the next request signs it anew. A
status change republishes its list at once (:func:`status_list_document` after the commit).

A status list credential carries ``validFrom`` (signing time), ``validUntil`` (+
``VCLED_STATUS_VALIDITY_HOURS``) and ``ttl`` (``VCLED_STATUS_TTL_SECONDS``); HTTP caches get
``max-age`` = the ``ttl`` (never past ``validUntil``) and an ``ETag`` over the exact bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from vc_led import sign_credential
from vc_led.status import Bitstring, build_status_list_credential
from vc_led.trust import build_trust_list_credential, registry_to_json

from ..context import Registry
from ..crud._upsert import insert_ignore
from ..errors import KeyCustodyError, NotFoundError
from ..keys.custody import Signer
from ..models import PublishedDocument, StatusList
from .trust_store import load_trust_registry

__all__ = [
    "PublishSpec",
    "Published",
    "publish",
    "refresh_status_lists",
    "status_list_document",
    "token_status_list_document",
    "trust_list_document",
    "trust_list_url",
]


_COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


@dataclass(frozen=True, slots=True)
class Published:
    """A signed document ready to serve.

    Attributes:
        body: the exact bytes (JSON).
        etag: a strong entity tag (quoted) over ``body``.
        max_age: seconds HTTP caches may keep it.
        valid_until: its ``validUntil``.
    """

    body: bytes
    etag: str
    max_age: int
    valid_until: datetime


@dataclass(frozen=True, slots=True)
class PublishSpec:
    """What to publish: its ``published_documents`` key, the digest of the data it is made
    from, the HTTP ``max-age`` bound, how long one signature stays valid, and how to sign it."""

    key: str
    source: str
    ttl: timedelta
    validity: timedelta
    sign: Callable[[datetime, datetime, Signer], dict[str, Any] | str]  # (from, until, key)


def _signed(build: Callable[[datetime, datetime], dict[str, Any]]) -> Any:
    """A ``PublishSpec.sign`` that signs an unsigned credential with the registry key."""

    def sign(valid_from: datetime, valid_until: datetime, signer: Signer) -> dict[str, Any]:
        return sign_credential(build(valid_from, valid_until), key=signer, created=valid_from)

    return sign


def trust_list_url(registry: Registry) -> str:
    """Where the trust list is published (its ``id``)."""
    return f"{registry.settings.public_url}/trust/issuers"


def status_list_document(
    registry: Registry, *, list_id: int, validity: timedelta | None = None
) -> Published | None:
    """The signed ``BitstringStatusListCredential`` of a list (signed anew when needed).

    Args:
        registry: the registry.
        list_id: the list.
        validity: ``validUntil`` - ``validFrom`` (default ``VCLED_STATUS_VALIDITY_HOURS``). Another
            validity is another signed copy, kept apart: the trust bundle's snapshots outlive
            the bundle, while the published list stays short-lived.

    Returns:
        The document, or None for an unknown list.

    Raises:
        KeyCustodyError: the registry has no key, or it cannot sign.
    """
    with registry.read() as session:
        lst = session.get(StatusList, list_id)
        if lst is None:
            return None
        url, purpose, version, bits = lst.url, lst.purpose, lst.version, bytes(lst.bits)
    settings = registry.settings

    def build(valid_from: datetime, valid_until: datetime) -> dict[str, Any]:
        return build_status_list_credential(
            list_url=url,
            issuer=registry.did,
            bitstring=Bitstring.from_bytes(bits),
            purpose=purpose,
            valid_from=valid_from,
            valid_until=valid_until,
            ttl=timedelta(seconds=settings.status_ttl_seconds),
        )

    published = timedelta(hours=settings.status_validity_hours)
    lifetime = validity or published
    key = f"status:{list_id}"
    spec = PublishSpec(
        key=key if lifetime == published else f"{key}:{int(lifetime.total_seconds())}s",
        source=f"v{version}",
        ttl=timedelta(seconds=settings.status_ttl_seconds),
        validity=lifetime,
        sign=_signed(build),
    )
    return publish(registry, spec)


def refresh_status_lists(registry: Registry) -> int:
    """Sign every status list whose signed copy is out of date (after an import revoked).

    Returns:
        How many lists there are.

    Raises:
        KeyCustodyError: the registry has no key, or it cannot sign.
    """
    with registry.read() as session:
        ids = list(session.exec(select(StatusList.id)))
    for list_id in ids:
        if list_id is not None:
            status_list_document(registry, list_id=list_id)
    refresh_token_status_lists(registry)
    return len(ids)


def trust_list_document(registry: Registry) -> Published:
    """The signed ``LedTrustListCredential`` (signed anew when the registry changed).

    Raises:
        KeyCustodyError: the registry has no key, or it cannot sign.
        ConfigurationError: the stored registry is inconsistent.
    """
    with registry.read() as session:
        trust = load_trust_registry(session)
    settings = registry.settings

    def build(valid_from: datetime, valid_until: datetime) -> dict[str, Any]:
        return build_trust_list_credential(
            trust,
            issuer=registry.did,
            list_id=trust_list_url(registry),
            valid_from=valid_from,
            valid_until=valid_until,
        )

    spec = PublishSpec(
        key="trust",
        source=hashlib.sha256(registry_to_json(trust).encode()).hexdigest(),
        ttl=timedelta(seconds=settings.trust_list_ttl_seconds),
        validity=timedelta(days=settings.trust_list_validity_days),
        sign=_signed(build),
    )
    return publish(registry, spec)


def publish(registry: Registry, spec: PublishSpec) -> Published:
    """The stored signed document, signed anew when it is out of date (see the module docstring).

    Raises:
        KeyCustodyError: the registry has no key, or it cannot sign.
    """
    now = registry.now()
    with registry.read() as session:
        try:
            key_id = registry.current_key(session).id
        except NotFoundError:
            raise KeyCustodyError("the registry has no current signing key") from None
        row = session.get(PublishedDocument, spec.key)
    if row is None or not _fresh(row, spec, key_id, now):
        row = _sign_and_store(registry, spec, now)
    return _served(row, spec, now)


def _fresh(row: PublishedDocument, spec: PublishSpec, key_id: str, now: datetime) -> bool:
    renew_at = row.valid_from + (row.valid_until - row.valid_from) / 2
    return (
        row.source == spec.source
        and row.key_id == key_id
        and row.valid_from <= now < renew_at
        and row.valid_until - row.valid_from == spec.validity
    )


def _sign_and_store(registry: Registry, spec: PublishSpec, now: datetime) -> PublishedDocument:
    signer = registry.current_signer()
    signed = spec.sign(now, now + spec.validity, signer)
    text = signed if isinstance(signed, str) else json.dumps(signed, **_COMPACT)
    values = {
        "key": spec.key,
        "source": spec.source,
        "etag": hashlib.sha256(text.encode()).hexdigest()[:32],
        "key_id": signer.id,
        "valid_from": now,
        "valid_until": now + spec.validity,
        "document": text,
    }
    with registry.write() as session:
        row = _lock(session, spec.key, values)
        if _fresh(row, spec, signer.id, now):  # someone else signed it meanwhile
            return row
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
        session.flush()
        return row


def _lock(session: Session, key: str, values: dict[str, Any]) -> PublishedDocument:
    insert_ignore(session, PublishedDocument.__table__, values)  # type: ignore[attr-defined]
    row = session.get(PublishedDocument, key, with_for_update=True, populate_existing=True)
    assert row is not None
    return row


def _served(row: PublishedDocument, spec: PublishSpec, now: datetime) -> Published:
    left = int((row.valid_until - now).total_seconds())
    max_age = max(0, min(int(spec.ttl.total_seconds()), left))
    return Published(row.document.encode("utf-8"), f'"{row.etag}"', max_age, row.valid_until)


# after the names it uses (publish, PublishSpec)
from .token_status import (  # noqa: E402
    refresh_token_status_lists,
    token_status_list_document,
)
