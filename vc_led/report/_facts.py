"""The report's lines on what a credential says, one per fact, labelled for its kind of record:
an intermediate certificate says what it is part of, an equivalence decision names the
original qualification and who decided the equivalence, a date is as precise as the record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..results import Authenticity
from ._summary import CredentialSummary
from ._texts import texts

__all__ = ["FieldLine", "GlossaryLine", "fact_lines", "glossary_lines", "kind_key"]


@dataclass(frozen=True, slots=True)
class FieldLine:
    """One fact: ``key`` (stable), ``label`` and ``value`` (in the report's language), ``warn``
    when it deserves attention (a self-declared record, an intermediate certificate), and
    ``claimed`` when the verification did not succeed: then the value is only what the
    credential claims, never a fact."""

    key: str
    label: str
    value: str
    warn: bool = False
    claimed: bool = False


@dataclass(frozen=True, slots=True)
class GlossaryLine:
    """One LED term the credential uses (``term``, as in the texts' ``glossary``) and its
    one-line explanation in the report's language."""

    term: str
    text: str


def kind_key(summary: CredentialSummary) -> str | None:
    """The ``record_kind`` text key (a self-declaration says how it was declared); whether it
    is an intermediate certificate is :attr:`CredentialSummary.intermediate`."""
    if summary.record_kind is None:
        return None
    if summary.record_kind == "self_declared":
        return f"self_declared_{summary.self_declaration or 'on_honour'}"
    return summary.record_kind


def _gap(summary: CredentialSummary, words: Mapping[str, Any]) -> str:
    """What to say of a fact a reader expects but the credential does not show: "not
    recorded", or for an SD-JWT VC "not disclosed" (the holder may have withheld it)."""
    return str(words["dates"]["not_disclosed" if summary.selective else "not_recorded"])


def _date(summary: CredentialSummary, words: Mapping[str, Any]) -> str | None:
    precision = summary.awarded_precision
    if precision == "unknown":
        return str(words["dates"]["unknown"])
    if summary.awarded is None:
        return None
    if precision in ("year", "month"):
        return str(words["dates"][precision]).format(date=summary.awarded)
    return summary.awarded


def _equivalence(summary: CredentialSummary, words: Mapping[str, Any]) -> list[tuple[str, Any]]:
    original = summary.original_institution
    if original and summary.original_country:
        original = str(words["dates"]["country"]).format(
            name=original, country=summary.original_country
        )
    education = summary.education
    if education:
        education = str(words["dates"]["flemish_level"]).format(education=education)
    return [
        ("original_title", summary.title or _gap(summary, words)),
        ("original_institution", original or _gap(summary, words)),
        ("equivalent_to", education),
        ("level", summary.level),
        ("decided_by", summary.institution),
        ("decided_on", _date(summary, words) or _gap(summary, words)),
    ]


def _record(summary: CredentialSummary, words: Mapping[str, Any]) -> list[tuple[str, Any]]:
    if summary.record_kind == "equivalence":
        return _equivalence(summary, words)
    expected = summary.selective and summary.record_kind is not None
    title = summary.title or (_gap(summary, words) if expected else None)
    if summary.intermediate:
        rows: list[tuple[str, Any]] = [
            ("title_intermediate", title),
            ("part_of", summary.programme or _gap(summary, words)),
        ]
    else:
        rows = [("title", title)]
        if summary.programme and summary.programme != summary.title:
            rows.append(("programme", summary.programme))
    awarded = _date(summary, words)
    if awarded is None and summary.record_kind is not None:
        awarded = _gap(summary, words)
    return [
        *rows,
        ("document_type", summary.document_type),
        ("education", summary.education),
        ("institution", summary.institution),
        ("awarded", awarded),
        ("level", summary.level),
    ]


def _label(key: str, words: Mapping[str, Any]) -> str:
    return str(words["fields"].get(key) or words["more_fields"][key])


def fact_lines(summary: CredentialSummary, lang: str, *, claimed: bool) -> tuple[FieldLine, ...]:
    """The lines of ``summary`` in ``lang``; every line ``claimed`` when not verified.

    Args:
        summary: what the credential says.
        lang: ``en`` or ``nl``.
        claimed: the verification did not succeed, so every value is only claimed.

    Returns:
        The lines, in reading order (kind, holder, record, authenticity, validity, issuer).
    """
    words = texts(lang)
    kind = kind_key(summary)
    rows: list[tuple[str, Any, bool]] = []
    if kind is not None:
        rows.append(("kind", words["record_kind"][kind], kind.startswith("self_declared")))
    if kind is not None and summary.intermediate:
        rows.append(("intermediate", words["record_kind"]["intermediate"], True))
    rows += [("holder", summary.holder_name, False), ("birth_date", summary.birth_date, False)]
    rows += [(key, value, False) for key, value in _record(summary, words)]
    if summary.authenticity is not None:
        text = str(words["authenticity"][summary.authenticity.value])
        if summary.authenticity_stated and summary.authenticity is Authenticity.SELF_DECLARED:
            text = f"{text} ({summary.authenticity_stated})"
        rows.append(("authenticity", text, summary.authenticity is not Authenticity.AUTHENTIC))
    rows += [("valid_until", summary.valid_until, False), ("issuer", summary.issuer, False)]
    return tuple(
        FieldLine(key, _label(key, words), str(value), warn, claimed)
        for key, value, warn in rows
        if value
    )


def glossary_lines(summary: CredentialSummary, lang: str) -> tuple[GlossaryLine, ...]:
    """One line per LED term ``summary`` uses (``summary.terms``), in ``lang``."""
    glossary = texts(lang)["glossary"]
    return tuple(GlossaryLine(t, str(glossary[t])) for t in summary.terms if t in glossary)
