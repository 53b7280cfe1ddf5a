"""Crash safety: ``vc-led issue-bulk`` (a process pool) and ``vc-led import`` killed with
SIGKILL (the whole process group) at a random moment once they have stored something, then
run again: every record issued exactly once, nothing half-written, the audit chain intact
(both backends). The default run kills each command twice; the ``slow`` run 20 times."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from issuer_helpers import (
    PEPPER,
    PUBLIC_URL,
    assert_consistent,
    generated,
    import_named,
    snapshot,
)
from sqlmodel import select

from vc_led_issuer.context import Registry
from vc_led_issuer.jobs.importer import import_files
from vc_led_issuer.models import IssuedCredential, Record

ROOT = Path(__file__).resolve().parents[2]
VC_LED = [sys.executable, "-m", "vc_led.cli"]


def _env(registry: Registry, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VCLED_")}
    return env | {
        "DATABASE_URL": database_url,
        "VCLED_MODE": "demo",
        "VCLED_DATA_DIR": str(registry.settings.data_dir),
        "VCLED_PUBLIC_URL": PUBLIC_URL,
        "VCLED_PEPPER": PEPPER.decode(),
        "VCLED_KEY_PASSPHRASE": "test passphrase",
    }


def _kill_mid_run(
    command: list[str],
    env: dict[str, str],
    rng: random.Random,
    progress: Callable[[], int],
    total: int,
    kills_left: int,
) -> bool:
    """Start ``command``; SIGKILL it and its workers at a random point of its work: once it
    has stored a random number of rows, from one to half of an equal share of what is left
    for the kills to come (and then a few random milliseconds later, so that the kill lands
    anywhere in a batch). Random in progress, not in time, so that a faster machine or a
    faster import still gets killed mid-run. False when it finished first."""
    before = progress()
    target = before + rng.randint(1, max(1, (total - before) // (2 * kills_left)))
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and progress() < target and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0.0, 0.02))
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


def _count(registry: Registry, table: Any) -> Callable[[], int]:
    def count() -> int:
        with registry.read() as session:
            return len(session.exec(select(table.id)).all())

    return count


def _finish(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def _issue_bulk_survives(
    registry: Registry, database_url: str, tmp_path: Path, kills: int, persons: int
) -> None:
    import_named(registry, generated(tmp_path, persons=persons))
    with registry.read() as session:
        total = len(session.exec(select(Record.id).where(Record.state == "registered")).all())
    env, rng = _env(registry, database_url), random.Random(kills)
    command = [*VC_LED, "issue-bulk", "--workers", "2", "--batch-size", "5", "--quiet"]
    progress = _count(registry, IssuedCredential)
    for done in range(kills):
        assert _kill_mid_run(command, env, rng, progress, total, kills - done), "finished"
        assert_consistent(registry, complete=False)
    _finish(command, env)
    assert assert_consistent(registry, complete=True) > 80


def _import_survives(
    registry: Registry, database_url: str, tmp_path: Path, kills: int, persons: int
) -> None:
    data = generated(tmp_path, persons=persons)
    lines = len(data.read_text(encoding="utf-8").splitlines())
    env, rng = _env(registry, database_url), random.Random(kills)
    command = [*VC_LED, "import", "--batch-size", "10", "--quiet", str(data)]
    progress = _count(registry, Record)
    for done in range(kills):
        assert _kill_mid_run(command, env, rng, progress, lines, kills - done), "finished"
        with registry.read() as session:
            stored = len(session.exec(select(Record.id)).all())
        assert stored % 10 == 0 or stored == lines  # whole batches only
        assert_consistent(registry, complete=False)
    _finish(command, env)
    after = snapshot(registry)
    assert len(after["records"]) == lines
    assert import_files(registry, [data]).unchanged == lines  # once more: nothing changes
    assert snapshot(registry) == after


def test_issue_bulk_survives_sigkill(registry: Registry, database_url: str, tmp_path: Path) -> None:
    _issue_bulk_survives(registry, database_url, tmp_path, kills=2, persons=60)


def test_import_survives_sigkill(registry: Registry, database_url: str, tmp_path: Path) -> None:
    _import_survives(registry, database_url, tmp_path, kills=2, persons=150)


@pytest.mark.slow
def test_issue_bulk_survives_twenty_kills(
    registry: Registry, database_url: str, tmp_path: Path
) -> None:
    _issue_bulk_survives(registry, database_url, tmp_path, kills=20, persons=600)


@pytest.mark.slow
def test_import_survives_twenty_kills(
    registry: Registry, database_url: str, tmp_path: Path
) -> None:
    _import_survives(registry, database_url, tmp_path, kills=20, persons=2000)
