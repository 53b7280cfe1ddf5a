"""Verify SD-JWT VCs and their presentations on the one check pipeline.

:class:`SdJwtVcFormat` claims raw text in the compact SD-JWT serialization
``<issuer-signed JWT>~<disclosure>~...~[<KB-JWT>]`` (RFC 9901; draft-ietf-oauth-sd-jwt-vc-19;
OpenID4VC HAIP 1.0 §6.1 "IETF SD-JWT VC Profile") and returns the same
:class:`~vc_led.results.VerificationResult` as a W3C credential, whose ``document`` holds
only the disclosed claims:

- ``structure``: the serialization, the header ``typ`` (``dc+sd-jwt``; ``vc+sd-jwt`` still
  read), ``iss``/``vct``, ``_sd_alg`` (``sha-256`` only) and every disclosure (RFC 9901
  §7.1: each referenced exactly once, no digest twice, no claim name clash, never a claim
  that must not be selectively disclosable), for a vct vc-led ships its type metadata
  (``vct#integrity``, no ``sd: always`` claim in the clear: :mod:`vc_led.sdjwt._vct`), within
  ``Limits`` (size, ``max_disclosures``,
  depth, values) before any work.
- ``context``: skipped: an SD-JWT VC is plain JSON claims, there is no JSON-LD context.
- ``proof``: the issuer signature (ES256/ES384/EdDSA only: ``alg: none`` and HMAC are
  ``proof.algorithm_not_allowed``) with keys the verifier was given for ``iss``, or the
  ``x5c`` leaf key.
- ``issuer``: the ``x5c`` chain to a trusted anchor with ``iss`` a SAN URI of the leaf
  (see :mod:`vc_led.sdjwt._keys`), then trust in ``iss`` (policy; a registry judges it as
  the W3C twin's issuer: :mod:`vc_led.sdjwt._trust`).
- ``validity``: ``nbf``/``exp`` (and ``iat`` not in the future).
- ``status``: ``status.status_list`` through the verifier's ``token_status`` provider.
- ``holder_binding``: see :mod:`vc_led.sdjwt._binding`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._checks import finish
from .._engine import Engine, Kind, VerifyRequest
from ..limits import json_values
from ..results import CheckResult, CheckStatus, ErrorCode, VerificationResult
from ._binding import check_binding
from ._common import (
    LEGACY_TYP,
    SD_ALG,
    TYP,
    SdJwtError,
    SdJwtParts,
    loads_part,
    looks_like_sd_jwt,
)
from ._common import split_sd_jwt as _split
from ._process import process
from ._signature import check_issuer, check_signature, check_status, check_validity
from ._vct import check_type_metadata

__all__ = ["SDJWT_VC", "SdJwtVcFormat", "verify_sd_jwt_vc"]

P, F, S = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.SKIPPED
CONTEXT_NOT_APPLICABLE = CheckResult(
    "context",
    S,
    None,
    "not applicable: an SD-JWT VC is plain JSON claims without a JSON-LD context",
    {"not_applicable": "dc+sd-jwt"},
)


class SdJwtVcFormat:
    """The SD-JWT VC (``dc+sd-jwt``) format, with or without a KB-JWT."""

    name = "dc+sd-jwt"
    kind: Kind = "credential"

    def claims_text(self, text: str) -> bool:
        """Compact SD-JWT text (surrounding whitespace allowed)."""
        return looks_like_sd_jwt(text)

    def claims(self, document: Mapping[str, Any]) -> bool:
        """Never a parsed JSON document."""
        return False

    def verify(self, engine: Engine, document: Any, request: VerifyRequest) -> VerificationResult:
        """See :func:`verify_sd_jwt_vc`."""
        return verify_sd_jwt_vc(engine, str(document), request)


#: The SD-JWT VC format :class:`vc_led.Verifier` lists first.
SDJWT_VC = SdJwtVcFormat()


def _json_part(part: str, what: str, max_depth: int) -> dict[str, Any]:
    value = loads_part(part, max_depth=max_depth, what=what)
    if not isinstance(value, dict):
        raise SdJwtError(ErrorCode.STRUCTURE_SD_JWT_MALFORMED, f"the {what} is not an object")
    return value


def _read(
    engine: Engine, text: str
) -> tuple[SdJwtParts, dict[str, Any], dict[str, Any], dict[str, Any], dict[str, str]]:
    """``(parts, header, payload, disclosed claims, type metadata details)`` after the
    structure rules."""
    limits = engine.policy.limits
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise SdJwtError(ErrorCode.STRUCTURE_TOO_LARGE, f"larger than {limits.max_bytes} bytes")
    parts = _split(text, max_disclosures=limits.max_disclosures)
    head, body, _ = parts.jwt.split(".")
    header = _json_part(head, "JWT header", limits.max_depth)
    payload = _json_part(body, "JWT payload", limits.max_depth)
    if header.get("typ") not in (TYP, LEGACY_TYP):
        raise SdJwtError(ErrorCode.STRUCTURE_SD_JWT_WRONG_TYPE, f"the header typ is not {TYP}")
    alg = payload.get("_sd_alg", SD_ALG)
    if alg != SD_ALG:
        raise SdJwtError(
            ErrorCode.STRUCTURE_SD_ALG_UNSUPPORTED,
            f"_sd_alg {str(alg)[:40]!r} is not supported (only {SD_ALG})",
        )
    for name in ("iss", "vct"):
        if not isinstance(payload.get(name), str) or not payload[name]:
            raise SdJwtError(
                ErrorCode.STRUCTURE_SD_JWT_MISSING_CLAIM, f"the SD-JWT VC has no {name}"
            )
    if json_values(payload, limit=limits.max_values) > limits.max_values:
        raise SdJwtError(ErrorCode.STRUCTURE_TOO_MANY_VALUES, "too many JSON values")
    claims = process(payload, parts.disclosures, max_depth=limits.max_depth).claims
    return parts, header, payload, claims, check_type_metadata(payload)


def verify_sd_jwt_vc(engine: Engine, text: str, request: VerifyRequest) -> VerificationResult:
    """Verify an SD-JWT VC or presentation (see the module docstring).

    Args:
        engine: the verification engine (policy, trust, ``x509_anchors``, ``issuer_keys``,
            ``token_status``).
        text: the compact SD-JWT.
        request: time; ``challenge`` is the expected KB-JWT ``nonce``, ``domain`` its ``aud``.

    Returns:
        The :class:`VerificationResult` (kind ``credential``); never raises on the content.
    """
    try:
        parts, header, payload, claims, metadata = _read(engine, text)
    except SdJwtError as exc:
        check = CheckResult("structure", F, ErrorCode(exc.code), exc.message, dict(exc.details))
        return finish("credential", [check], None)
    shown = len(parts.disclosures)
    done = [
        CheckResult(
            "structure",
            P,
            None,
            f"an SD-JWT VC of type {str(payload['vct'])[:120]} with {shown} disclosure(s)",
            {"vct": str(payload["vct"])[:200], "disclosures": shown, **metadata},
        ),
        CONTEXT_NOT_APPLICABLE,
    ]
    proof, source = check_signature(engine, parts.jwt, header, payload, request.now)
    done.append(proof)
    if proof.status is not P or source is None:
        return finish("credential", done, claims)
    done.append(check_issuer(engine, claims, source))
    done.append(check_validity(engine, payload, request.now))
    done.append(check_status(engine, payload, request.now))
    done.append(check_binding(engine, parts, payload, request))
    return finish("credential", done, claims)
