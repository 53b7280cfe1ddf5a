"""benchmarks/bench_sdjwt.py runs (a tiny iteration count): every row measured, the Node peer
(@sd-jwt/sd-jwt-vc 0.19.0, tests/sdjwt-peer/sdbench.mjs) measured beside vc-led and each side's
presentation verified by the other, both renditions of the LED record issued; its status index
draw never repeats an index."""

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


def test_the_led_rendition_is_disclosable_one_by_one_on_both_sides() -> None:
    setup = sys.modules["_sdjwt_setup"]
    led = setup.rendition(setup.led_record(), bench.datetime(2026, 1, 1, tzinfo=bench.UTC))
    assert led.vct.endswith("/qualification/v1")
    assert ("qualification", "title") in led.disclosable
    frame = setup.peer_frame(led.claims)
    assert frame["_sd"] == list(led.claims)
    assert frame["qualification"]["_sd"] == list(led.claims["qualification"])
    assert frame["qualification"]["level"]["_sd"] == list(led.claims["qualification"]["level"])


def test_index_draw_never_repeats() -> None:
    draw = sys.modules["_sdjwt_setup"].IndexDraw(size=64)
    seen = [draw.draw() for _ in range(60)]  # a new list once 60 of 64 are taken
    assert len(set(seen)) == 60 and all(0 <= i < 64 for i in seen)
