"""Named operators of the admin API (both backends): each has a token of its own, the audit log
names who changed a status, a disabled or replaced token stops working at once, and no token
is ever stored or listed in clear."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from issuer_helpers import credentials, generated, import_named, issue_all
from sqlalchemy import Engine, text
from sqlmodel import col, select

from vc_led.cli import main
from vc_led_issuer import audit
from vc_led_issuer.api.main import create_app
from vc_led_issuer.context import Registry
from vc_led_issuer.crud.operators import (
    TOKEN_PREFIX,
    add_operator,
    authenticate_operator,
    disable_operator,
    list_operators,
    new_operator_token,
)
from vc_led_issuer.db import write_session
from vc_led_issuer.errors import NotFoundError, RegistryError
from vc_led_issuer.models import AuditEntry, Operator

SHARED = "s" * 40


def _add(registry: Registry, name: str) -> str:
    with write_session(registry.engine) as session:
        return add_operator(session, name=name, actor="test", now=registry.now())[1]


@pytest.fixture
def client(registry: Registry, tmp_path: Path) -> Iterator[TestClient]:
    import_named(registry, generated(tmp_path, persons=2))
    issue_all(registry)
    with TestClient(create_app(registry, admin_token=SHARED), raise_server_exceptions=False) as c:
        yield c


def _post(client: TestClient, cid: str, action: str, token: str) -> int:
    response = client.post(
        f"/admin/credentials/{cid}/{action}",
        json={"reason": f"{action} by test"},
        headers={"Authorization": f"Bearer {token}"},
    )
    if response.status_code == 401:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "unauthorized" and token not in response.text
    return response.status_code


def _actors(registry: Registry, action: str) -> list[str]:
    with registry.read() as session:
        query = select(AuditEntry.actor).where(col(AuditEntry.action) == action)
        return list(session.exec(query.order_by(col(AuditEntry.seq))))


def test_the_audit_log_names_the_operator(client: TestClient, registry: Registry) -> None:
    alice, bob = _add(registry, "alice"), _add(registry, "bob.smith")
    assert alice != bob and alice.startswith(TOKEN_PREFIX) and len(alice) >= 50
    cid = credentials(registry)[0].credential_id
    assert _post(client, cid, "suspend", alice) == 200
    assert _post(client, cid, "unsuspend", bob) == 200
    assert _post(client, cid, "suspend", SHARED) == 200
    assert _actors(registry, "credential.suspend") == ["operator:alice", "admin-api"]
    assert _actors(registry, "credential.unsuspend") == ["operator:bob.smith"]
    assert _actors(registry, "operator.add") == ["test", "test"]
    viewed = client.get(f"/credentials/{cid}", headers={"Authorization": f"Bearer {bob}"})
    assert viewed.status_code == 200 and viewed.json()["credentialId"] == cid
    assert client.get("/credentials/urn:uuid:none", headers={"Authorization": f"Bearer {bob}"})
    with registry.read() as session:
        query = select(AuditEntry).where(col(AuditEntry.action) == "credential.view")
        views = [(e.actor, e.target) for e in session.exec(query)]
    assert views == [("operator:bob.smith", cid)]  # who saw whose credential
    with registry.read() as session:
        assert audit.verify_chain(session).ok


def test_disabled_and_replaced_tokens_stop_at_once(client: TestClient, registry: Registry) -> None:
    alice, bob = _add(registry, "alice"), _add(registry, "bob")
    cid = credentials(registry)[0].credential_id
    with write_session(registry.engine) as session:
        disable_operator(session, name="alice", actor="test", reason="left", now=registry.now())
        again = disable_operator(session, name="alice", actor="test", reason="x")  # no-op
        assert again.disabled_at == registry.now()
        fresh = new_operator_token(session, name="bob", actor="test", reason="lost laptop")
    assert _post(client, cid, "suspend", alice) == 401
    assert _post(client, cid, "suspend", bob) == 401
    assert _post(client, cid, "suspend", fresh) == 200
    assert _post(client, cid, "unsuspend", TOKEN_PREFIX + "x" * 43) == 401
    assert _post(client, cid, "unsuspend", TOKEN_PREFIX + "x" * 500) == 401
    assert _post(client, cid, "unsuspend", SHARED + "x") == 401
    assert _actors(registry, "operator.disable") == ["test"]  # disabling twice: one entry
    assert _actors(registry, "operator.new_token") == ["test"]
    assert _actors(registry, "credential.suspend") == ["operator:bob"]
    with write_session(registry.engine) as session:
        with pytest.raises(NotFoundError):
            new_operator_token(session, name="alice", actor="test", reason="back")
        with pytest.raises(NotFoundError):
            disable_operator(session, name="carol", actor="test", reason="x")
    with registry.read() as session:
        assert authenticate_operator(session, alice) is None
        assert authenticate_operator(session, fresh) is not None


def test_names_are_checked_and_never_reused(registry: Registry) -> None:
    _add(registry, "alice")
    with write_session(registry.engine) as session:
        disable_operator(session, name="alice", actor="test", reason="left")
    for bad in ["", "Alice", "-a", "a b", "a/b", "a" * 65, "operator:x", "é"]:
        with pytest.raises(ValueError, match="operator name"):
            _add(registry, bad)
    with pytest.raises(RegistryError, match="never reused"):
        _add(registry, "alice")
    with registry.read() as session:
        assert [o.name for o in list_operators(session)] == ["alice"]


def test_tokens_are_stored_only_as_sha256(registry: Registry, engine: Engine) -> None:
    token = _add(registry, "alice")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM operators")).all()
        log = connection.execute(text("SELECT * FROM audit_log")).all()
    assert token not in repr(rows) and token not in repr(log)
    assert rows[0].token_hash == hashlib.sha256(token.encode()).hexdigest()
    with registry.read() as session:
        assert "token" not in repr(session.exec(select(Operator)).one())


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_operators_commands(
    cli_env: Path,
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("USER", "LOGNAME"):
        monkeypatch.setenv(name, "ops-user")
    assert _run(capsys, "registry", "init")[0] == 0
    code, token, err = _run(capsys, "operators", "add", "alice")
    token = token.strip()
    assert code == 0 and token.startswith(TOKEN_PREFIX) and "shown only this once" in err
    token_file = tmp_path / "bob.token"
    code, out, err = _run(capsys, "operators", "add", "bob", "--token-file", str(token_file))
    assert code == 0 and out == "" and "written to" in err
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    bob = token_file.read_text().strip()
    assert bob.startswith(TOKEN_PREFIX) and bob != token
    # an existing file is never overwritten, and then nothing changes
    code, _, err = _run(capsys, "operators", "add", "carol", "--token-file", str(token_file))
    assert code == 2 and "never overwritten" in err
    assert _run(capsys, "operators", "add", "alice")[0] == 2  # taken
    assert _run(capsys, "operators", "add", "Not Valid")[0] == 2
    code, out, err = _run(capsys, "operators", "new-token", "bob", "--reason", "rotation")
    assert code == 0 and out.strip() != bob and "old one no longer works" in err
    assert _run(capsys, "operators", "disable", "alice", "--reason", "left")[0] == 0
    assert _run(capsys, "operators", "disable", "nobody", "--reason", "x")[0] == 2
    code, out, _ = _run(capsys, "operators", "list", "--json")
    listed = json.loads(out)
    assert [(o["name"], o["disabled"] is not None) for o in listed] == [
        ("alice", True),
        ("bob", False),
    ]
    assert token not in out and bob not in out
    code, out, _ = _run(capsys, "operators", "list")
    assert code == 0 and "alice" in out and "disabled" in out and "bob" in out
    with engine.connect() as connection:
        actors = connection.execute(
            text("SELECT actor, action FROM audit_log WHERE action LIKE 'operator.%' ORDER BY seq")
        ).all()
    assert [tuple(row) for row in actors] == [
        ("cli:ops-user", "operator.add"),
        ("cli:ops-user", "operator.add"),
        ("cli:ops-user", "operator.new_token"),
        ("cli:ops-user", "operator.disable"),
    ]


def test_the_shared_token_may_not_look_like_an_operators(tmp_path: Path) -> None:
    from vc_led.errors import ConfigurationError
    from vc_led_issuer.settings import load_settings

    settings = load_settings(data_dir=tmp_path, admin_token=TOKEN_PREFIX + "x" * 40)
    with pytest.raises(ConfigurationError, match="may not start"):
        settings.admin_token_value()
