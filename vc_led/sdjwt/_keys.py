"""Where an SD-JWT VC's issuer key comes from: keys the caller configured for ``iss``, or the
``x5c`` chain (draft-ietf-oauth-sd-jwt-vc-19 §3.5; HAIP 1.0: ``x5c``, and ``iss`` must be a
SAN URI of the leaf certificate), validated by :func:`vc_led.x509.verify_x5c`."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from jwcrypto import jwk

from ..errors import DocumentError
from ..jose import JoseError, jwk_of_public, parse_public_jwk
from ..keys import PublicKey
from ..results import CheckResult, CheckStatus, ErrorCode
from ..x509 import verify_x5c

__all__ = ["IssuerKey", "find_issuer_keys"]

F, IND = CheckStatus.FAILED, CheckStatus.INDETERMINATE


@dataclass(frozen=True, slots=True)
class IssuerKey:
    """Candidate keys for the issuer signature, and what the checks must say.

    Attributes:
        keys: keys to try (empty when none is usable: see ``refusal``).
        origin: ``x5c`` or ``issuer_keys``.
        verdict: a non-passing ``issuer`` verdict (``iss`` not the certificate's, chain not
            checked) or ``None`` when the key is bound to ``iss``.
        refusal: a failed ``proof`` check (the chain is refused: ``proof.certificate_*``).
    """

    keys: tuple[jwk.JWK, ...]
    origin: str
    verdict: CheckResult | None = None
    refusal: CheckResult | None = None


def _unchecked_leaf(x5c: Sequence[str]) -> jwk.JWK | None:
    """The leaf key, read without any chain validation (no anchors configured)."""
    try:
        cert = x509.load_der_x509_certificate(base64.b64decode(x5c[0], validate=True))
        return parse_public_jwk(jwk.JWK.from_pyca(cert.public_key()).export_public(as_dict=True))
    except (binascii.Error, ValueError, TypeError, JoseError):
        return None


def _from_x5c(x5c: list[str], iss: str, anchors: Any, now: datetime) -> IssuerKey:
    if anchors is None:
        leaf = _unchecked_leaf(x5c)
        if leaf is None:
            refusal = CheckResult(
                "proof",
                F,
                ErrorCode.PROOF_CERTIFICATE_INVALID,
                "the x5c leaf is not a certificate of a supported key",
            )
            return IssuerKey((), "x5c", refusal=refusal)
        unchecked = CheckResult(
            "issuer",
            IND,
            ErrorCode.ISSUER_CERTIFICATE_NOT_CHECKED,
            "the SD-JWT carries an x5c chain but this verifier has no trusted X.509 anchors",
            {"issuer": iss[:200]},
        )
        return IssuerKey((leaf,), "x5c", unchecked)
    try:
        chain = verify_x5c(x5c, anchors=anchors, now=now)
    except DocumentError as exc:
        refusal = CheckResult("proof", F, ErrorCode(exc.code), exc.message, dict(exc.details))
        return IssuerKey((), "x5c", refusal=refusal)
    verdict: CheckResult | None = None
    if iss not in chain.san_uris:
        verdict = CheckResult(
            "issuer",
            F,
            ErrorCode.ISSUER_CERTIFICATE_ISS_MISMATCH,
            "iss is not a SAN URI of the x5c leaf certificate",
            {"issuer": iss[:200], "san_uris": ", ".join(chain.san_uris)[:400]},
        )
    return IssuerKey((jwk_of_public(chain.public_key),), "x5c", verdict)


def find_issuer_keys(
    header: Mapping[str, Any],
    iss: str,
    *,
    anchors: Any,
    issuer_keys: Mapping[str, Sequence[PublicKey]],
    now: datetime,
) -> IssuerKey | None:
    """The keys to verify the issuer signature with; ``None`` when there are none.

    Keys the caller configured for ``iss`` win; otherwise the ``x5c`` leaf's key, with the
    chain validated against ``anchors`` (a refused chain fails ``proof``; without anchors the
    ``issuer`` check is ``issuer.certificate_chain_not_checked``).
    """
    configured = issuer_keys.get(iss)
    if configured:
        return IssuerKey(tuple(jwk_of_public(k) for k in configured), "issuer_keys")
    x5c = header.get("x5c")
    if not isinstance(x5c, list) or not x5c or not all(isinstance(c, str) for c in x5c):
        return None
    return _from_x5c(x5c, iss, anchors, now)
