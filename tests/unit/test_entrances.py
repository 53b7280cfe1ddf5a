"""Every entrance parses the input once, with the limits applied first (issue 11): a document
nested 5,000 deep is ``structure.too_deep`` in the library and the CLI, never a traceback; and
``vc-led verify`` whose reader closes the pipe keeps its verdict's exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vc_led import Verifier
from vc_led.cli import main

CASES = Path(__file__).resolve().parent.parent / "cases"
DEEP_OBJECTS = b'{"a":' * 5000 + b"1" + b"}" * 5000
DEEP_ARRAYS = b"[" * 5000 + b"]" * 5000


def _codes(result: dict[str, object]) -> list[str]:
    checks = result["checks"]
    assert isinstance(checks, list)
    return [c["code"] for c in checks if c.get("code")]


@pytest.mark.parametrize("deep", [DEEP_OBJECTS, DEEP_ARRAYS], ids=["objects", "arrays"])
def test_the_library_refuses_a_deep_document_at_every_entry_point(deep):
    verifier = Verifier()
    for result in (
        verifier.verify(deep),
        verifier.verify(deep.decode()),
        verifier.verify_credential(deep),
        verifier.verify_presentation(deep),
    ):
        assert [c.value for c in result.codes] == ["structure.too_deep"]


def test_the_library_refuses_a_deep_mapping_without_recursing():
    doc: dict[str, object] = {"a": 1}
    for _ in range(5000):
        doc = {"a": doc}
    assert [c.value for c in Verifier().verify(doc).codes] == ["structure.too_deep"]


@pytest.mark.parametrize("deep", [DEEP_OBJECTS, DEEP_ARRAYS], ids=["objects", "arrays"])
@pytest.mark.parametrize("as_json", [True, False], ids=["json", "report"])
def test_the_cli_reports_a_deep_document_as_too_deep(tmp_path, capsys, deep, as_json):
    path = tmp_path / "deep.json"
    path.write_bytes(deep)
    code = main(["verify", *(["--json"] if as_json else []), str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    if as_json:
        assert _codes(json.loads(out)) == ["structure.too_deep"]
    else:
        assert "structure.too_deep" in out


def test_a_deep_did_document_option_is_a_usage_error(tmp_path, capsys):
    document = tmp_path / "did.json"
    document.write_bytes(DEEP_OBJECTS)
    credential = CASES / "nested-5000-deep" / "input.json"
    code = main(["verify", "--did-document", str(document), str(credential)])
    _, err = capsys.readouterr()
    assert code == 2 and "--did-document" in err and "too deeply" in err


def _verify_into_a_closed_pipe(*args: str) -> tuple[int, str]:
    """Run ``vc-led verify`` in a child whose standard output is a pipe closed before the child
    writes (``| head -c 0``: the reader is gone, as after ``head -c 1`` has its byte)."""
    command = [sys.executable, "-m", "vc_led.cli", "verify", *args]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    with child.stderr:
        err = child.stderr.read().decode()
    return child.wait(timeout=120), err


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "report"])
def test_a_closed_pipe_keeps_the_verdict_exit_code_without_a_traceback(as_json):
    options = ["--json"] if as_json else []
    deep = CASES / "nested-5000-deep" / "input.json"  # not verified: exit 1
    code, err = _verify_into_a_closed_pipe(*options, str(deep))
    assert (code, err) == (1, "")
    valid = CASES / "valid-ed25519" / "input.json"
    expected = json.loads((CASES / "valid-ed25519" / "expected.json").read_text())
    trusted = expected["options"]["trusted_issuers"][0]
    now = expected["options"]["now"]
    code, err = _verify_into_a_closed_pipe(
        *options, "--trust-issuer", trusted, "--now", now, str(valid)
    )
    assert (code, err) == (0, "")


def test_head_c_1_through_a_shell_pipe_gets_one_byte_and_the_verdict():
    deep = CASES / "nested-5000-deep" / "input.json"
    script = f'set -o pipefail; "{sys.executable}" -m vc_led.cli verify --json "{deep}" | head -c 1'
    done = subprocess.run(["bash", "-c", script], capture_output=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (1, b"{", b"")


def test_another_command_cut_off_by_a_closed_pipe_exits_141(tmp_path):
    key = next((CASES / "_keys").glob("*.json"))
    credential = CASES / "valid-ed25519" / "input.json"
    command = [sys.executable, "-m", "vc_led.cli", "sign", "--key", str(key), str(credential)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    with child.stderr:
        err = child.stderr.read().decode()
    assert (child.wait(timeout=120), err) == (141, "")


def test_a_deep_context_option_is_a_usage_error(tmp_path, capsys):
    context = tmp_path / "context.json"
    context.write_bytes(DEEP_OBJECTS)
    credential = CASES / "valid-ed25519" / "input.json"
    code = main(["verify", "--context", f"https://example.org/c={context}", str(credential)])
    _, err = capsys.readouterr()
    assert code == 2 and "--context" in err and "too deeply" in err
