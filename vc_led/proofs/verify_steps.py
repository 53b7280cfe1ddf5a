"""The checks a proof must pass before its signature is computed (DI 1.0 §4.4) — hazmat."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .._multibase import multibase_decode
from .._time import MAX_CLOCK_SKEW, parse_datetime_stamp
from ..dids import KeyResolver, ResolutionError, ResolvedMethod
from ..results import CheckStatus, ErrorCode
from .suites import Cryptosuite, get_cryptosuite

__all__ = ["Problem", "ProofExpectations", "precheck", "resolve_method"]

Problem = tuple[Any, ...]  # (ErrorCode, message[, details[, status]])


@dataclass(frozen=True, slots=True)
class ProofExpectations:
    """What the verifier expects of every proof.

    Attributes:
        purpose: ``assertionMethod`` (credentials) or ``authentication`` (presentations).
        now: the verification time (timezone-aware).
        allowed_suites: cryptosuites the caller accepts.
        challenge: the expected challenge, or ``None``.
        domain: the expected domain, or ``None``.
        require_challenge: a proof without the expected challenge fails (presentations).
        max_clock_skew_seconds: tolerance for ``created`` in the future.
    """

    purpose: str
    now: datetime
    allowed_suites: frozenset[str]
    challenge: str | None = None
    domain: str | None = None
    require_challenge: bool = False
    max_clock_skew_seconds: int = int(MAX_CLOCK_SKEW.total_seconds())


_REQUIRED = ("type", "cryptosuite", "verificationMethod", "proofPurpose", "proofValue")


def precheck(proof: Any, expect: ProofExpectations) -> Problem | None:
    """Shape, suite, purpose, dates, challenge/domain and proofValue encoding of one proof."""
    if not isinstance(proof, Mapping):
        return (ErrorCode.PROOF_MALFORMED, "proof must be an object")
    if proof.get("type") != "DataIntegrityProof":
        return (
            ErrorCode.PROOF_UNKNOWN_TYPE,
            f"unsupported proof type {str(proof.get('type'))[:60]!r}",
        )
    missing = [k for k in _REQUIRED if not isinstance(proof.get(k), str) or not proof.get(k)]
    if missing:
        return (ErrorCode.PROOF_MALFORMED, f"proof is missing {', '.join(missing)}")
    suite = proof["cryptosuite"]
    if get_cryptosuite(suite) is None:
        return (ErrorCode.PROOF_UNKNOWN_CRYPTOSUITE, f"unknown cryptosuite {suite[:60]!r}")
    if suite not in expect.allowed_suites:
        return (ErrorCode.PROOF_CRYPTOSUITE_NOT_ALLOWED, f"cryptosuite {suite!r} is not allowed")
    if proof["proofPurpose"] != expect.purpose:
        return (
            ErrorCode.PROOF_WRONG_PURPOSE,
            f"proof purpose is {proof['proofPurpose'][:40]!r}",
            {"expected": expect.purpose, "actual": proof["proofPurpose"][:40]},
        )
    return _check_dates(proof, expect) or _check_binding(proof, expect) or _check_value(proof)


def _check_dates(proof: Mapping[str, Any], expect: ProofExpectations) -> Problem | None:
    skew = expect.max_clock_skew_seconds
    if "created" in proof:
        created = parse_datetime_stamp(proof["created"])
        if created is None:
            return (ErrorCode.PROOF_INVALID_CREATED, "proof created is not a dateTimeStamp")
        if (created - expect.now).total_seconds() > skew:
            return (
                ErrorCode.PROOF_CREATED_IN_FUTURE,
                "proof was created in the future",
                {"created": proof["created"], "now": expect.now.isoformat()},
            )
    if "expires" in proof:
        expires = parse_datetime_stamp(proof["expires"])
        if expires is None or expires < expect.now:
            return (
                ErrorCode.PROOF_EXPIRED,
                "proof has expired",
                {"expires": str(proof["expires"])[:40], "now": expect.now.isoformat()},
            )
    return None


def _as_set(value: Any) -> set[str] | None:
    items = value if isinstance(value, list) else [value]
    return set(items) if all(isinstance(i, str) for i in items) else None


def _check_binding(proof: Mapping[str, Any], expect: ProofExpectations) -> Problem | None:
    if expect.domain is not None and _as_set(proof.get("domain")) != {expect.domain}:
        return (ErrorCode.PROOF_DOMAIN_MISMATCH, "proof domain does not match the expected domain")
    if expect.challenge is not None:
        if "challenge" not in proof:
            return (ErrorCode.PROOF_CHALLENGE_MISSING, "proof has no challenge")
        if proof["challenge"] != expect.challenge:
            return (ErrorCode.PROOF_CHALLENGE_MISMATCH, "proof challenge does not match")
    elif expect.require_challenge:
        return (
            ErrorCode.PROOF_CHALLENGE_NOT_CHECKED,
            "no expected challenge was given, so replay cannot be excluded",
            {},
            CheckStatus.INDETERMINATE,
        )
    return None


def _check_value(proof: Mapping[str, Any]) -> Problem | None:
    value = proof["proofValue"]
    if len(value) > 200:  # 96-byte signatures take at most 133 base58 characters
        return (ErrorCode.PROOF_MALFORMED_PROOF_VALUE, "proofValue is too long")
    if not value.startswith("z"):
        return (ErrorCode.PROOF_MALFORMED_PROOF_VALUE, "proofValue must be multibase base58btc")
    try:
        multibase_decode(value)
    except ValueError:
        return (ErrorCode.PROOF_MALFORMED_PROOF_VALUE, "proofValue is not valid base58btc")
    return None


def resolve_method(
    proof: Mapping[str, Any], resolver: KeyResolver, expect: ProofExpectations, suite: Cryptosuite
) -> ResolvedMethod | Problem:
    """Resolve the verification method and check key type, relationship and signature length."""
    try:
        method = resolver.resolve(proof["verificationMethod"])
    except ResolutionError as exc:
        if exc.kind == "invalid":
            return (ErrorCode.PROOF_VERIFICATION_METHOD_INVALID, str(exc))
        if exc.kind == "not_listed":  # the controller's document is known and lacks the key
            return (ErrorCode.PROOF_VERIFICATION_METHOD_NOT_LISTED, str(exc))
        return (
            ErrorCode.PROOF_VERIFICATION_METHOD_UNRESOLVABLE,
            str(exc),
            {},
            CheckStatus.INDETERMINATE,
        )
    key_type = method.public_key.key_type
    if key_type not in suite.hashes:
        return (ErrorCode.PROOF_KEY_TYPE_MISMATCH, f"{suite.name} cannot use a {key_type} key")
    if expect.purpose not in method.relationships:
        return (
            ErrorCode.PROOF_NOT_AUTHORIZED,
            f"the key is not listed under {expect.purpose} in its DID document",
        )
    if len(multibase_decode(proof["proofValue"])) != suite.signature_lengths[key_type]:
        return (ErrorCode.PROOF_MALFORMED_PROOF_VALUE, "proofValue has the wrong length")
    return method
