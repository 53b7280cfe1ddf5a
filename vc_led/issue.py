"""Sign credentials and presentations — the safe recipes.

The document is checked before it is signed: it must be a VC/VP in shape, every term must be
defined by contexts available offline (safe mode), and the key must suit the cryptosuite.
VC 1.1 input is accepted: the Data Integrity v2 context is appended so the proof's terms are
defined. VC 2.0 is the default and needs nothing added.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ._structure import (
    check_credential_shape,
    check_presentation_shape,
    is_presentation,
    parse_document,
)
from .errors import DocumentError, SigningError
from .jsonld.canon import Canonicalizer, shared_canonicalizer
from .jsonld.loader import ContextRegistry
from .keys import KeyType, SigningKey
from .limits import DEFAULT_LIMITS
from .proofs.core import add_proof

__all__ = [
    "DATA_INTEGRITY_V2",
    "default_cryptosuite",
    "sign_credential",
    "sign_document",
    "sign_presentation",
]

DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"


def _canonicalizer(contexts: ContextRegistry | None) -> Canonicalizer:
    """The registry's shared canonicalizer: its processed contexts serve every call."""
    return shared_canonicalizer(contexts)


def default_cryptosuite(key: SigningKey) -> str:
    """The cryptosuite for a key: ``eddsa-rdfc-2022`` for Ed25519, ``ecdsa-rdfc-2019`` for
    P-256 and P-384."""
    return "eddsa-rdfc-2022" if key.key_type is KeyType.ED25519 else "ecdsa-rdfc-2019"


def _prepare(document: Any, *, presentation: bool) -> dict[str, Any]:
    try:
        doc = parse_document(
            copy.deepcopy(document) if isinstance(document, Mapping) else document, DEFAULT_LIMITS
        )
        shape = check_presentation_shape if presentation else check_credential_shape
        version = shape(doc)
    except DocumentError as exc:
        raise SigningError(exc.code, exc.message, exc.details) from None
    if version == 1:
        contexts = doc["@context"] if isinstance(doc["@context"], list) else [doc["@context"]]
        if DATA_INTEGRITY_V2 not in contexts:
            doc["@context"] = [*contexts, DATA_INTEGRITY_V2]
    return doc


def sign_credential(
    credential: Any,
    *,
    key: SigningKey,
    cryptosuite: str | None = None,
    created: datetime | None = None,
    proof_id: str | None = None,
    previous_proof: str | Sequence[str] | None = None,
    contexts: ContextRegistry | None = None,
) -> dict[str, Any]:
    """Add an ``assertionMethod`` Data Integrity proof to a credential.

    Args:
        credential: the credential (mapping, JSON text or bytes); an existing proof is kept
            (the new proof joins the proof set, or chains to ``previous_proof``).
        key: the signing key; its ``id`` becomes the ``verificationMethod``.
        cryptosuite: ``eddsa-rdfc-2022`` (Ed25519) or ``ecdsa-rdfc-2019`` (P-256, P-384);
            default: the one that suits the key (:func:`default_cryptosuite`).
        created: the proof's ``created`` time (default: now).
        proof_id: an ``id`` for the proof (needed if another proof will chain to it).
        previous_proof: id(s) of proofs this one chains to.
        contexts: extra contexts the document uses (default: the shipped ones only).

    Returns:
        A new signed credential; the input is not modified.

    Raises:
        SigningError: the document is not a credential, has an undefined term or a context not
            available offline, or the key does not suit the suite (``code`` says which).
    """
    doc = _prepare(credential, presentation=False)
    return add_proof(
        doc,
        key=key,
        cryptosuite=cryptosuite or default_cryptosuite(key),
        purpose="assertionMethod",
        created=created,
        proof_id=proof_id,
        previous_proof=previous_proof,
        canonicalizer=_canonicalizer(contexts),
    )


def sign_presentation(
    presentation: Any,
    *,
    key: SigningKey,
    challenge: str | None = None,
    domain: str | None = None,
    cryptosuite: str | None = None,
    created: datetime | None = None,
    contexts: ContextRegistry | None = None,
) -> dict[str, Any]:
    """Add an ``authentication`` proof (with ``challenge`` and ``domain``) to a presentation.

    Args:
        presentation: the presentation (mapping, JSON text or bytes).
        key: the holder's key.
        challenge: the verifier's challenge (strongly recommended: it prevents replay).
        domain: the verifier's domain.
        cryptosuite: the cryptosuite (default: the one that suits the key).
        created: the proof's ``created`` time (default: now).
        contexts: extra contexts the document uses.

    Returns:
        A new signed presentation.

    Raises:
        SigningError: as :func:`sign_credential`.
    """
    doc = _prepare(presentation, presentation=True)
    return add_proof(
        doc,
        key=key,
        cryptosuite=cryptosuite or default_cryptosuite(key),
        purpose="authentication",
        created=created,
        challenge=challenge,
        domain=domain,
        canonicalizer=_canonicalizer(contexts),
    )


def sign_document(
    document: Any, *, key: SigningKey, purpose: str | None = None, **options: Any
) -> dict[str, Any]:
    """Sign a VC or a VP, choosing the recipe by its ``type``; ``purpose`` may override the
    default (``assertionMethod`` for credentials, ``authentication`` for presentations).

    Raises:
        SigningError: as :func:`sign_credential`.
    """
    try:
        parsed = parse_document(document, DEFAULT_LIMITS)
    except DocumentError as exc:
        raise SigningError(exc.code, exc.message, exc.details) from None
    is_vp = is_presentation(parsed)
    default = "authentication" if is_vp else "assertionMethod"
    if purpose is None or purpose == default:
        if is_vp:
            return sign_presentation(parsed, key=key, **options)
        return sign_credential(parsed, key=key, **options)
    doc = _prepare(parsed, presentation=is_vp)
    contexts = options.pop("contexts", None)
    options["cryptosuite"] = options.get("cryptosuite") or default_cryptosuite(key)
    return add_proof(
        doc, key=key, purpose=purpose, canonicalizer=_canonicalizer(contexts), **options
    )
