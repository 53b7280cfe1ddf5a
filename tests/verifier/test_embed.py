"""``examples/embed_verifier.py`` (the README's embedding example) runs, offline: in a fresh
interpreter whose sockets are disabled before anything is imported."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from _world import World
from offline_site import offline_site

from vc_led import TrustBundle
from vc_led.bundle import DEMO_REGISTRY_PIN

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "embed_verifier.py"


def offline_env(tmp_path: Path, python_path: str | None = None) -> dict[str, str]:
    site = offline_site(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "VCLED_PINNED_REGISTRY_KEY"}
    env["VCLED_PINNED_REGISTRY_KEY"] = DEMO_REGISTRY_PIN  # the test world is the demo registry
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), python_path) if p)
    return env


def write_inputs(tmp_path: Path, world: World, bundle: TrustBundle) -> dict[str, Path]:
    paths = {"bundle": tmp_path / "led-trust-bundle.json"}
    paths["bundle"].write_text(bundle.to_json())
    for name in ("led_diploma", "led_revoked", "self_declared"):
        paths[name] = tmp_path / f"{name}.json"
        paths[name].write_text(json.dumps(world.credentials[name]))
    return paths


def run_example(python: str, paths: dict[str, Path], name: str, env: dict[str, str], cwd: Path):
    command = [python, str(EXAMPLE), str(paths["bundle"]), str(paths[name])]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_example_verifies_offline(tmp_path, world, bundle):
    paths = write_inputs(tmp_path, world, bundle)
    env = offline_env(tmp_path, str(ROOT))
    ok = run_example(sys.executable, paths, "led_diploma", env, tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0] == "verified authentic"
    assert "DEMO registry pin" not in ok.stdout
    revoked = run_example(sys.executable, paths, "led_revoked", env, tmp_path)
    assert revoked.returncode == 1 and "status.revoked" in revoked.stdout
    declared = run_example(sys.executable, paths, "self_declared", env, tmp_path)
    assert declared.stdout.splitlines()[0] == "verified self_declared"


def test_example_refuses_without_a_pin(tmp_path, world, bundle):
    paths = write_inputs(tmp_path, world, bundle)
    env = offline_env(tmp_path, str(ROOT))
    env.pop("VCLED_PINNED_REGISTRY_KEY")
    done = run_example(sys.executable, paths, "led_diploma", env, tmp_path)
    assert done.returncode == 1 and "pin the LED registry's key" in done.stderr and not done.stdout


def test_example_refuses_a_bundle_of_another_registry(tmp_path, world, bundle):
    paths = write_inputs(tmp_path, world, bundle)
    env = offline_env(tmp_path, str(ROOT)) | {
        "VCLED_PINNED_REGISTRY_KEY": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    }
    done = run_example(sys.executable, paths, "led_diploma", env, tmp_path)
    assert done.returncode == 1 and "bundle.untrusted_key" in done.stderr


def test_readme_shows_the_example():
    readme = (ROOT / "README.md").read_text()
    block = re.search(
        r"## Verify offline against the LED trust bundle\n.*?```python\n(.*?)```", readme, re.S
    )
    assert block is not None
    assert block.group(1).strip() in EXAMPLE.read_text()
    assert len(block.group(1).strip().splitlines()) <= 10
