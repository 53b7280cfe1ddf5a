"""Run every case folder (``tests/cases/<name>/input.json`` + ``expected.json``) through the
verifier and compare outcome, codes and check statuses. See ``README.md`` in this folder."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vc_led import (
    DidResolver,
    ErrorCode,
    ListStatusProvider,
    StatusPolicy,
    TrustRegistry,
    VerificationPolicy,
    VerificationResult,
    Verifier,
)
from vc_led.jose import parse_public_jwk, public_key_of_jwk
from vc_led.results import CHECK_ORDER, CheckStatus, Outcome

HERE = Path(__file__).resolve().parent
CASES = sorted(p.name for p in HERE.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
MIN_CASES = 45
OPTION_KEYS = {
    "trusted_issuers",
    "accept_any_issuer",
    "now",
    "challenge",
    "domain",
    "allow_unsigned_presentations",
    "allowed_cryptosuites",
}
ENVIRONMENT_KEYS = {
    "trust_registry",
    "status_lists",
    "status_list_issuers",
    "status_max_age_seconds",
    "did_documents",
    "sd_jwt_issuer_keys",
}


def input_path(name: str) -> Path:
    """The case's input: ``input.json``, or ``input.sdjwt`` (a compact SD-JWT, text)."""
    sdjwt = HERE / name / "input.sdjwt"
    return sdjwt if sdjwt.is_file() else HERE / name / "input.json"


def load_expected(name: str) -> dict[str, Any]:
    return json.loads((HERE / name / "expected.json").read_text(encoding="utf-8"))


def policy_of(options: dict[str, Any]) -> VerificationPolicy:
    extra: dict[str, Any] = {}
    if "allowed_cryptosuites" in options:
        extra["allowed_cryptosuites"] = frozenset(options["allowed_cryptosuites"])
    return VerificationPolicy(
        trusted_issuers=frozenset(options["trusted_issuers"]),
        accept_any_issuer=options["accept_any_issuer"],
        allow_unsigned_presentations=options["allow_unsigned_presentations"],
        **extra,
    )


def load_environment(name: str) -> dict[str, Any]:
    path = HERE / name / "environment.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def verifier_of(options: dict[str, Any], environment: dict[str, Any]) -> Verifier:
    """The verifier a case describes: its policy, plus the trust registry, offline status lists
    and DID documents of its ``environment.json`` (see README.md)."""
    documents = {d["id"]: d for d in environment.get("did_documents", [])}
    resolver = DidResolver(documents) if documents else None
    trust = environment.get("trust_registry")
    status = None
    if "status_lists" in environment:
        trusted = frozenset(environment["status_list_issuers"])
        max_age = environment.get("status_max_age_seconds")
        status = ListStatusProvider(
            environment["status_lists"],
            verifier=Verifier(VerificationPolicy(trusted_issuers=trusted), resolver=resolver),
            policy=StatusPolicy(max_age=timedelta(seconds=max_age) if max_age else None),
        )
    issuer_keys = {
        iss: [public_key_of_jwk(parse_public_jwk(k)) for k in keys]
        for iss, keys in environment.get("sd_jwt_issuer_keys", {}).items()
    }
    return Verifier(
        policy_of(options),
        resolver=resolver,
        status_provider=status,
        trust=TrustRegistry.from_dict(trust) if trust is not None else None,
        issuer_keys=issuer_keys,
    )


def run(name: str) -> tuple[dict[str, Any], VerificationResult]:
    expected = load_expected(name)
    options = expected["options"]
    raw = input_path(name).read_bytes()
    verifier = verifier_of(options, load_environment(name))
    now = datetime.fromisoformat(options["now"].replace("Z", "+00:00"))
    asked = options["challenge"] is not None or options["domain"] is not None
    if expected["kind"] == "credential" and asked:  # an SD-JWT VC with a KB-JWT
        challenge, domain = options["challenge"], options["domain"]
        return expected, verifier.verify(raw, challenge=challenge, domain=domain, now=now)
    if expected["kind"] == "credential":
        return expected, verifier.verify_credential(raw, now=now)
    result = verifier.verify_presentation(
        raw, challenge=options["challenge"], domain=options["domain"], now=now
    )
    return expected, result


@pytest.mark.parametrize("name", CASES)
def test_case(name: str) -> None:
    expected, result = run(name)
    assert result.kind == expected["kind"]
    actual_checks = {c.check: c.status.value for c in result.checks}
    report = {c.check: (c.status.value, c.code, c.message) for c in result.checks}
    assert [c.value for c in result.codes] == expected["codes"], report
    for check, status in expected["checks"].items():
        assert actual_checks[check] == status, (check, report)
    if "credential_codes" in expected:
        nested = [[c.value for c in r.codes] for r in result.credentials]
        assert nested == expected["credential_codes"]
    assert result.outcome.value == expected["outcome"], report


def test_every_folder_is_a_complete_case() -> None:
    for name in CASES:
        assert input_path(name).is_file(), name
        expected = load_expected(name)
        assert expected["kind"] in ("credential", "presentation"), name
        assert expected["description"], name
        assert set(expected["options"]) <= OPTION_KEYS, name
        assert OPTION_KEYS - {"allowed_cryptosuites"} <= set(expected["options"]), name
        assert set(load_environment(name)) <= ENVIRONMENT_KEYS, name


def test_expected_values_exist() -> None:
    codes = {c.value for c in ErrorCode}
    statuses = {s.value for s in CheckStatus}
    for name in CASES:
        expected = load_expected(name)
        assert expected["outcome"] in {o.value for o in Outcome}, name
        used = list(expected["codes"])
        for nested in expected.get("credential_codes", []):
            used += nested
        assert set(used) <= codes, (name, set(used) - codes)
        assert set(expected["checks"]) <= set(CHECK_ORDER), name
        assert set(expected["checks"].values()) <= statuses, name
        for code in expected["codes"]:  # a code belongs to a check that did not pass
            assert expected["checks"].get(code.split(".")[0]) in ("failed", "indeterminate"), name


def test_suite_is_large_enough() -> None:
    assert len(CASES) >= MIN_CASES
    negative = [n for n in CASES if load_expected(n)["outcome"] != "verified"]
    assert len(negative) >= MIN_CASES


@pytest.mark.parametrize("name", CASES)
def test_verify_reads_each_case_as_its_kind(name: str) -> None:
    """``Verifier.verify`` (one parse, then the formats decide) gives every case the result of
    the kind-specific call: the same kind, codes, checks and nested codes."""
    expected, by_kind = run(name)
    options = expected["options"]
    verifier = verifier_of(options, load_environment(name))
    now = datetime.fromisoformat(options["now"].replace("Z", "+00:00"))
    raw = input_path(name).read_bytes()
    result = verifier.verify(raw, challenge=options["challenge"], domain=options["domain"], now=now)
    if name == "vp-is-a-credential":  # a credential sent where a presentation was asked for
        assert (by_kind.kind, result.kind) == ("presentation", "credential")
        return
    assert result.kind == by_kind.kind
    assert result.codes == by_kind.codes
    assert [(c.check, c.status) for c in result.checks] == [
        (c.check, c.status) for c in by_kind.checks
    ]
    assert [r.codes for r in result.credentials] == [r.codes for r in by_kind.credentials]
