"""Validation rules from the LED schema annotations, with stable per-field codes.

The XSD checks structure; LED's own service implementation checks the rest, as the
annotations in ``BewijsComplex.xsd`` describe. :func:`validate_record` applies those rules to
a :class:`~vc_led.led.model.LedRecord` (and its holder) and returns one
:class:`~vc_led.led.issues.RecordIssue` per problem; it never raises for bad data.

Rules (code → source):

- ``record.issue_date_in_future``: "niet in de toekomst" (Uitreikingsdatum); ``now`` is an
  argument, the earliest day the partial date can mean is compared with it.
- ``record.issue_date_day_without_month`` / ``record.issue_date_invalid``: Maand is required
  when Dag is given; the date must exist (checked while decoding, see
  :func:`partial_date_problem`).
- ``record.duplicate_additional_info_type``: each BijkomendeInformatie type at most once.
- ``record.duplicate_authority_role``: each Instantierol at most once.
- ``record.code_without_name``: a Studierichting/Specialisatie/DetailOnderwerp code is only
  meaningful with a name (checked while decoding, see :func:`named_code_problem`).
- ``record.text_too_long`` / ``record.empty_text`` / ``record.too_many_items``: the XSD
  facets, enforced for JSON lines input too.
- ``record.institution_number_invalid``, ``record.country_code_invalid``,
  ``record.language_code_invalid``, ``record.adult_education_hours_invalid``: the simple types.
- ``holder.insz_invalid``: 11 digits with a valid mod-97 check number.
- ``record.insz_in_text``: a national number written into any text of the record (a title,
  additional information, the supplier's name...), in any written form
  (:func:`~vc_led.led.insz_text.find_insz`); the record is rejected, never signed.
- warnings: ``record.language_code_case`` (upper-case ISO 639-3; the annotations disagree),
  ``record.validity_period_unparsed`` (free text such as "tot herroeping"),
  ``record.modified_at_in_future``.

Not checked: the LED taxonomy (allowed values and Categorie x Graad combinations), which is
not published; :mod:`vc_led.led.codelists` holds the observed values.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from .holder import HolderIdentity, insz_checksum_ok
from .insz_text import insz_paths
from .issues import IssueCode, RecordIssue, Severity
from .model import LedRecord
from .values import PseudoValue, led_text, parse_validity_period

__all__ = [
    "MAX_LENGTHS",
    "MAX_LIST_ITEMS",
    "named_code_problem",
    "partial_date_problem",
    "validate_record",
]

MAX_LIST_ITEMS = 50
"""XSD ``maxOccurs`` of AlternatieveInstantie and BijkomendeInformatie."""

_TAXONOMY = 255
MAX_LENGTHS: dict[str, int] = {
    "led_reference": 36,
    "led_mutation_reference": 36,
    "supplier.name": 100,
    "supplier.reference": 36,
    **{
        f"basis.{name}": _TAXONOMY
        for name in (
            "authenticity category grade education_form finality proof_type proof_state "
            "authority_class school_type country language"
        ).split()
    },
    "basis.subject.code": 255,
    "basis.subject.name": 255,
    "basis.subject.led_subject_number": 255,
    "basis.full_title": 1000,
    "basis.institution.name": 120,
    **{f"basis.{n}.name": 2000 for n in ("study_programme", "specialisation", "detail_subject")},
    **{f"basis.{n}.code": 1000 for n in ("study_programme", "specialisation", "detail_subject")},
    "basis.validity_period": 100,
    "basis.professional_qualifications.code": 255,
    "basis.professional_qualifications.name": 1000,
    "basis.partial_qualifications.code": 255,
    "basis.partial_qualifications.name": 1000,
    "basis.supplements.name": 255,
    "basis.supplements.description": 2000,
    "basis.supplements.number": 50,
    "basis.supplements.type.code": 20,
    "basis.supplements.type.name": 255,
    "basis.supplements.learning_outcomes.title": 1000,
    "basis.supplements.learning_outcomes.extra_info": 10000,
    "basis.supplements.learning_outcomes.type.code": 255,
    "basis.supplements.learning_outcomes.type.name": 1000,
    "basis.alternative_authorities.role": _TAXONOMY,
    "basis.alternative_authorities.authority": _TAXONOMY,
    "basis.additional_info.type": _TAXONOMY,
    "basis.additional_info.content": 1000,
    **{
        f"derived.{name}.{part}": 255 if part == "code" else 500
        for name in (
            "isced_field_97 isced_field_2013 isced_level_97 isced_level_2011 "
            "vks_educational vks_professional"
        ).split()
        for part in ("code", "name")
    },
}
"""Maximum text length per attribute path (the XSD ``maxLength`` facets)."""

_MIN_LENGTH_3 = ("basis.country", "basis.language")
_INSTITUTION_NUMBER = re.compile(r"^[0-9]{1,6}$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_LANGUAGE = re.compile(r"^[a-z]{3}$")
_MAX_HOURS = 9_999_999_999


def partial_date_problem(
    year: int, month: int | None, day: int | None
) -> tuple[IssueCode, str] | None:
    """Check the parts of an ``Uitreikingsdatum`` before building a PartialDate.

    Args:
        year: Jaar. month: Maand or None. day: Dag or None.

    Returns:
        ``(code, message)`` for a day without a month or an impossible date, else None.
    """
    if day is not None and month is None:
        return IssueCode.RECORD_ISSUE_DATE_DAY_WITHOUT_MONTH, "a day is given without a month"
    if not 1800 <= year <= 2199:
        return IssueCode.RECORD_ISSUE_DATE_INVALID, f"year {year} is outside 1800-2199"
    if month is not None and not 1 <= month <= 12:
        return IssueCode.RECORD_ISSUE_DATE_INVALID, f"month {month} is outside 1-12"
    if month is not None and day is not None:
        try:
            datetime(year, month, day)
        except ValueError:
            return (
                IssueCode.RECORD_ISSUE_DATE_INVALID,
                f"{year:04d}-{month:02d}-{day:02d} does not exist",
            )
    return None


def named_code_problem(*, has_name: bool, has_code: bool) -> tuple[IssueCode, str] | None:
    """The "code only with a name" rule of Studierichting, Specialisatie and DetailOnderwerp."""
    if has_code and not has_name:
        return IssueCode.RECORD_CODE_WITHOUT_NAME, "a code is given without a name"
    return None


def validate_record(
    record: LedRecord,
    *,
    now: datetime | None = None,
    holder: HolderIdentity | None = None,
    record_index: int | None = None,
    line: int | None = None,
) -> tuple[RecordIssue, ...]:
    """Apply the LED rules to one record.

    Args:
        record: the record to check.
        now: the current time (timezone-aware); defaults to the system clock in UTC.
        holder: the record's holder, to check the INSZ; optional.
        record_index: copied into every issue (position in the source).
        line: copied into every issue (source line).

    Returns:
        Every problem found, errors and warnings (``severity``); empty when the record is valid.

    Raises:
        ValueError: when ``now`` is naive (a programming error, not a data problem).
    """
    if now is None:
        now = datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    found = [*_rule_issues(record, now), *_length_issues(record), *_insz_issues(record)]
    if holder is not None and not insz_checksum_ok(holder.insz):
        found.append((IssueCode.HOLDER_INSZ_INVALID, "holder.insz", "INSZ check number is wrong"))
    return tuple(
        RecordIssue(
            code=code,
            message=message,
            record_index=record_index,
            field=field,
            line=line,
            severity=Severity.WARNING if code in _WARNINGS else Severity.ERROR,
        )
        for code, field, message in found
    )


_WARNINGS = frozenset(
    {
        IssueCode.RECORD_LANGUAGE_CODE_CASE,
        IssueCode.RECORD_VALIDITY_PERIOD_UNPARSED,
        IssueCode.RECORD_MODIFIED_IN_FUTURE,
    }
)

_Found = tuple[IssueCode, str, str]


def _rule_issues(record: LedRecord, now: datetime) -> Iterator[_Found]:
    basis = record.basis
    issued = basis.issue_date
    if not issued.is_placeholder and issued.earliest() > now.date():
        yield (
            IssueCode.RECORD_ISSUE_DATE_IN_FUTURE,
            "basis.issue_date",
            (f"issue date {issued.iso()} is after {now.date().isoformat()}"),
        )
    if record.modified_at > now.replace(tzinfo=None) + timedelta(days=1):
        yield (
            IssueCode.RECORD_MODIFIED_IN_FUTURE,
            "modified_at",
            "modification time is in the future",
        )
    yield from _duplicates(
        [led_text(i.type) for i in basis.additional_info],
        IssueCode.RECORD_DUPLICATE_ADDITIONAL_INFO_TYPE,
        "basis.additional_info.type",
    )
    yield from _duplicates(
        [led_text(a.role) for a in basis.alternative_authorities],
        IssueCode.RECORD_DUPLICATE_AUTHORITY_ROLE,
        "basis.alternative_authorities.role",
    )
    for name in ("alternative_authorities", "additional_info"):
        if len(getattr(basis, name)) > MAX_LIST_ITEMS:
            yield (
                IssueCode.RECORD_TOO_MANY_ITEMS,
                f"basis.{name}",
                f"more than {MAX_LIST_ITEMS} items",
            )
    yield from _code_issues(record)


def _duplicates(values: list[str], code: IssueCode, field: str) -> Iterator[_Found]:
    for value, count in Counter(values).items():
        if count > 1:
            yield code, field, f"{value!r} appears {count} times (at most once allowed)"


def _code_issues(record: LedRecord) -> Iterator[_Found]:
    basis = record.basis
    number = basis.institution.number
    if number is not None and not _INSTITUTION_NUMBER.match(number):
        yield (
            IssueCode.RECORD_INSTITUTION_NUMBER_INVALID,
            "basis.institution.number",
            ("institution number must be 1-6 digits"),
        )
    if isinstance(basis.country, str) and not _COUNTRY.match(basis.country):
        yield (
            IssueCode.RECORD_COUNTRY_CODE_INVALID,
            "basis.country",
            (f"country {basis.country!r} is not an upper-case ISO 3166-1 alpha-3 code"),
        )
    language = basis.language
    if isinstance(language, str) and not _LANGUAGE.match(language):
        upper = _LANGUAGE.match(language.lower()) is not None
        code = (
            IssueCode.RECORD_LANGUAGE_CODE_CASE if upper else IssueCode.RECORD_LANGUAGE_CODE_INVALID
        )
        yield code, "basis.language", f"language {language!r} is not a lower-case ISO 639-3 code"
    hours = basis.adult_education_hours
    if hours is not None and not 0 <= hours <= _MAX_HOURS:
        yield (
            IssueCode.RECORD_HOURS_INVALID,
            "basis.adult_education_hours",
            ("adult education hours must be a whole number 0-9999999999"),
        )
    period = basis.validity_period
    if isinstance(period, str) and parse_validity_period(period) is None:
        yield (
            IssueCode.RECORD_VALIDITY_PERIOD_UNPARSED,
            "basis.validity_period",
            (f"validity period {period!r} is not '<n> jaar|maanden|weken|dagen'; kept as text"),
        )


def _length_issues(record: LedRecord) -> Iterator[_Found]:
    for path, limit in MAX_LENGTHS.items():
        minimum = 3 if path in _MIN_LENGTH_3 else 1
        for value in _values_at(record, path.split(".")):
            text = value.text if isinstance(value, PseudoValue) else str(value)
            if len(text) < minimum:
                yield IssueCode.RECORD_EMPTY_TEXT, path, f"text shorter than {minimum}"
            elif len(text) > limit:
                yield (
                    IssueCode.RECORD_TEXT_TOO_LONG,
                    path,
                    f"{len(text)} characters, at most {limit}",
                )


def _insz_issues(record: LedRecord) -> Iterator[_Found]:
    message = "the text holds a national number (INSZ); it may not reach a credential"
    for path in insz_paths(record):
        yield IssueCode.RECORD_INSZ_IN_TEXT, path, message


def _values_at(node: object, names: list[str]) -> Iterator[object]:
    if node is None:
        return
    if isinstance(node, tuple):
        for item in node:
            yield from _values_at(item, names)
        return
    if not names:
        yield node
        return
    yield from _values_at(getattr(node, names[0]), names[1:])
