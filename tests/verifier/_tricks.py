"""A worker task for the hardening tests: it verifies like the real one, unless the document
carries a marker -- ``"sleep-here"`` (sleep two minutes: a verification that never ends in
time), ``"fail-here"`` (raise, as a library bug would), ``"die-here"`` (the process dies) or
``"hog-here"`` (ask for 4 GiB of memory).

A sleeping worker first writes its pid as a file into ``$TRICKS_PID_DIR`` (when set), so a
test can tell when it is busy and check that it was stopped. Module-level, so a spawned worker
process can import it (the tests' ``sys.path`` is handed to the workers).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from vc_led import VerificationResult, Verifier
from vc_led_verifier.workers import Job, run_job


def tricky_task(verifier: Verifier, job: Job) -> VerificationResult:
    if b'"sleep-here"' in job.data:
        folder = os.environ.get("TRICKS_PID_DIR")
        if folder:
            (Path(folder) / str(os.getpid())).write_text("sleeping")
        time.sleep(120)
    if b'"fail-here"' in job.data:
        raise RecursionError("maximum recursion depth exceeded (a library bug)")
    if b'"die-here"' in job.data:
        os._exit(3)
    if b'"hog-here"' in job.data:
        hog = bytearray(4 * 1024 * 1024 * 1024)  # past any worker memory limit of the tests
        hog[-1] = 1
    return run_job(verifier, job)


def sleeping_pids(folder: Path, *, wait: float = 30.0) -> list[int]:
    """The pids of workers that started sleeping (waits up to ``wait`` s for one)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        pids = [int(p.name) for p in folder.iterdir() if p.name.isdigit()]
        if pids:
            return pids
        time.sleep(0.05)
    raise AssertionError(f"no worker started sleeping within {wait} s")


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, already ended, does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def ends_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return not alive(pid)
