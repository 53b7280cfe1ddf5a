"""The plain-text report (``vc-led verify``): verdict, what the credential says (each value
marked *claimed, not verified* unless the verification succeeded), each check, and the LED
terms the credential uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..results import CheckStatus, VerificationResult
from ._model import Report, build_report
from ._texts import texts

__all__ = ["render_report", "render_text"]

_MARK = {
    CheckStatus.PASSED: "ok  ",
    CheckStatus.FAILED: "FAIL",
    CheckStatus.INDETERMINATE: "??  ",
    CheckStatus.SKIPPED: "--  ",
}


def _facts(report: Report, indent: str, words: Mapping[str, Any]) -> list[str]:
    if not report.fields:
        return [f"{indent}{report.notice}", ""] if report.notice else []
    claimed = any(f.claimed for f in report.fields)
    heading = words["claims"]["heading"] if claimed else words["fields"]["what_it_says"]
    marker = f"  [{words['claims']['marker']}]"
    width = max(len(f.label) for f in report.fields)
    lines = [f"{indent}{heading}"]
    lines += [
        f"{indent}  {f.label:<{width}}  {f.value}{marker if f.claimed else ''}"
        for f in report.fields
    ]
    if report.notice:  # shown content that is not all of it (an SD-JWT VC's disclosures)
        lines.append(f"{indent}{report.notice}")
    return [*lines, ""]


def _lines(report: Report, indent: str) -> list[str]:
    words = texts(report.lang)
    out = _facts(report, indent, words)
    out.append(f"{indent}{words['fields']['checks']}")
    width = max(len(c.name) for c in report.checks)
    for c in report.checks:
        code = f" [{c.code}]" if c.code else ""
        mark = _MARK[CheckStatus(c.status)]
        out.append(f"{indent}  {mark}  {c.name:<{width}}  {c.text}{code}")
    if report.glossary:
        out += ["", f"{indent}{words['claims']['glossary']}"]
        out += [f"{indent}  {g.text}" for g in report.glossary]
    return out


def render_report(report: Report) -> str:
    """The plain text of ``report`` (no trailing newline).

    Args:
        report: a report from :func:`~vc_led.report.build_report`.

    Returns:
        The text.
    """
    words = texts(report.lang)
    lines = [f"{report.verdict}: {words['kind'][report.kind]}", report.verdict_line, ""]
    for number, nested in enumerate(report.credentials, start=1):
        label = str(words["fields"]["credential_number"]).format(number=number)
        lines += [f"{label}: {nested.verdict}", *_lines(nested, "  "), ""]
    lines += _lines(report, "")
    return "\n".join(lines)


def render_text(
    result: VerificationResult,
    *,
    lang: str = "en",
    credential: Mapping[str, Any] | None = None,
) -> str:
    """The plain-text report: verdict, what the credential says, each check, the terms used.

    Args:
        result: the verification result.
        lang: ``en`` or ``nl``.
        credential: the parsed credential (see :func:`~vc_led.report.build_report`).

    Returns:
        The report (no trailing newline).
    """
    return render_report(build_report(result, lang=lang, credential=credential))
