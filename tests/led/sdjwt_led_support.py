"""Records for the SD-JWT VC rendition tests: synthetic records of every kind, and one record
per profile with every optional LED element filled (the generator leaves some out)."""

from __future__ import annotations

import dataclasses
import functools
from datetime import UTC, date, datetime

from vc_led.led import LedRecord
from vc_led.led.holder import HolderIdentity
from vc_led.led.parts import AlternativeAuthority, CodedValue, Institution, NamedCode, Subject
from vc_led.led.profiles import Holder, select_profile
from vc_led.led.synthetic import generate_records

NOW = datetime(2026, 1, 1, tzinfo=UTC)
HOLDER = Holder(given_name="An", family_name="Peeters", birth_date=date(1990, 1, 2))


@functools.cache
def synthetic() -> tuple[tuple[HolderIdentity, LedRecord], ...]:
    """Every issuable record of 400 synthetic persons (all profiles, Tussenbewijzen, BuSO)."""
    return tuple(
        (who, record)
        for who, record in generate_records(persons=400, seed="sdjwt")
        if not record.is_cancelled
    )


def full(record: LedRecord) -> LedRecord:
    """``record`` with every optional element LED has filled in."""
    basis = dataclasses.replace(
        record.basis,
        finality="Doorstroomfinaliteit",
        obtained_via_evc=True,
        subject=Subject(code=record.basis.subject.code, name="Onderwerp", led_subject_number="7"),
        study_programme=NamedCode(name="Studierichting", code="SR1"),
        specialisation=NamedCode(name="Specialisatie", code="SP1"),
        detail_subject=NamedCode(name="Detailonderwerp", code="DO1"),
        validity_period="5 jaar",
        adult_education_hours=120,
        alternative_authorities=(AlternativeAuthority(role="erkennend", authority="Hogeschool"),),
        education_form="ASO",
        grade="3de graad",
        school_type="Gewoon",
        institution=Institution(name="Instelling", number="12345"),
        authority_class="Hogeschool",
    )
    derived = dataclasses.replace(
        record.derived,
        vks_educational=CodedValue(code="4", name="Niveau 4"),
        vks_professional=CodedValue(code="4", name="Niveau 4"),
        isced_level_97=CodedValue(code="3A", name="ASO"),
        isced_level_2011=CodedValue(code="3", name="Upper secondary education"),
    )
    return dataclasses.replace(record, basis=basis, derived=derived)


def one_per_profile() -> dict[tuple[str, bool], LedRecord]:
    """The first synthetic record of each profile, final and intermediate."""
    out: dict[tuple[str, bool], LedRecord] = {}
    for _, record in synthetic():
        out.setdefault((select_profile(record).value, record.is_intermediate), record)
    return out


def special_needs() -> list[LedRecord]:
    """The synthetic special-needs records (BuSO, OV1-OV4)."""
    return [r for _, r in synthetic() if r.is_special_needs]
