"""The plain-text report of a verification result: the verdict first, then each check."""

from __future__ import annotations

from ..results import CheckStatus, Outcome, VerificationResult

__all__ = ["render_report"]

_VERDICT = {
    Outcome.VERIFIED: "VERIFIED",
    Outcome.FAILED: "NOT VERIFIED",
    Outcome.INDETERMINATE: "COULD NOT BE DECIDED",
}
_MARK = {
    CheckStatus.PASSED: "ok  ",
    CheckStatus.FAILED: "FAIL",
    CheckStatus.INDETERMINATE: "??  ",
    CheckStatus.SKIPPED: "--  ",
}


def _lines(result: VerificationResult, indent: str) -> list[str]:
    out = []
    for check in result.checks:
        code = f" [{check.code.value}]" if check.code else ""
        out.append(f"{indent}{_MARK[check.status]} {check.check:<15} {check.message}{code}")
    return out


def render_report(result: VerificationResult) -> str:
    """A human-readable report (English)."""
    lines = [f"{_VERDICT[result.outcome]}: {result.kind}"]
    lines += _lines(result, "  ")
    for number, nested in enumerate(result.credentials, start=1):
        lines.append(f"  credential {number}: {_VERDICT[nested.outcome]}")
        lines += _lines(nested, "    ")
    return "\n".join(lines)
