"""The sdist holds every part (library, registry, web verifier, examples), and a wheel built from
it holds what a wheel built from the checkout holds. Built offline: ``python -m build
--no-isolation`` with the hatchling of the dev extra, no package index."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WHEEL_PACKAGES = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
PARTS = ("vc_led", "issuer", "verifier", "examples", "contexts")


def _build(kind: str, source: Path, out: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--outdir", str(out)],
        cwd=source,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-4000:])
    (built,) = out.glob("*.tar.gz" if kind == "sdist" else "*.whl")
    return built


def _tracked(*folders: str) -> list[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--", *folders],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout (an unpacked sdist): nothing to compare with")
    return [f for f in out.decode().split("\0") if f and (ROOT / f).is_file()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], set[str]]:
    tmp = tmp_path_factory.mktemp("sdist")
    sdist = _build("sdist", ROOT, tmp / "dist")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp / "src", filter="data")
        members = {str(PurePosixPath(*PurePosixPath(n).parts[1:])) for n in archive.getnames()}
    (unpacked,) = (tmp / "src").iterdir()
    wheel = _build("wheel", unpacked, tmp / "wheel")
    return members, set(zipfile.ZipFile(wheel).namelist())


def test_the_sdist_holds_every_part(built: tuple[set[str], set[str]]) -> None:
    sdist, _ = built
    missing = set(_tracked(*PARTS)) - sdist
    assert not missing, sorted(missing)[:20]
    assert {"LICENSE", "README.md", "pyproject.toml", "PKG-INFO"} <= sdist
    assert not any(
        n.startswith(("benchmarks/", "scripts/")) or "/node_modules/" in n for n in sdist
    )


def test_a_wheel_built_from_the_sdist_holds_every_package(
    built: tuple[set[str], set[str]],
) -> None:
    _, wheel = built
    expected = {"vc_led/_contexts/manifest.json", "vc_led/py.typed"}
    for package in WHEEL_PACKAGES:  # "a/b" ships as "b/" (hatch drops the parent folders)
        name = PurePosixPath(package).name
        expected |= {name + f[len(package) :] for f in _tracked(package)}
    missing = expected - wheel
    assert not missing, sorted(missing)[:20]
    tops = {n.split("/")[0] for n in wheel if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {PurePosixPath(p).name for p in WHEEL_PACKAGES}
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in wheel)
