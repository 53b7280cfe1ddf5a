"""Read MAGDA ``LED.GeefBewijs-02.00`` answers (``GeefBewijsResponse``) into LED records.

:func:`parse_geef_bewijs` is the safe recipe: it parses with a hardened parser (no DTD, no
entities, no network, size cap), validates the whole answer against the bundled XSDs,
converts every ``Bewijs`` and applies the LED rules. It never raises because of what the
input holds. The :class:`MagdaResult` says what the answer was (:class:`AnswerStatus`) and
holds the accepted ``records`` and the ``errors``:

- a problem inside a ``Bewijs`` rejects that record only; the issue names the record
  (``record_index``, 1-based), the field and the line. The other records are kept.
- an answer inside a SOAP envelope is unwrapped; the ``GeefBewijsResponse`` in its body is
  what the XSDs describe and what is validated.
- a problem with the input as a whole (not well-formed or truncated, a DTD, the wrong
  namespace or root, an invalid envelope) rejects every record: ``status`` is
  ``invalid``, ``records`` is empty and the issue says why. No partial output.
- MAGDA's "no records" answer (exception ``40000`` *Geen gegevens gevonden*) is not an
  error: ``status`` is ``no_records`` and :attr:`MagdaResult.answer_code` /
  :attr:`MagdaResult.answer_text` carry MAGDA's code and text.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..holder import mask_insz
from ..issues import IssueCode, RecordIssue
from ._magda_read import bewijs_to_json, xml_field
from ._reader import FieldError
from ._xml import GEEF_BEWIJS_NS, MAX_XML_BYTES, XmlRejectedError, geef_bewijs_schema, parse_xml
from .codec import holder_from_dict, record_from_dict
from .imported import ImportedRecord, ImportResult, accept_records

__all__ = [
    "NO_RECORDS_CODE",
    "AnswerStatus",
    "MagdaNotice",
    "MagdaResult",
    "load_geef_bewijs",
    "parse_geef_bewijs",
]

NO_RECORDS_CODE = "40000"
"""MAGDA/LED exception code for "Geen gegevens gevonden" (no records for this INSZ)."""

_RECORD_PATH = re.compile(r"/Bewijzen/Bewijs(?:\[(\d+)\])?(/.*)?$")
_HOLDER_PATH = re.compile(r"/(INSZ|Gebruiker)$")
_QUOTED_VALUE = re.compile(r"The value '[^']*'")
_MAX_ENVELOPE_ISSUES = 20
_MAX_RECORDS = 99
_SOAP_NAMESPACES = (
    "http://schemas.xmlsoap.org/soap/envelope/",
    "http://www.w3.org/2003/05/soap-envelope",
)
_UNIQUE_CODES = {
    "BijkomendeInformatieuniek": IssueCode.RECORD_DUPLICATE_ADDITIONAL_INFO_TYPE,
    "Instantieroluniek": IssueCode.RECORD_DUPLICATE_AUTHORITY_ROLE,
}


class AnswerStatus(StrEnum):
    """What kind of answer the input was."""

    RECORDS = "records"  # the answer holds records (rejected ones are in ``errors``)
    NO_RECORDS = "no_records"  # MAGDA answered 40000 "Geen gegevens gevonden"
    MAGDA_ERROR = "magda_error"  # MAGDA or LED answered with another exception
    INVALID = "invalid"  # not a usable GeefBewijsResponse; nothing imported


@dataclass(frozen=True, slots=True)
class MagdaNotice:
    """An ``Uitzondering`` MAGDA or LED put in the answer.

    Attributes:
        code: ``Identificatie`` (``40000``, ``99996``...).
        origin: ``Oorsprong`` (``LED``, ``MAGDA``).
        kind: ``Type``: ``FOUT``, ``WAARSCHUWING`` or ``INFORMATIE``.
        diagnosis: ``Diagnose``, the human text (INSZ-like numbers masked).
        circumstance: ``Omstandigheid``, optional.
    """

    code: str
    origin: str
    kind: str
    diagnosis: str
    circumstance: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MagdaResult(ImportResult):
    """The outcome of reading one ``GeefBewijsResponse``.

    Attributes:
        status: what the answer was.
        notices: MAGDA's ``Uitzonderingen``, in document order.
        (plus ``records``, ``errors``, ``warnings`` of :class:`ImportResult`)
    """

    status: AnswerStatus = AnswerStatus.INVALID
    notices: tuple[MagdaNotice, ...] = ()

    @property
    def no_records(self) -> bool:
        """True for MAGDA's "no records found" answer."""
        return self.status is AnswerStatus.NO_RECORDS

    @property
    def answer_code(self) -> str | None:
        """The code of the first error-type notice (``40000`` for "no records"), if any."""
        notice = self._first_error()
        return None if notice is None else notice.code

    @property
    def answer_text(self) -> str | None:
        """The text of the first error-type notice (``Geen gegevens gevonden.``), if any."""
        notice = self._first_error()
        return None if notice is None else notice.diagnosis

    def _first_error(self) -> MagdaNotice | None:
        return next((n for n in self.notices if n.kind == "FOUT"), None)


def load_geef_bewijs(
    path: str | os.PathLike[str], *, now: datetime | None = None, max_bytes: int = MAX_XML_BYTES
) -> MagdaResult:
    """Read a ``GeefBewijsResponse`` file; see :func:`parse_geef_bewijs`.

    Raises:
        OSError: when the file cannot be read.
    """
    if os.path.getsize(path) > max_bytes:
        return _invalid(IssueCode.INPUT_TOO_LARGE, f"input is larger than {max_bytes} bytes")
    with open(path, "rb") as handle:
        return parse_geef_bewijs(handle.read(), now=now, max_bytes=max_bytes)


def parse_geef_bewijs(
    data: bytes, *, now: datetime | None = None, max_bytes: int = MAX_XML_BYTES
) -> MagdaResult:
    """Parse, validate and convert one MAGDA ``GeefBewijsResponse``.

    Args:
        data: the XML document, as bytes (the encoding declaration is honoured).
        now: the clock for the "not in the future" rules (default: system clock, UTC).
        max_bytes: refuse larger input (``input.too_large``).

    Returns:
        The :class:`MagdaResult`; never raises because of the content.
    """
    try:
        tree = parse_xml(data, max_bytes=max_bytes)
    except XmlRejectedError as exc:
        seen = data.count(b"<Bewijs>")
        return _invalid(exc.code, f"{exc.message}{_not_imported(seen)}", line=exc.line)
    root = _unwrap_soap(tree.getroot())
    problem = _root_problem(root.tag)
    if problem is not None:
        return _invalid(problem[0], problem[1], line=root.sourceline)
    bewijzen = root.findall("Repliek/Antwoorden/Antwoord/Inhoud/Bewijzen/Bewijs")
    envelope, per_record = _schema_issues(root)
    if envelope:
        message = "the answer does not match the GeefBewijsResponse schema"
        summary = RecordIssue(
            code=IssueCode.INPUT_SCHEMA_INVALID, message=message + _not_imported(len(bewijzen))
        )
        return MagdaResult(errors=(*envelope, summary), status=AnswerStatus.INVALID)
    return _convert(root, bewijzen, per_record, now)


def _unwrap_soap(root: Any) -> Any:
    """The ``GeefBewijsResponse`` inside a SOAP 1.1/1.2 envelope (its ``Body``), or ``root``."""
    for namespace in _SOAP_NAMESPACES:
        if root.tag == f"{{{namespace}}}Envelope":
            body = root.find(f"{{{namespace}}}Body")
            payload = None if body is None else next(body.iterchildren("{*}*"), None)
            return root if payload is None else payload
    return root


def _not_imported(count: int) -> str:
    return f"; none of its {count} record(s) was imported" if count else ""


def _invalid(code: IssueCode, message: str, *, line: int | None = None) -> MagdaResult:
    issue = RecordIssue(code=code, message=message, line=line)
    return MagdaResult(errors=(issue,), status=AnswerStatus.INVALID)


def _root_problem(tag: object) -> tuple[IssueCode, str] | None:
    if not isinstance(tag, str):
        return IssueCode.INPUT_WRONG_ROOT, "the document has no element root"
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if local != "GeefBewijsResponse":
        return IssueCode.INPUT_WRONG_ROOT, f"root element is {local!r}, not 'GeefBewijsResponse'"
    if namespace != GEEF_BEWIJS_NS:
        return IssueCode.INPUT_WRONG_NAMESPACE, (
            f"root namespace is {namespace or 'empty'!r}, expected {GEEF_BEWIJS_NS!r}"
        )
    return None


def _schema_issues(root: Any) -> tuple[list[RecordIssue], dict[int, list[RecordIssue]]]:
    schema = geef_bewijs_schema()
    per_record: dict[int, list[RecordIssue]] = {}
    envelope: list[RecordIssue] = []
    if schema.validate(root):
        return envelope, per_record
    for entry in schema.error_log:
        path = entry.path or ""
        match = _RECORD_PATH.search(path)
        message = _schema_message(entry.message, path)
        if match is None:
            if len(envelope) < _MAX_ENVELOPE_ISSUES:
                envelope.append(
                    RecordIssue(
                        code=IssueCode.INPUT_SCHEMA_INVALID, message=message, line=entry.line
                    )
                )
            continue
        index = int(match.group(1) or 1)
        per_record.setdefault(index, []).append(
            RecordIssue(
                code=_record_code(message),
                message=message,
                record_index=index,
                field=xml_field(match.group(2) or ""),
                line=entry.line,
            )
        )
    return envelope, per_record


def _record_code(message: str) -> IssueCode:
    """XSD identity constraints enforce two LED rules: report them with the rules' codes."""
    for constraint, code in _UNIQUE_CODES.items():
        if f"'{constraint}'" in message:
            return code
    return IssueCode.RECORD_SCHEMA_INVALID


def _too_many(index: int, line: int | None) -> list[RecordIssue]:
    """Records after the 99th: the XSD allows 99, and libxml2 stops validating after one."""
    message = f"a GeefBewijs answer holds at most {_MAX_RECORDS} records"
    return [
        RecordIssue(
            code=IssueCode.INPUT_TOO_MANY_RECORDS, message=message, record_index=index, line=line
        )
    ]


def _schema_message(message: str, path: str) -> str:
    if _HOLDER_PATH.search(path):
        return "the INSZ does not match the schema (11 digits)"
    return _QUOTED_VALUE.sub(
        lambda m: m.group(0)[:80] + ("'" if len(m.group(0)) > 80 else ""), message
    )


def _convert(
    root: Any, bewijzen: list[Any], per_record: dict[int, list[RecordIssue]], now: datetime | None
) -> MagdaResult:
    candidates, errors = _read_records(bewijzen, per_record)
    accepted, rule_errors, warnings = accept_records(candidates, now=now)
    errors.extend(rule_errors)
    errors.sort(key=lambda issue: (issue.record_index or 0, issue.line or 0))
    notices = tuple(_notice(el) for el in root.iter("Uitzondering"))
    status = _status(bool(bewijzen), notices)
    if status is AnswerStatus.MAGDA_ERROR:
        first = next(n for n in notices if n.kind == "FOUT")
        message = f"MAGDA answered {first.code} ({first.origin}): {first.diagnosis}"
        errors.insert(0, RecordIssue(code=IssueCode.INPUT_MAGDA_ERROR, message=message))
    return MagdaResult(
        records=tuple(accepted),
        errors=tuple(errors),
        warnings=tuple(warnings),
        status=status,
        notices=notices,
    )


def _read_records(
    bewijzen: list[Any], per_record: dict[int, list[RecordIssue]]
) -> tuple[list[ImportedRecord], list[RecordIssue]]:
    """Convert every schema-valid ``Bewijs``; the others become their schema issues."""
    errors: list[RecordIssue] = []
    candidates: list[ImportedRecord] = []
    for index, bewijs in enumerate(bewijzen, start=1):
        line = bewijs.sourceline
        if index > _MAX_RECORDS:
            errors.extend(_too_many(index, line))
        elif index in per_record:
            errors.extend(per_record[index])
        else:
            holder_json, record_json = bewijs_to_json(bewijs)
            try:
                holder, record = holder_from_dict(holder_json), record_from_dict(record_json)
            except FieldError as exc:
                issue = RecordIssue(
                    code=exc.code,
                    message=exc.message,
                    record_index=index,
                    field=exc.field,
                    line=line,
                )
                errors.append(issue)
            else:
                candidates.append(ImportedRecord(index, holder, record, line=line))
    return candidates, errors


def _status(has_records: bool, notices: tuple[MagdaNotice, ...]) -> AnswerStatus:
    if has_records:
        return AnswerStatus.RECORDS
    fouten = [n for n in notices if n.kind == "FOUT"]
    if fouten and all(n.code == NO_RECORDS_CODE for n in fouten):
        return AnswerStatus.NO_RECORDS
    return AnswerStatus.MAGDA_ERROR if fouten else AnswerStatus.NO_RECORDS


def _notice(el: Any) -> MagdaNotice:
    def text(tag: str) -> str:
        return " ".join((el.findtext(tag) or "").split())

    circumstance = text("Omstandigheid")
    return MagdaNotice(
        code=text("Identificatie"),
        origin=text("Oorsprong"),
        kind=text("Type"),
        diagnosis=mask_insz(text("Diagnose")),
        circumstance=mask_insz(circumstance) if circumstance else None,
    )
