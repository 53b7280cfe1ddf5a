"""TokenStatusProvider: the ``status`` check over Status List Tokens (offline and fetched)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from vc_led.keys import KeyPair, KeyType
from vc_led.results import CheckStatus, ErrorCode
from vc_led.status.token_status_list import (
    TokenStatusError,
    TokenStatusProvider,
    build_status_list_token,
)
from vc_led.x509 import issue_leaf, make_root_ca, x5c_of

URI = "https://registry.led.example/tsl/7"
T0 = datetime(2026, 3, 1, tzinfo=UTC)
NOW = T0 + timedelta(minutes=5)
P, F, IND = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.INDETERMINATE


@pytest.fixture(scope="module")
def pki() -> dict[str, Any]:
    ca_key, signer = KeyPair.generate(KeyType.P256), KeyPair.generate(KeyType.P256)
    root = make_root_ca(name="root", key=ca_key, not_before=T0, not_after=T0 + timedelta(days=30))
    leaf = issue_leaf(
        ca=root, ca_key=ca_key, subject_key=signer.public, name="status", not_before=T0,
        not_after=T0 + timedelta(days=30),
    )  # fmt: skip
    return {"root": root, "signer": signer, "x5c": x5c_of([leaf])}


def _token(pki: dict[str, Any], **overrides: Any) -> str:
    args: dict[str, Any] = {
        "uri": URI, "values": [0, 1, 2, 3], "key": pki["signer"], "issued_at": T0,
        "expires_at": T0 + timedelta(days=1), "ttl": 600, "x5c": pki["x5c"],
    }  # fmt: skip
    return build_status_list_token(**{**args, **overrides})


@pytest.mark.parametrize(
    ("idx", "status", "code"),
    [
        (0, P, None),
        (1, F, ErrorCode.STATUS_REVOKED),
        (2, F, ErrorCode.STATUS_SUSPENDED),
        (3, IND, ErrorCode.STATUS_UNKNOWN_VALUE),  # 0x03: application specific
        (4, F, ErrorCode.STATUS_INDEX_OUT_OF_RANGE),
        (-1, F, ErrorCode.STATUS_ENTRY_INVALID),
    ],
)
def test_each_value_gives_its_result(
    pki: dict[str, Any], idx: int, status: CheckStatus, code: ErrorCode | None
) -> None:
    provider = TokenStatusProvider([_token(pki)], anchors=[pki["root"]])
    result = provider.check(uri=URI, idx=idx, now=NOW)
    assert (result.check, result.status, result.code) == ("status", status, code)


def test_passed_carries_source_time_list_and_index(pki: dict[str, Any]) -> None:
    result = TokenStatusProvider([_token(pki)], anchors=[pki["root"]]).check(
        uri=URI, idx=0, now=NOW
    )
    assert dict(result.details) == {
        "list": URI, "index": 0, "source": "offline", "as_of": T0.isoformat(),
    }  # fmt: skip


def test_8_bit_values_beyond_the_assigned_ones_are_indeterminate(pki: dict[str, Any]) -> None:
    provider = TokenStatusProvider([_token(pki, values=[0, 200], bits=8)], anchors=[pki["root"]])
    result = provider.check(uri=URI, idx=1, now=NOW)
    assert (result.status, result.code, result.details["value"]) == (
        IND,
        ErrorCode.STATUS_UNKNOWN_VALUE,
        200,
    )


def test_an_unknown_list_is_indeterminate(pki: dict[str, Any]) -> None:
    result = TokenStatusProvider([_token(pki)], anchors=[pki["root"]]).check(
        uri=URI + "x", idx=0, now=NOW
    )
    assert (result.status, result.code) == (IND, ErrorCode.STATUS_LIST_NOT_FOUND)


def test_stale_by_max_age_and_by_exp(pki: dict[str, Any]) -> None:
    provider = TokenStatusProvider([_token(pki)], anchors=[pki["root"]], max_age=timedelta(hours=1))
    assert provider.check(uri=URI, idx=0, now=T0 + timedelta(minutes=59)).status is P
    old = provider.check(uri=URI, idx=0, now=T0 + timedelta(minutes=61))
    assert (old.status, old.code, old.details["expired"]) == (
        IND,
        ErrorCode.STATUS_STALE,
        "max_age",
    )
    expired = TokenStatusProvider([_token(pki)], anchors=[pki["root"]]).check(
        uri=URI, idx=0, now=T0 + timedelta(days=1)
    )
    assert (expired.status, expired.code, expired.details["expired"]) == (
        IND,
        ErrorCode.STATUS_STALE,
        "exp",
    )


def test_unverifiable_and_not_yet_valid_are_indeterminate(pki: dict[str, Any]) -> None:
    untrusted = TokenStatusProvider([_token(pki)])  # neither anchors nor keys
    result = untrusted.check(uri=URI, idx=0, now=NOW)
    assert (result.status, result.code) == (IND, ErrorCode.STATUS_LIST_UNVERIFIABLE)
    early = TokenStatusProvider([_token(pki)], anchors=[pki["root"]]).check(
        uri=URI, idx=0, now=T0 - timedelta(seconds=1)
    )
    assert early.status is IND
    assert early.code in (ErrorCode.STATUS_LIST_UNVERIFIABLE, ErrorCode.STATUS_LIST_NOT_YET_VALID)


def test_a_configured_key_instead_of_a_chain(pki: dict[str, Any]) -> None:
    provider = TokenStatusProvider([_token(pki, x5c=())], keys=[pki["signer"].public])
    assert provider.check(uri=URI, idx=1, now=NOW).code is ErrorCode.STATUS_REVOKED


def test_a_token_without_sub_is_refused_up_front() -> None:
    with pytest.raises(TokenStatusError):
        TokenStatusProvider(["e30.e30.sig"])


def test_fetch_reuses_a_token_until_its_ttl_runs_out(pki: dict[str, Any]) -> None:
    calls: list[str] = []

    def fetch(uri: str) -> str:
        calls.append(uri)
        return _token(pki)

    provider = TokenStatusProvider(anchors=[pki["root"]], fetch=fetch)
    first = provider.check(uri=URI, idx=0, now=NOW)
    assert (first.status, first.details["source"]) == (P, "fetched")
    assert (
        provider.check(uri=URI, idx=2, now=NOW + timedelta(seconds=599)).code
        is ErrorCode.STATUS_SUSPENDED
    )
    assert len(calls) == 1
    provider.check(uri=URI, idx=0, now=NOW + timedelta(seconds=600))
    assert calls == [URI, URI]


def test_fetch_failures_and_bad_content_never_raise(pki: dict[str, Any]) -> None:
    def broken(uri: str) -> str:
        raise OSError("connection refused")

    result = TokenStatusProvider(fetch=broken).check(uri=URI, idx=0, now=NOW)
    assert (result.status, result.code) == (IND, ErrorCode.STATUS_RETRIEVAL_ERROR)
    assert "refused" not in result.message  # no backend exception text in results
    junk = TokenStatusProvider(fetch=lambda uri: "not a token", anchors=[pki["root"]])
    result = junk.check(uri=URI, idx=0, now=NOW)
    assert (result.status, result.code) == (F, ErrorCode.STATUS_LIST_INVALID)
    other = TokenStatusProvider(
        fetch=lambda uri: _token(pki, uri=URI + "/other"), anchors=[pki["root"]]
    )
    assert other.check(uri=URI, idx=0, now=NOW).code is ErrorCode.STATUS_LIST_INVALID
