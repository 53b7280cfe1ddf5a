"""The package as installed: ``python -m vc_led``, one version number, the license, and the
declared dependencies of each part against what its code imports."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import vc_led

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_python_dash_m_vc_led_runs_the_command_line() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "vc_led", "--version"], capture_output=True, text=True, timeout=60
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"vc-led {vc_led.__version__}"
    usage = subprocess.run(
        [sys.executable, "-m", "vc_led", "no-such-command"], capture_output=True, text=True
    )
    assert usage.returncode == 2
    assert "usage: vc-led" in usage.stderr


def test_importing_vc_led_main_does_not_run_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import vc_led.__main__; print('imported')"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "imported"), done.stderr


def test_the_license_file_is_the_apache_license_and_is_declared() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text  # the full text, not a pointer to it
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


def test_one_version_number() -> None:
    """``vc_led.__version__`` is the source: pyproject takes it (hatch dynamic version)."""
    from importlib.metadata import version

    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "vc_led/__init__.py"
    assert version("vc-led") == vc_led.__version__  # the installed metadata agrees
