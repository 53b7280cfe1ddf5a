"""Published documents: status lists re-signed when they change, their status seen by a
verifier; the trust list with key windows; key rotation (both backends)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from issuer_helpers import NOW, credentials, generated, import_named, issue_all, registry_verifier

from vc_led import OnlineStatusProvider, Verifier, sign_credential
from vc_led.status import Bitstring
from vc_led.trust import load_trust_list
from vc_led_issuer.context import Registry
from vc_led_issuer.keys import keyring
from vc_led_issuer.lifecycle import StatusAction, change_status, rotate_registry_key
from vc_led_issuer.models import PublishedDocument, StatusList
from vc_led_issuer.publish import status_list_document, trust_list_document
from vc_led_issuer.publish.trust_store import load_trust_registry


def _fetcher(registry: Registry) -> Any:
    def fetch(url: str) -> bytes:
        published = status_list_document(registry, list_id=int(url.rsplit("/", 1)[1]))
        assert published is not None
        return published.body

    return fetch


def _status_code(registry: Registry, document: str) -> str | None:
    lists = registry_verifier(registry)
    online = OnlineStatusProvider(
        verifier=lists, allowed_hosts=["registry.example"], fetch=_fetcher(registry)
    )
    verifier = registry_verifier(registry, status_provider=online)
    result = verifier.verify_credential(document, now=NOW + timedelta(seconds=1))
    check = result.check("status")
    assert check.status.value in ("passed", "failed"), result.to_dict()
    return None if check.status.value == "passed" else str(check.code)


@pytest.fixture
def issued(registry: Registry, tmp_path: Any) -> Registry:
    import_named(registry, generated(tmp_path, persons=2))
    assert issue_all(registry).ok
    return registry


def test_revoke_suspend_unsuspend_are_seen_by_a_verifier(issued: Registry) -> None:
    registry = issued
    rows = [c for c in credentials(registry) if c.suspension_list_id is not None]
    first, second = rows[0], rows[1]
    assert _status_code(registry, first.document) is None
    change = dict(credential_id=first.credential_id, reason="fraud", actor="op")
    assert change_status(registry, action=StatusAction.REVOKE, **change).changed  # type: ignore[arg-type]
    assert _status_code(registry, first.document) == "status.revoked"
    change = dict(credential_id=second.credential_id, reason="inquiry", actor="op")
    change_status(registry, action=StatusAction.SUSPEND, **change)  # type: ignore[arg-type]
    assert _status_code(registry, second.document) == "status.suspended"
    change_status(registry, action=StatusAction.UNSUSPEND, **change)  # type: ignore[arg-type]
    assert _status_code(registry, second.document) is None
    assert _status_code(registry, rows[2].document) is None


def test_a_list_is_signed_again_only_when_it_changed(issued: Registry) -> None:
    registry = issued
    row = credentials(registry)[0]
    list_id = row.revocation_list_id
    assert list_id is not None
    before = status_list_document(registry, list_id=list_id)
    assert before is not None and status_list_document(registry, list_id=list_id) == before
    document = json.loads(before.body)
    assert document["validFrom"] == "2026-01-01T12:00:00Z"
    assert document["validUntil"] == "2026-01-02T12:00:00Z"
    assert document["credentialSubject"]["ttl"] == 300_000 and before.max_age == 300
    change_status(
        registry,
        credential_id=row.credential_id,
        action=StatusAction.REVOKE,
        reason="x",
        actor="op",
    )
    after = status_list_document(registry, list_id=list_id)
    assert after is not None and after.etag != before.etag
    bits = Bitstring.decode(json.loads(after.body)["credentialSubject"]["encodedList"])
    assert bits.get(row.revocation_index or 0)
    with registry.read() as session:
        version = session.get(StatusList, list_id).version  # type: ignore[union-attr]
        published = session.get(PublishedDocument, f"status:{list_id}")
        assert published is not None and published.source == f"v{version}"
    registry.clock = lambda: NOW + timedelta(hours=13)  # past half its validity: renewed
    renewed = status_list_document(registry, list_id=list_id)
    assert renewed is not None and renewed.etag != after.etag
    assert json.loads(renewed.body)["validFrom"] == "2026-01-02T01:00:00Z"
    assert status_list_document(registry, list_id=999_999) is None


def test_trust_list_and_key_rotation(
    registry: Registry, example_credential: dict[str, Any]
) -> None:
    lists = registry_verifier(registry)
    trust = load_trust_list(trust_list_document(registry).body, verifier=lists, now=NOW)
    with registry.read() as session:
        assert trust == load_trust_registry(session)
    me = trust.by_did(registry.did)
    assert me is not None and me.signs_on_behalf and len(me.keys) == 1
    assert len(trust) == 13 and trust.by_name("Hoger onderwijs") is not None
    old_signer = registry.current_signer()
    unsigned = dict(example_credential, issuer=registry.did)
    before = sign_credential(unsigned, key=old_signer, created=NOW)
    later = NOW + timedelta(days=30)
    registry.clock = lambda: later
    rotation = rotate_registry_key(registry, actor="op", reason="yearly")
    assert [k.id for k in rotation.retired] == [old_signer.id]
    with registry.read() as session:
        document = keyring.did_document(session, did=registry.did)
    assert set(document["assertionMethod"]) == {old_signer.id, rotation.new.id}
    published = trust_list_document(registry)
    signed = json.loads(published.body)
    assert signed["proof"]["verificationMethod"] == rotation.new.id
    trust = load_trust_list(published.body, verifier=registry_verifier(registry), now=later)
    windows = {k.id: (k.valid_from, k.retired_at) for k in trust.by_did(registry.did).keys}  # type: ignore[union-attr]
    assert windows == {old_signer.id: (NOW, later), rotation.new.id: (later, None)}
    after = sign_credential(unsigned, key=old_signer, created=later + timedelta(hours=1))
    verifier = Verifier(
        registry_verifier(registry).policy,
        resolver=registry_verifier(registry).resolver,
        trust=trust,
    )
    at = later + timedelta(hours=2)
    assert verifier.verify_credential(before, now=at).check("proof").status.value == "passed"
    assert verifier.verify_credential(after, now=at).check("proof").code == "proof.key_retired"
    with registry.read() as session:
        assert registry.current_key(session).id == rotation.new.id
    assert registry.current_signer().id == rotation.new.id
    with pytest.raises(ValueError, match="reason"):
        rotate_registry_key(registry, actor="op", reason=" ")


def test_new_credentials_use_the_new_key(issued: Registry, tmp_path: Any) -> None:
    registry = issued
    before = len(credentials(registry))
    later = NOW + timedelta(days=1)
    registry.clock = lambda: later
    rotation = rotate_registry_key(registry, actor="op", reason="compromise drill")
    import_named(registry, generated(tmp_path, persons=1, seed=99, name="more.jsonl"))
    assert issue_all(registry, fixed_now=later).issued > 0
    methods = set()
    for row in credentials(registry):
        proof = json.loads(row.document)["proof"]
        methods.add(
            (
                (proof[0] if isinstance(proof, list) else proof)["verificationMethod"],
                row.id > before,
            )
        )
    assert methods == {(rotation.retired[0].id, False), (rotation.new.id, True)}


def test_trust_bundle_for_offline_verifiers(issued: Registry) -> None:
    from vc_led.bundle import TrustBundle
    from vc_led_issuer.publish.trust_bundle import trust_bundle_document

    registry = issued
    rows = [c for c in credentials(registry) if c.suspension_list_id is not None]
    first_pin = registry.current_signer().public
    change_status(
        registry,
        credential_id=rows[0].credential_id,
        action=StatusAction.REVOKE,
        reason="fraud",
        actor="op",
    )
    published = trust_bundle_document(registry)
    assert trust_bundle_document(registry).etag == published.etag  # unchanged: not re-signed
    at = NOW + timedelta(seconds=5)
    bundle = TrustBundle.load(published.body, pinned_keys=[first_pin], now=at)
    offline = Verifier.from_bundle(bundle)
    revoked = offline.verify_credential(rows[0].document, now=at)
    assert revoked.check("proof").status.value == "passed"
    assert revoked.check("status").code == "status.revoked"
    assert offline.verify_credential(rows[1].document, now=at).check("status").status.value == (
        "passed"
    )
    later = NOW + timedelta(days=2)
    registry.clock = lambda: later
    rotation = rotate_registry_key(registry, actor="op", reason="yearly")
    rotated = trust_bundle_document(registry)
    assert json.loads(rotated.body)["proof"]["verificationMethod"] == rotation.new.id
    again = TrustBundle.load(rotated.body, pinned_keys=[first_pin], now=later)  # via the chain
    assert len(json.loads(rotated.body)["credentialSubject"]["registryKeyChain"]) == 1
    assert again.registry.by_did(registry.did) is not None


def test_bundle_snapshots_outlive_the_bundle(issued: Registry) -> None:
    """Regression: the bundle carried the published lists (24 h), so status turned undecided
    after a day of a bundle meant to last 7 days."""
    from vc_led.bundle import TrustBundle
    from vc_led_issuer.publish.trust_bundle import trust_bundle_document

    registry = issued
    settings = registry.settings
    assert settings.status_validity_hours * 3600 < settings.trust_bundle_max_age_days * 86400
    row = next(c for c in credentials(registry) if c.suspension_list_id is not None)
    published = trust_bundle_document(registry)
    pin = registry.current_signer().public
    bundle = TrustBundle.load(published.body, pinned_keys=[pin], now=NOW + timedelta(seconds=5))
    max_age = timedelta(days=settings.trust_bundle_max_age_days)
    for snapshot in bundle.status_lists.values():
        assert snapshot["validUntil"] >= (bundle.created + max_age).strftime("%Y-%m-%dT%H:%M:%SZ")
    last_day = bundle.created + max_age - timedelta(minutes=1)
    result = Verifier.from_bundle(bundle).verify_credential(row.document, now=last_day)
    assert result.check("status").status.value == "passed", result.check("status")
    online = status_list_document(registry, list_id=row.suspension_list_id)  # type: ignore[arg-type]
    assert online is not None
    assert json.loads(online.body)["validUntil"] < (NOW + timedelta(days=2)).isoformat()
