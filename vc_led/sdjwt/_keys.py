"""Where an SD-JWT VC's issuer key comes from: a trusted ``x5c`` chain or keys the caller
configured (draft-ietf-oauth-sd-jwt-vc-19 §3.5; HAIP 1.0: ``x5c``, and ``iss`` must match
the leaf certificate's SAN URI)."""

from __future__ import annotations

import base64
import binascii
import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from jwcrypto import jwk

from ..jose import JoseError, jwk_of_public, parse_public_jwk
from ..keys import PublicKey
from ..results import CheckResult, CheckStatus, ErrorCode

__all__ = ["IssuerKey", "find_issuer_keys"]

F, IND = CheckStatus.FAILED, CheckStatus.INDETERMINATE


@dataclass(frozen=True, slots=True)
class IssuerKey:
    """Candidate keys for the issuer signature, and what the ``issuer`` check must say.

    Attributes:
        keys: keys to try.
        origin: ``x5c`` or ``issuer_keys``.
        verdict: a non-passing ``issuer`` verdict (untrusted chain, ``iss`` not the
            certificate's) or ``None`` when the key is bound to ``iss``.
    """

    keys: tuple[jwk.JWK, ...]
    origin: str
    verdict: CheckResult | None = None


def _issuer(status: CheckStatus, code: ErrorCode, message: str, **details: str) -> CheckResult:
    return CheckResult("issuer", status, code, message, details)


def _leaf(x5c: Sequence[Any]) -> x509.Certificate | None:
    try:
        der = base64.b64decode(str(x5c[0]), validate=True)
        return x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError, IndexError):
        return None


def _san_uris(cert: x509.Certificate) -> list[str]:
    try:
        ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    return [str(u) for u in ext.value.get_values_for_type(x509.UniformResourceIdentifier)]


def _chain_verdict(
    x5c: Sequence[str], anchors: Any, now: datetime, iss: str, cert: x509.Certificate
) -> CheckResult | None:
    if anchors is None:
        return _issuer(
            IND,
            ErrorCode.ISSUER_CERTIFICATE_NOT_CHECKED,
            "the SD-JWT carries an x5c chain but this verifier has no trusted X.509 anchors",
        )
    try:
        # vc_led.x509 (Token Status List / X.509 part of issue 12) checks the chain
        verify_x5c = importlib.import_module("vc_led.x509").verify_x5c
        verify_x5c(list(x5c), anchors=anchors, now=now)
    except Exception as exc:  # the chain module's verdict, or a bug there: never a pass
        code = getattr(exc, "code", None)
        return _issuer(
            F,
            code if isinstance(code, ErrorCode) else ErrorCode.ISSUER_CERTIFICATE_UNTRUSTED,
            f"the x5c chain does not lead to a trusted anchor: {str(exc)[:200]}",
        )
    if iss not in _san_uris(cert):
        return _issuer(
            F,
            ErrorCode.ISSUER_CERTIFICATE_ISS_MISMATCH,
            "iss is not a SAN URI of the x5c leaf certificate",
            iss=iss[:200],
        )
    return None


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
    chain checked against ``anchors`` (its verdict goes to the ``issuer`` check).
    """
    configured = issuer_keys.get(iss)
    if configured:
        return IssuerKey(tuple(jwk_of_public(k) for k in configured), "issuer_keys")
    x5c = header.get("x5c")
    if not isinstance(x5c, list) or not x5c or not all(isinstance(c, str) for c in x5c):
        return None
    cert = _leaf(x5c)
    if cert is None:
        bad = _issuer(
            F, ErrorCode.ISSUER_CERTIFICATE_UNTRUSTED, "the x5c leaf is not a certificate"
        )
        return IssuerKey((), "x5c", bad)
    try:
        key = parse_public_jwk(jwk.JWK.from_pyca(cert.public_key()).export_public(as_dict=True))
    except (JoseError, ValueError, TypeError):
        bad = _issuer(
            F, ErrorCode.ISSUER_CERTIFICATE_UNTRUSTED, "the x5c leaf key is not supported"
        )
        return IssuerKey((), "x5c", bad)
    return IssuerKey((key,), "x5c", _chain_verdict(x5c, anchors, now, iss, cert))
