"""The registry's IETF Token Status Lists as signed ``statuslist+jwt`` tokens
(draft-ietf-oauth-status-list-21, JWT form).

A token is signed with the registry's current issuing key and carries its X.509 chain in
``x5c`` (:mod:`vc_led_issuer.keys.x509`) and the key id in ``kid``; ``sub`` is the list's URI
(``VCLED_TOKEN_STATUS_BASE_URL/<id>``, served at ``/status/tsl/<id>``), ``iat`` the signing
time, ``exp`` = ``iat`` + ``VCLED_STATUS_VALIDITY_HOURS``, ``ttl`` = ``VCLED_STATUS_TTL_SECONDS``.
Like the bitstring lists it is kept in ``published_documents`` (key ``tsl:<id>``) and signed
anew when an entry flips (the list's ``version``), the key or its chain changes, or half of its
validity has passed; a status change republishes it at once.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from sqlmodel import select

from vc_led.errors import ConfigurationError
from vc_led.status.token_status_list import build_status_list_token
from vc_led.x509 import x5c_of

from ..context import Registry
from ..crud.token_status import token_status_values
from ..errors import KeyCustodyError, NotFoundError
from ..keys.custody import Signer
from ..keys.x509 import issuing_chain
from ..models import TokenStatusList
from . import Published, PublishSpec, publish

__all__ = ["refresh_token_status_lists", "token_status_list_document"]

log = logging.getLogger("issuer")


def token_status_list_document(
    registry: Registry, *, list_id: int, validity: timedelta | None = None
) -> Published | None:
    """The signed Status List Token of a Token Status List (signed anew when needed).

    Args:
        registry: the registry.
        list_id: the list.
        validity: ``exp`` - ``iat`` (default ``VCLED_STATUS_VALIDITY_HOURS``). Another validity
            is another signed copy, kept apart: the trust bundle's snapshots outlive the
            bundle, while the published token stays short-lived.

    Returns:
        The token (compact JWS bytes), or None for an unknown list.

    Raises:
        KeyCustodyError: the registry has no key, or it cannot sign.
        ConfigurationError: the issuing key has no X.509 chain (``VCLED_X509_CHAIN``).
    """
    with registry.read() as session:
        lst = session.get(TokenStatusList, list_id)
        if lst is None:
            return None
        url, version, bits, entry_bits = lst.url, lst.version, bytes(lst.bits), lst.entry_bits
    settings = registry.settings
    ttl = settings.status_ttl_seconds

    def sign(issued_at: datetime, expires_at: datetime, signer: Signer) -> str:
        chain = issuing_chain(settings, key_id=signer.id, public=signer.public, now=issued_at)
        return build_status_list_token(
            uri=url,
            values=token_status_values(bits),
            key=signer,
            issued_at=issued_at,
            expires_at=expires_at,
            ttl=ttl,
            bits=entry_bits,
            x5c=x5c_of(chain),
            kid=signer.id,
        )

    try:
        signer = registry.current_signer()
    except NotFoundError:
        raise KeyCustodyError("the registry has no current signing key") from None
    chain = issuing_chain(settings, key_id=signer.id, public=signer.public, now=registry.now())
    fingerprint = hashlib.sha256("".join(x5c_of(chain)).encode()).hexdigest()[:16]
    published = timedelta(hours=settings.status_validity_hours)
    lifetime = validity or published
    key = f"tsl:{list_id}"
    spec = PublishSpec(
        key=key if lifetime == published else f"{key}:{int(lifetime.total_seconds())}s",
        source=f"v{version}:{fingerprint}",
        ttl=timedelta(seconds=ttl),
        validity=lifetime,
        sign=sign,
    )
    return publish(registry, spec)


def refresh_token_status_lists(registry: Registry) -> int:
    """Sign every Token Status List whose signed token is out of date. Without an X.509 chain
    (production with no ``VCLED_X509_CHAIN``) nothing is signed and a warning is logged: the
    bitstring lists are still published, ``/status/tsl/<id>`` answers 503.

    Returns:
        How many lists there are.

    Raises:
        KeyCustodyError: the registry has no key, or it cannot sign.
    """
    with registry.read() as session:
        ids = list(session.exec(select(TokenStatusList.id)))
    try:
        for list_id in ids:
            if list_id is not None:
                token_status_list_document(registry, list_id=list_id)
    except ConfigurationError as exc:
        log.warning("token status lists not republished: %s", exc)
    return len(ids)
