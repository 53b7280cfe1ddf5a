"""Key rotation: new key current, old key retired but kept in the DID document (both backends)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from issuer_helpers import NOW
from sqlalchemy import Engine, select

from vc_led import DidResolver, VerificationPolicy, Verifier, sign_credential
from vc_led_issuer import audit
from vc_led_issuer.db import read_session, write_session
from vc_led_issuer.errors import NotFoundError
from vc_led_issuer.keys import keyring
from vc_led_issuer.keys.custody import EncryptedFileCustody
from vc_led_issuer.models import AuditEntry

DID = "did:web:registry.example"
PASSPHRASE = b"rotation passphrase"


@pytest.fixture
def custody(tmp_path: Path) -> EncryptedFileCustody:
    return EncryptedFileCustody(tmp_path / "keys", passphrase=PASSPHRASE, scrypt_n=2**12)


def test_rotation_keeps_retired_keys_verifiable(
    engine: Engine, custody: EncryptedFileCustody, example_credential: dict[str, Any]
) -> None:
    with write_session(engine) as session:
        first = keyring.register_key(session, custody=custody, controller=DID, actor="op", now=NOW)
    with read_session(engine) as session:
        old_signer = keyring.load_signer(
            keyring.current_key(session, controller=DID), custodies={custody.kind: custody}
        )
    old_credential = sign_credential(dict(example_credential, issuer=DID), key=old_signer)  # type: ignore[arg-type]
    later = NOW + timedelta(days=30)
    with write_session(engine) as session:
        rotation = keyring.rotate_key(
            session, custody=custody, controller=DID, actor="op", reason="yearly", now=later
        )
    assert [k.id for k in rotation.retired] == [first.id]
    with read_session(engine) as session:
        current = keyring.current_key(session, controller=DID)
        assert current.id == rotation.new.id and current.id.startswith(DID + "#z6Mk")
        keys = {k.id: k.retired_at for k in keyring.keys_of(session, controller=DID)}
        assert keys == {first.id: later, rotation.new.id: None}
        document = keyring.did_document(session, did=DID)
        assert set(document["assertionMethod"]) == {first.id, rotation.new.id}
        assert document["authentication"] == [rotation.new.id]
        actions = session.execute(select(AuditEntry.action).order_by(AuditEntry.seq)).scalars()
        assert list(actions) == ["key.create", "key.create", "key.rotate"]
        assert audit.verify_chain(session).ok
        new_signer = keyring.load_signer(current, custodies={custody.kind: custody})
    new_credential = sign_credential(dict(example_credential, issuer=DID), key=new_signer)  # type: ignore[arg-type]
    verifier = Verifier(
        VerificationPolicy(trusted_issuers=frozenset({DID})), resolver=DidResolver({DID: document})
    )
    for credential in (old_credential, new_credential):
        result = verifier.verify_credential(credential)
        assert {c.check: c.status.value for c in result.checks}["proof"] == "passed"


def test_no_current_key_and_unknown_custody(engine: Engine, custody: EncryptedFileCustody) -> None:
    with read_session(engine) as session, pytest.raises(NotFoundError):
        keyring.current_key(session, controller=DID)
    with write_session(engine) as session:
        key = keyring.register_key(session, custody=custody, controller=DID, actor="op", now=NOW)
    with pytest.raises(NotFoundError, match="encrypted-file"):
        keyring.load_signer(key, custodies={})
    assert PASSPHRASE.decode() not in repr(custody)
