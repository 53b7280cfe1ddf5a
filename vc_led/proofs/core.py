"""Data Integrity proof creation and verification (DI 1.0 §4.2-§4.5) — hazmat.

Proof sets and chains are supported: every proof in ``proof`` is checked, and a proof with
``previousProof`` is checked against the document carrying exactly the proofs it names.
Nothing here decides whether the *issuer* may speak; see :class:`vc_led.Verifier`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .._multibase import multibase_decode, multibase_encode_b58
from .._time import format_datetime, utcnow
from ..dids import KeyResolver
from ..errors import DocumentError, SigningError
from ..jsonld.canon import CanonicalForm, Canonicalizer, shared_canonicalizer
from ..keys import SigningKey
from ..results import CheckStatus, ErrorCode
from .suites import get_cryptosuite
from .verify_steps import ProofExpectations, precheck, resolve_method

__all__ = ["ProofExpectations", "ProofOutcome", "add_proof", "create_proof", "verify_proofs"]

PROOF_TYPE = "DataIntegrityProof"


@dataclass(frozen=True, slots=True)
class ProofOutcome:
    """The verification outcome of one proof in a proof set or chain."""

    index: int
    status: CheckStatus
    code: ErrorCode | None = None
    message: str = ""
    verification_method: str | None = None
    controller: str | None = None
    purpose: str | None = None
    cryptosuite: str | None = None
    details: Mapping[str, str | int] = field(default_factory=dict)


def _proofs_of(document: Mapping[str, Any]) -> list[Any]:
    proof = document.get("proof")
    if proof is None:
        return []
    return list(proof) if isinstance(proof, list) else [proof]


def _with_proofs(document: Mapping[str, Any], proofs: Sequence[Any]) -> dict[str, Any]:
    out = {k: v for k, v in document.items() if k != "proof"}
    if proofs:
        out["proof"] = list(proofs) if len(proofs) > 1 else proofs[0]
    return out


def _previous_ids(proof: Mapping[str, Any]) -> list[str] | None:
    prev = proof.get("previousProof")
    if prev is None:
        return []
    items = prev if isinstance(prev, list) else [prev]
    return (
        [p for p in items if isinstance(p, str)] if all(isinstance(p, str) for p in items) else None
    )


def _matching(proofs: Sequence[Any], ids: Sequence[str]) -> list[Any] | None:
    found = []
    for wanted in ids:
        match = [p for p in proofs if isinstance(p, Mapping) and p.get("id") == wanted]
        if not match:
            return None
        found.append(match[0])
    return found


def create_proof(
    document: Mapping[str, Any],
    *,
    key: SigningKey,
    cryptosuite: str = "eddsa-rdfc-2022",
    purpose: str = "assertionMethod",
    created: datetime | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    proof_id: str | None = None,
    previous_proof: str | Sequence[str] | None = None,
    canonicalizer: Canonicalizer | None = None,
) -> dict[str, Any]:
    """Create a ``DataIntegrityProof`` for ``document`` (its existing proofs are not signed,
    except those named in ``previous_proof``, which makes a proof chain).

    Returns:
        The proof object (with ``proofValue``), not yet attached.

    Raises:
        SigningError: unknown suite, a key the suite does not accept, a missing previous proof,
            or a document that fails safe-mode canonicalization (its ``code`` says why).
    """
    suite = get_cryptosuite(cryptosuite)
    if suite is None:
        raise SigningError(
            ErrorCode.PROOF_UNKNOWN_CRYPTOSUITE, f"unknown cryptosuite {cryptosuite!r}"
        )
    if key.key_type not in suite.hashes:
        raise SigningError(
            ErrorCode.PROOF_KEY_TYPE_MISMATCH, f"{cryptosuite} cannot use a {key.key_type} key"
        )
    config: dict[str, Any] = {"type": PROOF_TYPE}
    if proof_id:
        config["id"] = proof_id
    config |= {
        "cryptosuite": cryptosuite,
        "created": format_datetime(created or utcnow()),
        "verificationMethod": key.id,
        "proofPurpose": purpose,
    }
    if challenge is not None:
        config["challenge"] = challenge
    if domain is not None:
        config["domain"] = domain
    prev_ids: list[str] = []
    if previous_proof:
        prev_ids = [previous_proof] if isinstance(previous_proof, str) else list(previous_proof)
        config["previousProof"] = previous_proof if isinstance(previous_proof, str) else prev_ids
    matching = _matching(_proofs_of(document), prev_ids)
    if matching is None:
        raise SigningError(
            ErrorCode.PROOF_PREVIOUS_PROOF_MISSING, "previousProof names a proof not present"
        )
    canon = canonicalizer or shared_canonicalizer()
    rdfc = suite.rdfc_hash(key.key_type)
    try:
        doc_canon = canon.canonicalize(_with_proofs(document, matching), hash_name=rdfc)
        cfg_canon = canon.canonicalize(
            {"@context": document.get("@context"), **config}, hash_name=rdfc
        )
    except DocumentError as exc:
        raise SigningError(exc.code, exc.message, exc.details) from None
    data = suite.hash_data(
        key_type=key.key_type,
        canonical_config=cfg_canon.nquads,
        canonical_document=doc_canon.nquads,
    )
    return {**config, "proofValue": multibase_encode_b58(key.sign(data))}


def add_proof(document: Mapping[str, Any], **options: Any) -> dict[str, Any]:
    """Return a copy of ``document`` with a new proof added to its proof set.

    Takes the keyword arguments of :func:`create_proof`.
    """
    proof = create_proof(document, **options)
    return _with_proofs(copy.deepcopy(dict(document)), [*_proofs_of(document), proof])


def verify_proofs(
    document: Mapping[str, Any],
    *,
    resolver: KeyResolver,
    expect: ProofExpectations,
    canonicalizer: Canonicalizer,
    unsecured_canonical: CanonicalForm | None = None,
) -> list[ProofOutcome]:
    """Verify every proof of ``document``. Never raises on document content.

    Args:
        document: the secured document.
        resolver: turns verification method ids into keys (offline).
        expect: purpose, challenge, domain, allowed suites and the clock.
        canonicalizer: safe-mode canonicalizer (with its context cache).
        unsecured_canonical: the canonical form of the document without proofs, if known.

    Returns:
        One :class:`ProofOutcome` per proof, in document order (empty if there is none).
    """
    proofs = _proofs_of(document)
    if len(proofs) > canonicalizer.limits.max_proofs:
        return [
            ProofOutcome(
                0,
                CheckStatus.FAILED,
                ErrorCode.PROOF_MALFORMED,
                f"too many proofs ({len(proofs)}, limit {canonicalizer.limits.max_proofs})",
            )
        ]
    cache: dict[tuple[str, tuple[int, ...]], CanonicalForm] = {}
    if unsecured_canonical is not None:
        cache[(unsecured_canonical.hash_name, ())] = unsecured_canonical
    outcomes = []
    for index, proof in enumerate(proofs):
        outcomes.append(
            _verify_one(
                document,
                proofs,
                index,
                proof,
                resolver=resolver,
                expect=expect,
                canonicalizer=canonicalizer,
                cache=cache,
            )
        )
    return outcomes


def _verify_one(
    document: Mapping[str, Any],
    proofs: list[Any],
    index: int,
    proof: Any,
    *,
    resolver: KeyResolver,
    expect: ProofExpectations,
    canonicalizer: Canonicalizer,
    cache: dict[tuple[str, tuple[int, ...]], CanonicalForm],
) -> ProofOutcome:
    fail = _failer(index, proof)
    problem = precheck(proof, expect)
    if problem is not None:
        return fail(*problem)
    suite = get_cryptosuite(proof["cryptosuite"])
    assert suite is not None  # precheck verified it
    method = resolve_method(proof, resolver, expect, suite)
    if isinstance(method, tuple):
        return fail(*method)
    prev_ids = _previous_ids(proof)
    matching = _matching(proofs, prev_ids) if prev_ids is not None else None
    if matching is None:
        return fail(
            ErrorCode.PROOF_PREVIOUS_PROOF_MISSING, "previousProof names a proof not present"
        )
    rdfc = suite.rdfc_hash(method.public_key.key_type)
    key = (rdfc, tuple(sorted(proofs.index(p) for p in matching)))
    try:
        if key not in cache:
            cache[key] = canonicalizer.canonicalize(
                _with_proofs(document, matching), hash_name=rdfc
            )
        options = {k: v for k, v in proof.items() if k != "proofValue"}
        cfg = canonicalizer.canonicalize(
            {"@context": document.get("@context"), **options}, hash_name=rdfc
        )
    except DocumentError as exc:
        return fail(
            ErrorCode.PROOF_MALFORMED,
            f"proof cannot be canonicalized: {exc.message}",
            {"cause": exc.code},
        )
    data = suite.hash_data(
        key_type=method.public_key.key_type,
        canonical_config=cfg.nquads,
        canonical_document=cache[key].nquads,
    )
    signature = multibase_decode(proof["proofValue"])
    if not method.public_key.verify(signature, data):
        return fail(ErrorCode.PROOF_SIGNATURE_INVALID, "the signature does not match the document")
    return ProofOutcome(
        index,
        CheckStatus.PASSED,
        None,
        "signature verified",
        method.id,
        method.controller,
        proof.get("proofPurpose"),
        suite.name,
    )


def _failer(index: int, proof: Any) -> Callable[..., ProofOutcome]:
    info = proof if isinstance(proof, Mapping) else {}

    def fail(
        code: ErrorCode,
        message: str,
        details: Mapping[str, str | int] | None = None,
        status: CheckStatus = CheckStatus.FAILED,
    ) -> ProofOutcome:
        vm = info.get("verificationMethod")
        return ProofOutcome(
            index,
            status,
            code,
            message,
            vm if isinstance(vm, str) else None,
            None,
            info.get("proofPurpose") if isinstance(info.get("proofPurpose"), str) else None,
            info.get("cryptosuite") if isinstance(info.get("cryptosuite"), str) else None,
            dict(details or {}),
        )

    return fail
