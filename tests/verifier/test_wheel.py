"""The wheel: built with ``python -m build --wheel``, installed into a fresh virtual environment
with only the core dependencies, it verifies an example credential offline (sockets disabled)
with ``examples/embed_verifier.py``. About 20 s (a build and a pip install); not marked ``slow``,
so it runs with the default selection."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from test_embed import EXAMPLE, offline_env, run_example, write_inputs

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (
    "vc_led/py.typed",
    "vc_led/_contexts/manifest.json",
    "vc_led/_contexts/credentials/v2.jsonld",
    "vc_led/_contexts/led/bundle-v1.jsonld",
    "vc_led/_contexts/led/bundle-v2.jsonld",
    "vc_led/_contexts/led/trust-v1.jsonld",
    "vc_led/report/texts-en.json",
    "vc_led/report/texts-nl.json",
    "vc_led_verifier/templates/result.html",
    "vc_led_verifier/static/verifier.css",
)


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=900)
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-4000:])
    return done


def test_wheel_in_a_clean_venv_verifies_offline(tmp_path, world, bundle):
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT), cwd=tmp_path)
    (wheel,) = dist.glob("vc_led-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(SHIPPED) <= names, set(SHIPPED) - names
    assert not any(n.startswith(("tests/", "contexts/")) for n in names)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    python = str(venv / "bin" / "python")
    run(
        python,
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        str(wheel),
        cwd=tmp_path,
    )
    code = "import importlib.util as u; print([m for m in ('fastapi', 'sqlmodel', 'jinja2') if u.find_spec(m)])"
    assert run(python, "-c", code, cwd=tmp_path).stdout.strip() == "[]"  # core dependencies only
    code = (
        "import importlib.util as u; print([m for m in ('issuer', 'verifier') if u.find_spec(m)])"
    )
    assert run(python, "-c", code, cwd=tmp_path).stdout.strip() == "[]"  # no generic names
    paths = write_inputs(tmp_path, world, bundle)
    env = offline_env(tmp_path)  # the installed wheel, not the repository
    where = run(python, "-c", "import vc_led; print(vc_led.__file__)", cwd=tmp_path).stdout
    assert str(venv) in where
    ok = run_example(python, paths, "led_diploma", env, tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0] == "verified authentic"
    revoked = run_example(python, paths, "led_revoked", env, tmp_path)
    assert revoked.returncode == 1 and "status.revoked" in revoked.stdout
    assert EXAMPLE.is_file()
