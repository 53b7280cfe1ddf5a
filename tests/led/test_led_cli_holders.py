"""``vc-led issue`` names one holder (issue 11): ``--given-name``/``--family-name`` were applied
to the records of several different holders without a word. An input with records of more
than one holder is refused (exit 2, nothing written, no INSZ in the message); the records of
one holder are issued."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from issue_support import ROOT, competence_record
from led_support import SAMPLES

from vc_led.cli import main
from vc_led.led import dumps_line
from vc_led.led.holder import HolderIdentity, insz_checksum_ok

KEY_FILE = ROOT / "tests" / "cases" / "_keys" / "ed25519.json"
HOLDER_ARGS = ["--given-name", "An", "--family-name", "Peeters", "--birth-date", "1990-05-01"]


def _other_holder(holder: HolderIdentity) -> HolderIdentity:
    """A checksum-valid synthetic INSZ that is not ``holder``'s."""
    body = int(holder.insz[:9]) + 1
    other = HolderIdentity(f"{body:09d}{97 - body % 97:02d}")
    assert insz_checksum_ok(other.insz) and other != holder
    return other


def _issue(capsys: pytest.CaptureFixture[str], tmp_path: Path, lines: list[str]):
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    args = ["issue", "--key", str(KEY_FILE), "--record", str(source), *HOLDER_ARGS]
    code = main([*args, "--out", str(out_dir), "--now", "2026-01-01T00:00:00Z"])
    out, err = capsys.readouterr()
    return code, out, err, out_dir


def test_records_of_several_holders_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder, record = competence_record()
    other = _other_holder(holder)
    lines = [dumps_line(holder, record), dumps_line(other, record), dumps_line(holder, record)]
    code, out, err, out_dir = _issue(capsys, tmp_path, lines)
    assert code == 2
    assert err.startswith("vc-led issue: ") and "2 different holders" in err
    assert "--given-name" in err
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    assert holder.insz not in out + err and other.insz not in out + err


def test_a_magda_answer_with_records_of_another_insz_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The MAGDA sample for 88642199886 also holds records registered under 90722501082: the
    name given for one person was written into the other's credentials before."""
    out_dir = tmp_path / "out"
    args = ["issue", "--key", str(KEY_FILE), "--magda", str(SAMPLES / "88642199886.xml")]
    code = main([*args, *HOLDER_ARGS, "--out", str(out_dir), "--now", "2026-01-01T00:00:00Z"])
    out, err = capsys.readouterr()
    assert code == 2 and "2 different holders" in err
    assert list(out_dir.iterdir()) == []
    assert "88642199886" not in out + err and "90722501082" not in out + err


def test_records_of_one_holder_are_issued_with_the_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder, record = competence_record()
    code, out, err, out_dir = _issue(capsys, tmp_path, [dumps_line(holder, record)] * 2)
    assert len(out.split()) == 2
    assert code == 0, err
    files = sorted(out_dir.iterdir())
    assert len(files) == 2
    for path in files:
        subject = json.loads(path.read_text(encoding="utf-8"))["credentialSubject"]
        assert subject["givenName"] == "An" and subject["familyName"] == "Peeters"


def test_the_rule_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["issue", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "single holder" in out and "refused" in out
