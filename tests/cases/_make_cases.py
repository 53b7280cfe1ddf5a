"""Regenerate every case folder under ``tests/cases/`` from the fixed keys in ``_keys/``.

Usage (from the repository root)::

    .venv/bin/python tests/cases/_make_cases.py          # write every case
    .venv/bin/python tests/cases/_make_cases.py --check  # exit 1 if a folder would change
    .venv/bin/python tests/cases/_make_cases.py --pending  # also write the known-bug cases

The output is deterministic (fixed keys, fixed ``created`` times, RFC 6979 ECDSA), so a rerun
leaves git clean unless a case definition changed. The cases are defined in ``_defs_*.py``;
the tests never run this script, they read the committed folders. Folders this script does
not define (hand-written cases) are left alone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import _defs_document
import _defs_led
import _defs_presentation
import _defs_proof
import _defs_regressions
import _defs_related
import _defs_report
import _defs_report_sdjwt
import _defs_sdjwt
import _defs_sdjwt_led
import _defs_status
import _defs_trust
from _build import HERE, PENDING, REGISTRY, Case
from _report_files import report_files

DEFINITIONS = (
    _defs_document,
    _defs_proof,
    _defs_presentation,
    _defs_regressions,
    _defs_related,
    _defs_status,
    _defs_trust,
    _defs_led,
    _defs_report,
    _defs_sdjwt,
    _defs_report_sdjwt,
    _defs_sdjwt_led,
)


def render(case: Case) -> dict[str, bytes]:
    """The files of one case folder, as bytes."""
    if isinstance(case.input, bytes):
        data = case.input
    else:
        data = (json.dumps(case.input, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    expected = json.dumps(case.expected(), indent=2, ensure_ascii=False) + "\n"
    files = {case.input_file: data, "expected.json": expected.encode("utf-8")}
    if case.environment is not None:
        environment = json.dumps(case.environment, indent=2, ensure_ascii=False) + "\n"
        files["environment.json"] = environment.encode("utf-8")
    if case.report:
        files |= report_files(files)
    return files


def build(*, with_pending: bool = False) -> list[Case]:
    """Every defined case (and the known-bug ones if asked); refuses duplicate names."""
    cases = [make() for make in [*REGISTRY, *(PENDING if with_pending else [])]]
    names = [c.name for c in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SystemExit(f"duplicate case names: {duplicates}")
    return cases


def sync(case: Case, *, write: bool) -> bool:
    """Write the case folder if it differs; return whether it differed."""
    folder = HERE / case.name
    changed = False
    for filename, content in render(case).items():
        path: Path = folder / filename
        if path.is_file() and path.read_bytes() == content:
            continue
        changed = True
        if write:
            folder.mkdir(exist_ok=True)
            path.write_bytes(content)
    return changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    cases = build(with_pending="--pending" in argv)
    changed = [c.name for c in cases if sync(c, write=not check)]
    verb = "would change" if check else "written"
    print(f"{len(cases)} cases, {len(changed)} {verb}: {', '.join(changed) or '-'}")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
