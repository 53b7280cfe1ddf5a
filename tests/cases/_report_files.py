"""The golden report files of a ``report-*`` case: ``report.en.txt`` and ``report.nl.txt`` (what
``vc-led verify --lang en|nl`` prints) and ``report.json`` (the stable result without its
messages, and the report model of both languages). ``_make_cases.py`` writes them from the
case's own files; ``test_reports.py`` checks the committed ones. Read every sentence before
committing a change: the files are the specification of what a reader is told."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from test_cases import verifier_of

from vc_led import VerificationResult
from vc_led.report import LANGUAGES, build_report, render_report

__all__ = ["report_files", "verify_files"]


def verify_files(files: dict[str, bytes]) -> VerificationResult:
    """Verify a case from its files (``input.json`` or ``input.sdjwt``, ``expected.json``,
    ``environment.json``)."""
    expected = json.loads(files["expected.json"])
    options = expected["options"]
    environment: dict[str, Any] = json.loads(files.get("environment.json", b"{}"))
    verifier = verifier_of(options, environment)
    now = datetime.fromisoformat(options["now"].replace("Z", "+00:00"))
    if "input.sdjwt" in files:  # an SD-JWT VC, with a KB-JWT when challenge/domain are set
        text = files["input.sdjwt"]
        return verifier.verify(
            text, challenge=options["challenge"], domain=options["domain"], now=now
        )
    return verifier.verify_credential(files["input.json"], now=now)


def _stable(result: VerificationResult) -> dict[str, Any]:
    """``result.to_dict()`` without the messages (they are for people and may change)."""
    out = result.to_dict()
    checks: list[dict[str, Any]] = out["checks"]  # type: ignore[assignment]
    out["checks"] = [{k: v for k, v in c.items() if k != "message"} for c in checks]
    return out


def report_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """The report files of a case, as bytes."""
    result = verify_files(files)
    reports = {lang: build_report(result, lang=lang) for lang in LANGUAGES}
    out = {
        f"report.{lang}.txt": (render_report(report) + "\n").encode("utf-8")
        for lang, report in reports.items()
    }
    data = {"result": _stable(result), "report": {k: r.to_dict() for k, r in reports.items()}}
    out["report.json"] = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return out
