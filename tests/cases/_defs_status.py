"""Status cases: a credential with Bitstring Status List entries, and the status lists the
verifier holds offline (``environment.json``: ``status_lists``, ``status_list_issuers``)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from _build import ED, ED_OTHER, IND, Case, F, case, credential, failed_at, passing, sign

from vc_led import KeyPair, sign_credential
from vc_led.status import Bitstring, build_status_entry, build_status_list_credential

REV = "https://led.example/status/revocation/1"
SUS = "https://led.example/status/suspension/1"
LIST_FROM = datetime(2025, 12, 31, tzinfo=UTC)  # a day before the cases' NOW
REVOKED, SUSPENDED, CLEAR = 94567, 23452, 1234


def status_list(
    url: str = REV,
    *,
    purpose: str = "revocation",
    set_bits: tuple[int, ...] = (REVOKED,),
    key: KeyPair = ED,
    issuer: str | None = None,
    length: int = 131_072,
    signed: bool = True,
    **kw: Any,
) -> dict[str, Any]:
    """A status list credential (signed with the fixed key and times unless ``signed=False``)."""
    bits = Bitstring(length)
    for index in set_bits:
        bits.set(index)
    valid_from = kw.pop("valid_from", LIST_FROM)
    doc = build_status_list_credential(
        list_url=url,
        issuer=issuer or key.controller,
        bitstring=bits,
        purpose=purpose,
        valid_from=valid_from,
        minimum_entries=8,
        **kw,
    )
    return sign_credential(doc, key=key, created=valid_from) if signed else doc


def lists(**overrides: Any) -> dict[str, Any]:  # keys are URLs: call as lists(**{URL: doc})
    """The default revocation and suspension lists, with ``overrides`` (URL -> list)."""
    default = {
        REV: status_list(REV),
        SUS: status_list(SUS, purpose="suspension", set_bits=(SUSPENDED,)),
    }
    return default | overrides


def with_status(revocation: int = CLEAR, suspension: int | None = CLEAR) -> dict:
    """The base credential with a revocation (and a suspension) entry, signed."""
    entries = [build_status_entry(list_url=REV, index=revocation, purpose="revocation")]
    if suspension is not None:
        entries.append(build_status_entry(list_url=SUS, index=suspension, purpose="suspension"))
    return sign(credential(credentialStatus=entries if len(entries) > 1 else entries[0]))


def env(status_lists: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"status_lists": status_lists, "status_list_issuers": [ED.controller], **extra}


def status_case(
    name: str, description: str, doc: dict, environment: dict, code: str | None, status: str = F
) -> Case:
    if code is None:
        return Case(
            name,
            description,
            doc,
            "verified",
            [],
            passing(status="passed"),
            environment=environment,
        )
    outcome = "failed" if status == F else "indeterminate"
    return Case(
        name, description, doc, outcome, [code], passing(status=status), environment=environment
    )


# ---------------------------------------------------------------- controls


@case
def status_valid() -> Case:
    return status_case(
        "status-valid",
        "control: revocation and suspension entries, both clear in signed, fresh lists",
        with_status(),
        env(lists()),
        None,
    )


# ---------------------------------------------------------------- decided by the list


@case
def status_revoked() -> Case:
    return status_case(
        "status-revoked",
        "the revocation bit of the credential's index is set",
        with_status(revocation=REVOKED),
        env(lists()),
        "status.revoked",
    )


@case
def status_suspended() -> Case:
    return status_case(
        "status-suspended",
        "the suspension bit is set (the revocation bit is clear)",
        with_status(suspension=SUSPENDED),
        env(lists()),
        "status.suspended",
    )


@case
def status_wrong_purpose() -> Case:
    return status_case(
        "status-wrong-purpose",
        "the revocation entry points at a list whose statusPurpose is suspension",
        with_status(suspension=None),
        env({REV: status_list(REV, purpose="suspension", set_bits=())}),
        "status.purpose_mismatch",
    )


@case
def status_list_too_short() -> Case:
    return status_case(
        "status-list-too-short",
        "a signed list of 1,024 entries: fewer than the 131,072 herd privacy needs",
        with_status(suspension=None),
        env({REV: status_list(REV, length=1024, set_bits=())}),
        "status.list_too_short",
    )


@case
def status_index_out_of_range() -> Case:
    return status_case(
        "status-index-out-of-range",
        "statusListIndex 131072 in a list of 131,072 entries (0..131071)",
        with_status(revocation=131_072, suspension=None),
        env(lists()),
        "status.index_out_of_range",
    )


# ---------------------------------------------------------------- lists that cannot be used


@case
def status_list_unsigned() -> Case:
    return status_case(
        "status-list-unsigned",
        "the revocation list has no proof",
        with_status(),
        env(lists(**{REV: status_list(REV, signed=False)})),
        "status.list_invalid",
    )


@case
def status_list_untrusted_signer() -> Case:
    return status_case(
        "status-list-untrusted-signer",
        "the revocation list is issued and signed by a key the verifier does not trust for lists",
        with_status(),
        env(lists(**{REV: status_list(REV, key=ED_OTHER, set_bits=())})),
        "status.list_invalid",
    )


@case
def status_list_forged_issuer() -> Case:
    return status_case(
        "status-list-forged-issuer",
        "the list names the trusted issuer but is signed by another key",
        with_status(),
        env(lists(**{REV: status_list(REV, key=ED_OTHER, issuer=ED.controller, set_bits=())})),
        "status.list_invalid",
    )


@case
def status_list_tampered() -> Case:
    tampered = copy.deepcopy(status_list(REV))
    tampered["credentialSubject"]["encodedList"] = Bitstring().encode()  # un-revoke everything
    return status_case(
        "status-list-tampered",
        "the revoked bit was cleared in the list after it was signed",
        with_status(revocation=REVOKED),
        env(lists(**{REV: tampered})),
        "status.list_invalid",
    )


@case
def status_list_substituted() -> Case:
    other = "https://led.example/status/revocation/2"
    return status_case(
        "status-list-substituted",
        "a genuine list of the same issuer (id .../2, nothing revoked) is offered for list .../1",
        with_status(revocation=REVOKED),
        env(lists(**{REV: status_list(other, set_bits=())})),
        "status.list_invalid",
    )


@case
def status_list_stale() -> Case:
    return status_case(
        "status-list-stale",
        "the snapshot is 30 days old and the policy accepts 7 days",
        with_status(),
        env(
            lists(**{REV: status_list(REV, valid_from=datetime(2025, 12, 2, tzinfo=UTC))}),
            status_max_age_seconds=7 * 86400,
        ),
        "status.stale",
        IND,
    )


@case
def status_list_expired() -> Case:
    return status_case(
        "status-list-expired",
        "the revocation list is past its validUntil",
        with_status(),
        env(lists(**{REV: status_list(REV, valid_until=datetime(2025, 12, 31, 12, tzinfo=UTC))})),
        "status.stale",
        IND,
    )


@case
def status_list_not_found() -> Case:
    return status_case(
        "status-list-not-found",
        "the entry names a list the verifier does not hold offline",
        with_status(),
        env({SUS: lists()[SUS]}),
        "status.list_not_found",
        IND,
    )


# ---------------------------------------------------------------- stapled to the credential


def stapled(doc: dict, status_lists: list[dict]) -> dict:
    """A ``LedStapledCredential`` wrapper around ``doc`` with ``status_lists``."""
    return {
        "type": "LedStapledCredential",
        "credential": doc,
        "statusListCredentials": status_lists,
        "stapledAt": "2026-01-01T00:00:00Z",
    }


def revocable(key: KeyPair = ED) -> dict:
    entry = build_status_entry(list_url=REV, index=CLEAR, purpose="revocation")
    return sign(credential(key.controller, credentialStatus=entry), key=key)


@case
def stapled_untrusted_issuer_list() -> Case:
    return Case(
        "stapled-untrusted-issuer-list",
        "an issuer the verifier does not trust staples its own signed list: refused unread",
        stapled(revocable(ED_OTHER), [status_list(REV, key=ED_OTHER, set_bits=())]),
        F,
        ["issuer.not_trusted", "status.list_invalid"],
        passing(issuer=F, status=F),
    )


@case
def stapled_unnamed_list() -> Case:
    extra = status_list(SUS, purpose="suspension", set_bits=())
    return failed_at(
        "stapled-unnamed-list",
        "the wrapper carries a status list the credential's entries do not name",
        stapled(revocable(), [status_list(REV, set_bits=()), extra]),
        "structure.invalid_stapled_status",
    )


@case
def stapled_list_too_large() -> Case:
    huge = status_list(REV, set_bits=(), length=3 * 1024 * 1024 * 8)  # 3 MiB, 3 KB compressed
    return Case(
        "stapled-list-too-large",
        "a trusted issuer's stapled list decodes to more than Limits.max_status_list_bytes",
        stapled(revocable(), [huge]),
        F,
        ["status.list_too_large"],
        passing(status=F),
    )
