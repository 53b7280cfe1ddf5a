"""The signed trust list: a ``LedTrustListCredential`` whose subject is the registry's JSON form.

The registry signs it with its key (:func:`vc_led.sign_credential`); a verifier loads it with
:func:`load_trust_list` and a :class:`vc_led.Verifier` that trusts only the pinned registry
DID. The vocabulary is ``https://w3id.org/vc-led/trust/v1`` (``contexts/led/trust-v1.jsonld``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .._time import format_datetime
from ..errors import ConfigurationError
from ..results import VerificationResult
from ..status import CredentialVerifier
from .codec import registry_from_dict, registry_to_dict
from .model import TrustRegistry

__all__ = [
    "TRUST_CONTEXT",
    "TRUST_LIST_TYPE",
    "TrustListError",
    "build_trust_list_credential",
    "load_trust_list",
]

TRUST_CONTEXT = "https://w3id.org/vc-led/trust/v1"
TRUST_LIST_TYPE = "LedTrustListCredential"
V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


class TrustListError(ConfigurationError):
    """A trust list that cannot be used: not verified, not a trust list, or malformed.

    Attributes:
        result: the verification result, when verification was the problem.
    """

    def __init__(self, message: str, result: VerificationResult | None = None) -> None:
        super().__init__(message)
        self.result = result


def build_trust_list_credential(
    registry: TrustRegistry,
    *,
    issuer: str,
    list_id: str,
    valid_from: datetime,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """The unsigned trust list credential of ``registry``.

    Args:
        registry: the accredited issuers.
        issuer: the registry's DID (it signs the list).
        list_id: the URL the list is published at (its ``id``; the subject is ``#issuers``).
        valid_from: when it was made.
        valid_until: when verifiers must stop using it, optional.

    Returns:
        The credential, ready for :func:`vc_led.sign_credential`.
    """
    subject = {"id": f"{list_id}#issuers", **registry_to_dict(registry)}
    doc: dict[str, Any] = {
        "@context": [V2_CONTEXT, TRUST_CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", TRUST_LIST_TYPE],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        doc["validUntil"] = format_datetime(valid_until)
    doc["credentialSubject"] = subject
    return doc


def load_trust_list(
    credential: Any, *, verifier: CredentialVerifier, now: datetime | None = None
) -> TrustRegistry:
    """Verify a signed trust list and read its registry.

    Every check must pass: the proof, the issuer (the verifier's policy must trust only the
    pinned registry DID), and the validity period (an expired trust list is refused).

    Args:
        credential: the trust list credential (mapping, JSON text or bytes).
        verifier: a :class:`vc_led.Verifier` trusting the registry DID.
        now: the verification time.

    Returns:
        The :class:`TrustRegistry`.

    Raises:
        TrustListError: when it does not verify, is not a ``LedTrustListCredential`` or its
            subject is not a well-formed registry.
    """
    result: VerificationResult = verifier.verify_credential(credential, now=now)
    if not result.verified or result.document is None:
        codes = ", ".join(c.value for c in result.codes) or result.outcome.value
        raise TrustListError(f"the trust list does not verify ({codes})", result)
    doc = result.document
    types = doc.get("type")
    if TRUST_LIST_TYPE not in (types if isinstance(types, list) else [types]):
        raise TrustListError(f"not a {TRUST_LIST_TYPE}", result)
    subject = doc.get("credentialSubject")
    if not isinstance(subject, Mapping):
        raise TrustListError("the trust list has no subject", result)
    try:
        return registry_from_dict(subject)
    except ConfigurationError as exc:
        raise TrustListError(str(exc), result) from None
