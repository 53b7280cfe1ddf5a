"""The package layout holds: the generator is never loaded by verifying or issuing, the LED
subpackages import in one direction, and the parts claim no generic import names."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path, PurePosixPath

from _imports import modules_loaded_by

ROOT = Path(__file__).resolve().parents[2]
LED = ROOT / "vc_led" / "led"
CASES = ROOT / "tests" / "cases"
SYNTHETIC = "vc_led.led.synthetic"


def test_importing_vc_led_does_not_load_the_generator() -> None:
    assert modules_loaded_by("import vc_led", prefix=SYNTHETIC) == set()


def test_verifying_an_led_credential_does_not_load_the_generator() -> None:
    statement = (
        f"import sys; sys.path.insert(0, {str(CASES)!r}); from test_cases import run; "
        "expected, result = run('led-registry-accredited'); "
        "assert result.outcome.value == expected['outcome'] == 'verified', result"
    )
    assert modules_loaded_by(statement, prefix=SYNTHETIC) == set()


def test_profiles_issuing_and_formats_do_not_load_the_generator() -> None:
    statement = (
        "import vc_led.led, vc_led.led.issuing, vc_led.led.profiles, vc_led.led.codelists, "
        "vc_led.led.formats.magda, vc_led.led.formats.jsonl, vc_led.led.formats.magda_write; "
        "from vc_led.led.profiles.competence import default_skill_lookup; "
        "assert default_skill_lookup('Bedient een heftruck veilig').startswith("
        "'http://data.europa.eu/esco/skill/')"
    )
    assert modules_loaded_by(statement, prefix=SYNTHETIC) == set()


def _imports_of(path: Path, package: str) -> set[str]:
    """Absolute names of the vc_led modules ``path`` imports (relative ones resolved)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names |= {module} | {f"{module}.{a.name}" for a in node.names}
    return names


def _package_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[0] in ("issuer", "verifier"):  # issuer/vc_led_issuer/... is vc_led_issuer...
        parts = parts[1:]
    return ".".join(parts if path.name == "__init__.py" else parts[:-1])


def test_led_subpackages_import_in_one_direction() -> None:
    """synthetic -> formats -> the domain model; profiles and issuing -> the domain model."""
    forbidden = {
        "formats": ("vc_led.led.synthetic",),
        "profiles": ("vc_led.led.synthetic", "vc_led.led.formats"),
        "vocab": ("vc_led.led.synthetic", "vc_led.led.formats"),
        "": ("vc_led.led.synthetic",),  # the domain model and issuing.py
    }
    wrong = []
    for path in sorted(LED.rglob("*.py")):
        sub = path.relative_to(LED).parts[0] if len(path.relative_to(LED).parts) > 1 else ""
        for name in _imports_of(path, _package_of(path)):
            if name.startswith(forbidden.get(sub, ())):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, wrong


def test_the_parts_claim_no_generic_import_names() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    names = {PurePosixPath(p).name for p in packages}
    assert names == {"vc_led", "vc_led_issuer", "vc_led_verifier"}
    for folder in ("issuer", "verifier"):  # the folders stay; the packages live inside them
        assert not (ROOT / folder / "__init__.py").exists()
        assert (ROOT / folder / f"vc_led_{folder}" / "__init__.py").is_file()


def test_nothing_imports_the_old_top_level_names() -> None:
    wrong = []
    for folder in ("vc_led", "issuer", "verifier", "tests", "scripts", "benchmarks", "examples"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "node_modules" in path.parts:
                continue
            for name in _imports_of(path, _package_of(path)):
                if name.split(".")[0] in ("issuer", "verifier"):
                    wrong.append(f"{path.relative_to(ROOT)}: {name}")
    assert not wrong, wrong[:20]
