"""Turn one MAGDA ``Bewijs`` element into the JSON form of :mod:`vc_led.led.formats.codec`.

The element has already passed the XSD; this only reshapes it. Values stay strings where
the XSD allows odd content, so the codec reports problems (an impossible date, say) with
its usual codes and field paths.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["bewijs_to_json", "xml_field"]

JsonDict = dict[str, Any]

_LED_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")


def _text(el: Any, path: str) -> str | None:
    found = el.find(path)
    return None if found is None else (found.text or "")


def _naam(el: Any, path: str) -> str | None:
    return _text(el, f"{path}/Naam")


def _int_or_raw(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.strip().isdigit() else value


def _drop_none(data: JsonDict) -> JsonDict:
    return {k: v for k, v in data.items() if v is not None and v != []}


def _code_name(el: Any, path: str, *, name_tag: str = "Naam", code_tag: str = "Code") -> Any:
    node = el.find(path)
    if node is None:
        return None
    return _drop_none({"code": _text(node, code_tag), "name": _text(node, name_tag)})


def _timestamp(el: Any) -> str | None:
    datum, tijd = _text(el, "Datum"), _text(el, "Tijd")
    match = _LED_DATE.match((datum or "").strip())
    if match is None or tijd is None:
        return datum
    day, month, year = match.groups()
    clock = tijd.strip()
    if len(clock) == 5:  # HH:MM
        clock += ":00"
    return f"{year}-{month}-{day}T{clock}"


def _status(code: str | None) -> str | None:
    return {"1": "registered", "10": "cancelled"}.get((code or "").strip(), code)


def _boolean(value: str | None) -> bool | str | None:
    if value is None:
        return None
    return {"true": True, "1": True, "false": False, "0": False}.get(value.strip(), value)


def bewijs_to_json(bewijs: Any) -> tuple[JsonDict, JsonDict]:
    """``(holder, record)`` in JSON form from a ``Bewijs`` element."""
    holder = {"insz": (_text(bewijs, "PersoonUitgereikt/INSZ") or "").strip()}
    stamp = bewijs.find("BewijsstatusLed/DatumModificatie")
    record = {
        "ledRecordId": _text(bewijs, "BewijsrefertesLed/Bewijsreferte"),
        "ledMutationId": _text(bewijs, "BewijsrefertesLed/Bewijsmutatiereferte"),
        "status": _status(_text(bewijs, "BewijsstatusLed/Code")),
        "modifiedAt": None if stamp is None else _timestamp(stamp),
        "supplier": {
            "name": _naam(bewijs, "Leverancier"),
            "reference": _text(bewijs, "Leverancier/Bewijsreferte"),
        },
        "basis": _basis(bewijs.find("Basis")),
        "derived": _derived(bewijs.find("Afgeleid")),
    }
    return holder, record


def _basis(b: Any) -> JsonDict | None:
    if b is None:
        return None
    date = b.find("Uitreikingsdatum")
    hours = _text(b, "UrenVolwassenenonderwijs")
    return _drop_none(
        {
            "authenticity": _naam(b, "Authenticiteit"),
            "category": _naam(b, "Categorie"),
            "grade": _naam(b, "Graad"),
            "educationForm": _naam(b, "Onderwijsvorm"),
            "finality": _naam(b, "Finaliteit"),
            "obtainedViaEvc": _boolean(_text(b, "BehaaldViaEvc")),
            "proofType": _naam(b, "Bewijstype"),
            "proofState": _naam(b, "Bewijsstaat"),
            "authorityClass": _naam(b, "Instantie"),
            "subject": _subject(b),
            "issueDate": None if date is None else _issue_date(date),
            "fullTitle": _text(b, "VolledigeNaam"),
            "country": _text(b, "Land/Code"),
            "language": _text(b, "Taal/Code"),
            "institution": _drop_none(
                {"name": _naam(b, "Instelling"), "number": _text(b, "Instelling/Nummer")}
            ),
            "schoolType": _naam(b, "Schooltype"),
            "studyProgramme": _code_name(b, "Studierichting"),
            "specialisation": _code_name(b, "Specialisatie"),
            "detailSubject": _code_name(b, "DetailOnderwerp"),
            "validityPeriod": _text(b, "Vervalperiode"),
            "adultEducationHours": _int_or_raw(hours),
            **_basis_lists(b),
        }
    )


def _basis_lists(b: Any) -> JsonDict:
    return {
        "professionalQualifications": [
            _code_name(q, ".") for q in b.iterfind("Beroepskwalificaties/Beroepskwalificatie")
        ],
        "partialQualifications": [
            _code_name(q, ".") for q in b.iterfind("Deelkwalificaties/Deelkwalificatie")
        ],
        "supplements": [_supplement(s) for s in b.iterfind("GeneriekSupplement/Supplement")],
        "alternativeAuthorities": [
            {"role": _naam(a, "Instantierol"), "authority": _naam(a, "Instantie")}
            for a in b.iterfind("AlternatieveInstanties/AlternatieveInstantie")
        ],
        "additionalInfo": [
            {"type": _text(i, "Naam"), "content": _text(i, "Inhoud")}
            for i in b.iterfind("BijkomendeInformaties/BijkomendeInformatie")
        ],
    }


def _subject(b: Any) -> JsonDict | None:
    node = b.find("Onderwerp")
    if node is None:
        return None
    return _drop_none(
        {
            "code": _text(node, "Code"),
            "name": _text(node, "Naam"),
            "ledSubjectNumber": _text(node, "LedOnderwerpNummer"),
        }
    )


def _issue_date(date: Any) -> JsonDict:
    return _drop_none(
        {
            "year": _int_or_raw(_text(date, "Jaar")),
            "month": _int_or_raw(_text(date, "Maand")),
            "day": _int_or_raw(_text(date, "Dag")),
        }
    )


def _supplement(s: Any) -> JsonDict:
    outcomes = [
        _drop_none(
            {
                "title": _text(o, "Titel"),
                "extraInfo": _text(o, "ExtraInformatie"),
                "type": _code_name(
                    o,
                    "LeeruitkomstType",
                    code_tag="LeeruitkomstTypeCode",
                    name_tag="LeeruitkomstTypeNaam",
                ),
            }
        )
        for o in s.iterfind("Leeruitkomsten/Leeruitkomst")
    ]
    return _drop_none(
        {
            "name": _text(s, "Naam"),
            "description": _text(s, "Omschrijving"),
            "number": _text(s, "SupplementNr"),
            "type": _code_name(
                s, "SupplementType", code_tag="SupplementTypeCode", name_tag="SupplementTypeNaam"
            ),
            "learningOutcomes": outcomes,
        }
    )


def _derived(a: Any) -> JsonDict | None:
    if a is None:
        return None
    return _drop_none(
        {
            "iscedField97": _code_name(a, "ISCEDStudiegebied"),
            "iscedField2013": _code_name(a, "ISCEDStudiegebied2013"),
            "iscedLevel97": _code_name(a, "ISCEDNiveau"),
            "iscedLevel2011": _code_name(a, "ISCEDNiveau2011"),
            "vksEducational": _code_name(a, "VKSNiveauOnderwijskwalificatie"),
            "vksProfessional": _code_name(a, "VKSNiveauBeroepskwalificatie"),
        }
    )


_XML_FIELDS: dict[str, str] = {
    "BewijsrefertesLed/Bewijsreferte": "led_reference",
    "BewijsrefertesLed/Bewijsmutatiereferte": "led_mutation_reference",
    "BewijsstatusLed/Code": "status",
    "BewijsstatusLed/DatumModificatie": "modified_at",
    "Leverancier/Naam": "supplier.name",
    "Leverancier/Bewijsreferte": "supplier.reference",
    "PersoonUitgereikt": "holder.insz",
    "Basis/Authenticiteit": "basis.authenticity",
    "Basis/Categorie": "basis.category",
    "Basis/Graad": "basis.grade",
    "Basis/Onderwijsvorm": "basis.education_form",
    "Basis/Finaliteit": "basis.finality",
    "Basis/BehaaldViaEvc": "basis.obtained_via_evc",
    "Basis/Bewijstype": "basis.proof_type",
    "Basis/Bewijsstaat": "basis.proof_state",
    "Basis/Instantie": "basis.authority_class",
    "Basis/Onderwerp": "basis.subject",
    "Basis/Uitreikingsdatum": "basis.issue_date",
    "Basis/VolledigeNaam": "basis.full_title",
    "Basis/Land": "basis.country",
    "Basis/Taal": "basis.language",
    "Basis/Instelling/Nummer": "basis.institution.number",
    "Basis/Instelling": "basis.institution",
    "Basis/Schooltype": "basis.school_type",
    "Basis/Studierichting": "basis.study_programme",
    "Basis/Specialisatie": "basis.specialisation",
    "Basis/DetailOnderwerp": "basis.detail_subject",
    "Basis/Vervalperiode": "basis.validity_period",
    "Basis/UrenVolwassenenonderwijs": "basis.adult_education_hours",
    "Basis/Beroepskwalificaties": "basis.professional_qualifications",
    "Basis/Deelkwalificaties": "basis.partial_qualifications",
    "Basis/GeneriekSupplement": "basis.supplements",
    "Basis/AlternatieveInstanties": "basis.alternative_authorities",
    "Basis/BijkomendeInformaties": "basis.additional_info",
    "Afgeleid/ISCEDStudiegebied2013": "derived.isced_field_2013",
    "Afgeleid/ISCEDStudiegebied": "derived.isced_field_97",
    "Afgeleid/ISCEDNiveau2011": "derived.isced_level_2011",
    "Afgeleid/ISCEDNiveau": "derived.isced_level_97",
    "Afgeleid/VKSNiveauOnderwijskwalificatie": "derived.vks_educational",
    "Afgeleid/VKSNiveauBeroepskwalificatie": "derived.vks_professional",
    "Basis": "basis",
    "Afgeleid": "derived",
}
_BY_LENGTH = sorted(_XML_FIELDS, key=len, reverse=True)
_INDEX = re.compile(r"\[\d+\]")


def xml_field(subpath: str) -> str | None:
    """The English attribute path for an XML path inside a ``Bewijs`` (longest match)."""
    clean = _INDEX.sub("", subpath).strip("/")
    for prefix in _BY_LENGTH:
        if clean == prefix or clean.startswith(prefix + "/"):
            return _XML_FIELDS[prefix]
    return None
