"""The LED record: every element of the LED ``Bewijs`` schema v2.00, in English.

A :class:`LedRecord` mirrors ``BewijsType`` (``BewijsComplex.xsd``, the newer revision with
Finaliteit, BehaaldViaEvc, Beroepskwalificaties, Deelkwalificaties, GeneriekSupplement and
ISCED 2013/2011) **minus the holder**: ``PersoonUitgereikt/INSZ`` lives in
:class:`~vc_led.led.holder.HolderIdentity`, so nothing that takes a record can leak it.

``BewijsType`` = ``BewijsrefertesLed`` (:attr:`LedRecord.led_reference`,
:attr:`LedRecord.led_mutation_reference`), ``BewijsstatusLed`` (:attr:`LedRecord.status`,
:attr:`LedRecord.modified_at`), ``Leverancier`` (:attr:`LedRecord.supplier`),
``PersoonUitgereikt`` (kept apart), ``Basis`` (:class:`RecordBasis`) and ``Afgeleid``
(:class:`DerivedClassification`, computed by LED, never supplied).

:data:`AUTHORISATION_FIELDS` maps every field name of the authorisation lists in the seeds
(VTC 2016 machtigingen, Departement Zorg protocol) to the attribute that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from .parts import (
    AdditionalInfo,
    AlternativeAuthority,
    CodedValue,
    Institution,
    NamedCode,
    Qualification,
    Subject,
    Supplement,
)
from .values import PartialDate, Text, led_text

__all__ = [
    "AUTHORISATION_FIELDS",
    "DerivedClassification",
    "LedRecord",
    "RecordBasis",
    "RecordStatus",
    "Supplier",
]


class RecordStatus(StrEnum):
    """``BewijsstatusLed/Code``: ``1`` = Geregistreerd, ``10`` = Geannuleerd."""

    REGISTERED = "registered"
    CANCELLED = "cancelled"

    @property
    def led_code(self) -> str:
        """The LED status code, ``1`` or ``10``."""
        return "1" if self is RecordStatus.REGISTERED else "10"

    @classmethod
    def from_led_code(cls, code: str) -> RecordStatus:
        """The status for LED code ``1`` or ``10``.

        Raises:
            ValueError: for any other code.
        """
        if code == "1":
            return cls.REGISTERED
        if code == "10":
            return cls.CANCELLED
        raise ValueError(f"unknown LED status code {code!r}")


@dataclass(frozen=True, slots=True)
class Supplier:
    """``Leverancier``: who delivered the record (seed lists: *bron*).

    Attributes:
        name: ``Naam``, a taxonomy value such as ``Secundair onderwijs`` or ``VDAB``.
        reference: ``Bewijsreferte`` (seed lists: *leveranciersreferte*, *bronreferte*);
            (supplier, reference) is globally unique and is the key for cancellation.
    """

    name: str
    reference: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordBasis:
    """``Basis``: what the supplier delivered, in XSD order.

    Attributes:
        authenticity: ``Authenticiteit`` (``Authentiek``, ``Eigen verklaring - Op eer``...).
        category: ``Categorie`` (``Secundair onderwijs``, ``Hoger onderwijs``...).
        grade: ``Graad`` (``3de graad``, ``Master``, ``OV3``...).
        education_form: ``Onderwijsvorm`` (``ASO``, ``TSO``, ``BSO``, ``A``, ``B``...).
        finality: ``Finaliteit`` (newer schema), optional.
        obtained_via_evc: ``BehaaldViaEvc``: obtained through recognition of prior learning.
        proof_type: ``Bewijstype``: the kind of document issued (``Diploma``, ``Attest``...).
        proof_state: ``Bewijsstaat``: ``Eindbewijs`` (final) or ``Tussenbewijs`` (intermediate).
        authority_class: ``Instantie``: the class of issuing body (``Universiteit``...).
        subject: ``Onderwerp``.
        issue_date: ``Uitreikingsdatum`` (seed lists: *datum van uitreiking*).
        full_title: ``VolledigeNaam``: title as on the paper proof (seeds: *benaming*).
        country: ``Land/Code``: ISO 3166-1 alpha-3, upper case, or a pseudo-value.
        language: ``Taal/Code``: ISO 639-3 language of instruction, or a pseudo-value.
        institution: ``Instelling`` (name and number).
        school_type: ``Schooltype`` (``Gewoon``, ``Buitengewoon``, ``Niet van toepassing``).
        study_programme: ``Studierichting``, optional.
        specialisation: ``Specialisatie``, optional.
        detail_subject: ``DetailOnderwerp``, optional.
        validity_period: ``Vervalperiode``: free text such as ``5 jaar``, optional.
        adult_education_hours: ``UrenVolwassenenonderwijs`` (lestijden), optional.
        professional_qualifications: ``Beroepskwalificaties/Beroepskwalificatie``.
        partial_qualifications: ``Deelkwalificaties/Deelkwalificatie``.
        supplements: ``GeneriekSupplement/Supplement`` (with ``Leeruitkomsten``).
        alternative_authorities: ``AlternatieveInstanties/AlternatieveInstantie`` (with rol).
        additional_info: ``BijkomendeInformaties/BijkomendeInformatie`` (with type).
    """

    authenticity: Text
    category: Text
    grade: Text
    education_form: Text
    finality: Text | None = None
    obtained_via_evc: bool | None = None
    proof_type: Text
    proof_state: Text
    authority_class: Text
    subject: Subject
    issue_date: PartialDate
    full_title: Text
    country: Text
    language: Text
    institution: Institution
    school_type: Text
    study_programme: NamedCode | None = None
    specialisation: NamedCode | None = None
    detail_subject: NamedCode | None = None
    validity_period: Text | None = None
    adult_education_hours: int | None = None
    professional_qualifications: tuple[Qualification, ...] = field(default=())
    partial_qualifications: tuple[Qualification, ...] = field(default=())
    supplements: tuple[Supplement, ...] = field(default=())
    alternative_authorities: tuple[AlternativeAuthority, ...] = field(default=())
    additional_info: tuple[AdditionalInfo, ...] = field(default=())

    def additional(self, info_type: str) -> Text | None:
        """The content of the additional information of type ``info_type``, if present."""
        for info in self.additional_info:
            if led_text(info.type) == info_type:
                return info.content
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class DerivedClassification:
    """``Afgeleid``: classifications LED derives from the basis data.

    Attributes:
        isced_field_97: ``ISCEDStudiegebied``: 3-digit ISCED-97 field, from the subject.
        isced_field_2013: ``ISCEDStudiegebied2013``: 4-digit ISCED-F 2013 (newer), optional.
        isced_level_97: ``ISCEDNiveau``: ISCED-97 level (``2``, ``3A``, ``5A``, ``NBS``...).
        isced_level_2011: ``ISCEDNiveau2011`` (newer), optional.
        vks_educational: ``VKSNiveauOnderwijskwalificatie``: VKS level of the educational
            qualification (``1``-``8``, ``NBS``, ``NVT``).
        vks_professional: ``VKSNiveauBeroepskwalificatie``: VKS level of the professional
            qualification.
    """

    isced_field_97: CodedValue
    isced_field_2013: CodedValue | None = None
    isced_level_97: CodedValue
    isced_level_2011: CodedValue | None = None
    vks_educational: CodedValue
    vks_professional: CodedValue


_SPECIAL_GRADE = re.compile(r"^OV ?[1-4]$", re.IGNORECASE)
_SPECIAL_TEXT = re.compile(r"\bOV ?[1-4]\b|\bBu\.?S\.?O\b|\bSBSO\b|\bbuitengewoon", re.IGNORECASE)
_SPECIAL_TEXT_FIELDS = ("full_title", "institution", "study_programme", "additional_info")


@dataclass(frozen=True, slots=True, kw_only=True)
class LedRecord:
    """One LED ``Bewijs`` without its holder.

    Attributes:
        led_reference: ``BewijsrefertesLed/Bewijsreferte``: LED's own id of the record.
        led_mutation_reference: ``BewijsrefertesLed/Bewijsmutatiereferte``: id of the last
            mutation (seed lists: *registratiereferte*).
        status: ``BewijsstatusLed/Code``.
        modified_at: ``BewijsstatusLed/DatumModificatie`` (seed lists: *registratiedatum*),
            naive Belgian wall-clock time as LED delivers it.
        supplier: ``Leverancier``.
        basis: ``Basis``.
        derived: ``Afgeleid``.
    """

    led_reference: str
    led_mutation_reference: str
    status: RecordStatus
    modified_at: datetime
    supplier: Supplier
    basis: RecordBasis
    derived: DerivedClassification

    @property
    def is_cancelled(self) -> bool:
        """True for status 10 (Geannuleerd): credentials issued from it must be revoked."""
        return self.status is RecordStatus.CANCELLED

    @property
    def is_self_declared(self) -> bool:
        """True for ``Eigen verklaring`` records (on honour, possibly verified by VDAB)."""
        return led_text(self.basis.authenticity).startswith("Eigen verklaring")

    @property
    def is_intermediate(self) -> bool:
        """True for a ``Tussenbewijs`` (an intermediate, not a final, proof)."""
        return led_text(self.basis.proof_state) == "Tussenbewijs"

    @property
    def is_special_needs(self) -> bool:
        """True for special-needs education: ``Schooltype = Buitengewoon`` or grade OV1-OV4.

        Such records are sensitive: see :attr:`special_needs_fields`.
        """
        basis = self.basis
        return led_text(basis.school_type) == "Buitengewoon" or bool(
            _SPECIAL_GRADE.match(led_text(basis.grade))
        )

    @property
    def special_needs_fields(self) -> tuple[str, ...]:
        """Attribute paths (``basis.<name>``) that reveal special-needs education.

        The structural fields (school type, grade, education form) of a special-needs record,
        plus every text field whose value mentions it (``OV3``, ``BuSO``, ``Buitengewoon``).
        Credential profiles make these selectively disclosable. Empty for other records.
        """
        if not self.is_special_needs:
            return ()
        paths = ["basis.school_type", "basis.grade", "basis.education_form"]
        for name in _SPECIAL_TEXT_FIELDS:
            if _SPECIAL_TEXT.search(repr(getattr(self.basis, name))):
                paths.append(f"basis.{name}")
        return tuple(paths)


AUTHORISATION_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "uitreikingsdatum": "basis.issue_date",
        "categorie": "basis.category",
        "graad": "basis.grade",
        "onderwijsvorm": "basis.education_form",
        "studierichting": "basis.study_programme",
        "type bewijs": "basis.proof_type",
        "staat bewijs": "basis.proof_state",
        "instantie": "basis.authority_class",
        "instelling": "basis.institution",
        "type school": "basis.school_type",
        "onderwerp": "basis.subject",
        "volledige naam": "basis.full_title",
        "land": "basis.country",
        "taal": "basis.language",
        "specialisatie": "basis.specialisation",
        "detailonderwerp": "basis.detail_subject",
        "uren volwassenenonderwijs": "basis.adult_education_hours",
        "vervalperiode": "basis.validity_period",
        "alternatieve instanties": "basis.alternative_authorities",
        "rol alternatieve instantie": "basis.alternative_authorities.role",
        "bron": "supplier.name",
        "leveranciersreferte": "supplier.reference",
        "authenticiteit": "basis.authenticity",
        "registratiedatum": "modified_at",
        "registratiereferte": "led_mutation_reference",
        "bijkomende informatie": "basis.additional_info",
        "bijkomende informatie type": "basis.additional_info.type",
        "isced studiegebied": "derived.isced_field_97",
        "isced niveau": "derived.isced_level_97",
        "vks niveau onderwijskwalificatie": "derived.vks_educational",
        "vks niveau beroepskwalificatie": "derived.vks_professional",
        "rijksregisternummer": "HolderIdentity.insz",
    }
)
"""Seed authorisation-list field (Dutch, lower case) → attribute path. The INSZ
(*rijksregisternummer*) is deliberately not on :class:`LedRecord`."""
