"""Configuration, engine set-up and package boundaries."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from vc_led.errors import ConfigurationError
from vc_led_issuer.db import make_engine, migrate, read_session, write_session
from vc_led_issuer.privacy import InszHasher
from vc_led_issuer.settings import load_settings


def test_production_needs_configured_secrets(tmp_path: Path) -> None:
    settings = load_settings(mode="production", data_dir=tmp_path)
    with pytest.raises(ConfigurationError, match="VCLED_PEPPER_FILE"):
        settings.pepper_bytes()
    with pytest.raises(ConfigurationError, match="VCLED_KEY_PASSPHRASE_FILE"):
        settings.key_passphrase_bytes()
    with pytest.raises(ConfigurationError, match="https"):
        settings.check_production()
    assert not (tmp_path / "secrets").exists()


def test_secrets_from_files_and_never_in_repr(tmp_path: Path) -> None:
    pepper = tmp_path / "pepper"
    pepper.write_text("p" * 40 + "\n")
    settings = load_settings(pepper_file=pepper, key_passphrase="s3cret-passphrase")
    assert settings.pepper_bytes() == b"p" * 40
    assert settings.key_passphrase_bytes() == b"s3cret-passphrase"
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())
    with pytest.raises(ConfigurationError, match="not both"):
        load_settings(pepper_file=pepper, pepper="x" * 40).pepper_bytes()
    short = tmp_path / "short"
    short.write_text("short")
    with pytest.raises(ConfigurationError, match="at least 32"):
        load_settings(pepper_file=short).pepper_bytes()


def test_demo_mode_generates_secrets_once(tmp_path: Path) -> None:
    settings = load_settings(mode="demo", data_dir=tmp_path)
    first = settings.pepper_bytes()
    assert first == settings.pepper_bytes() and len(first) >= 32
    path = tmp_path / "secrets" / "pepper"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(ConfigurationError, match="pkcs11-pin"):
        settings.pkcs11_pin_value()  # a PIN is never generated


def test_invalid_settings_name_the_field_only(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="status_list_size"):
        load_settings(status_list_size=1000)


def test_environment_database_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert load_settings().database_url == f"sqlite:///{tmp_path / 'env.sqlite3'}"


def test_sqlite_defaults(tmp_path: Path) -> None:
    engine = make_engine(settings=load_settings(mode="demo", data_dir=tmp_path / "data"))
    assert engine.url.database == str(tmp_path / "data" / "registry.sqlite3")
    migrate(engine)
    with read_session(engine) as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
    with write_session(engine) as session, pytest.raises(Exception, match="FOREIGN KEY"):
        session.execute(
            text(
                "INSERT INTO records (supplier, supplier_reference, state, content, content_hash,"
                " holder_id, created_at, updated_at) VALUES ('s', 'r', 'registered', '{}', 'h',"
                " 999, '2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()


@pytest.mark.parametrize("existing", [False, True])
def test_the_sqlite_files_are_private_whoever_made_the_folder(
    tmp_path: Path, existing: bool
) -> None:
    import os

    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)  # made by someone else, with the usual umask
    database = folder / "registry.sqlite3"
    if existing:
        database.write_bytes(b"")
        database.chmod(0o644)
    old = os.umask(0o022)
    try:
        engine = make_engine(settings=load_settings(mode="demo", data_dir=folder))
        migrate(engine)
        with read_session(engine) as session:  # WAL open: -wal and -shm exist
            session.execute(text("SELECT 1"))
            modes = {
                p.name: stat.S_IMODE(p.stat().st_mode)
                for p in folder.iterdir()
                if p.name.startswith("registry.sqlite3")
            }
        engine.dispose()
    finally:
        os.umask(old)
    assert set(modes) >= {"registry.sqlite3", "registry.sqlite3-wal", "registry.sqlite3-shm"}
    assert set(modes.values()) == {0o600}, modes


@pytest.mark.parametrize(
    "url",
    [
        "mysql://user:secret@db/registry",
        "postgresql+asyncpg://user:secret@db/registry",
        "oracle+cx_oracle://user:secret@db",
        "not a url at all",
        "sqlite+aiosqlite:///x.db",
    ],
)
def test_an_unsupported_database_url_is_a_configuration_error(tmp_path: Path, url: str) -> None:
    settings = load_settings(mode="demo", data_dir=tmp_path / "data")
    with pytest.raises(ConfigurationError, match="DATABASE_URL must be") as caught:
        make_engine(url, settings=settings)
    assert "secret" not in str(caught.value)


def test_a_plain_postgresql_url_uses_psycopg(tmp_path: Path) -> None:
    engine = make_engine("postgresql://u@127.0.0.1/none", settings=load_settings(mode="demo"))
    assert engine.url.drivername == "postgresql+psycopg"
    engine.dispose()


def test_hasher_rejects_a_short_pepper() -> None:
    with pytest.raises(ConfigurationError):
        InszHasher(b"short")


def test_vc_led_never_imports_the_issuer() -> None:
    code = (
        "import sys, vc_led, vc_led.led, vc_led.dids, vc_led.issue, vc_led.verify\n"
        "bad = [m for m in ('vc_led_issuer', 'sqlmodel', 'sqlalchemy', 'fastapi', 'alembic', 'pkcs11')"
        " if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
