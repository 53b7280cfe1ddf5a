"""DIDs and verification-method resolution, offline.

``did:key`` (Ed25519, P-256, P-384 Multikeys) resolves from the identifier itself.
``did:web`` documents are never fetched: callers hand them in (a trust bundle, a registry,
a file), and :func:`did_web_document` builds them from a key set that keeps retired keys so
that credentials signed before a rotation keep verifying.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote, unquote

from .errors import KeyFormatError, VcLedError
from .keys import PublicKey, decode_multikey

__all__ = [
    "DidResolver",
    "KeyResolver",
    "ResolutionError",
    "ResolvedMethod",
    "did_key_document",
    "did_web_document",
    "did_web_from_host",
    "did_web_url",
]

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
RELATIONSHIPS = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
)


class ResolutionError(VcLedError):
    """A verification method could not be resolved (``unresolvable``: its DID is unknown
    offline), is broken (``invalid``), or is not listed by the DID document its DID resolves to
    (``not_listed``: the DID's controller never published that key)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # "unresolvable" | "invalid" | "not_listed"


@dataclass(frozen=True, slots=True)
class ResolvedMethod:
    """A resolved verification method.

    Attributes:
        id: the verification method id.
        controller: its controller (a DID).
        public_key: the decoded key.
        relationships: the verification relationships that list it (``assertionMethod``...).
    """

    id: str
    controller: str
    public_key: PublicKey
    relationships: frozenset[str]


class KeyResolver(Protocol):
    """Anything that turns a verification method id into a :class:`ResolvedMethod`."""

    def resolve(self, vm_id: str) -> ResolvedMethod:
        """Resolve ``vm_id``; raise :class:`ResolutionError` when it cannot."""
        ...


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document of a ``did:key`` DID.

    Raises:
        KeyFormatError: when the DID is not a did:key with a supported Multikey.
    """
    if not did.startswith("did:key:"):
        raise KeyFormatError(f"not a did:key DID: {did[:80]!r}")
    multibase = did[len("did:key:") :]
    key = decode_multikey(multibase)
    vm_id = f"{did}#{key.multibase}"
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [
            {
                "id": vm_id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key.multibase,
            }
        ],
        **{rel: [vm_id] for rel in RELATIONSHIPS},
    }


def did_web_url(did: str) -> str:
    """The https URL of a ``did:web`` DID document (``/.well-known/did.json`` without a path)."""
    if not did.startswith("did:web:"):
        raise ValueError(f"not a did:web DID: {did[:80]!r}")
    parts = did[len("did:web:") :].split(":")
    host = unquote(parts[0])
    path = "/".join(unquote(p) for p in parts[1:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def did_web_from_host(host: str, *path: str) -> str:
    """The ``did:web`` DID for ``host`` (a port is percent-encoded) and optional path parts."""
    return ":".join(["did:web", quote(host, safe="")] + [quote(p, safe="") for p in path])


def did_web_document(
    did: str, *, keys: Iterable[PublicKey], retired: Iterable[PublicKey] = ()
) -> dict[str, Any]:
    """Build a ``did:web`` document. Current keys may sign and authenticate; retired keys stay
    listed under ``assertionMethod`` so credentials they signed keep verifying.

    Args:
        did: the DID (``did:web:host``).
        keys: the current keys.
        retired: keys that no longer sign new credentials.

    Returns:
        The DID document (JSON-LD; Multikey verification methods ``#<publicKeyMultibase>``).
    """
    current, old = list(keys), list(retired)
    methods: list[dict[str, str]] = []
    for key in current + old:
        methods.append(
            {
                "id": f"{did}#{key.multibase}",
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key.multibase,
            }
        )
    ids_current = [f"{did}#{k.multibase}" for k in current]
    ids_all = [m["id"] for m in methods]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids_all,
        "authentication": ids_current,
    }


class DidResolver:
    """Resolves ``did:key`` offline and other DIDs only from documents given to it.

    Args:
        documents: DID -> DID document (for did:web and others). Never fetched.
    """

    def __init__(self, documents: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._documents = dict(documents or {})
        self._did_key_cache: dict[str, ResolvedMethod] = {}

    def add(self, document: Mapping[str, Any]) -> None:
        """Make ``document`` resolvable by its ``id``."""
        self._documents[str(document["id"])] = document

    def document(self, did: str) -> Mapping[str, Any]:
        """The DID document of ``did``.

        Raises:
            ResolutionError: when it is unknown (``unresolvable``) or broken (``invalid``).
        """
        if did in self._documents:
            return self._documents[did]
        if did.startswith("did:key:"):
            try:
                return did_key_document(did)
            except KeyFormatError as exc:
                raise ResolutionError("invalid", str(exc)) from None
        raise ResolutionError("unresolvable", f"no DID document for {did[:80]!r} (offline)")

    def resolve(self, vm_id: str) -> ResolvedMethod:
        """Resolve a verification method id (``did:...#fragment``).

        Raises:
            ResolutionError: unknown DID (``unresolvable``), a method its DID document does
                not list (``not_listed``), bad key (``invalid``).
        """
        if not isinstance(vm_id, str) or not vm_id.startswith("did:"):
            raise ResolutionError("unresolvable", "verification method is not a DID URL")
        cached = self._did_key_cache.get(vm_id)
        if cached is not None:
            return cached
        did = vm_id.split("#", 1)[0]
        doc = self.document(did)
        method = _find_method(doc, vm_id)
        if method is None:
            raise ResolutionError(
                "not_listed", f"{vm_id[:120]!r} is not a key its DID document lists"
            )
        controller = method.get("controller")
        if controller != doc.get("id"):
            raise ResolutionError("invalid", "verification method controller is not the DID")
        try:
            key = decode_multikey(method.get("publicKeyMultibase", ""))
        except KeyFormatError as exc:
            raise ResolutionError("invalid", str(exc)) from None
        rels = frozenset(r for r in RELATIONSHIPS if _lists(doc.get(r), vm_id, did))
        resolved = ResolvedMethod(vm_id, str(controller), key, rels)
        if did.startswith("did:key:") and did not in self._documents:
            if len(self._did_key_cache) >= 4096:  # did:key resolution is pure: cache it
                self._did_key_cache.clear()
            self._did_key_cache[vm_id] = resolved
        return resolved


def _absolute(ref: str, did: str) -> str:
    return did + ref if ref.startswith("#") else ref


def _find_method(doc: Mapping[str, Any], vm_id: str) -> Mapping[str, Any] | None:
    did = str(doc.get("id"))
    candidates = list(doc.get("verificationMethod") or [])
    for rel in RELATIONSHIPS:
        candidates += [m for m in doc.get(rel) or [] if isinstance(m, Mapping)]
    for method in candidates:
        if isinstance(method, Mapping) and _absolute(str(method.get("id")), did) == vm_id:
            return method
    return None


def _lists(entries: Any, vm_id: str, did: str) -> bool:
    for entry in entries or []:
        ref = entry.get("id") if isinstance(entry, Mapping) else entry
        if isinstance(ref, str) and _absolute(ref, did) == vm_id:
            return True
    return False
