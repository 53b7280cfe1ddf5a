"""The ``proof``, ``issuer``, ``validity`` and ``status`` checks of an SD-JWT VC."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from .._checks import untrusted_issuer
from .._engine import Engine
from ..jose import ALLOWED_ALGS, JoseError, verify_compact
from ..results import CheckResult, CheckStatus, ErrorCode
from ._keys import IssuerKey, find_issuer_keys
from ._trust import check_registry_issuer

__all__ = ["check_issuer", "check_signature", "check_status", "check_validity"]

P, F, IND, S = (
    CheckStatus.PASSED,
    CheckStatus.FAILED,
    CheckStatus.INDETERMINATE,
    CheckStatus.SKIPPED,
)


def check_signature(
    engine: Engine, jwt: str, header: Mapping[str, Any], payload: Mapping[str, Any], now: datetime
) -> tuple[CheckResult, IssuerKey | None]:
    """The issuer signature, and where its key came from."""
    alg = header.get("alg")
    if alg not in ALLOWED_ALGS or "crit" in header:
        return CheckResult(
            "proof",
            F,
            ErrorCode.PROOF_ALGORITHM_NOT_ALLOWED,
            f"the algorithm {str(alg)[:20]!r} is not allowed (ES256, ES384, EdDSA only)",
        ), None
    source = find_issuer_keys(
        header,
        str(payload["iss"]),
        anchors=engine.x509_anchors,
        issuer_keys=engine.issuer_keys,
        now=now,
    )
    if source is None:
        return CheckResult(
            "proof",
            IND,
            ErrorCode.PROOF_VERIFICATION_METHOD_UNRESOLVABLE,
            "no key for this issuer: no x5c header and no key configured for its iss",
        ), None
    if source.refusal is not None or not source.keys:
        refusal = source.refusal or CheckResult(
            "proof", F, ErrorCode.PROOF_VERIFICATION_METHOD_INVALID, "no usable issuer key"
        )
        return refusal, None
    for key in source.keys:
        try:
            verify_compact(jwt, key, header=dict(header))
        except JoseError:
            continue
        details: dict[str, str | int] = {"alg": str(alg), "key_source": source.origin}
        return CheckResult("proof", P, None, "the issuer signature verified", details), source
    return CheckResult(
        "proof",
        F,
        ErrorCode.PROOF_SIGNATURE_INVALID,
        "the issuer signature does not verify",
        {"key_source": source.origin},
    ), None


def check_issuer(engine: Engine, claims: Mapping[str, Any], source: IssuerKey) -> CheckResult:
    """The key's binding to ``iss`` (chain verdict), then trust in ``iss``: the policy's
    trusted issuers, then the trust registry (accreditation, scope, coverage, supplier and
    authenticity, as for the W3C rendition: :mod:`vc_led.sdjwt._trust`), then the policy.

    Args:
        engine: the engine (policy, trust).
        claims: the processed claims (only what is disclosed; ``iss``, ``vct``, ``nbf``).
        source: where the issuer key came from.

    Returns:
        The ``issuer`` check.
    """
    if source.verdict is not None:
        return source.verdict
    iss = str(claims["iss"])
    details = {"issuer": iss[:200], "key_source": source.origin}
    policy, trust = engine.policy, engine.trust
    if iss in policy.trusted_issuers:
        base = CheckResult("issuer", P, None, "issuer is trusted by the policy", details)
        return check_registry_issuer(engine, claims, base)
    if trust is not None:
        verdict = check_registry_issuer(engine, claims, None)
        return replace(verdict, details={**dict(verdict.details), "key_source": source.origin})
    if policy.accept_any_issuer:
        base = CheckResult(
            "issuer", P, None, "issuer accepted: the policy accepts any issuer", details
        )
        return check_registry_issuer(engine, claims, base)
    return untrusted_issuer(policy, details)


def _time(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def check_validity(engine: Engine, payload: Mapping[str, Any], now: datetime) -> CheckResult:
    """``nbf``/``exp`` (NumericDate) against the clock, with the policy's skew."""
    skew = engine.policy.max_clock_skew
    details: dict[str, str | int] = {"now": now.isoformat()}
    times = {}
    for name in ("iat", "nbf", "exp"):
        if name in payload:
            when = _time(payload[name])
            if when is None:
                return CheckResult(
                    "validity", F, ErrorCode.VALIDITY_INVALID_RANGE, f"{name} is not a NumericDate"
                )
            times[name] = when
            details[name] = when.isoformat()
    start, end = times.get("nbf"), times.get("exp")
    if start is not None and end is not None and end < start:
        return CheckResult(
            "validity", F, ErrorCode.VALIDITY_INVALID_RANGE, "exp is before nbf", details
        )
    late = [t for t in (start, times.get("iat")) if t is not None and t > now + skew]
    if late:
        return CheckResult(
            "validity", F, ErrorCode.VALIDITY_NOT_YET_VALID, "not valid yet", details
        )
    if end is not None and end < now - skew:
        return CheckResult(
            "validity", F, ErrorCode.VALIDITY_EXPIRED, "the credential has expired", details
        )
    return CheckResult("validity", P, None, "within its validity period", details)


def check_status(engine: Engine, payload: Mapping[str, Any], now: datetime) -> CheckResult:
    """``status.status_list`` (draft-ietf-oauth-status-list) through ``engine.token_status``."""
    status = payload.get("status")
    if status is None:
        return CheckResult("status", S, None, "the credential has no status information")
    entry = status.get("status_list") if isinstance(status, Mapping) else None
    idx = entry.get("idx") if isinstance(entry, Mapping) else None
    uri = entry.get("uri") if isinstance(entry, Mapping) else None
    if not isinstance(idx, int) or isinstance(idx, bool) or idx < 0 or not isinstance(uri, str):
        return CheckResult(
            "status", F, ErrorCode.STATUS_ENTRY_INVALID, "status.status_list needs idx and uri"
        )
    provider = engine.token_status
    if provider is None:
        return CheckResult(
            "status",
            IND,
            ErrorCode.STATUS_NO_PROVIDER,
            "the credential has a status entry but no token status source is configured",
            {"list": uri[:200], "index": idx},
        )
    try:
        result = provider.check(uri=uri, idx=idx, now=now)
    except Exception:  # a provider bug must not turn into a crash or a pass
        result = None
    if not isinstance(result, CheckResult):
        return CheckResult(
            "status", IND, ErrorCode.STATUS_RETRIEVAL_ERROR, "the token status provider failed"
        )
    return result
