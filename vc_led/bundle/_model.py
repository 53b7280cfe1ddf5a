"""The :class:`TrustBundle`: what the registry signs for offline verifiers, and what they get
out of it (a key resolver, the trust registry, a status provider)."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from cryptography import x509

from .._engine import Engine
from .._time import format_datetime, utcnow
from ..dids import DidResolver, did_web_document
from ..issue import sign_credential
from ..keys import KeyPair, PublicKey
from ..policy import VerificationPolicy
from ..status import StatusPolicy
from ..status.list_credential import V2_CONTEXT
from ..trust.model import TrustRegistry
from ._chain import KeyLink
from ._demo import INSECURE_DEMO_PINS
from ._format import (
    BUNDLE_CONTEXT,
    BUNDLE_CONTEXT_V2,
    BUNDLE_FORMAT,
    BUNDLE_FORMAT_V2,
    BUNDLE_SUBJECT_TYPE,
    BUNDLE_TYPE,
    DEFAULT_MAX_AGE,
    format_duration,
    unique_documents,
)
from ._jose import (
    ANCHORS,
    METADATA,
    TOKENS,
    anchors_member,
    metadata_member,
    tokens_member,
)
from ._load import read_bundle
from ._state import TrustState
from ._status import BundleStatusProvider, BundleTokenStatusProvider

__all__ = ["TrustBundle"]

log = logging.getLogger("vc_led")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TrustBundle:
    """A checked trust bundle: everything an offline verifier needs, signed by the registry.

    Make one with :meth:`create` (the registry) and read one with :meth:`load` (a verifier);
    use it with ``Verifier.from_bundle(bundle)``.

    Attributes:
        registry: the accredited issuers (the trust list).
        registry_did: the registry's DID (the bundle's issuer).
        did_documents: DID -> DID document, for the registry and every issuer (retired keys
            included, so old credentials keep verifying).
        status_lists: status list URL -> signed status list credential (snapshots).
        created: when the registry made the bundle (its ``validFrom``).
        max_age: the maximum age applied: the caller's, else the registry's recommendation
            capped at :data:`DEFAULT_MAX_AGE`.
        key_chain: the registry's key-rotation links.
        signing_key: the ``publicKeyMultibase`` of the key that signed it.
        chained: whether that key was reached through the rotation chain rather than pinned.
        document: the signed bundle credential (write it with :meth:`to_json`).
        x509_anchors: the registry's X.509 trust anchors for SD-JWT VC ``x5c`` chains
            (``x509TrustAnchors``; format 2).
        status_list_tokens: list URI (``sub``) -> Status List Token (``statuslist+jwt``)
            snapshots (``tokenStatusLists``; format 2).
        issuer_keys: SD-JWT VC ``iss`` -> its public keys, from JWT VC Issuer Metadata
            (``jwtVcIssuerMetadata``; format 2).
    """

    registry: TrustRegistry
    registry_did: str
    did_documents: Mapping[str, Mapping[str, Any]]
    status_lists: Mapping[str, Mapping[str, Any]]
    created: datetime
    max_age: timedelta
    key_chain: tuple[KeyLink, ...] = ()
    signing_key: str
    chained: bool = False
    document: Mapping[str, Any]
    x509_anchors: tuple[x509.Certificate, ...] = ()
    status_list_tokens: Mapping[str, str] = field(default_factory=dict)
    issuer_keys: Mapping[str, tuple[PublicKey, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "did_documents", MappingProxyType(dict(self.did_documents)))
        object.__setattr__(self, "status_lists", MappingProxyType(dict(self.status_lists)))
        tokens, keys = dict(self.status_list_tokens), dict(self.issuer_keys)
        object.__setattr__(self, "status_list_tokens", MappingProxyType(tokens))
        object.__setattr__(self, "issuer_keys", MappingProxyType(keys))
        object.__setattr__(self, "x509_anchors", tuple(self.x509_anchors))

    @classmethod
    def load(
        cls,
        data: Any,
        *,
        pinned_keys: Iterable[PublicKey | str],
        now: datetime | None = None,
        max_age: timedelta | None = None,
        state: TrustState | None = None,
    ) -> TrustBundle:
        """Check a bundle and read it. It must be a vc-led trust bundle, signed by a pinned
        registry key (or by a key the rotation chain leads to from one, not retired when it
        signed), unaltered, not older than the maximum age and, with a ``state``, not older
        than the newest bundle accepted before.

        Args:
            data: the bundle file's content (bytes or text) or its parsed JSON.
            pinned_keys: the registry keys trusted (``publicKeyMultibase`` values or
                :class:`PublicKey`): pin the LED registry's key. There is no default; the
                DEMO pin (:data:`vc_led.bundle.INSECURE_DEMO_PINS`) has a public private key
                and is for demonstrations only (accepting on it logs a warning).
            now: the time to check against (default: now).
            max_age: the verifier's maximum age. Default: the bundle's recommendation, capped
                at :data:`DEFAULT_MAX_AGE` (7 days): a bundle may shorten its life, never
                lengthen it past the verifier's policy.
            state: the verifier's trust state (:class:`TrustState`). The registry's rotations
                it remembers apply even when the bundle leaves them out, a bundle older than
                the newest accepted is refused (``bundle.rolled_back``), and an accepted
                bundle is recorded in it. Without it each bundle is judged on its own.

        Returns:
            The checked bundle.

        Raises:
            BundleError: when the bundle must not be used; ``code`` says why.
            ConfigurationError: when no pinned key is given or one does not decode, or the
                trust state cannot be read or written.
        """
        pins = tuple(pinned_keys)
        moment = now or utcnow()
        fields = read_bundle(data, pinned_keys=pins, now=moment, max_age=max_age, state=state)
        bundle = cls(**fields)
        if bundle.signing_key in INSECURE_DEMO_PINS or any(p in INSECURE_DEMO_PINS for p in pins):
            log.warning(
                "trust bundle accepted on the INSECURE DEMO registry pin (its private key is "
                "public); pin the LED registry's key"
            )
        if state is not None:
            state.remember(
                registry_did=bundle.registry_did,
                bundle_id=str(bundle.document.get("id", "")),
                created=bundle.created,
                key_chain=bundle.key_chain,
                now=moment,
            )
        return bundle

    @classmethod
    def create(
        cls,
        *,
        registry: TrustRegistry,
        registry_key: KeyPair,
        did_documents: Iterable[Mapping[str, Any]] = (),
        status_lists: Iterable[Mapping[str, Any]] = (),
        now: datetime | None = None,
        max_age: timedelta = DEFAULT_MAX_AGE,
        key_chain: Iterable[KeyLink] = (),
        bundle_id: str | None = None,
        x509_anchors: Iterable[x509.Certificate] = (),
        status_list_tokens: Iterable[str | bytes] = (),
        issuer_metadata: Iterable[Mapping[str, Any]] = (),
    ) -> TrustBundle:
        """Make and sign a bundle (the registry's side).

        Args:
            registry: the accredited issuers.
            registry_key: the registry's current signing key (its controller is the registry
                DID). Without a DID document for a ``did:web`` registry, one listing only this
                key is added.
            did_documents: DID documents of the registry and the issuers (keep retired keys).
            status_lists: the signed status list credentials, each with its URL as ``id``.
            now: the creation time (default: now).
            max_age: the recommended maximum age verifiers should accept.
            key_chain: the registry's key-rotation links, oldest first.
            bundle_id: the bundle's ``id`` (default: a fresh ``urn:uuid:``).
            x509_anchors: the registry's X.509 trust anchors (root certificates) for SD-JWT
                VC ``x5c`` chains.
            status_list_tokens: Status List Tokens (``statuslist+jwt``), one per list URI;
                sign them to outlive the bundle (an expired ``exp`` is ``status.stale``).
            issuer_metadata: JWT VC Issuer Metadata documents (``issuer``, inline ``jwks``).
                With any of these three the bundle is format 2 (vocabulary
                :data:`BUNDLE_CONTEXT_V2`); without, format 1 as before.

        Returns:
            The signed, checked bundle.

        Raises:
            BundleError: when the inputs do not make a usable bundle (duplicate ids, a
                registry key missing from its DID document...).
            ValueError: for a non-positive ``max_age`` or a naive ``now``.
        """
        moment = (now or utcnow()).replace(microsecond=0)
        did = registry_key.controller
        documents = unique_documents(did_documents, "did_documents")
        if did not in documents and did.startswith("did:web:"):
            documents[did] = did_web_document(did, keys=[registry_key.public])
        subject: dict[str, Any] = {
            "type": BUNDLE_SUBJECT_TYPE,
            "bundleFormat": BUNDLE_FORMAT,
            "recommendedMaxAge": format_duration(max_age),
            "trustList": registry.to_dict(),
            "didDocuments": list(documents.values()),
            "statusListCredentials": list(unique_documents(status_lists, "status_lists").values()),
            "registryKeyChain": [link.to_dict() for link in key_chain],
        }
        extra: dict[str, Any] = {
            ANCHORS: anchors_member(x509_anchors),
            TOKENS: tokens_member(status_list_tokens),
            METADATA: metadata_member(issuer_metadata),
        }
        extra = {name: value for name, value in extra.items() if value}
        contexts = [V2_CONTEXT, BUNDLE_CONTEXT, *([BUNDLE_CONTEXT_V2] if extra else [])]
        subject |= extra | ({"bundleFormat": BUNDLE_FORMAT_V2} if extra else {})
        unsigned = {
            "@context": contexts,
            "id": bundle_id or f"urn:uuid:{uuid.uuid4()}",
            "type": ["VerifiableCredential", BUNDLE_TYPE],
            "issuer": did,
            "validFrom": format_datetime(moment),
            "credentialSubject": subject,
        }
        signed = sign_credential(unsigned, key=registry_key, created=moment)
        return cls(
            **read_bundle(signed, pinned_keys=[registry_key.public], now=moment, max_age=max_age)
        )

    def to_json(self) -> str:
        """The signed bundle as JSON text (what ``vc-led bundle create`` writes)."""
        return json.dumps(self.document, indent=1, ensure_ascii=False) + "\n"

    @property
    def expires_at(self) -> datetime:
        """When the bundle passes its recommended maximum age."""
        return self.created + self.max_age

    def age(self, *, now: datetime | None = None) -> timedelta:
        """How old the bundle is at ``now`` (default: now)."""
        return (now or utcnow()) - self.created

    def resolver(self) -> DidResolver:
        """A resolver over the bundle's DID documents (and ``did:key``), never fetching."""
        return DidResolver(self.did_documents)

    def list_verifier(self) -> Engine:
        """The verifier of the bundle's status lists: the registry and the accredited issuers
        with a DID may publish status, with their keys' windows."""
        publishers = {i.did for i in self.registry.issuers if i.did and not i.suspended}
        policy = VerificationPolicy(trusted_issuers=frozenset({self.registry_did, *publishers}))
        return Engine(policy, resolver=self.resolver(), trust=self.registry)

    def status_provider(self, *, max_age: timedelta | None = None) -> BundleStatusProvider:
        """A status provider over the bundle's snapshots, fully offline.

        Args:
            max_age: the oldest status information accepted (default: the bundle's
                recommended maximum age), counted from the bundle's creation.

        Returns:
            The provider.
        """
        policy = StatusPolicy(max_age=max_age or self.max_age)
        return BundleStatusProvider(
            self.status_lists, verifier=self.list_verifier(), policy=policy, as_of=self.created
        )

    def token_status_provider(
        self, *, max_age: timedelta | None = None
    ) -> BundleTokenStatusProvider:
        """A Token Status List provider over the bundle's Status List Tokens, fully offline,
        with the same freshness rule as :meth:`status_provider`.

        Args:
            max_age: the oldest status information accepted (default: the bundle's
                recommended maximum age), counted from the later of a token's ``iat`` and
                the bundle's creation.

        Returns:
            The provider (tokens verified against the bundle's anchors, else its issuer keys).
        """
        keys = [k for group in self.issuer_keys.values() for k in group]
        return BundleTokenStatusProvider(
            self.status_list_tokens.values(),
            anchors=self.x509_anchors,
            keys=keys,
            max_age=max_age or self.max_age,
            as_of=self.created,
        )
