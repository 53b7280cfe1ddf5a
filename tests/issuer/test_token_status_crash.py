"""Crash safety of one status change: a process SIGKILLed between the Bitstring Status List
update and the Token Status List update (or after both, before the commit) leaves neither
flipped; one that finishes leaves both flipped (both backends)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from issuer_helpers import BASE_URL, NOW
from sqlalchemy import Engine

from vc_led_issuer import crud
from vc_led_issuer.db import read_session, write_session
from vc_led_issuer.models import StatusPurpose, TokenStatus

ROOT = Path(__file__).resolve().parents[2]
CID = "urn:uuid:crash-1"

# The child flips the credential's status; ``pause`` is where it waits to be killed: "between"
# the two updates (the bitstring bit flushed, the token entry not yet written), "after" both
# (flushed, not committed), or "none" (it commits).
_CHILD = """
import sys, time
from datetime import UTC, datetime
from vc_led_issuer.crud import _credentials
from vc_led_issuer.db import make_engine, write_session
from vc_led_issuer.models import StatusPurpose
from vc_led_issuer.settings import load_settings

url, data_dir, pause, purpose = sys.argv[1:5]
original = _credentials._flip_token_status

def _wait(point):
    if pause == point:
        print(point, flush=True)
        time.sleep(120)

def flip(session, cred, now):
    _wait("between")
    flipped = original(session, cred, now)
    _wait("after")
    return flipped

_credentials._flip_token_status = flip
engine = make_engine(url, settings=load_settings(data_dir=data_dir, mode="demo"))
with write_session(engine) as session:
    _credentials.set_credential_status(
        session, credential_id=sys.argv[5], purpose=StatusPurpose(purpose), value=True,
        actor="crash-test", reason="crash", now=datetime.now(UTC),
    )
print("committed", flush=True)
"""


def _issue(engine: Engine, seeded: tuple[int, str]) -> None:
    record_id, key_id = seeded
    with write_session(engine) as session:
        crud.record_issued_credential(
            session,
            credential_id=CID,
            record_id=record_id,
            key_id=key_id,
            document={"id": CID},
            status=crud.allocate_status_entries(session, base_url=BASE_URL, now=NOW),
            token_status=crud.allocate_token_status_indexes(
                session, base_url=f"{BASE_URL}/tsl", now=NOW
            )[0],
            now=NOW,
        )


def _run(database_url: str, tmp_path: Path, pause: str, purpose: StatusPurpose) -> str:
    """Run the child; kill its process group once it reports ``pause``. Its last line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VCLED_")}
    args = [database_url, str(tmp_path / "data"), pause, purpose.value, CID]
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if line == pause:
        os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()
    return line


def _state(engine: Engine, purpose: StatusPurpose) -> tuple[bool, TokenStatus | None]:
    with read_session(engine) as session:
        bits = crud.credential_status(session, credential_id=CID)
        return bits[purpose], crud.token_status(session, credential_id=CID)


@pytest.mark.parametrize("pause", ["between", "after"])
@pytest.mark.parametrize(
    ("purpose", "flipped"),
    [
        (StatusPurpose.REVOCATION, TokenStatus.INVALID),
        (StatusPurpose.SUSPENSION, TokenStatus.SUSPENDED),
    ],
)
def test_killed_status_change_flips_neither_then_both(
    engine: Engine,
    database_url: str,
    seeded: tuple[int, str],
    tmp_path: Path,
    pause: str,
    purpose: StatusPurpose,
    flipped: TokenStatus,
) -> None:
    _issue(engine, seeded)
    started = time.monotonic()
    assert _run(database_url, tmp_path, pause, purpose) == pause  # killed there
    assert time.monotonic() - started < 60
    assert _state(engine, purpose) == (False, TokenStatus.VALID)  # neither
    assert _run(database_url, tmp_path, "none", purpose) == "committed"
    assert _state(engine, purpose) == (True, flipped)  # both
