"""End to end through the registry database (SQLite and PostgreSQL): generate LED data, import
it, issue every record, revoke one credential, rotate the registry key (and have the retired key
sign after its retirement), accredit a second issuer that then signs outside its scope, make the
trust bundle -- with ``vc-led bundle create`` from the database and with
:func:`vc_led_issuer.publish.trust_bundle.trust_bundle_document` -- and verify every credential
offline with
``Verifier.from_bundle`` on the bundle pinned to the registry's first key, sockets disabled.
"""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_socket
from issuer_helpers import (
    NOW,
    PEPPER,
    PUBLIC_URL,
    credentials,
    generated,
    import_named,
    issue_all,
)

from vc_led import (
    AccreditationScope,
    AccreditedIssuer,
    KeyPair,
    TrustBundle,
    Verifier,
    sign_credential,
)
from vc_led._time import utcnow
from vc_led.cli import main
from vc_led_issuer.context import Registry
from vc_led_issuer.lifecycle import StatusAction, change_status, rotate_registry_key
from vc_led_issuer.publish.trust_bundle import trust_bundle_document
from vc_led_issuer.publish.trust_store import add_accredited_issuer

ROTATED = NOW + timedelta(days=1)
AFTER = ROTATED + timedelta(hours=1)  # the retired key signs here, after its retirement
OUTSIDER = "Hogeschool Buiten Bereik"


@dataclass
class Scenario:
    registry: Registry
    first_pin: str
    expected: dict[str, tuple[str, str | None]]  # name -> (failing check, code) or verified
    documents: dict[str, str]


@contextmanager
def no_network() -> Iterator[None]:
    """Sockets disabled (for the PostgreSQL tests too, which may reach 127.0.0.1 otherwise)."""
    saved = socket.socket
    pytest_socket.disable_socket(allow_unix_socket=False)
    try:
        yield
    finally:
        socket.socket = saved  # type: ignore[misc]


def _category(document: dict[str, Any]) -> str | None:
    subject = document.get("credentialSubject", {})
    for value in (subject.get("qualification"), subject.get("achievement"), subject):
        if isinstance(value, dict) and isinstance(value.get("category"), str):
            return str(value["category"])
    return None


def _resigned(document: str, *, key: KeyPair, created: datetime, issuer: str | None = None):
    unsigned = json.loads(document)
    unsigned.pop("proof", None)
    if issuer is not None:
        unsigned["issuer"] = issuer
    return json.dumps(sign_credential(unsigned, key=key, created=created))


@pytest.fixture
def scenario(registry: Registry, tmp_path: Path) -> Scenario:
    report = import_named(registry, generated(tmp_path, persons=4))
    assert report.ok, report.problems
    issued = issue_all(registry)
    assert issued.ok and issued.issued >= 6, issued
    rows = credentials(registry)
    first_pin = registry.current_signer().public.multibase
    documents = {f"issued-{row.id}": row.document for row in rows}
    expected: dict[str, tuple[str, str | None]] = {name: ("", None) for name in documents}

    revoked = rows[0]
    change_status(
        registry,
        credential_id=revoked.credential_id,
        action=StatusAction.REVOKE,
        reason="fraud",
        actor="test",
    )
    expected[f"issued-{revoked.id}"] = ("status", "status.revoked")

    old_signer = registry.current_signer()
    registry.clock = lambda: ROTATED
    rotation = rotate_registry_key(registry, actor="test", reason="yearly")
    assert [k.id for k in rotation.retired] == [old_signer.id]
    documents["retired-after"] = _resigned(rows[1].document, key=old_signer, created=AFTER)  # type: ignore[arg-type]
    expected["retired-after"] = ("proof", "proof.key_retired")

    outsider = KeyPair.generate()
    target = next(r for r in rows[2:] if _category(json.loads(r.document)) != "Hoger onderwijs")
    scope = AccreditationScope(
        description="Hoger onderwijs",
        categories=frozenset({"Hoger onderwijs"}),
        coverage_start=date(1999, 9, 1),
    )
    with registry.write() as session:
        add_accredited_issuer(
            session,
            issuer=AccreditedIssuer(name=OUTSIDER, did=outsider.controller, scopes=(scope,)),
            actor="test",
            now=ROTATED,
        )
    documents["out-of-scope"] = _resigned(
        target.document, key=outsider, created=AFTER, issuer=outsider.controller
    )
    expected["out-of-scope"] = ("issuer", "issuer.out_of_scope")
    return Scenario(registry, first_pin, expected, documents)


def _verify_all(scenario: Scenario, body: bytes | str, *, at: datetime) -> None:
    with no_network():
        bundle = TrustBundle.load(body, pinned_keys=[scenario.first_pin], now=at)
        assert bundle.chained  # signed by the new registry key, reached from the pinned one
        assert bundle.registry.by_did(bundle.registry_did) is not None
        verifier = Verifier.from_bundle(bundle)
        outcomes = {
            name: verifier.verify_credential(document, now=at)
            for name, document in scenario.documents.items()
        }
    for name, result in outcomes.items():
        check, code = scenario.expected[name]
        if code is None:
            assert result.verified, (name, result.to_dict())
            continue
        assert not result.verified, name
        assert result.check(check).code == code, (name, result.to_dict())
    codes = sorted(code for _, code in scenario.expected.values() if code)
    assert codes == ["issuer.out_of_scope", "proof.key_retired", "status.revoked"]
    assert sum(r.verified for r in outcomes.values()) == len(outcomes) - 3


def test_every_credential_verifies_offline_from_the_registry_bundle(scenario: Scenario) -> None:
    at = AFTER + timedelta(hours=1)
    scenario.registry.clock = lambda: at
    published = trust_bundle_document(scenario.registry)
    _verify_all(scenario, published.body, at=at + timedelta(seconds=5))


def test_bundle_create_from_the_database(
    scenario: Scenario,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = scenario.registry.settings
    environment = {
        "VCLED_MODE": "demo",
        "DATABASE_URL": database_url,
        "VCLED_PUBLIC_URL": PUBLIC_URL,
        "VCLED_PEPPER": PEPPER.decode(),
        "VCLED_KEY_PASSPHRASE": "test passphrase",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "led-trust-bundle.json"
    code = main(["bundle", "create", "--data-dir", str(settings.data_dir), "--out", str(out)])
    stdout, stderr = capsys.readouterr()
    assert code == 0, stderr
    assert stdout.startswith(f"{out}: registry {settings.registry_did}, 14 accredited issuers")
    _verify_all(scenario, out.read_bytes(), at=utcnow())


def test_bundle_create_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = str(tmp_path / "b.json")
    assert main(["bundle", "create", "--registry", "r.json", "--out", out]) == 2
    assert "--registry and --key go together" in capsys.readouterr().err
    assert main(["bundle", "create", "--now", "2026-01-01T00:00:00Z", "--out", out]) == 2
    assert "--now need --registry and --key" in capsys.readouterr().err
    monkeypatch.setitem(
        sys.modules, "vc_led_issuer.commands.bundle", None
    )  # as without the issuer extra
    assert main(["bundle", "create", "--out", out]) == 2
    assert "pip install 'vc-led[issuer]'" in capsys.readouterr().err
    assert not Path(out).exists()
