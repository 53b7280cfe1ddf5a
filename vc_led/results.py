"""Verification results: one frozen record per check, each with a stable code.

The result of verifying a credential or a presentation is a :class:`VerificationResult`:
an ordered tuple of :class:`CheckResult` (``structure -> context -> proof -> issuer ->
validity -> status -> holder_binding``). Each check ends ``passed``, ``failed``,
``indeterminate`` (could not decide) or ``skipped``. Failures carry an :class:`ErrorCode`
of the form ``<check>.<reason>``; codes are part of the public API and are never renamed.
Messages are for people and may change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from .errors import VerificationError

__all__ = [
    "CHECK_ORDER",
    "Authenticity",
    "CheckResult",
    "CheckStatus",
    "ErrorCode",
    "Outcome",
    "VerificationResult",
]

CHECK_ORDER: tuple[str, ...] = (
    "structure",
    "context",
    "proof",
    "issuer",
    "validity",
    "status",
    "holder_binding",
)


class CheckStatus(StrEnum):
    """The outcome of one check."""

    PASSED = "passed"
    FAILED = "failed"
    INDETERMINATE = "indeterminate"
    SKIPPED = "skipped"


class Outcome(StrEnum):
    """The overall outcome: failed wins over indeterminate, which wins over verified."""

    VERIFIED = "verified"
    FAILED = "failed"
    INDETERMINATE = "indeterminate"


class Authenticity(StrEnum):
    """What a credential says about the record behind it (LED ``Authenticiteit``), as the
    ``issuer`` check read it once the issuer's key was known to have signed.

    A self-declared record (``Eigen verklaring - Op eer`` / ``- Geverifieerd``) is genuinely
    issued: the signature and the issuer are real, but the content is the holder's own statement.
    """

    AUTHENTIC = "authentic"
    SELF_DECLARED = "self_declared"
    NOT_STATED = "not_stated"


class ErrorCode(StrEnum):
    """Stable ``<check>.<reason>`` codes. Released codes are never renamed or reused."""

    # structure: the document is not a well-formed credential or presentation
    STRUCTURE_MALFORMED_JSON = "structure.malformed_json"
    STRUCTURE_NOT_AN_OBJECT = "structure.not_an_object"
    STRUCTURE_TOO_LARGE = "structure.too_large"
    STRUCTURE_TOO_DEEP = "structure.too_deep"
    STRUCTURE_TOO_MANY_VALUES = "structure.too_many_values"
    STRUCTURE_MISSING_CONTEXT = "structure.missing_context"
    STRUCTURE_INVALID_BASE_CONTEXT = "structure.invalid_base_context"
    STRUCTURE_MISSING_TYPE = "structure.missing_type"
    STRUCTURE_NOT_A_CREDENTIAL = "structure.not_a_credential"
    STRUCTURE_NOT_A_PRESENTATION = "structure.not_a_presentation"
    STRUCTURE_INVALID_ID = "structure.invalid_id"
    STRUCTURE_MISSING_ISSUER = "structure.missing_issuer"
    STRUCTURE_INVALID_ISSUER = "structure.invalid_issuer"
    STRUCTURE_MISSING_SUBJECT = "structure.missing_subject"
    STRUCTURE_INVALID_SUBJECT = "structure.invalid_subject"
    STRUCTURE_INVALID_DATE = "structure.invalid_date"
    STRUCTURE_INVALID_STATUS = "structure.invalid_status"
    STRUCTURE_INVALID_SCHEMA_REF = "structure.invalid_schema_reference"
    STRUCTURE_INVALID_TYPED_OBJECT = "structure.invalid_typed_object"
    STRUCTURE_INVALID_HOLDER = "structure.invalid_holder"
    STRUCTURE_INVALID_EMBEDDED_CREDENTIAL = "structure.invalid_embedded_credential"
    STRUCTURE_SCHEMA_INVALID = "structure.schema_invalid"
    STRUCTURE_SCHEMA_UNAVAILABLE = "structure.schema_unavailable"
    STRUCTURE_INVALID_STAPLED = "structure.invalid_stapled_status"
    STRUCTURE_CONTAINS_INSZ = "structure.contains_insz"  # issuance refuses to sign it
    STRUCTURE_RELATED_RESOURCE_INVALID = "structure.related_resource_invalid"
    STRUCTURE_RELATED_RESOURCE_DIGEST_MISMATCH = "structure.related_resource_digest_mismatch"
    # structure: SD-JWT VC (RFC 9901, draft-ietf-oauth-sd-jwt-vc-19)
    STRUCTURE_SD_JWT_MALFORMED = "structure.sd_jwt_malformed"
    STRUCTURE_SD_JWT_TOO_MANY_DISCLOSURES = "structure.sd_jwt_too_many_disclosures"
    STRUCTURE_SD_JWT_WRONG_TYPE = "structure.sd_jwt_wrong_type"
    STRUCTURE_SD_JWT_MISSING_CLAIM = "structure.sd_jwt_missing_claim"
    STRUCTURE_SD_ALG_UNSUPPORTED = "structure.sd_alg_unsupported"
    STRUCTURE_DISCLOSURE_INVALID = "structure.disclosure_invalid"
    STRUCTURE_DISCLOSURE_DUPLICATE = "structure.disclosure_duplicate"
    STRUCTURE_DISCLOSURE_UNREFERENCED = "structure.disclosure_unreferenced"
    STRUCTURE_DISCLOSURE_NOT_ALLOWED = "structure.disclosure_not_allowed"
    STRUCTURE_SD_DIGEST_DUPLICATE = "structure.sd_digest_duplicate"
    STRUCTURE_SD_CLAIM_CLASH = "structure.sd_claim_clash"
    STRUCTURE_VCT_INTEGRITY_MISMATCH = "structure.vct_integrity_mismatch"
    STRUCTURE_SD_ALWAYS_CLAIM_IN_CLEAR = "structure.sd_always_claim_in_clear"
    # context: JSON-LD processing, offline and in safe mode
    CONTEXT_NOT_AVAILABLE_OFFLINE = "context.not_available_offline"
    CONTEXT_MIXED_VERSIONS = "context.mixed_versions"
    CONTEXT_UNDEFINED_TERM = "context.undefined_term"
    CONTEXT_UNDEFINED_TYPE = "context.undefined_type"
    CONTEXT_RELATIVE_IRI = "context.relative_iri"
    CONTEXT_PROTECTED_TERM_REDEFINITION = "context.protected_term_redefinition"
    CONTEXT_INVALID = "context.invalid"
    CONTEXT_TOO_MANY_BLANK_NODES = "context.too_many_blank_nodes"
    CONTEXT_CANONICALIZATION_TOO_COSTLY = "context.canonicalization_too_costly"
    CONTEXT_PROCESSING_TOO_COSTLY = "context.processing_too_costly"
    CONTEXT_HASH_MISMATCH = "context.hash_mismatch"
    # proof: Data Integrity
    PROOF_MISSING = "proof.missing"
    PROOF_MALFORMED = "proof.malformed"
    PROOF_UNKNOWN_TYPE = "proof.unknown_type"
    PROOF_UNKNOWN_CRYPTOSUITE = "proof.unknown_cryptosuite"
    PROOF_CRYPTOSUITE_NOT_ALLOWED = "proof.cryptosuite_not_allowed"
    PROOF_MALFORMED_PROOF_VALUE = "proof.malformed_proof_value"
    PROOF_SIGNATURE_INVALID = "proof.signature_invalid"
    PROOF_WRONG_PURPOSE = "proof.wrong_purpose"
    PROOF_INVALID_CREATED = "proof.invalid_created"
    PROOF_CREATED_IN_FUTURE = "proof.created_in_future"
    PROOF_EXPIRED = "proof.expired"
    PROOF_CHALLENGE_MISMATCH = "proof.challenge_mismatch"
    PROOF_CHALLENGE_MISSING = "proof.challenge_missing"
    PROOF_CHALLENGE_NOT_CHECKED = "proof.challenge_not_checked"
    PROOF_DOMAIN_MISMATCH = "proof.domain_mismatch"
    PROOF_PREVIOUS_PROOF_MISSING = "proof.previous_proof_missing"
    PROOF_VERIFICATION_METHOD_UNRESOLVABLE = "proof.verification_method_unresolvable"
    PROOF_VERIFICATION_METHOD_INVALID = "proof.verification_method_invalid"
    PROOF_VERIFICATION_METHOD_NOT_LISTED = "proof.verification_method_not_listed"
    PROOF_KEY_TYPE_MISMATCH = "proof.key_type_mismatch"
    PROOF_NOT_AUTHORIZED = "proof.verification_relationship_missing"
    PROOF_KEY_RETIRED = "proof.key_retired"
    PROOF_CERTIFICATE_UNTRUSTED = "proof.certificate_untrusted"
    PROOF_CERTIFICATE_EXPIRED = "proof.certificate_expired"
    PROOF_CERTIFICATE_INVALID = "proof.certificate_invalid"
    PROOF_ALGORITHM_NOT_ALLOWED = "proof.algorithm_not_allowed"  # JOSE: none, HMAC, others
    # issuer: may this issuer speak, and is the key theirs
    ISSUER_NO_TRUST_POLICY = "issuer.no_trust_policy"
    ISSUER_NOT_TRUSTED = "issuer.not_trusted"
    ISSUER_KEY_NOT_CONTROLLED = "issuer.key_not_controlled"
    ISSUER_NOT_ACCREDITED = "issuer.not_accredited"
    ISSUER_OUT_OF_SCOPE = "issuer.out_of_scope"
    ISSUER_BEFORE_COVERAGE = "issuer.before_coverage"
    ISSUER_SUSPENDED = "issuer.suspended"
    ISSUER_KEY_NOT_ACCREDITED = "issuer.key_not_accredited"
    ISSUER_NOT_AUTHENTIC = "issuer.not_authentic"
    ISSUER_CERTIFICATE_ISS_MISMATCH = "issuer.certificate_iss_mismatch"
    ISSUER_CERTIFICATE_NOT_CHECKED = "issuer.certificate_chain_not_checked"
    ISSUER_SCOPE_CLAIMS_WITHHELD = "issuer.scope_claims_withheld"
    # validity: validFrom / validUntil against the clock
    VALIDITY_EXPIRED = "validity.expired"
    VALIDITY_NOT_YET_VALID = "validity.not_yet_valid"
    VALIDITY_INVALID_RANGE = "validity.invalid_range"
    # status: Bitstring Status List
    STATUS_NO_PROVIDER = "status.no_provider"
    STATUS_REVOKED = "status.revoked"
    STATUS_SUSPENDED = "status.suspended"
    STATUS_RETRIEVAL_ERROR = "status.retrieval_error"
    STATUS_LIST_INVALID = "status.list_invalid"
    STATUS_STALE = "status.stale"
    STATUS_LIST_NOT_FOUND = "status.list_not_found"
    STATUS_LIST_UNVERIFIABLE = "status.list_unverifiable"
    STATUS_LIST_NOT_YET_VALID = "status.list_not_yet_valid"
    STATUS_LIST_TOO_SHORT = "status.list_too_short"
    STATUS_LIST_TOO_LARGE = "status.list_too_large"
    STATUS_PURPOSE_MISMATCH = "status.purpose_mismatch"
    STATUS_INDEX_OUT_OF_RANGE = "status.index_out_of_range"
    STATUS_ENTRY_INVALID = "status.entry_invalid"
    STATUS_UNSUPPORTED_ENTRY = "status.unsupported_entry"
    STATUS_HOST_NOT_ALLOWED = "status.host_not_allowed"
    STATUS_UNKNOWN_VALUE = "status.unknown_value"
    # holder_binding: who presents
    HOLDER_BINDING_HOLDER_MISMATCH = "holder_binding.holder_mismatch"
    HOLDER_BINDING_CREDENTIAL_INVALID = "holder_binding.credential_invalid"
    HOLDER_BINDING_NOT_SUBJECT = "holder_binding.not_subject"
    # holder_binding: SD-JWT key binding JWT (RFC 9901 §7.3)
    HOLDER_BINDING_KB_JWT_MISSING = "holder_binding.kb_jwt_missing"
    HOLDER_BINDING_KB_JWT_INVALID = "holder_binding.kb_jwt_invalid"
    HOLDER_BINDING_KB_JWT_SIGNATURE_INVALID = "holder_binding.kb_jwt_signature_invalid"
    HOLDER_BINDING_NO_HOLDER_KEY = "holder_binding.no_holder_key"
    HOLDER_BINDING_SD_HASH_MISMATCH = "holder_binding.sd_hash_mismatch"
    HOLDER_BINDING_IAT_INVALID = "holder_binding.iat_invalid"
    HOLDER_BINDING_AUD_MISMATCH = "holder_binding.aud_mismatch"
    HOLDER_BINDING_NONCE_MISMATCH = "holder_binding.nonce_mismatch"
    HOLDER_BINDING_NONCE_NOT_CHECKED = "holder_binding.nonce_not_checked"

    @property
    def check(self) -> str:
        """The check this code belongs to (the part before the dot)."""
        return self.value.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The result of one check.

    Attributes:
        check: one of :data:`CHECK_ORDER`.
        status: passed, failed, indeterminate or skipped.
        code: the stable code when the check did not pass (``None`` when it passed or was skipped
            for a reason that needs no code).
        message: a sentence for people; may change between releases.
        details: compared values (for example ``{"valid_until": ..., "now": ...}``).
    """

    check: str
    status: CheckStatus
    code: ErrorCode | None = None
    message: str = ""
    details: Mapping[str, str | int] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, object]:
        """Return the stable JSON form of this check."""
        out: dict[str, object] = {"check": self.check, "status": self.status.value}
        out["code"] = self.code.value if self.code is not None else None
        out["message"] = self.message
        if self.details:
            out["details"] = dict(self.details)
        return out


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """The ordered checks of one verification, plus embedded credential results for a VP.

    Attributes:
        kind: ``"credential"`` or ``"presentation"``.
        checks: the checks, in :data:`CHECK_ORDER`.
        credentials: for a presentation, one result per embedded credential.
        document: the parsed document when it could be parsed (``None`` otherwise).
    """

    kind: str
    checks: tuple[CheckResult, ...]
    credentials: tuple[VerificationResult, ...] = ()
    document: Mapping[str, object] | None = field(default=None, compare=False, repr=False)

    @property
    def outcome(self) -> Outcome:
        """Failed if any check (or embedded credential) failed, else indeterminate if any
        could not be decided, else verified."""
        statuses = [c.status for c in self.checks]
        nested = [r.outcome for r in self.credentials]
        if CheckStatus.FAILED in statuses or Outcome.FAILED in nested:
            return Outcome.FAILED
        if CheckStatus.INDETERMINATE in statuses or Outcome.INDETERMINATE in nested:
            return Outcome.INDETERMINATE
        return Outcome.VERIFIED

    @property
    def verified(self) -> bool:
        """True when every check passed or was skipped, in this document and every embedded one."""
        return self.outcome is Outcome.VERIFIED

    @property
    def authenticity(self) -> Authenticity | None:
        """For a credential whose ``issuer`` check read it: authentic, self-declared or not
        stated. ``None`` for a presentation (see each of :attr:`credentials`) or when the
        issuer's signature was not established."""
        level = next(
            (c.details.get("authenticity_level") for c in self.checks if c.check == "issuer"), None
        )
        try:
            return Authenticity(str(level)) if level is not None else None
        except ValueError:
            return None

    @property
    def codes(self) -> tuple[ErrorCode, ...]:
        """Every code reported by this result's own checks, in check order."""
        return tuple(c.code for c in self.checks if c.code is not None)

    def check(self, name: str) -> CheckResult:
        """Return the result of the check called ``name``.

        Raises:
            KeyError: if there is no such check.
        """
        for c in self.checks:
            if c.check == name:
                return c
        raise KeyError(name)

    def raise_for_failure(self) -> None:
        """Raise :class:`~vc_led.errors.VerificationError` unless the result is verified.

        Raises:
            VerificationError: carrying this result.
        """
        if not self.verified:
            raise VerificationError(self)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form: ``verified``, ``outcome``, ``checks`` (and ``authenticity``
        for a credential whose issuer check read it, ``credentials`` for a presentation)."""
        out: dict[str, object] = {
            "kind": self.kind,
            "verified": self.verified,
            "outcome": self.outcome.value,
            "checks": [c.to_dict() for c in self.checks],
        }
        if self.authenticity is not None:
            out["authenticity"] = self.authenticity.value
        if self.kind == "presentation":
            out["credentials"] = [r.to_dict() for r in self.credentials]
        return out
