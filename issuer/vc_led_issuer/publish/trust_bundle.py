"""``GET /trust/bundle``: the signed trust bundle (:class:`vc_led.bundle.TrustBundle`) built
from the database — the trust list, the DID documents of the registry and of every issuer
whose keys the registry holds (``did:web``; retired keys kept), a
snapshot of every status list and the registry's key-rotation chain — for verifiers that
work offline (``vc-led bundle fetch``, ``Verifier.from_bundle``). For SD-JWT VCs (bundle
format 2) it adds the registry's X.509 trust anchors (``keys.x509.trust_anchors``)
and a snapshot of every Token Status List (a ``statuslist+jwt`` token with ``x5c``, valid as
long as the status list snapshots). Without an X.509 chain (production without
``VCLED_X509_CHAIN``) neither is there and the bundle stays format 1. The JWT VC Issuer
Metadata keys are left out on purpose: keys given for an ``iss`` win over its ``x5c`` chain
and carry no validity window, so every retired issuing key would keep verifying.

It is signed anew when anything in it changed (a status list, the registry, a key) or half its
recommended maximum age (``VCLED_TRUST_BUNDLE_MAX_AGE_DAYS``) has passed. Its status list
snapshots are signed copies of their own, valid twice that maximum age and renewed at half of
it, so every snapshot outlives the bundle that carries it (the published lists keep their short
``VCLED_STATUS_VALIDITY_HOURS``). The key-rotation
links are signed by each retired key for its successor when the bundle is made (Ed25519
signatures are deterministic, so the links do not change); a retired key whose custody is gone
ends the chain there.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any, cast

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from vc_led.bundle import KeyLink, TrustBundle, link_registry_key
from vc_led.errors import ConfigurationError
from vc_led.keys import KeyPair, decode_multikey
from vc_led.trust import registry_to_json

from ..context import Registry
from ..errors import KeyCustodyError, NotFoundError
from ..keys import keyring
from ..keys.custody import Signer
from ..keys.x509 import trust_anchors
from ..models import KeyRecord, StatusList, TokenStatusList
from . import Published, PublishSpec, publish, status_list_document
from .token_status import token_status_list_document
from .trust_store import load_trust_registry

__all__ = ["SNAPSHOT_LIFETIMES", "trust_bundle_document", "trust_bundle_url"]

log = logging.getLogger("issuer")

#: A snapshot's validity in bundle maximum ages: renewed at half of it, a snapshot always has at
#: least one bundle maximum age left when a bundle takes it.
SNAPSHOT_LIFETIMES = 2


def trust_bundle_url(registry: Registry) -> str:
    """Where the bundle is published (its ``id``)."""
    return f"{registry.settings.public_url}/trust/bundle"


def trust_bundle_document(registry: Registry) -> Published:
    """The signed trust bundle (signed anew when needed).

    Raises:
        KeyCustodyError: the registry has no key, or it cannot sign.
        ConfigurationError: the stored registry is inconsistent.
    """
    from sqlmodel import col, select

    with registry.read() as session:
        trust = load_trust_registry(session)
        did_document = keyring.did_document(session, did=registry.did)
        issuer_documents = [
            keyring.did_document(session, did=did)
            for did in sorted(set(session.exec(select(KeyRecord.controller))))
            if did != registry.did and did.startswith("did:web:")
        ]
        keys = keyring.keys_of(session, controller=registry.did)
        list_ids = [i for i in session.exec(select(StatusList.id).order_by(col(StatusList.id)))]
        token_ids = list(session.exec(select(TokenStatusList.id).order_by(col(TokenStatusList.id))))
    max_age = timedelta(days=registry.settings.trust_bundle_max_age_days)
    lists = [
        status_list_document(registry, list_id=i, validity=SNAPSHOT_LIFETIMES * max_age)
        for i in list_ids
        if i is not None
    ]
    snapshots = [json.loads(p.body) for p in lists if p is not None]
    anchors, tokens = _sd_jwt_members(registry, token_ids, SNAPSHOT_LIFETIMES * max_age)
    chain = _key_chain(registry, keys)
    digest = hashlib.sha256(registry_to_json(trust).encode())
    documents = [did_document, *issuer_documents]
    parts = [*(json.dumps(d, sort_keys=True) for d in documents), *(p.etag for p in lists if p)]
    parts += [*(a.fingerprint(hashes.SHA256()).hex() for a in anchors), *tokens]
    for part in parts:
        digest.update(part.encode())

    def sign(valid_from: datetime, _until: datetime, signer: Signer) -> dict[str, Any]:
        bundle = TrustBundle.create(
            registry=trust,
            registry_key=cast(KeyPair, signer),  # a custody signer signs like a KeyPair
            did_documents=documents,
            status_lists=snapshots,
            now=valid_from,
            max_age=max_age,
            key_chain=chain,
            bundle_id=trust_bundle_url(registry),
            x509_anchors=anchors,
            status_list_tokens=tokens,
        )
        return dict(bundle.document)

    spec = PublishSpec(
        key="bundle",
        source=digest.hexdigest(),
        ttl=timedelta(seconds=registry.settings.status_ttl_seconds),
        validity=max_age,
        sign=sign,
    )
    return publish(registry, spec)


def _sd_jwt_members(
    registry: Registry, token_ids: list[int | None], validity: timedelta
) -> tuple[list[x509.Certificate], list[str]]:
    """The X.509 trust anchors and the Token Status List snapshots (valid ``validity``), or
    none of either when the registry has no X.509 chain (logged)."""
    try:
        anchors = trust_anchors(registry.settings, now=registry.now())
        published = [
            token_status_list_document(registry, list_id=i, validity=validity)
            for i in token_ids
            if i is not None
        ]
    except ConfigurationError as exc:
        log.warning("trust bundle without X.509 anchors and Token Status Lists: %s", exc)
        return [], []
    return anchors, [p.body.decode() for p in published if p is not None]


def _key_chain(registry: Registry, keys: list[KeyRecord]) -> list[KeyLink]:
    """Links old -> new for each retirement, signed by the retired key (oldest first)."""
    links: list[KeyLink] = []
    for previous, following in pairwise(keys):
        if previous.retired_at is None:
            break
        try:
            signer = registry.signer(previous)
        except (KeyCustodyError, NotFoundError):
            break
        links.append(
            link_registry_key(
                previous=cast(KeyPair, signer),
                next_key=decode_multikey(following.public_multibase),
                registry=registry.did,
                valid_from=previous.retired_at,
            )
        )
    return links
