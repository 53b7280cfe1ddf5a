"""The SD-JWT VC claim names of the LED record claims: each W3C term of a record node
(:func:`~vc_led.led.profiles._claims.record_claims`) and where it goes in the SD-JWT VC
(snake_case, grouped as SD-JWT VC and EU attestation practice does), with the labels of the
groups the W3C rendition does not have.

A path is relative to the record node (``qualification``, ``equivalence``,
``self_declaration``). Terms that only the W3C rendition needs (``type``, the Open Badges
fields, ``microCredentialElements``, ``sensitiveClaims``) are not here: the SD-JWT rendition
says what the W3C one says about the record and the holder, no more.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "COMPETENCE_TERMS",
    "GROUP_LABELS",
    "HOLDER_TERMS",
    "NODE_TERMS",
    "ORG_TERMS",
    "SOURCE_TERMS",
    "W3C_ONLY_TERMS",
    "Path",
]

Path = tuple[str, ...]

_P = MappingProxyType

#: Record node term -> path in the SD-JWT VC record node.
NODE_TERMS: Mapping[str, Path] = _P(
    {
        "title": ("title",),
        "description": ("description",),
        "category": ("education", "category"),
        "grade": ("education", "grade"),
        "educationForm": ("education", "education_form"),
        "finality": ("education", "finality"),
        "schoolType": ("education", "school_type"),
        "proofType": ("proof_type",),
        "proofState": ("proof_state",),
        "isIntermediate": ("is_intermediate",),
        "obtainedViaEvc": ("obtained_via_evc",),
        "authenticity": ("authenticity",),
        "selfDeclared": ("self_declared",),
        "selfDeclarationKind": ("self_declaration_kind",),
        "subjectCode": ("subject", "code"),
        "subjectName": ("subject", "name"),
        "ledSubjectNumber": ("subject", "led_number"),
        "studyProgramme": ("study_programme", "name"),
        "studyProgrammeCode": ("study_programme", "code"),
        "specialisation": ("specialisation", "name"),
        "specialisationCode": ("specialisation", "code"),
        "detailSubject": ("detail_subject", "name"),
        "detailSubjectCode": ("detail_subject", "code"),
        "iscedField97": ("isced", "field_97"),
        "iscedField97Name": ("isced", "field_97_name"),
        "iscedLevel97": ("isced", "level_97"),
        "iscedLevel97Name": ("isced", "level_97_name"),
        "iscedF2013": ("isced", "field_2013"),
        "iscedF2013Code": ("isced", "field_2013_code"),
        "iscedF2013Name": ("isced", "field_2013_name"),
        "iscedF2013Source": ("isced", "field_2013_source"),
        "iscedLevel2011": ("isced", "level_2011"),
        "iscedLevel2011Name": ("isced", "level_2011_name"),
        "iscedLevel2011Source": ("isced", "level_2011_source"),
        "vksLevel": ("level", "vks"),
        "vksLevelName": ("level", "vks_name"),
        "vksProfessionalLevel": ("level", "vks_professional"),
        "vksProfessionalLevelName": ("level", "vks_professional_name"),
        "eqfLevel": ("level", "eqf"),
        "language": ("language",),
        "foreignLanguage": ("foreign_language",),
        "country": ("awarding_body", "country"),
        "foreignCountry": ("original_institution", "country"),
        "awardingBody": ("awarding_body",),
        "originalInstitution": ("original_institution",),
        "validityPeriod": ("validity_period",),
        "adultEducationHours": ("adult_education_hours",),
        "additionalInformation": ("additional_information",),
        "awardedOn": ("awarded_on",),
        "awardedOnPrecision": ("awarded_on_precision",),
        "notAvailable": ("not_available",),
        "notApplicable": ("not_applicable",),
    }
)

#: ``LedOrganisation`` / ``LedAlternativeAuthority`` / ``LedAdditionalInformation`` members.
ORG_TERMS: Mapping[str, str] = _P(
    {
        "name": "name",
        "institutionNumber": "institution_number",
        "authorityClass": "authority_class",
        "alternativeAuthorities": "alternative_authorities",
        "role": "role",
        "infoType": "info_type",
        "content": "content",
    }
)

#: ``LedCompetence`` members -> members of an element of the top-level ``competences``.
COMPETENCE_TERMS: Mapping[str, str] = _P(
    {
        "competenceKind": "kind",
        "competenceCode": "code",
        "title": "title",
        "outcomeType": "outcome_type",
        "outcomeTypeCode": "outcome_type_code",
        "extraInformation": "extra_information",
        "escoSkill": "esco_skill",
        "supplementName": "supplement_name",
    }
)

#: Holder claims (``credentialSubject``) -> top-level claims. ``birthdate`` is the registered
#: JWT claim (OpenID Connect), as the EU PID rulebook's SD-JWT VC encoding uses it. The
#: holder's DID (``credentialSubject.id``) is not a claim: the SD-JWT VC binds the holder's key
#: in ``cnf``.
HOLDER_TERMS: Mapping[str, str] = _P(
    {"givenName": "given_name", "familyName": "family_name", "birthDate": "birthdate"}
)

#: ``evidence`` (``LedSourceRecord``) members -> members of the top-level ``source``; its
#: ``authenticity`` is the record node's ``authenticity`` (not repeated).
SOURCE_TERMS: Mapping[str, str] = _P({"supplier": "supplier", "registeredOn": "registered_on"})

#: Terms of the W3C rendition that the SD-JWT rendition leaves out, and why.
W3C_ONLY_TERMS: Mapping[str, str] = _P(
    {
        "type": "JSON-LD typing; the vct names the kind",
        "sensitiveClaims": "SD-JWT makes every claim disclosable; the list itself would tell",
        "microCredentialElements": "Open Badges / micro-credential index of W3C claim paths",
        "identifier": "Open Badges identity object repeating the holder's name",
    }
)

#: Labels (en, nl) of the SD-JWT paths that are not a W3C term (groups, renamed members).
GROUP_LABELS: Mapping[Path, tuple[str, str]] = _P(
    {
        ("education",): ("Education", "Onderwijs"),
        ("subject",): ("Subject", "Onderwerp"),
        ("subject", "code"): ("Subject code", "Onderwerpcode"),
        ("subject", "name"): ("Subject", "Onderwerp"),
        ("study_programme",): ("Study programme", "Studierichting"),
        ("specialisation",): ("Specialisation", "Specialisatie"),
        ("detail_subject",): ("Detail subject", "Detailonderwerp"),
        ("isced",): ("ISCED classification", "ISCED-indeling"),
        ("level",): ("Level", "Niveau"),
        ("source",): ("Source record", "Bronrecord"),
        ("competences",): ("Competences", "Competenties"),
        ("description",): ("Description", "Omschrijving"),
        ("name",): ("Name", "Naam"),
        ("code",): ("Code", "Code"),
    }
)
