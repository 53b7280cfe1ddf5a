"""Problems found while importing or validating LED records, each with a stable code.

Importers never raise because of what a file contains: they return the good records and a
list of :class:`RecordIssue`. Every issue names the record (``record_index``: 1-based
position of the ``Bewijs`` in a MAGDA answer, or the line number of a JSON lines file), the
field (an English attribute path such as ``basis.issue_date``) and a stable
:class:`IssueCode` of the form ``<scope>.<reason>``. Tests and callers match codes, not
messages. Messages never contain an INSZ.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .holder import mask_insz

__all__ = ["IssueCode", "RecordIssue", "Severity"]

_MAX_MESSAGE = 400


class Severity(StrEnum):
    """An error rejects the record (or file); a warning keeps it."""

    ERROR = "error"
    WARNING = "warning"


class IssueCode(StrEnum):
    """Stable issue codes. Released codes are never renamed or reused."""

    # the input as a whole
    INPUT_TOO_LARGE = "input.too_large"
    INPUT_NOT_WELL_FORMED = "input.not_well_formed"
    INPUT_FORBIDDEN_DTD = "input.forbidden_dtd"
    INPUT_WRONG_NAMESPACE = "input.wrong_namespace"
    INPUT_WRONG_ROOT = "input.wrong_root"
    INPUT_SCHEMA_INVALID = "input.schema_invalid"
    INPUT_MAGDA_ERROR = "input.magda_error"
    INPUT_TOO_MANY_RECORDS = "input.too_many_records"
    # one JSON lines line
    LINE_NOT_JSON = "line.not_json"
    LINE_NOT_UTF8 = "line.not_utf8"
    LINE_TOO_LONG = "line.too_long"
    LINE_NOT_OBJECT = "line.not_object"
    # one record: structure
    RECORD_SCHEMA_INVALID = "record.schema_invalid"
    RECORD_MISSING_FIELD = "record.missing_field"
    RECORD_UNKNOWN_FIELD = "record.unknown_field"
    RECORD_WRONG_TYPE = "record.wrong_type"
    RECORD_BAD_VALUE = "record.bad_value"
    RECORD_EMPTY_TEXT = "record.empty_text"
    RECORD_TEXT_TOO_LONG = "record.text_too_long"
    RECORD_TOO_MANY_ITEMS = "record.too_many_items"
    RECORD_UNKNOWN_STATUS = "record.unknown_status"
    RECORD_BAD_TIMESTAMP = "record.bad_timestamp"
    # one record: rules from the schema annotations
    RECORD_ISSUE_DATE_INVALID = "record.issue_date_invalid"
    RECORD_ISSUE_DATE_DAY_WITHOUT_MONTH = "record.issue_date_day_without_month"
    RECORD_ISSUE_DATE_IN_FUTURE = "record.issue_date_in_future"
    RECORD_DUPLICATE_ADDITIONAL_INFO_TYPE = "record.duplicate_additional_info_type"
    RECORD_DUPLICATE_AUTHORITY_ROLE = "record.duplicate_authority_role"
    RECORD_CODE_WITHOUT_NAME = "record.code_without_name"
    RECORD_INSTITUTION_NUMBER_INVALID = "record.institution_number_invalid"
    RECORD_COUNTRY_CODE_INVALID = "record.country_code_invalid"
    RECORD_LANGUAGE_CODE_INVALID = "record.language_code_invalid"
    RECORD_HOURS_INVALID = "record.adult_education_hours_invalid"
    RECORD_MODIFIED_IN_FUTURE = "record.modified_at_in_future"
    RECORD_VALIDITY_PERIOD_UNPARSED = "record.validity_period_unparsed"
    RECORD_LANGUAGE_CODE_CASE = "record.language_code_case"
    RECORD_INSZ_IN_TEXT = "record.insz_in_text"
    # the holder
    HOLDER_INSZ_INVALID = "holder.insz_invalid"


@dataclass(frozen=True, slots=True)
class RecordIssue:
    """One problem, tied to a record and a field where possible.

    Attributes:
        code: the stable code.
        message: for people; may change between versions; never contains an INSZ.
        record_index: 1-based position of the record in its source (the ``Bewijs`` index in
            a MAGDA answer, the line number in JSON lines); None for the input as a whole.
        field: English attribute path (``basis.issue_date``), None when not field-specific.
        line: source line number, when known.
        severity: ``error`` rejects the record; ``warning`` keeps it.
    """

    code: IssueCode
    message: str
    record_index: int | None = None
    field: str | None = None
    line: int | None = None
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        safe = mask_insz(self.message)
        if len(safe) > _MAX_MESSAGE:
            safe = safe[: _MAX_MESSAGE - 3] + "..."
        object.__setattr__(self, "message", safe)

    def to_dict(self) -> dict[str, str | int | None]:
        """A JSON-ready form of the issue."""
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "record_index": self.record_index,
            "field": self.field,
            "line": self.line,
            "message": self.message,
        }
