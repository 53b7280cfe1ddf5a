"""The direction of imports (issue 11): ``vc_led`` is the library the optional parts build on,
never the other way round, and the verification recipe sits on top of the engine.

- nothing in ``vc_led`` imports ``issuer`` or ``verifier``, by an import statement or by a
  module name handed to ``import_module`` (their commands come in through the
  ``vc_led.commands`` entry points);
- nothing inside ``vc_led`` imports ``vc_led.verify`` except the package root and the CLI
  (the engine, formats, stapled status and bundles build on :mod:`vc_led._engine`);
- the verification modules are in no import cycle.
"""

from __future__ import annotations

import tomllib

from _graph import ROOT, cycles, import_graph, imported_names, module_files

PARTS = ("vc_led_issuer", "vc_led_verifier")  # the import packages in issuer/ and verifier/
SPINE = {
    "vc_led.verify",
    "vc_led._engine",
    "vc_led._formats",
    "vc_led._presentation",
    "vc_led.stapled",
    "vc_led.bundle",
    "vc_led.bundle._load",
    "vc_led.bundle._model",
}
#: Cycles left, none through the spine: deferred imports inside vc_led.trust and
#: vc_led.proofs, and a TYPE_CHECKING-only import of VerificationResult in vc_led.errors.
KNOWN_CYCLES = [
    ["vc_led.proofs.ecdsa_rdfc_2019", "vc_led.proofs.eddsa_rdfc_2022", "vc_led.proofs.suites"],
    ["vc_led.trust.codec", "vc_led.trust.model", "vc_led.trust.scope"],
    ["vc_led.errors", "vc_led.results"],
]


def test_vc_led_never_imports_the_optional_parts():
    offending = [
        f"{module}: {name}"
        for module, path in module_files().items()
        for name in imported_names(module, path)
        if name.split(".")[0] in PARTS
    ]
    assert offending == []


def test_the_scanner_sees_imports_by_module_name(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from importlib import import_module\n"
        "def load():\n"
        "    from vc_led_issuer import commands as cli\n"
        "    return import_module('vc_led_verifier.cli')\n"
    )
    names = set(imported_names("vc_led.probe", probe))
    assert {"vc_led_issuer", "vc_led_issuer.commands", "vc_led_verifier.cli"} <= names


def test_only_the_root_and_the_cli_import_the_recipe():
    graph = import_graph()
    importers = sorted(m for m, targets in graph.items() if "vc_led.verify" in targets)
    assert [m for m in importers if m != "vc_led" and not m.startswith("vc_led.cli")] == []
    assert "vc_led" in importers


def test_the_verification_spine_is_in_no_cycle():
    found = cycles(import_graph())
    assert [c for c in found if SPINE & set(c)] == []
    assert found == KNOWN_CYCLES  # a new cycle is a decision: record it here


def test_the_optional_parts_plug_in_through_entry_points():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    commands = project["entry-points"]["vc_led.commands"]
    assert commands == {
        "issuer": "vc_led_issuer.commands:register",
        "verifier": "vc_led_verifier.cli:register",
    }
    sources = project["entry-points"]["vc_led.bundle_sources"]
    assert sources == {"registry": "vc_led_issuer.commands.bundle:registry_bundle"}


def test_installed_entry_points_give_the_part_commands():
    from vc_led.cli import build_parser

    choices = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"verify", "verifier"} <= set(choices)
