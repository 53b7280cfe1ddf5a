"""The ``holder_binding`` check of an SD-JWT VC: the Key Binding JWT (RFC 9901 §7.3).

With a KB-JWT: its header ``typ`` must be ``kb+jwt`` with an allowed ``alg``; it must be
signed by the key in the credential's ``cnf.jwk``; ``sd_hash`` must be the digest of the
presented SD-JWT; ``iat`` no later than now plus the policy's clock skew and no older than
:data:`KB_MAX_AGE` (plus the skew); ``nonce`` must be the verifier's ``challenge`` (without
one the check is ``indeterminate``, ``holder_binding.nonce_not_checked``: a replayed
presentation cannot be told apart) and ``aud`` its ``domain`` when the verifier gives one.

Without a KB-JWT: ``holder_binding.kb_jwt_missing`` when the verifier asked for one (gave a
``challenge`` or ``domain``); otherwise ``skipped`` with ``binding`` ``bearer`` (no ``cnf``)
or ``subject_key`` (``cnf`` names the holder's key, but holding it was not proven), as for a
W3C credential verified alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from .._engine import Engine, VerifyRequest
from ..jose import ALLOWED_ALGS, JoseError, parse_public_jwk, verify_compact
from ..results import CheckResult, CheckStatus, ErrorCode
from ._common import KB_TYP, SdJwtError, SdJwtParts, loads_part, sd_hash

__all__ = ["KB_MAX_AGE", "check_binding"]

#: How old a KB-JWT's ``iat`` may be.
KB_MAX_AGE = timedelta(minutes=5)
P, F, IND, S = (
    CheckStatus.PASSED,
    CheckStatus.FAILED,
    CheckStatus.INDETERMINATE,
    CheckStatus.SKIPPED,
)
CHECK = "holder_binding"


def _fail(code: ErrorCode, message: str, **details: str | int) -> CheckResult:
    return CheckResult(CHECK, F, code, message, details)


def _no_kb(payload: Mapping[str, Any], request: VerifyRequest) -> CheckResult:
    bound = isinstance(payload.get("cnf"), Mapping)
    if request.challenge is not None or request.domain is not None:
        return _fail(
            ErrorCode.HOLDER_BINDING_KB_JWT_MISSING,
            "the verifier asked for a key binding JWT (nonce/aud), and there is none",
        )
    if not bound:
        return CheckResult(
            CHECK,
            S,
            None,
            "no key binding: the credential names no holder key (cnf), so anyone with a copy "
            "can show it",
            {"binding": "bearer"},
        )
    return CheckResult(
        CHECK,
        S,
        None,
        "no key binding JWT: the credential names its holder's key (cnf), but holding it was "
        "not proven (ask for a presentation with a nonce)",
        {"binding": "subject_key"},
    )


def _kb_header(kb: str, max_depth: int) -> dict[str, Any] | None:
    """The KB-JWT header, if both its parts are JSON within ``max_depth`` (the claims are
    checked here too, so that the JOSE layer never parses deep JSON)."""
    try:
        head, body, _ = kb.split(".")
        header = loads_part(head, max_depth=max_depth, what="KB-JWT header")
        loads_part(body, max_depth=max_depth, what="KB-JWT claims")
    except (SdJwtError, ValueError):
        return None
    return header if isinstance(header, dict) else None


def check_binding(
    engine: Engine, parts: SdJwtParts, payload: Mapping[str, Any], request: VerifyRequest
) -> CheckResult:
    """See the module docstring."""
    if parts.kb_jwt is None:
        return _no_kb(payload, request)
    cnf = payload.get("cnf")
    holder = cnf.get("jwk") if isinstance(cnf, Mapping) else None
    try:
        key = parse_public_jwk(holder)
    except JoseError:
        return _fail(
            ErrorCode.HOLDER_BINDING_NO_HOLDER_KEY,
            "a key binding JWT is present but the credential has no usable cnf.jwk",
        )
    header = _kb_header(parts.kb_jwt, engine.policy.limits.max_depth)
    if header is None or header.get("typ") != KB_TYP or "crit" in header:
        return _fail(ErrorCode.HOLDER_BINDING_KB_JWT_INVALID, f"the KB-JWT is not a {KB_TYP}")
    if header.get("alg") not in ALLOWED_ALGS:
        return _fail(
            ErrorCode.HOLDER_BINDING_KB_JWT_INVALID,
            "the KB-JWT algorithm is not allowed (ES256, ES384, EdDSA only)",
        )
    try:
        claims = verify_compact(parts.kb_jwt, key, header=header).claims
    except JoseError:
        return _fail(
            ErrorCode.HOLDER_BINDING_KB_JWT_SIGNATURE_INVALID,
            "the KB-JWT is not signed by the holder key in cnf.jwk",
        )
    return _kb_claims(engine, parts, claims, request)


def _kb_claims(
    engine: Engine, parts: SdJwtParts, claims: Mapping[str, Any], request: VerifyRequest
) -> CheckResult:
    if claims.get("sd_hash") != sd_hash(parts.presented):
        return _fail(
            ErrorCode.HOLDER_BINDING_SD_HASH_MISMATCH,
            "sd_hash does not match the presented SD-JWT (disclosures were changed)",
        )
    iat = claims.get("iat")
    skew = engine.policy.max_clock_skew
    when = (
        datetime.fromtimestamp(iat, tz=UTC)
        if isinstance(iat, int) and not isinstance(iat, bool) and 0 <= iat < 2**40
        else None
    )
    now = request.now
    if when is None or when > now + skew or when < now - KB_MAX_AGE - skew:
        return _fail(
            ErrorCode.HOLDER_BINDING_IAT_INVALID,
            "the KB-JWT iat is missing, in the future or too old",
            now=now.isoformat(),
        )
    aud = claims.get("aud")
    if not isinstance(aud, str) or (request.domain is not None and aud != request.domain):
        return _fail(
            ErrorCode.HOLDER_BINDING_AUD_MISMATCH,
            "the KB-JWT aud is not this verifier",
            aud=str(aud)[:200],
        )
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or (request.challenge is not None and nonce != request.challenge):
        return _fail(ErrorCode.HOLDER_BINDING_NONCE_MISMATCH, "the KB-JWT nonce is not ours")
    details: dict[str, str | int] = {"binding": "holder_key", "aud": aud[:200]}
    if request.challenge is None:
        return CheckResult(
            CHECK,
            IND,
            ErrorCode.HOLDER_BINDING_NONCE_NOT_CHECKED,
            "the holder signed a key binding JWT, but no nonce was given to check it against "
            "(it may be replayed)",
            details,
        )
    return CheckResult(
        CHECK, P, None, "the holder key in cnf signed this presentation (KB-JWT)", details
    )
