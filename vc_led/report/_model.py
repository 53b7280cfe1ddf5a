"""The report people read, as data: the verdict first, then what the credential says, then
each check with one line of explanation. The CLI prints it; the web verifier renders it."""

from __future__ import annotations

from dataclasses import dataclass

from ..results import Authenticity, CheckStatus, VerificationResult
from ._summary import CredentialSummary, summarize
from ._texts import explain, language, texts

__all__ = ["CheckLine", "FieldLine", "Report", "build_report", "render_text"]

_MARK = {
    CheckStatus.PASSED: "ok  ",
    CheckStatus.FAILED: "FAIL",
    CheckStatus.INDETERMINATE: "??  ",
    CheckStatus.SKIPPED: "--  ",
}
_FIELDS = ("holder", "birth_date", "title", "institution", "awarded", "level")


@dataclass(frozen=True, slots=True)
class FieldLine:
    """One fact: ``key`` (stable), ``label`` and ``value`` (in the report's language), and
    ``warn`` when it deserves attention (a self-declared record)."""

    key: str
    label: str
    value: str
    warn: bool = False


@dataclass(frozen=True, slots=True)
class CheckLine:
    """One check: its id, name, status (and its label), explanation and stable code."""

    check: str
    name: str
    status: str
    status_label: str
    text: str
    code: str | None


@dataclass(frozen=True, slots=True)
class Report:
    """A verification result for people (see :func:`build_report`).

    Attributes:
        lang: ``en`` or ``nl``.
        kind: ``credential`` or ``presentation``.
        outcome: ``verified``, ``failed`` or ``indeterminate``.
        verdict: the verdict in words (``VERIFIED``).
        verdict_line: one sentence on what the verdict means.
        fields: what the credential says (empty when its signature did not verify).
        content_shown: whether ``fields`` could be shown.
        checks: every check, in order.
        credentials: for a presentation, one report per credential.
    """

    lang: str
    kind: str
    outcome: str
    verdict: str
    verdict_line: str
    fields: tuple[FieldLine, ...]
    content_shown: bool
    checks: tuple[CheckLine, ...]
    credentials: tuple[Report, ...] = ()

    @property
    def title(self) -> str | None:
        """The qualification title, when shown."""
        return next((f.value for f in self.fields if f.key == "title"), None)


def _fields(summary: CredentialSummary | None, lang: str) -> tuple[FieldLine, ...]:
    if summary is None:
        return ()
    labels = texts(lang)["fields"]
    values = {
        "holder": summary.holder_name,
        "birth_date": summary.birth_date,
        "title": summary.title,
        "institution": summary.institution,
        "awarded": summary.awarded,
        "level": summary.level,
    }
    out = [FieldLine(k, labels[k], v) for k in _FIELDS if (v := values[k])]
    if summary.authenticity is not None:
        text = texts(lang)["authenticity"][summary.authenticity.value]
        if summary.authenticity_stated and summary.authenticity is Authenticity.SELF_DECLARED:
            text = f"{text} ({summary.authenticity_stated})"
        warn = summary.authenticity is not Authenticity.AUTHENTIC
        out.append(FieldLine("authenticity", labels["authenticity"], text, warn))
    if summary.valid_until:
        out.append(FieldLine("valid_until", labels["valid_until"], summary.valid_until))
    if summary.issuer:
        out.append(FieldLine("issuer", labels["issuer"], summary.issuer))
    return tuple(out)


def _holder_key(result: VerificationResult, lang: str) -> tuple[FieldLine, ...]:
    """Whether the credential is bound to a holder key, from its ``holder_binding`` details."""
    details = result.check("holder_binding").details
    words = texts(lang)
    label = words["fields"]["holder_key"]
    if details.get("binding") == "bearer":
        return (FieldLine("holder_key", label, words["holder_key"]["none"], warn=True),)
    if details.get("binding") == "subject_key":
        text = str(words["holder_key"]["not_proven"]).format(subject=details.get("subject", ""))
        return (FieldLine("holder_key", label, text, warn=True),)
    return ()


def _with_holder_key(
    fields: tuple[FieldLine, ...], result: VerificationResult, lang: str
) -> tuple[FieldLine, ...]:
    """``fields`` with the holder key line after the holder's name and birth date."""
    at = sum(1 for f in fields if f.key in ("holder", "birth_date"))
    return fields[:at] + _holder_key(result, lang) + fields[at:]


def build_report(result: VerificationResult, *, lang: str = "en") -> Report:
    """The report of ``result`` in ``lang``.

    What the credential says is shown only when its signature verified (the content of an
    altered document is not a fact).

    Args:
        result: a credential's or presentation's verification result.
        lang: ``en`` or ``nl`` (anything else gives English).

    Returns:
        The report.
    """
    lang = language(lang)
    words = texts(lang)
    signed = result.check("proof").status is CheckStatus.PASSED
    shown = signed and result.kind == "credential"
    checks = tuple(
        CheckLine(
            c.check,
            words["checks"][c.check],
            c.status.value,
            words["status"][c.status.value],
            explain(c, result=result, lang=lang),
            c.code.value if c.code else None,
        )
        for c in result.checks
    )
    outcome = result.outcome.value
    return Report(
        lang=lang,
        kind=result.kind,
        outcome=outcome,
        verdict=words["verdict"][outcome],
        verdict_line=words["verdict_line"][outcome],
        fields=_with_holder_key(_fields(summarize(result, lang=lang), lang), result, lang)
        if shown
        else (),
        content_shown=shown,
        checks=checks,
        credentials=tuple(build_report(r, lang=lang) for r in result.credentials),
    )


def _lines(report: Report, indent: str) -> list[str]:
    out: list[str] = []
    if report.fields:
        out.append(f"{indent}{texts(report.lang)['fields']['what_it_says']}")
        width = max(len(f.label) for f in report.fields)
        out += [f"{indent}  {f.label:<{width}}  {f.value}" for f in report.fields]
        out.append("")
    out.append(f"{indent}{texts(report.lang)['fields']['checks']}")
    width = max(len(c.name) for c in report.checks)
    for c in report.checks:
        code = f" [{c.code}]" if c.code else ""
        mark = _MARK[CheckStatus(c.status)]
        out.append(f"{indent}  {mark}  {c.name:<{width}}  {c.text}{code}")
    return out


def render_text(result: VerificationResult, *, lang: str = "en") -> str:
    """The plain-text report: verdict, what the credential says, each check.

    Args:
        result: the verification result.
        lang: ``en`` or ``nl``.

    Returns:
        The report (no trailing newline).
    """
    report = build_report(result, lang=lang)
    words = texts(report.lang)
    lines = [f"{report.verdict}: {words['kind'][report.kind]}", report.verdict_line, ""]
    for number, nested in enumerate(report.credentials, start=1):
        label = str(words["fields"]["credential_number"]).format(number=number)
        lines += [f"{label}: {nested.verdict}", *_lines(nested, "  "), ""]
    lines += _lines(report, "")
    return "\n".join(lines)
