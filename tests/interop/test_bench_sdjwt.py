"""benchmarks/bench_sdjwt.py runs (a tiny iteration count): every row measured, the Node peer
(@sd-jwt/sd-jwt-vc 0.19.0, tests/sdjwt-peer/sdbench.mjs) measured beside vc-led and each side's
presentation verified by the other; its status index draw never repeats an index."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.interop

ROOT = Path(__file__).resolve().parents[2]


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_sdjwt", ROOT / "benchmarks" / "bench_sdjwt.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _module()


def test_benchmark_runs_with_the_peer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert shutil.which("node"), "node is needed (scripts/setup installs it)"
    out = tmp_path / "rows.json"
    assert (
        bench.main(["--iterations", "2", "--warmup", "1", "--rounds", "2", "--json", str(out)]) == 0
    )
    rows = json.loads(out.read_text())
    assert [r["op"] for r in rows] == bench.OPS * 2
    assert all(r["ours"] > 0 and len(r["rounds"]["ours"]) == 2 for r in rows)
    with_peer = {r["op"] for r in rows if r["peer"]}
    assert with_peer == set(bench.PEER_OPS)
    assert all(len(r["rounds"]["peer"]) == 2 for r in rows if r["peer"])
    table = capsys.readouterr().out
    assert "whole record" in table and "minimum ratio vc-led/sd-jwt-js" in table


def test_benchmark_without_the_peer(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    args = ["--iterations", "1", "--warmup", "0", "--rounds", "1", "--keys", "Ed25519", "--no-peer"]
    assert bench.main([*args, "--json", str(out)]) == 0
    rows = json.loads(out.read_text())
    assert [r["op"] for r in rows] == bench.OPS and not any(r["peer"] for r in rows)


def test_claims_are_disclosable_one_by_one_on_both_sides() -> None:
    setup = sys.modules["_sdjwt_setup"]
    paths = setup.disclosable_paths(setup.CLAIMS)
    # 5 top-level claims, 4 qualification members, awarding_body.name, level.vks/eqf,
    # 5 competences and their 2 members each
    assert len(paths) == 5 + 4 + 1 + 2 + 5 + 10
    frame = setup.peer_frame(setup.CLAIMS)
    assert frame["_sd"] == list(setup.CLAIMS)
    assert frame["competences"]["_sd"] == [0, 1, 2, 3, 4]
    assert frame["qualification"]["level"]["_sd"] == ["vks", "eqf"]


def test_index_draw_never_repeats() -> None:
    draw = sys.modules["_sdjwt_setup"].IndexDraw(size=64)
    seen = [draw.draw() for _ in range(60)]  # a new list once 60 of 64 are taken
    assert len(set(seen)) == 60 and all(0 <= i < 64 for i in seen)
