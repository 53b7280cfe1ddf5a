"""The examples run standalone on a fresh clone: with no arguments they verify the sample
shipped in ``examples/sample/`` (written reproducibly by ``scripts/make_example_sample.py``)
and say truthfully what they verified, in a fresh interpreter with no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from offline_site import offline_site

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SAMPLE = EXAMPLES / "sample"


def _run(tmp_path: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    site = offline_site(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VCLED_")}
    env["PYTHONPATH"] = os.pathsep.join((str(site), str(ROOT)))
    command = [sys.executable, str(EXAMPLES / script), *args]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )


def test_embed_verifier_verifies_the_sample_as_of_its_date(tmp_path):
    done = _run(tmp_path, "embed_verifier.py")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "verified authentic"
    assert {line.split()[0]: line.split()[1] for line in lines[1:]}["status"] == "passed"
    assert "the shipped sample, as of 2026-01-07" in done.stderr
    assert "INSECURE DEMO registry pin" in done.stderr  # the library says the pin is public
    assert "Traceback" not in done.stderr


def test_the_sample_bundle_today_is_refused_not_verified(tmp_path, monkeypatch):
    """With arguments the time is now: the sample's week-old snapshot must not verify."""
    env_pin = (SAMPLE / "registry-pin.txt").read_text().split()[-1]
    site = tmp_path / "pins"
    site.mkdir()
    (site / "vc-led").mkdir()
    (site / "vc-led" / "pinned-registry-keys").write_text(env_pin + "\n")
    monkeypatch.setenv("XDG_STATE_HOME", str(site))  # the pin file of this "user"
    done = _run(tmp_path, "embed_verifier.py", str(SAMPLE / "trust-bundle.json"),
                str(SAMPLE / "diploma.json"))  # fmt: skip
    assert done.returncode == 1 and not done.stdout
    assert "trust bundle refused: bundle.expired" in done.stderr
    assert "Traceback" not in done.stderr


def test_embed_verifier_without_a_pin_says_so(tmp_path):
    done = _run(tmp_path, "embed_verifier.py", str(SAMPLE / "trust-bundle.json"),
                str(SAMPLE / "diploma.json"))  # fmt: skip
    assert done.returncode == 1 and "pin the LED registry's key" in done.stderr
    assert not done.stdout and "Traceback" not in done.stderr


def test_verify_offline_verifies_the_sample(tmp_path):
    done = _run(tmp_path, "verify_offline.py")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "verified"
    assert "signed with the W3C test key" in done.stderr and "Traceback" not in done.stderr


def test_examples_refuse_wrong_arguments_with_usage(tmp_path):
    for script in ("embed_verifier.py", "verify_offline.py"):
        done = _run(tmp_path, script, "a", "b", "c")
        assert done.returncode == 1 and "Usage:" in done.stderr and "Traceback" not in done.stderr


def test_the_sample_is_what_the_script_writes(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_example_sample.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in SAMPLE.iterdir())
    for name in written:
        assert (tmp_path / name).read_text() == (SAMPLE / name).read_text(), (
            f"examples/sample/{name} is stale: run scripts/make_example_sample.py"
        )
