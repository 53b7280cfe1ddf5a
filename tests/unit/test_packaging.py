"""The package as installed: ``python -m vc_led``, one version number, the license, and the
declared dependencies of each part against what its code imports."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

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


# the parts of the wheel (folders) and the requirement lists each may import from
PARTS = {
    "vc_led": ("",),
    "issuer": ("", "issuer", "dask"),
    "verifier": ("", "verifier"),
}
FIRST_PARTY = {"vc_led", "issuer", "verifier", "vc_led_issuer", "vc_led_verifier"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(extras: tuple[str, ...]) -> set[str]:
    project = PYPROJECT["project"]
    lists = [
        project["dependencies"] if e == "" else project["optional-dependencies"][e] for e in extras
    ]
    return {_normal(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", r)[0]) for rs in lists for r in rs}  # type: ignore[index]


def _imported(folder: Path) -> dict[str, str]:
    """Top-level third-party module -> the first file importing it (absolute imports)."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("part", sorted(PARTS))
def test_every_imported_distribution_is_declared_for_its_part(part: str) -> None:
    providers = packages_distributions()
    declared = _declared(PARTS[part])
    missing = {}
    for module, where in _imported(ROOT / part).items():
        dists = {_normal(d) for d in providers.get(module, [])}
        assert dists, f"{module} (imported by {where}) is not installed: which distribution?"
        if not dists & declared:
            missing[module] = (sorted(dists), where)
    assert not missing, f"imported by {part}/ but not declared for it: {missing}"


def test_every_core_dependency_is_imported_by_the_library() -> None:
    providers = packages_distributions()
    used = {_normal(d) for m in _imported(ROOT / "vc_led") for d in providers.get(m, [])}
    assert _declared(("",)) - used == set()  # a requirement nothing imports is declared in vain
