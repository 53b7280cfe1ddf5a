"""The report people read, as data: the verdict first, then what the credential says, then
each check with one line of explanation, then the LED terms it uses. The CLI prints it
(:func:`render_text`); the web verifier renders the same :class:`Report`.

The interface between verifying and reporting is :func:`build_report`: it takes a
:class:`~vc_led.VerificationResult` (and, optionally, the parsed credential the result is about)
and returns the :class:`Report`; :meth:`Report.to_dict` is its JSON form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..results import CheckStatus, Outcome, VerificationResult
from ._facts import FieldLine, GlossaryLine, fact_lines, glossary_lines, kind_key
from ._sdjwt import disclosed_lines, is_sd_jwt_vc
from ._summary import CredentialSummary, summarize
from ._texts import explain, language, texts

__all__ = ["CheckLine", "FieldLine", "GlossaryLine", "Report", "build_report"]


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
        verdict_line: one sentence on what the verdict means (for a self-declared record it
            says so).
        fields: what the credential says (empty when its signature did not verify).
        content_shown: whether ``fields`` could be shown.
        checks: every check, in order.
        credentials: for a presentation, one report per credential.
        claims_verified: whether ``fields`` are established facts; when ``False`` every field
            is marked ``claimed`` (the verification failed or could not be decided).
        record_kind: the ``record_kind`` text key of an LED credential (``qualification``,
            ``competence``, ``self_declared_on_honour``, ``self_declared_verified``,
            ``equivalence``), else ``None``.
        intermediate: an LED intermediate certificate (``Tussenbewijs``), not a final one.
        notice: a sentence on content that is not shown (``None`` when nothing is withheld).
        glossary: the LED terms the shown fields use, one line each.
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
    claims_verified: bool = False
    record_kind: str | None = None
    intermediate: bool = False
    notice: str | None = None
    glossary: tuple[GlossaryLine, ...] = ()

    @property
    def title(self) -> str | None:
        """The qualification title, when shown."""
        keys = ("title", "title_intermediate", "original_title")
        return next((f.value for f in self.fields if f.key in keys), None)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON: verdict, fields (each with ``claimed``), checks, glossary."""
        return {
            "lang": self.lang,
            "kind": self.kind,
            "outcome": self.outcome,
            "verdict": self.verdict,
            "verdict_line": self.verdict_line,
            "record_kind": self.record_kind,
            "intermediate": self.intermediate,
            "claims_verified": self.claims_verified,
            "content_shown": self.content_shown,
            "notice": self.notice,
            "fields": [_field_dict(f) for f in self.fields],
            "checks": [
                {"check": c.check, "status": c.status, "code": c.code, "text": c.text}
                for c in self.checks
            ],
            "glossary": [{"term": g.term, "text": g.text} for g in self.glossary],
            "credentials": [r.to_dict() for r in self.credentials],
        }


def _field_dict(line: FieldLine) -> dict[str, Any]:
    return {
        "key": line.key,
        "label": line.label,
        "value": line.value,
        "warn": line.warn,
        "claimed": line.claimed,
    }


def _holder_key(result: VerificationResult, lang: str, claimed: bool) -> tuple[FieldLine, ...]:
    """Whether the credential is bound to a holder key, from its ``holder_binding`` details."""
    details = result.check("holder_binding").details
    words = texts(lang)
    label = words["fields"]["holder_key"]
    if details.get("binding") == "bearer":
        return (FieldLine("holder_key", label, words["holder_key"]["none"], True, claimed),)
    if details.get("binding") == "subject_key":
        subject = details.get("subject") or words["holder_key"]["cnf_key"]  # SD-JWT: cnf
        text = str(words["holder_key"]["not_proven"]).format(subject=subject)
        return (FieldLine("holder_key", label, text, True, claimed),)
    return ()


def _with_holder_key(
    fields: tuple[FieldLine, ...], result: VerificationResult, lang: str, claimed: bool
) -> tuple[FieldLine, ...]:
    """``fields`` with the holder key line after the holder's name and birth date."""
    keys = ("kind", "intermediate", "holder", "birth_date")
    at = sum(1 for f in fields if f.key in keys)
    return fields[:at] + _holder_key(result, lang, claimed) + fields[at:]


def _issuer_unchecked(result: VerificationResult) -> bool:
    """Verified under ``issuer_binding="proof_only"`` with an issuer nobody bound to the proof:
    the signature holds, but who issued the credential is only what it claims."""
    return any(
        c.check == "issuer" and c.details.get("issuer_binding") == "not_checked"
        for c in result.checks
    )


def _verdict_line(result: VerificationResult, key: str | None, words: Mapping[str, Any]) -> str:
    """The verdict sentence; a verified self-declaration says it is one, and a credential whose
    issuer was not checked says so."""
    outcome = result.outcome.value
    if outcome == Outcome.VERIFIED and _issuer_unchecked(result):
        return str(words["verdict_line_issuer_unchecked"])
    if outcome == Outcome.VERIFIED and key and key.startswith("self_declared"):
        return str(words["verdict_line_authenticity"][key])
    if outcome == Outcome.VERIFIED and result.authenticity == "self_declared":
        return str(words["verdict_line_authenticity"]["self_declared"])
    declared = [r for r in result.credentials if r.authenticity == "self_declared"]
    if outcome == Outcome.VERIFIED and declared:
        return str(words["verdict_line_authenticity"]["presentation"])
    return str(words["verdict_line"][outcome])


def build_report(
    result: VerificationResult,
    *,
    lang: str = "en",
    credential: Mapping[str, Any] | None = None,
    trusted: bool = True,
) -> Report:
    """The report of ``result`` in ``lang``.

    What the credential says is shown only when its signature verified (the content of an
    altered document is not a fact), and even then it is marked *claimed, not verified* unless
    the whole verification succeeded.

    Args:
        result: a credential's or presentation's verification result.
        lang: ``en`` or ``nl`` (anything else gives English).
        credential: the parsed credential ``result`` is about; ``result.document`` when not
            given (for a stapled credential, the signed credential inside it).
        trusted: ``False`` when an enclosing presentation did not verify: then this
            credential's claims are marked as claimed too.

    Returns:
        The report.
    """
    lang = language(lang)
    words = texts(lang)
    signed = result.check("proof").status is CheckStatus.PASSED if result.checks else False
    shown = signed and result.kind == "credential"
    verified = trusted and result.outcome is Outcome.VERIFIED and not _issuer_unchecked(result)
    summary = summarize(result, lang=lang, credential=credential) if shown else None
    key = kind_key(summary) if summary is not None else None
    fields: tuple[FieldLine, ...] = ()
    if summary is not None:
        facts = fact_lines(summary, lang, claimed=not verified)
        document = credential if credential is not None else result.document
        led = summary.record_kind is not None  # an LED vct: the LED facts, disclosed only
        if is_sd_jwt_vc(document) and document is not None and not led:
            facts = disclosed_lines(document, claimed=not verified)
        fields = _with_holder_key(facts, result, lang, not verified)
    withheld = result.kind == "credential" and not shown
    return Report(
        lang=lang,
        kind=result.kind,
        outcome=result.outcome.value,
        verdict=words["verdict"][result.outcome.value],
        verdict_line=_verdict_line(result, key, words),
        fields=fields,
        content_shown=shown,
        checks=_checks(result, lang),
        credentials=tuple(
            build_report(r, lang=lang, trusted=result.outcome is Outcome.VERIFIED)
            for r in result.credentials
        ),
        claims_verified=verified and shown,
        record_kind=key,
        intermediate=summary.intermediate if summary is not None else False,
        notice=_notice(words, withheld=withheld, summary=summary),
        glossary=glossary_lines(summary, lang) if summary is not None else (),
    )


def _notice(
    words: Mapping[str, Any], *, withheld: bool, summary: CredentialSummary | None
) -> str | None:
    """Content not shown: all of it (signature not verified), or what an SD-JWT VC's holder
    did not disclose."""
    if withheld:
        return str(words["claims"]["withheld"])
    if summary is not None and summary.selective:
        return str(words["claims"]["selective"])
    return None


def _checks(result: VerificationResult, lang: str) -> tuple[CheckLine, ...]:
    words = texts(lang)
    return tuple(
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
