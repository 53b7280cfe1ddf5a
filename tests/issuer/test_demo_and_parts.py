"""Demo mode (idempotent), and the small parts: progress bar, --where, settings, names."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from issuer_helpers import credentials

from vc_led.errors import ConfigurationError
from vc_led.led import HolderIdentity
from vc_led.led.holder import synthetic_insz
from vc_led_issuer.context import Registry
from vc_led_issuer.demo import demo_holder, is_demo_dir, prepare_demo
from vc_led_issuer.jobs.export import file_name
from vc_led_issuer.jobs.progress import Progress, format_duration
from vc_led_issuer.jobs.where import Where, WhereError, parse_where
from vc_led_issuer.settings import load_settings


def test_demo_is_idempotent(registry: Registry) -> None:
    first = prepare_demo(registry, persons=3, progress=False)
    assert first.imported is not None and first.imported.ok and first.issued.issued > 0
    assert is_demo_dir(registry.settings.data_dir)
    issued = len(credentials(registry))
    again = prepare_demo(registry, persons=3, progress=False)
    assert again.imported is None and again.issued.issued == 0 and not again.init.key_created
    assert len(credentials(registry)) == issued


def test_demo_needs_demo_mode(registry: Registry) -> None:
    registry.settings = load_settings(mode="production", data_dir=registry.settings.data_dir)
    with pytest.raises(ConfigurationError, match="demo"):
        prepare_demo(registry, persons=1, progress=False)


def test_demo_names_only_for_synthetic_holders() -> None:
    synthetic = HolderIdentity(synthetic_insz(date(2004, 2, 29), 12))
    claims = demo_holder(synthetic)
    assert claims is not None and claims.birth_date == date(2004, 2, 29)
    assert claims.given_name and claims.family_name
    assert demo_holder(HolderIdentity("85073003328")) is None  # a real-looking INSZ: no names


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_bar_lines() -> None:
    out, clock = io.StringIO(), Clock()
    bar = Progress("issue", total=1000, unit="credentials", stream=out, clock=clock)
    clock.now = 2.0
    bar.advance(190, 10)
    assert bar.line() == (
        "issue · [####....................]  20% · 200/1,000 credentials · 10 failed · 100/s"
        " · ETA 0:00:08 · elapsed 0:00:02"
    )
    bar.close()
    assert out.getvalue().count("\n") == 2  # not a terminal: whole lines
    unknown = Progress("import", stream=io.StringIO(), clock=clock)
    assert unknown.line().startswith("import · 0 records · 0/s")
    assert format_duration(3725) == "1:02:05"


def test_progress_bar_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, clock = Tty(), Clock()
    bar = Progress("x", total=2, stream=out, clock=clock)
    clock.now = 1.0
    bar.advance(1)
    bar.close()
    assert out.getvalue().startswith("\rx · [") and out.getvalue().endswith("\n")
    silent = io.StringIO()
    Progress("x", stream=silent, enabled=False).close()
    assert silent.getvalue() == ""


def test_where() -> None:
    where = parse_where(["supplier=Hoger onderwijs", "id>=3", "id<=9", "updated>=2026-01-01"])
    assert where == Where(
        supplier="Hoger onderwijs",
        min_id=3,
        max_id=9,
        updated_from=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert where.to_dict()["updated_from"] == "2026-01-01T00:00:00+00:00"
    assert parse_where(["updated<2026-01-01T10:00:00+01:00"]).updated_before is not None
    for bad in ("colour=red", "id>=x", "supplier>=a", "updated>=yesterday", "id"):
        with pytest.raises(WhereError):
            parse_where([bad])


def test_settings_derive_urls_and_admin_token(tmp_path: Path) -> None:
    settings = load_settings(mode="demo", data_dir=tmp_path, public_url="https://led.example:8443/")
    assert settings.public_url == "https://led.example:8443"
    assert settings.registry_did == "did:web:led.example%3A8443"
    assert settings.status_base_url == "https://led.example:8443/status"
    token = settings.admin_token_value()
    assert len(token) >= 32 and token == settings.admin_token_value()
    with pytest.raises(ConfigurationError, match="admin-token"):
        load_settings(mode="production", data_dir=tmp_path / "p").admin_token_value()
    with pytest.raises(ConfigurationError, match="at least 32"):
        load_settings(admin_token="short").admin_token_value()
    with pytest.raises(ConfigurationError, match="PUBLIC_URL"):
        load_settings(status_base_url="https://x.example/status").check_production()


def test_export_names() -> None:
    assert file_name("urn:uuid:0F8FAD5B-D9CB-469F-A165-70867728950E") == (
        "0f8fad5b-d9cb-469f-a165-70867728950e.json"
    )
    assert len(file_name("https://led.example/credentials/85073003328")) == 45
    assert "85073003328" not in file_name("https://led.example/credentials/85073003328")


def test_serve_is_demo_only_on_the_embedded_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from vc_led_issuer.commands._common import open_cli_registry

    monkeypatch.delenv("VCLED_MODE", raising=False)
    args = argparse.Namespace(data_dir=str(tmp_path / "data"))
    with open_cli_registry(args, demo_default=True) as registry:
        assert registry.settings.demo
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}")
    with pytest.raises(ConfigurationError, match="https"):  # production mode: refused
        with open_cli_registry(argparse.Namespace(data_dir=str(tmp_path / "p")), demo_default=True):
            pass


def test_without_the_issuer_extra_there_are_no_registry_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util
    import sys

    from vc_led.cli import build_parser

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name, *a)
    )
    monkeypatch.delitem(sys.modules, "vc_led_issuer.commands", raising=False)
    with pytest.raises(ModuleNotFoundError) as missing:
        importlib.import_module("vc_led_issuer.commands")
    assert missing.value.name == "fastapi"
    monkeypatch.delitem(sys.modules, "vc_led_issuer.commands", raising=False)
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert "issue-bulk" not in commands and "verify" in commands
