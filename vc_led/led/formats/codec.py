"""The JSON form of a LED record (camelCase keys, as proposed in led-domain.md §6a).

:func:`record_to_dict` and :func:`record_from_dict` are exact inverses: partial dates keep
their precision (``{"year": 2006}``), pseudo-values are explicit objects
(``{"pseudo": "not_available", "text": "NBS"}``), absent optional values are left out.
On input a plain LED spelling (``"Niet beschikbaar"``) is also read as a pseudo-value.

The holder is a separate object (``{"insz": "..."}``): see :func:`holder_from_dict`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..holder import HolderIdentity
from ..issues import IssueCode
from ..model import DerivedClassification, LedRecord, RecordBasis, RecordStatus, Supplier
from ..parts import (
    AdditionalInfo,
    AlternativeAuthority,
    CodedValue,
    Institution,
    LearningOutcome,
    NamedCode,
    Qualification,
    Subject,
    Supplement,
    TypeCode,
)
from ..validation import named_code_problem, partial_date_problem
from ..values import PartialDate, PseudoValue, Text
from ._reader import FieldError, ObjectReader

__all__ = ["FieldError", "holder_from_dict", "holder_to_dict", "record_from_dict", "record_to_dict"]

JsonDict = dict[str, Any]


def _k(names: str) -> frozenset[str]:
    return frozenset(names.split())


_RECORD = _k("ledRecordId ledMutationId status modifiedAt supplier basis derived")
_SUPPLIER = _k("name reference")
_BASIS = _k(
    "authenticity category grade educationForm finality obtainedViaEvc proofType proofState "
    "authorityClass subject issueDate fullTitle country language institution schoolType "
    "studyProgramme specialisation detailSubject validityPeriod adultEducationHours "
    "professionalQualifications partialQualifications supplements alternativeAuthorities "
    "additionalInfo"
)
_DERIVED = _k(
    "iscedField97 iscedField2013 iscedLevel97 iscedLevel2011 vksEducational vksProfessional"
)
_CODE_NAME = _k("code name")
_SUBJECT = _k("code name ledSubjectNumber")
_DATE = _k("year month day")
_INSTITUTION = _k("name number")
_SUPPLEMENT = _k("name description number type learningOutcomes")
_OUTCOME = _k("title extraInfo type")
_AUTHORITY = _k("role authority")
_INFO = _k("type content")
_NAMED_CODES = ("studyProgramme", "specialisation", "detailSubject")


# ---------------------------------------------------------------- encoding


def _t(value: Text | None) -> object:
    if isinstance(value, PseudoValue):
        return {"pseudo": value.kind.value, "text": value.text}
    return value


def _drop_none(data: JsonDict) -> JsonDict:
    return {key: value for key, value in data.items() if value is not None and value != []}


def _coded(value: CodedValue | NamedCode | Subject | None) -> JsonDict | None:
    if value is None:
        return None
    if isinstance(value, Subject):
        extra = {"ledSubjectNumber": value.led_subject_number}
        return _drop_none({"code": _t(value.code), "name": _t(value.name), **extra})
    return _drop_none({"code": _t(value.code), "name": _t(value.name)})


def _type_code(value: TypeCode | None) -> JsonDict | None:
    return None if value is None else {"code": value.code, "name": value.name}


def _supplement(value: Supplement) -> JsonDict:
    outcomes = [
        _drop_none({"title": o.title, "extraInfo": o.extra_info, "type": _type_code(o.type)})
        for o in value.learning_outcomes
    ]
    return _drop_none(
        {
            "name": value.name,
            "description": value.description,
            "number": value.number,
            "type": _type_code(value.type),
            "learningOutcomes": outcomes,
        }
    )


def _basis_to_dict(b: RecordBasis) -> JsonDict:
    date = b.issue_date
    quals = [_drop_none({"code": q.code, "name": q.name}) for q in b.professional_qualifications]
    parts = [_drop_none({"code": q.code, "name": q.name}) for q in b.partial_qualifications]
    return _drop_none(
        {
            "authenticity": _t(b.authenticity),
            "category": _t(b.category),
            "grade": _t(b.grade),
            "educationForm": _t(b.education_form),
            "finality": _t(b.finality),
            "obtainedViaEvc": b.obtained_via_evc,
            "proofType": _t(b.proof_type),
            "proofState": _t(b.proof_state),
            "authorityClass": _t(b.authority_class),
            "subject": _coded(b.subject),
            "issueDate": _drop_none({"year": date.year, "month": date.month, "day": date.day}),
            "fullTitle": _t(b.full_title),
            "country": _t(b.country),
            "language": _t(b.language),
            "institution": _drop_none(
                {"name": _t(b.institution.name), "number": b.institution.number}
            ),
            "schoolType": _t(b.school_type),
            "studyProgramme": _coded(b.study_programme),
            "specialisation": _coded(b.specialisation),
            "detailSubject": _coded(b.detail_subject),
            "validityPeriod": _t(b.validity_period),
            "adultEducationHours": b.adult_education_hours,
            "professionalQualifications": quals,
            "partialQualifications": parts,
            "supplements": [_supplement(s) for s in b.supplements],
            "alternativeAuthorities": [
                {"role": _t(a.role), "authority": _t(a.authority)}
                for a in b.alternative_authorities
            ],
            "additionalInfo": [
                {"type": _t(i.type), "content": _t(i.content)} for i in b.additional_info
            ],
        }
    )


def record_to_dict(record: LedRecord) -> JsonDict:
    """The JSON form of ``record`` (no holder).

    Args:
        record: the record.

    Returns:
        A dict of JSON types, ready for :func:`json.dumps`.
    """
    d = record.derived
    return {
        "ledRecordId": record.led_reference,
        "ledMutationId": record.led_mutation_reference,
        "status": record.status.value,
        "modifiedAt": record.modified_at.isoformat(timespec="milliseconds"),
        "supplier": {"name": record.supplier.name, "reference": record.supplier.reference},
        "basis": _basis_to_dict(record.basis),
        "derived": _drop_none(
            {
                "iscedField97": _coded(d.isced_field_97),
                "iscedField2013": _coded(d.isced_field_2013),
                "iscedLevel97": _coded(d.isced_level_97),
                "iscedLevel2011": _coded(d.isced_level_2011),
                "vksEducational": _coded(d.vks_educational),
                "vksProfessional": _coded(d.vks_professional),
            }
        ),
    }


def holder_to_dict(holder: HolderIdentity) -> JsonDict:
    """``{"insz": ...}``: for the registry's own files only, never for a credential."""
    return {"insz": holder.insz}


# ---------------------------------------------------------------- decoding


def holder_from_dict(data: object) -> HolderIdentity:
    """Read ``{"insz": "..."}``.

    Raises:
        FieldError: ``record.missing_field`` / ``record.wrong_type`` /
            ``holder.insz_invalid`` (the message never contains the value).
    """
    reader = ObjectReader(data, "holder", frozenset({"insz"}))
    raw = reader.raw("insz")
    if raw is None:
        raise FieldError(IssueCode.RECORD_MISSING_FIELD, "holder.insz", "'insz' is missing")
    if not isinstance(raw, str) or len(raw) != 11 or not raw.isascii() or not raw.isdigit():
        raise FieldError(IssueCode.HOLDER_INSZ_INVALID, "holder.insz", "an INSZ is 11 digits")
    return HolderIdentity(raw)


def record_from_dict(data: object) -> LedRecord:
    """Read the JSON form of a record.

    Args:
        data: the decoded JSON object.

    Returns:
        The record. The LED rules are not applied here: see
        :func:`~vc_led.led.validation.validate_record`.

    Raises:
        FieldError: the first structural problem, with a stable code and field path.
    """
    r = ObjectReader(data, "", _RECORD)
    supplier = r.obj("supplier", _SUPPLIER)
    return LedRecord(
        led_reference=r.plain("ledRecordId"),
        led_mutation_reference=r.plain("ledMutationId"),
        status=_status(r),
        modified_at=_timestamp(r),
        supplier=Supplier(name=supplier.plain("name"), reference=supplier.plain("reference")),
        basis=_basis(r.obj("basis", _BASIS)),
        derived=_derived(r.obj("derived", _DERIVED)),
    )


def _status(r: ObjectReader) -> RecordStatus:
    value = r.plain("status")
    try:
        return RecordStatus(value)
    except ValueError:
        raise FieldError(
            IssueCode.RECORD_UNKNOWN_STATUS, "status", f"unknown status {value!r}"
        ) from None


def _timestamp(r: ObjectReader) -> datetime:
    value = r.plain("modifiedAt")
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        raise FieldError(
            IssueCode.RECORD_BAD_TIMESTAMP, "modified_at", f"{value!r} is not an ISO date-time"
        ) from None
    if stamp.tzinfo is not None:
        raise FieldError(
            IssueCode.RECORD_BAD_TIMESTAMP, "modified_at", "LED times carry no time zone"
        )
    return stamp


def _basis(b: ObjectReader) -> RecordBasis:
    named = {key: _named_code(b, key) for key in _NAMED_CODES}
    institution = b.obj("institution", _INSTITUTION)
    return RecordBasis(
        authenticity=b.text("authenticity"),
        category=b.text("category"),
        grade=b.text("grade"),
        education_form=b.text("educationForm"),
        finality=b.opt_text("finality"),
        obtained_via_evc=b.opt_boolean("obtainedViaEvc"),
        proof_type=b.text("proofType"),
        proof_state=b.text("proofState"),
        authority_class=b.text("authorityClass"),
        subject=_subject(b.obj("subject", _SUBJECT)),
        issue_date=_partial_date(b.obj("issueDate", _DATE)),
        full_title=b.text("fullTitle"),
        country=b.text("country"),
        language=b.text("language"),
        institution=Institution(
            name=institution.text("name"), number=institution.opt_plain("number")
        ),
        school_type=b.text("schoolType"),
        study_programme=named["studyProgramme"],
        specialisation=named["specialisation"],
        detail_subject=named["detailSubject"],
        validity_period=b.opt_text("validityPeriod"),
        adult_education_hours=b.opt_integer("adultEducationHours"),
        professional_qualifications=_qualifications(b, "professionalQualifications"),
        partial_qualifications=_qualifications(b, "partialQualifications"),
        supplements=tuple(_supplement_from(s) for s in b.items("supplements", _SUPPLEMENT)),
        alternative_authorities=tuple(
            AlternativeAuthority(role=a.text("role"), authority=a.text("authority"))
            for a in b.items("alternativeAuthorities", _AUTHORITY)
        ),
        additional_info=tuple(
            AdditionalInfo(type=i.text("type"), content=i.text("content"))
            for i in b.items("additionalInfo", _INFO)
        ),
    )


def _subject(s: ObjectReader) -> Subject:
    return Subject(
        code=s.text("code"),
        name=s.opt_text("name"),
        led_subject_number=s.opt_plain("ledSubjectNumber"),
    )


def _partial_date(d: ObjectReader) -> PartialDate:
    year, month, day = d.integer("year"), d.opt_integer("month"), d.opt_integer("day")
    problem = partial_date_problem(year, month, day)
    if problem is not None:
        raise FieldError(problem[0], "basis.issue_date", problem[1])
    return PartialDate(year, month, day)


def _named_code(b: ObjectReader, key: str) -> NamedCode | None:
    item = b.opt_obj(key, _CODE_NAME)
    if item is None:
        return None
    problem = named_code_problem(
        has_name=item.raw("name") is not None, has_code=item.raw("code") is not None
    )
    if problem is not None:
        raise FieldError(problem[0], b.field(key), problem[1])
    return NamedCode(name=item.text("name"), code=item.opt_text("code"))


def _qualifications(b: ObjectReader, key: str) -> tuple[Qualification, ...]:
    return tuple(
        Qualification(code=q.plain("code"), name=q.opt_plain("name"))
        for q in b.items(key, _CODE_NAME)
    )


def _type_code_from(r: ObjectReader) -> TypeCode:
    return TypeCode(code=r.plain("code"), name=r.plain("name"))


def _supplement_from(s: ObjectReader) -> Supplement:
    outcomes = tuple(
        LearningOutcome(
            title=o.plain("title"),
            extra_info=o.opt_plain("extraInfo"),
            type=None if (kind := o.opt_obj("type", _CODE_NAME)) is None else _type_code_from(kind),
        )
        for o in s.items("learningOutcomes", _OUTCOME)
    )
    return Supplement(
        name=s.plain("name"),
        description=s.opt_plain("description"),
        number=s.plain("number"),
        type=_type_code_from(s.obj("type", _CODE_NAME)),
        learning_outcomes=outcomes,
    )


def _coded_from(r: ObjectReader | None) -> CodedValue | None:
    return None if r is None else CodedValue(code=r.text("code"), name=r.opt_text("name"))


def _derived(d: ObjectReader) -> DerivedClassification:
    def required(key: str) -> CodedValue:
        return CodedValue(code=(o := d.obj(key, _CODE_NAME)).text("code"), name=o.opt_text("name"))

    return DerivedClassification(
        isced_field_97=required("iscedField97"),
        isced_field_2013=_coded_from(d.opt_obj("iscedField2013", _CODE_NAME)),
        isced_level_97=required("iscedLevel97"),
        isced_level_2011=_coded_from(d.opt_obj("iscedLevel2011", _CODE_NAME)),
        vks_educational=required("vksEducational"),
        vks_professional=required("vksProfessional"),
    )
