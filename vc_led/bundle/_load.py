"""Reading a trust bundle: parse, check the format, find the signing key through the pins and
the rotation chain (the bundle's, joined with the one the verifier remembers), verify the
proof, check the age (the verifier's limit; the bundle's recommendation can only shorten the
default) and that it is not older than the newest bundle accepted, then read the payload.
Every refusal is a :class:`BundleError` with its code; nothing is returned half-checked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from .._engine import Engine
from .._structure import parse_document
from .._time import MAX_CLOCK_SKEW, parse_datetime_stamp
from ..dids import DidResolver, ResolutionError, ResolvedMethod
from ..errors import ConfigurationError, DocumentError, KeyFormatError
from ..keys import PublicKey, decode_multikey
from ..policy import VerificationPolicy
from ..results import CheckStatus, ErrorCode, VerificationResult
from ..trust.codec import registry_from_dict
from ._chain import reachable_keys, read_chain
from ._errors import BundleError, BundleErrorCode
from ._format import (
    BUNDLE_CONTEXT,
    BUNDLE_CONTEXT_V2,
    BUNDLE_FORMAT,
    BUNDLE_FORMAT_V2,
    BUNDLE_LIMITS,
    BUNDLE_SUBJECT_TYPE,
    BUNDLE_TYPE,
    DEFAULT_MAX_AGE,
    keyed_by_id,
    parse_duration,
)
from ._jose import ANCHORS, METADATA, TOKENS, read_anchors, read_metadata, read_tokens
from ._state import TrustRecord, TrustState, merge_chains

__all__ = ["read_bundle"]

C = BundleErrorCode
_CODES = {
    ErrorCode.PROOF_CREATED_IN_FUTURE: C.NOT_YET_VALID,
    ErrorCode.VALIDITY_NOT_YET_VALID: C.NOT_YET_VALID,
    ErrorCode.VALIDITY_EXPIRED: C.EXPIRED,
}
_BY_CHECK = {"proof": C.SIGNATURE_INVALID, "issuer": C.UNTRUSTED_KEY}


def _types(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _parse(data: Any) -> dict[str, Any]:
    try:
        return parse_document(data, BUNDLE_LIMITS)
    except DocumentError as exc:
        if exc.code == ErrorCode.STRUCTURE_TOO_LARGE:
            raise BundleError(C.TOO_LARGE, "the bundle is too large", exc.details) from None
        raise BundleError(C.MALFORMED, f"the bundle is not readable JSON: {exc.message}") from None


def _subject(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    contexts = _types(doc.get("@context"))
    if BUNDLE_TYPE not in _types(doc.get("type")) or BUNDLE_CONTEXT not in contexts:
        raise BundleError(C.WRONG_FORMAT, f"not a {BUNDLE_TYPE} (a vc-led trust bundle)")
    subject = doc.get("credentialSubject")
    if not isinstance(subject, Mapping) or BUNDLE_SUBJECT_TYPE not in _types(subject.get("type")):
        raise BundleError(C.WRONG_FORMAT, f"the bundle's subject is not a {BUNDLE_SUBJECT_TYPE}")
    found = subject.get("bundleFormat")
    if found not in (BUNDLE_FORMAT, BUNDLE_FORMAT_V2):
        raise BundleError(
            C.WRONG_FORMAT,
            "the bundle's format is not one this version of vc-led reads",
            {"format": str(found)[:20], "supported": f"{BUNDLE_FORMAT}, {BUNDLE_FORMAT_V2}"},
        )
    extended = [m for m in (ANCHORS, TOKENS, METADATA) if m in subject]
    if extended and (found != BUNDLE_FORMAT_V2 or BUNDLE_CONTEXT_V2 not in contexts):
        # without the v2 vocabulary the proof would not cover these members
        raise BundleError(
            C.WRONG_FORMAT,
            f"{extended[0]} needs bundle format {BUNDLE_FORMAT_V2} and its context",
            {"member": extended[0], "context": BUNDLE_CONTEXT_V2},
        )
    if not isinstance(doc.get("issuer"), str):
        raise BundleError(C.WRONG_FORMAT, "the bundle's issuer must be the registry's DID")
    return subject


def _pins(pinned_keys: Iterable[PublicKey | str]) -> set[str]:
    pins: set[str] = set()
    for key in pinned_keys:
        text = key.multibase if isinstance(key, PublicKey) else key
        try:
            pins.add(decode_multikey(text).multibase)
        except KeyFormatError as exc:
            raise ConfigurationError(f"pinned registry key {str(text)[:60]!r}: {exc}") from None
    if not pins:
        raise ConfigurationError("no registry key is pinned")
    return pins


class _PinnedResolver:
    """Resolves the registry's verification methods from the bundle's own DID documents, but
    only to keys that are pinned or reached from a pin."""

    def __init__(self, documents: Mapping[str, Mapping[str, Any]], keys: Iterable[str]) -> None:
        self._inner = DidResolver(documents)
        self._keys = set(keys)

    def resolve(self, vm_id: str) -> ResolvedMethod:
        method = self._inner.resolve(vm_id)
        if method.public_key.multibase not in self._keys:
            raise ResolutionError("unresolvable", "the key is not a pinned registry key")
        return method


def _signing_key(
    doc: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]], reached: Iterable[str]
) -> str:
    proofs = [p for p in _types(doc.get("proof")) if isinstance(p, Mapping)]
    if not proofs:
        raise BundleError(C.SIGNATURE_INVALID, "the bundle is not signed")
    keys: list[str] = []
    for proof in proofs:
        vm = proof.get("verificationMethod")
        try:
            method = DidResolver(documents).resolve(str(vm))
        except ResolutionError:
            raise BundleError(
                C.UNTRUSTED_KEY,
                "the bundle's signing key is not in the registry DID document it carries",
                {"verification_method": str(vm)[:200]},
            ) from None
        keys.append(method.public_key.multibase)
    untrusted = [k for k in keys if k not in set(reached)]
    if untrusted:
        raise BundleError(
            C.UNTRUSTED_KEY,
            "the bundle is signed by a key that is not the pinned registry key "
            "(nor reached from it by the registry's key-rotation chain)",
            {"key": untrusted[0]},
        )
    return keys[0]


def _verify(
    doc: Mapping[str, Any], documents: Mapping[str, Any], keys: Iterable[str], now: datetime
) -> VerificationResult:
    policy = VerificationPolicy(trusted_issuers=frozenset({doc["issuer"]}), limits=BUNDLE_LIMITS)
    engine = Engine(policy, resolver=_PinnedResolver(documents, keys)).budgeted()
    result = engine.check_credential(dict(doc), now=now)
    for check in result.checks:
        if check.status in (CheckStatus.PASSED, CheckStatus.SKIPPED):
            continue
        cause: dict[str, str | int] = {"cause": (check.code or check.status).value}
        code = _CODES.get(check.code) if check.code is not None else None
        code = code or _BY_CHECK.get(check.check, C.WRONG_FORMAT)
        raise BundleError(code, f"the bundle does not verify: {check.message}", cause)
    return result


def _created(doc: Mapping[str, Any]) -> datetime:
    created = parse_datetime_stamp(doc.get("validFrom"))
    if created is None:
        raise BundleError(C.WRONG_FORMAT, "the bundle has no creation time (validFrom)")
    return created


def _signed_at(doc: Mapping[str, Any], created: datetime) -> datetime:
    proofs = [p for p in _types(doc.get("proof")) if isinstance(p, Mapping)]
    stamps = [parse_datetime_stamp(p.get("created")) for p in proofs]
    known = [s for s in stamps if s is not None]
    return max([created, *known])


def _check_age(created: datetime, *, now: datetime, limit: timedelta) -> None:
    details: dict[str, str | int] = {"created": created.isoformat(), "now": now.isoformat()}
    if created > now + MAX_CLOCK_SKEW:
        raise BundleError(C.NOT_YET_VALID, "the bundle was made in the future", details)
    age = now - created
    if age > limit:
        details |= {
            "age_seconds": int(age.total_seconds()),
            "max_age_seconds": int(limit.total_seconds()),
        }
        raise BundleError(
            C.EXPIRED, "the bundle is older than the maximum age; fetch a fresh one", details
        )


def _check_not_older(doc: Mapping[str, Any], created: datetime, known: TrustRecord | None) -> None:
    if known is None or created >= known.created:
        return
    raise BundleError(
        C.ROLLED_BACK,
        "the bundle is older than the newest bundle this verifier already accepted",
        {
            "created": created.isoformat(),
            "newest_accepted": known.created.isoformat(),
            "newest_accepted_id": known.bundle_id[:200],
            "id": str(doc.get("id", ""))[:200],
        },
    )


def _check_retired(key: str, signed_at: datetime, reached: Mapping[str, datetime | None]) -> None:
    retired = reached.get(key)
    if retired is not None and signed_at >= retired:
        raise BundleError(
            C.KEY_RETIRED,
            "the bundle is signed by a registry key that the key-rotation chain retired",
            {"key": key, "retired_at": retired.isoformat(), "signed_at": signed_at.isoformat()},
        )


def read_bundle(
    data: Any,
    *,
    pinned_keys: Iterable[PublicKey | str],
    now: datetime,
    max_age: timedelta | None,
    state: TrustState | None = None,
) -> dict[str, Any]:
    """Check a bundle and return the fields of a :class:`~vc_led.TrustBundle`.

    Args:
        data: the bundle.
        pinned_keys: the registry keys trusted.
        now: the time to check against.
        max_age: the verifier's maximum age; by default the bundle's recommendation, but never
            more than :data:`DEFAULT_MAX_AGE` (a bundle cannot lengthen its own life).
        state: the verifier's trust state, if it keeps one: what it remembers of this
            registry (its rotations, and the newest bundle it accepted). Only read here.

    Raises:
        BundleError: with the code of the first problem found.
        ConfigurationError: when no pinned key is given or one does not decode, or the trust
            state cannot be read.
    """
    pins = _pins(pinned_keys)
    doc = _parse(data)
    subject = _subject(doc)
    registry_did = str(doc["issuer"])
    documents = keyed_by_id(subject.get("didDocuments", []), "didDocuments")
    chain = read_chain(subject.get("registryKeyChain"), registry=registry_did)
    known = state.record(registry_did) if state is not None else None
    reached = reachable_keys(pins, merge_chains(known.key_chain if known else (), chain))
    key = _signing_key(doc, documents, reached)
    _verify(doc, documents, [key], now)
    created = _created(doc)
    recommended = parse_duration(subject.get("recommendedMaxAge"))
    if recommended is None:
        raise BundleError(C.WRONG_FORMAT, "the bundle has no recommendedMaxAge duration")
    limit = max_age or min(recommended, DEFAULT_MAX_AGE)
    _check_age(created, now=now, limit=limit)
    _check_retired(key, _signed_at(doc, created), reached)
    _check_not_older(doc, created, known)
    try:
        registry = registry_from_dict(subject.get("trustList") or {})
    except ConfigurationError as exc:
        raise BundleError(C.CONTENT_INVALID, f"the bundle's trust list: {exc}") from None
    lists = keyed_by_id(subject.get("statusListCredentials", []), "statusListCredentials")
    return {
        "x509_anchors": read_anchors(subject.get(ANCHORS)),
        "status_list_tokens": read_tokens(subject.get(TOKENS)),
        "issuer_keys": read_metadata(subject.get(METADATA)),
        "registry": registry,
        "registry_did": registry_did,
        "did_documents": documents,
        "status_lists": lists,
        "created": created,
        "max_age": limit,
        "key_chain": chain,
        "signing_key": key,
        "chained": key not in pins,
        "document": doc,
    }
