"""Turn a draft (what a supplier delivers) into a full LED record, as LED would store it.

LED adds its references, the registration time and the derived classifications
(``Afgeleid``); records registered from 2021 on also carry the newer optional elements
(ISCED 2013 field, ISCED 2011 level).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random

from ..codelists import (
    isced97_level_name,
    isced_2011_for_isced97,
    isced_2011_name,
    isced_f_for_isced97,
    isced_f_name,
)
from ..model import DerivedClassification, LedRecord, RecordBasis, RecordStatus, Supplier
from ..parts import (
    AdditionalInfo,
    AlternativeAuthority,
    CodedValue,
    Institution,
    NamedCode,
    Qualification,
    Subject,
    Supplement,
)
from ..values import (
    NOT_APPLICABLE,
    NOT_APPLICABLE_CODE,
    NOT_AVAILABLE,
    NOT_AVAILABLE_CODE,
    PartialDate,
    Text,
    led_text,
)
from ._catalog import isced_field_97, random_uuid, subject_name

__all__ = ["LED_START", "NEWER_SCHEMA_FROM", "Draft", "finish"]

LED_START = date(2010, 1, 1)
"""Records issued before this were loaded into LED from then on."""
NEWER_SCHEMA_FROM = 2021


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """What a supplier delivers for one record (plus the levels LED will derive)."""

    supplier: str
    supplier_reference: str
    authenticity: str = "Authentiek"
    category: Text
    grade: Text = NOT_APPLICABLE
    education_form: Text = NOT_APPLICABLE
    finality: str | None = None
    obtained_via_evc: bool | None = None
    proof_type: str
    proof_state: str = "Eindbewijs"
    authority_class: Text
    subject_code: str
    issue_date: PartialDate
    full_title: Text
    description: str
    country: Text = "BEL"
    language: Text = "nld"
    institution: Institution
    school_type: Text = NOT_APPLICABLE
    study_programme: NamedCode | None = None
    specialisation: NamedCode | None = None
    validity_period: str | None = None
    hours: int | None = None
    professional_qualifications: tuple[Qualification, ...] = ()
    partial_qualifications: tuple[Qualification, ...] = ()
    supplements: tuple[Supplement, ...] = ()
    alternative_authorities: tuple[AlternativeAuthority, ...] = ()
    extra_info: tuple[AdditionalInfo, ...] = field(default=())
    isced_level_97: str = "NBS"
    vks_educational: str = "NBS"
    vks_professional: str = "NBS"
    delay_days: int = 20


def finish(
    draft: Draft,
    rng: Random,
    *,
    as_of: date,
    status: RecordStatus = RecordStatus.REGISTERED,
    registered_after: date | None = None,
) -> LedRecord:
    """The LED record for ``draft``: references, registration time, derived levels."""
    modified = _registration_time(draft, rng, as_of=as_of, after=registered_after)
    newer = modified.year >= NEWER_SCHEMA_FROM
    return LedRecord(
        led_reference=random_uuid(rng),
        led_mutation_reference=random_uuid(rng),
        status=status,
        modified_at=modified,
        supplier=Supplier(name=draft.supplier, reference=draft.supplier_reference),
        basis=_basis(draft, newer=newer),
        derived=_derived(draft, newer=newer),
    )


def _registration_time(draft: Draft, rng: Random, *, as_of: date, after: date | None) -> datetime:
    issued = draft.issue_date
    day = LED_START if issued.is_placeholder else issued.latest()
    day += timedelta(days=rng.randint(0, draft.delay_days))
    if day < LED_START:
        day = LED_START + timedelta(days=rng.randint(0, 700))
    if after is not None and day <= after:
        day = after + timedelta(days=rng.randint(1, 60))
    day = min(day, as_of - timedelta(days=1))
    moment = time(
        rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999) * 1000
    )
    return datetime.combine(day, moment)


def _basis(d: Draft, *, newer: bool) -> RecordBasis:
    info = (AdditionalInfo(type="Bewijs omschrijving", content=d.description), *d.extra_info)
    return RecordBasis(
        authenticity=d.authenticity,
        category=d.category,
        grade=d.grade,
        education_form=d.education_form,
        finality=d.finality if newer else None,
        obtained_via_evc=d.obtained_via_evc,
        proof_type=d.proof_type,
        proof_state=d.proof_state,
        authority_class=d.authority_class,
        subject=Subject(code=d.subject_code.lstrip("0") or "0", name=subject_name(d.subject_code)),
        issue_date=d.issue_date,
        full_title=d.full_title,
        country=d.country,
        language=d.language,
        institution=d.institution,
        school_type=d.school_type,
        study_programme=d.study_programme,
        specialisation=d.specialisation,
        validity_period=d.validity_period,
        adult_education_hours=d.hours,
        professional_qualifications=d.professional_qualifications,
        partial_qualifications=d.partial_qualifications,
        supplements=d.supplements,
        alternative_authorities=d.alternative_authorities,
        additional_info=info,
    )


def _level(code: str) -> CodedValue:
    if code == "NBS":
        return CodedValue(NOT_AVAILABLE_CODE, NOT_AVAILABLE)
    if code == "NVT":
        return CodedValue(NOT_APPLICABLE_CODE, NOT_APPLICABLE)
    return CodedValue(code, f"Niveau {code}")


def _derived(d: Draft, *, newer: bool) -> DerivedClassification:
    grade = led_text(d.grade)
    return _derive(
        d.subject_code, d.isced_level_97, d.vks_educational, d.vks_professional, grade, newer
    )


@functools.lru_cache(maxsize=4096)
def _derive(
    subject: str, level97: str, vks_educational: str, vks_professional: str, grade: str, newer: bool
) -> DerivedClassification:
    field97 = isced_field_97(subject)
    if level97 == "NBS":
        isced97 = CodedValue(NOT_AVAILABLE_CODE, NOT_AVAILABLE)
    else:
        isced97 = CodedValue(level97, isced97_level_name(level97))
    field2013 = level2011 = None
    if newer and isinstance(field97.code, str):
        code2013 = isced_f_for_isced97(field97.code)
        if code2013 is not None:
            field2013 = CodedValue(code2013, isced_f_name(code2013))
        code2011 = isced_2011_for_isced97(level97, grade=grade)
        if code2011 is not None:
            level2011 = CodedValue(code2011, isced_2011_name(code2011))
    return DerivedClassification(
        isced_field_97=field97,
        isced_field_2013=field2013,
        isced_level_97=isced97,
        isced_level_2011=level2011,
        vks_educational=_level(vks_educational),
        vks_professional=_level(vks_professional),
    )
