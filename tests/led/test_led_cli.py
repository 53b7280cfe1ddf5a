"""``vc-led issue`` and ``vc-led generate``: outputs, file names, per-record errors, exit
codes, no partial files, determinism and the progress bar."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from issue_support import KEY, ROOT, competence_record, verifier
from led_support import LED_NOW, SAMPLES

from vc_led.cli import main
from vc_led.cli._generate import ProgressBar
from vc_led.led import dumps_line, load_geef_bewijs

KEY_FILE = ROOT / "tests" / "cases" / "_keys" / "ed25519.json"
NAME = re.compile(r"\d{4}-(qualification|competence|equivalence|self-declared)-[0-9a-f-]{36}\.json")
HOLDER_ARGS = ["--given-name", "An", "--family-name", "Peeters", "--birth-date", "1990-05-01"]
# a MAGDA answer whose 24 records all belong to one holder (88642199886.xml also holds records
# of another INSZ, which `vc-led issue` refuses: tests/led/test_led_cli_holders.py)
ONE_HOLDER = SAMPLES / "90722501082.xml"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _issue(capsys: pytest.CaptureFixture[str], out: Path, *source: str) -> tuple[int, str, str]:
    args = ["issue", "--key", str(KEY_FILE), *source, *HOLDER_ARGS, "--out", str(out)]
    return _run(capsys, *args, "--now", "2026-01-01T00:00:00Z")


def test_issue_from_a_magda_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = ONE_HOLDER
    code, out, err = _issue(capsys, tmp_path, "--magda", str(answer))
    parsed = load_geef_bewijs(answer, now=LED_NOW)
    assert code == 0, err
    files = sorted(tmp_path.iterdir())
    assert len(files) == len(parsed.records) == len(out.split())
    check = verifier()
    for path in files:
        assert NAME.fullmatch(path.name), path.name
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert check.verify_credential(doc, now=LED_NOW).verified
        assert doc["credentialSubject"]["familyName"] == "Peeters"
    text = " ".join(p.name + p.read_text() for p in files)
    for entry in parsed.records:
        assert entry.holder.insz not in text + out + err
        assert entry.record.led_reference not in text + out + err
        assert entry.record.supplier.reference not in text + out + err
    assert f"{len(files)} credential(s) written" in err


def test_issue_from_json_lines_reports_each_bad_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder, record = competence_record()
    good = dumps_line(holder, record)
    cancelled = good.replace('"status":"registered"', '"status":"cancelled"')
    lines = [good, "{not json", cancelled, good]
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = _issue(
        capsys, out_dir, "--record", str(source), "--holder-did", KEY.controller
    )
    assert code == 1
    names = sorted(p.name for p in out_dir.iterdir())
    assert [n[:4] for n in names] == ["0001", "0004"]
    assert all(NAME.fullmatch(n) and "-competence-" in n for n in names)
    assert "record 2:" in err and "record 3: not issued" in err and "cancelled" in err
    assert holder.insz not in err + out


def test_issue_leaves_no_partial_file_when_writing_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = _issue(capsys, tmp_path, "--magda", str(ONE_HOLDER))
    assert code == 1 and "cannot write" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "extra",
    [[], ["--given-name", "An"], ["--holder-did", "not-a-did"], ["--birth-date", "31/12/1990"]],
)
def test_issue_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    args = ["issue", "--key", str(KEY_FILE), "--magda", str(ONE_HOLDER)]
    code, _, err = _run(capsys, *args, *extra, "--out", str(tmp_path))
    assert code == 2 and err.startswith("vc-led issue: ")
    assert list(tmp_path.iterdir()) == []


def test_issue_reports_an_unreadable_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "answer.xml"
    bad.write_bytes(b"<GeefBewijsResponse><unclosed>")
    code, _, err = _issue(capsys, tmp_path / "out", "--magda", str(bad))
    assert code == 1 and "input:" in err
    assert list((tmp_path / "out").iterdir()) == []


def test_generate_jsonl_is_deterministic_with_a_progress_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    code, _, err = _run(capsys, "generate", "--persons", "30", "--seed", "7", "--out", str(first))
    assert code == 0
    assert "generate [" in err and "30/30 persons" in err and "records/s" in err
    _run(capsys, "generate", "--persons", "30", "--seed", "7", "--quiet", "--out", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_text().splitlines()) > 30


def test_generate_magda_writes_one_answer_per_person(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["generate", "--persons", "5", "--seed", "s", "--format", "magda", "--quiet"]
    code, _, err = _run(capsys, *args, "--out", str(tmp_path / "answers"))
    assert code == 0 and "5 persons" in err
    answers = sorted((tmp_path / "answers").glob("*.xml"))
    assert len(answers) == 5
    assert all(load_geef_bewijs(a, now=LED_NOW).records for a in answers)


@pytest.mark.parametrize("persons", ["-1", "many", "10000000000"])
def test_generate_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], persons: str
) -> None:
    code, _, err = _run(
        capsys, "generate", "--persons", persons, "--seed", "1", "--out", str(tmp_path / "x")
    )
    assert code == 2 and "vc-led generate:" in err


def test_progress_bar_draws_in_place() -> None:
    ticks = iter([0.0, 2.0, 4.0, 4.0])
    stream = io.StringIO()
    bar = ProgressBar(stream, clock=lambda: next(ticks), width=10)
    bar(500, 1000)
    bar(1000, 1000)
    assert bar.finish() == 4.0
    assert stream.getvalue() == (
        "\rgenerate [#####.....]  50.0% 500/1,000 persons, 250/s"
        "\rgenerate [##########] 100.0% 1,000/1,000 persons, 250/s\n"
    )
