"""Write LED records as a MAGDA ``GeefBewijsResponse`` (for mock data and test fixtures).

The output validates against the bundled XSDs and reads back with
:func:`~vc_led.led.formats.magda.parse_geef_bewijs` into the same records. The ``Ontvanger``
(which would carry the requesting user's INSZ) is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..holder import HolderIdentity
from ..model import DerivedClassification, LedRecord, RecordBasis
from ..parts import CodedValue, NamedCode, Supplement
from ..values import Text, led_text
from ._xml import GEEF_BEWIJS_NS, etree

__all__ = ["MAX_RECORDS_PER_ANSWER", "geef_bewijs_response"]

MAX_RECORDS_PER_ANSWER = 99
"""``BewijzenLijstType`` allows 1-99 ``Bewijs`` per answer."""


def geef_bewijs_response(
    entries: Sequence[tuple[HolderIdentity, LedRecord]],
    *,
    answer_reference: str,
    message_reference: str,
    sent_at: datetime,
) -> bytes:
    """Serialise one MAGDA answer holding ``entries``, or the "no records" answer.

    Args:
        entries: 0-99 ``(holder, record)`` pairs; none gives exception 40000.
        answer_reference: ``Antwoord/Referte`` (1-36 characters).
        message_reference: ``Afzender/Referte`` (1-36 characters).
        sent_at: ``Bericht/Tijdstip``, naive Belgian time.

    Returns:
        UTF-8 XML bytes with an XML declaration.

    Raises:
        ValueError: for more than 99 entries.
    """
    if len(entries) > MAX_RECORDS_PER_ANSWER:
        raise ValueError(f"a GeefBewijs answer holds at most {MAX_RECORDS_PER_ANSWER} records")
    root = etree().Element(
        f"{{{GEEF_BEWIJS_NS}}}GeefBewijsResponse", nsmap={"geef": GEEF_BEWIJS_NS}
    )
    repliek = _sub(root, "Repliek")
    _context(_sub(repliek, "Context"), message_reference, sent_at)
    antwoord = _sub(_sub(repliek, "Antwoorden"), "Antwoord")
    _sub(antwoord, "Referte", answer_reference)
    if entries:
        bewijzen = _sub(_sub(antwoord, "Inhoud"), "Bewijzen")
        for holder, record in entries:
            _bewijs(_sub(bewijzen, "Bewijs"), holder, record)
    else:
        _no_records(_sub(_sub(antwoord, "Uitzonderingen"), "Uitzondering"), sent_at)
    return bytes(etree().tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _sub(parent: Any, tag: str, text: str | None = None) -> Any:
    element = etree().SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _opt(parent: Any, tag: str, text: Text | None) -> None:
    if text is not None:
        _sub(parent, tag, led_text(text))


def _naam(parent: Any, tag: str, text: Text | None) -> None:
    if text is not None:
        _sub(_sub(parent, tag), "Naam", led_text(text))


def _tijdstip(parent: Any, moment: datetime, *, led_style: bool) -> None:
    datum = moment.strftime("%d.%m.%Y") if led_style else moment.strftime("%Y-%m-%d")
    _sub(parent, "Datum", datum)
    _sub(parent, "Tijd", moment.strftime("%H:%M:%S.") + f"{moment.microsecond // 1000:03d}")


def _context(context: Any, reference: str, sent_at: datetime) -> None:
    _sub(context, "Naam", "GeefBewijs")
    _sub(context, "Versie", "02.00.0000")
    bericht = _sub(context, "Bericht")
    _sub(bericht, "Type", "ANTWOORD")
    _tijdstip(_sub(bericht, "Tijdstip"), sent_at, led_style=False)
    afzender = _sub(bericht, "Afzender")
    _sub(afzender, "Identificatie", "vip.vlaanderen.be")
    _sub(afzender, "Naam", "MagdaGateway")
    _sub(afzender, "Referte", reference)


def _no_records(uitzondering: Any, sent_at: datetime) -> None:
    _sub(uitzondering, "Identificatie", "40000")
    _sub(uitzondering, "Oorsprong", "LED")
    _sub(uitzondering, "Type", "FOUT")
    _tijdstip(_sub(uitzondering, "Tijdstip"), sent_at, led_style=False)
    _sub(uitzondering, "Diagnose", "Geen gegevens gevonden.")
    _sub(uitzondering, "Omstandigheid", "INSZnummer")


def _bewijs(el: Any, holder: HolderIdentity, record: LedRecord) -> None:
    refs = _sub(el, "BewijsrefertesLed")
    _sub(refs, "Bewijsreferte", record.led_reference)
    _sub(refs, "Bewijsmutatiereferte", record.led_mutation_reference)
    status = _sub(el, "BewijsstatusLed")
    _sub(status, "Code", record.status.led_code)
    _tijdstip(_sub(status, "DatumModificatie"), record.modified_at, led_style=True)
    supplier = _sub(el, "Leverancier")
    _sub(supplier, "Naam", record.supplier.name)
    _sub(supplier, "Bewijsreferte", record.supplier.reference)
    _sub(_sub(el, "PersoonUitgereikt"), "INSZ", holder.insz)
    _basis(_sub(el, "Basis"), record.basis)
    _derived(_sub(el, "Afgeleid"), record.derived)


def _basis(el: Any, b: RecordBasis) -> None:
    for tag, value in (
        ("Authenticiteit", b.authenticity),
        ("Categorie", b.category),
        ("Graad", b.grade),
        ("Onderwijsvorm", b.education_form),
        ("Finaliteit", b.finality),
    ):
        _naam(el, tag, value)
    if b.obtained_via_evc is not None:
        _sub(el, "BehaaldViaEvc", "true" if b.obtained_via_evc else "false")
    for tag, value in (
        ("Bewijstype", b.proof_type),
        ("Bewijsstaat", b.proof_state),
        ("Instantie", b.authority_class),
    ):
        _naam(el, tag, value)
    subject = _sub(el, "Onderwerp")
    _opt(subject, "Code", b.subject.code)
    _opt(subject, "Naam", b.subject.name)
    _opt(subject, "LedOnderwerpNummer", b.subject.led_subject_number)
    date = _sub(el, "Uitreikingsdatum")
    _sub(date, "Jaar", f"{b.issue_date.year:04d}")
    if b.issue_date.month is not None:
        _sub(date, "Maand", f"{b.issue_date.month:02d}")
    if b.issue_date.day is not None:
        _sub(date, "Dag", f"{b.issue_date.day:02d}")
    _sub(el, "VolledigeNaam", led_text(b.full_title))
    _sub(_sub(el, "Land"), "Code", led_text(b.country))
    _sub(_sub(el, "Taal"), "Code", led_text(b.language))
    institution = _sub(el, "Instelling")
    _sub(institution, "Naam", led_text(b.institution.name))
    _opt(institution, "Nummer", b.institution.number)
    _naam(el, "Schooltype", b.school_type)
    _basis_tail(el, b)


def _named_code(parent: Any, tag: str, value: NamedCode | None) -> None:
    if value is not None:
        el = _sub(parent, tag)
        _sub(el, "Naam", led_text(value.name))
        _opt(el, "Code", value.code)


def _basis_tail(el: Any, b: RecordBasis) -> None:
    _named_code(el, "Studierichting", b.study_programme)
    _named_code(el, "Specialisatie", b.specialisation)
    _named_code(el, "DetailOnderwerp", b.detail_subject)
    _opt(el, "Vervalperiode", b.validity_period)
    if b.adult_education_hours is not None:
        _sub(el, "UrenVolwassenenonderwijs", str(b.adult_education_hours))
    for wrapper, tag, items in (
        ("Beroepskwalificaties", "Beroepskwalificatie", b.professional_qualifications),
        ("Deelkwalificaties", "Deelkwalificatie", b.partial_qualifications),
    ):
        if items:
            group = _sub(el, wrapper)
            for item in items:
                q = _sub(group, tag)
                _sub(q, "Code", item.code)
                _opt(q, "Naam", item.name)
    if b.supplements:
        group = _sub(el, "GeneriekSupplement")
        for supplement in b.supplements:
            _supplement(_sub(group, "Supplement"), supplement)
    if b.alternative_authorities:
        group = _sub(el, "AlternatieveInstanties")
        for authority in b.alternative_authorities:
            a = _sub(group, "AlternatieveInstantie")
            _naam(a, "Instantierol", authority.role)
            _naam(a, "Instantie", authority.authority)
    if b.additional_info:
        group = _sub(el, "BijkomendeInformaties")
        for info in b.additional_info:
            i = _sub(group, "BijkomendeInformatie")
            _sub(i, "Naam", led_text(info.type))
            _sub(i, "Inhoud", led_text(info.content))


def _supplement(el: Any, s: Supplement) -> None:
    _sub(el, "Naam", s.name)
    _opt(el, "Omschrijving", s.description)
    _sub(el, "SupplementNr", s.number)
    kind = _sub(el, "SupplementType")
    _sub(kind, "SupplementTypeCode", s.type.code)
    _sub(kind, "SupplementTypeNaam", s.type.name)
    outcomes = _sub(el, "Leeruitkomsten")
    for outcome in s.learning_outcomes:
        o = _sub(outcomes, "Leeruitkomst")
        _sub(o, "Titel", outcome.title)
        _opt(o, "ExtraInformatie", outcome.extra_info)
        if outcome.type is not None:
            t = _sub(o, "LeeruitkomstType")
            _sub(t, "LeeruitkomstTypeCode", outcome.type.code)
            _sub(t, "LeeruitkomstTypeNaam", outcome.type.name)


def _coded(parent: Any, tag: str, value: CodedValue | None) -> None:
    if value is not None:
        el = _sub(parent, tag)
        _sub(el, "Code", led_text(value.code))
        _opt(el, "Naam", value.name)


def _derived(el: Any, d: DerivedClassification) -> None:
    _coded(el, "ISCEDStudiegebied", d.isced_field_97)
    _coded(el, "ISCEDStudiegebied2013", d.isced_field_2013)
    _coded(el, "ISCEDNiveau", d.isced_level_97)
    _coded(el, "ISCEDNiveau2011", d.isced_level_2011)
    _coded(el, "VKSNiveauOnderwijskwalificatie", d.vks_educational)
    _coded(el, "VKSNiveauBeroepskwalificatie", d.vks_professional)
