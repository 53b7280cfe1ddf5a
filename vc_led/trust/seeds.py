"""The default accredited suppliers, from the table "Overzicht van de kwalificatiebewijzen die in
de LED zitten" on AHOVOKS' page *De LED voor afnemers* (``seeds/led-for-consumers-ahovoks.txt``).

One :class:`AccreditedIssuer` per issuing entity in the table, one scope per row, with the
date LED holds records from ("Opgenomen vanaf"). How the table's wording became dates:

- a school year ``2016-2017`` or academic year ``1999-2000`` starts on 1 September of its
  first year (diplomas are awarded at its end, so the exact start day never decides a case);
- a bare year (``2000``, ``2021``) is 1 January of that year;
- ``1 april 2013 (vanaf 2015 garantie op volledigheid)`` is 1 April 2013: completeness is not
  accreditation;
- ``Wordt verwacht`` (expected) is a scope without a start date: not covered yet, so a
  credential in it fails ``issuer.before_coverage``;
- the exam board rows (``Examencommissie``, and ``Getuigschrift via examencommissie
  basisonderwijs`` from school year 2024-2025, listed under Basisonderwijs) belong to the
  exam board entry;
- self-declarations (``Eigen verklaringen``, 1985) are declared in the citizen's VDAB file:
  a VDAB scope whose categories are the two self-declaration kinds.

Names and aliases follow LED's ``Leverancier`` code list (``vc_led/led/data/codelists.json``),
which names suppliers by sector. The categories per supplier follow ``led-domain.md`` §6c;
scopes leave credential types open (any type) until the LED profiles fix them. No supplier has
a DID here: the registry signs on their behalf. Onboarding a supplier that signs itself, or one
the table lacks (the Vlaamse Trainersschool), is a registry operation: add an
:class:`AccreditedIssuer` to the registry's JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .model import (
    REGISTRY_ROLE,
    SELF_DECLARED_ON_HONOUR,
    SELF_DECLARED_VERIFIED,
    AccreditationScope,
    AccreditedIssuer,
    IssuerKey,
    TrustRegistry,
)

__all__ = ["REGISTRY_DOCUMENTS", "default_led_registry", "led_suppliers"]

_S = AccreditationScope
_SECONDARY, _HIGHER, _HBO = "Secundair onderwijs", "Hoger onderwijs", "Hoger beroepsonderwijs"
_QUALIFICATION = "Beroepskwalificatie"
_EXPECTED = None  # "Wordt verwacht"
_CERTIFICATES = (
    "Certificaten gekoppeld aan erkenningsvoorwaarden om een bepaalde activiteit uit te voeren"
)


def _supplier(
    name: str, *scopes: AccreditationScope, aliases: Iterable[str] = ()
) -> AccreditedIssuer:
    return AccreditedIssuer(name=name, aliases=frozenset(aliases), scopes=scopes)


def _one(description: str, category: str, start: date | None) -> AccreditationScope:
    return _S(description=description, categories=frozenset({category}), coverage_start=start)


_SUPPLIERS: tuple[AccreditedIssuer, ...] = (
    _supplier("Basisonderwijs", _one("Getuigschrift", "Basisonderwijs", date(2016, 9, 1))),
    _supplier(
        _SECONDARY,
        _one("Getuigschriften en diploma's", _SECONDARY, date(2001, 9, 1)),
        _one(
            "Bewijzen van onderwijskwalificatie, bewijzen van beroepskwalificatie",
            _QUALIFICATION,
            date(2021, 1, 1),
        ),
    ),
    _supplier(
        "Examencommissie",
        _one("Getuigschriften en diploma's", _SECONDARY, date(2014, 1, 1)),
        _one(
            "Getuigschrift via examencommissie basisonderwijs",
            "Basisonderwijs",
            date(2024, 9, 1),
        ),
    ),
    _supplier(
        _HIGHER,
        _S(
            description="Getuigschriften en diploma's",
            categories=frozenset({_HIGHER, _HBO}),
            coverage_start=date(1999, 9, 1),
        ),
    ),
    _supplier(
        "Volwassenenonderwijs",
        _S(
            description="Getuigschriften, diploma's, (deel)certificaten",
            categories=frozenset({"Volwassenenonderwijs", _SECONDARY, _HBO}),
            coverage_start=date(2013, 4, 1),
        ),
    ),
    _supplier(
        "VDAB",
        _one("Officiële leerbewijzen", "Beroepsopleiding", date(2000, 1, 1)),
        _one(
            "Ervaringsbewijzen (VDAB als EVC-testcentrum)",
            "Ervaringsbewijzen",
            date(2006, 1, 1),
        ),
        _one("Bewijzen van beroepskwalificatie", _QUALIFICATION, _EXPECTED),
        _S(
            description="Eigen verklaringen",
            categories=frozenset({SELF_DECLARED_ON_HONOUR, SELF_DECLARED_VERIFIED}),
            coverage_start=date(1985, 1, 1),
            self_declared=True,
        ),
    ),
    _supplier(
        "VLAIO",
        _one(
            "Diploma's en getuigschriften van erkende opleidingen van VLAIO en VDAB "
            "(voorheen SYNTRA-Vlaanderen) o.a. duaal leren en leertijd",
            "Ondernemersopleidingen",
            date(2002, 1, 1),
        ),
        _one("Ondernemerstrajecten", "Ondernemersopleidingen", date(2011, 1, 1)),
        _one("Bewijzen van beroepskwalificatie", _QUALIFICATION, _EXPECTED),
        aliases=("SYNTRA Vlaanderen", "Syntra Vlaanderen"),
    ),
    _supplier(
        "Opleidingsinstantie erkend door Departement WSE",
        _one(
            "Bewijzen van beroepskwalificatie, deelkwalificatie",
            _QUALIFICATION,
            date(2021, 1, 1),
        ),
    ),
    _supplier(
        "EVC-testcentra",
        _one("Ervaringsbewijzen", "Ervaringsbewijzen", date(2006, 1, 1)),
        _one("Kwalificatiebewijzen", _QUALIFICATION, date(2020, 1, 1)),
        aliases=("EVC-testcentrum", "Werk en Sociale Economie"),
    ),
    _supplier(
        "NARIC Vlaanderen",
        _S(description="Besluiten gelijkwaardigheid", coverage_start=date(2014, 1, 1)),
        aliases=("NARIC",),
    ),
    _supplier(
        "Departement Omgeving",
        _one(_CERTIFICATES, "Certificaten", date(2021, 1, 1)),
    ),
    _supplier(
        "Vlaams Energie- en Klimaatagentschap",
        _one(_CERTIFICATES, "Certificaten", date(2021, 1, 1)),
        aliases=("VEKA",),
    ),
)


def led_suppliers() -> tuple[AccreditedIssuer, ...]:
    """The suppliers of the LED table, with their scopes and coverage dates (no DIDs)."""
    return _SUPPLIERS


#: What the registry issues in its own name: status lists and the trust list (so a verifier with
#: the registry can check them too). None predates the Bitstring Status List Recommendation.
REGISTRY_DOCUMENTS = AccreditationScope(
    description="Statuslijsten en de lijst van erkende uitgevers",
    credential_types=frozenset({"BitstringStatusListCredential", "LedTrustListCredential"}),
    coverage_start=date(2025, 5, 15),
)


def default_led_registry(
    *,
    registry_did: str,
    registry_name: str = "AHOVOKS - Leer- en ervaringsbewijzendatabank (LED)",
    registry_keys: Iterable[IssuerKey] = (),
) -> TrustRegistry:
    """The LED trust registry: the registry itself (signing on behalf of suppliers, and in its own
    name only status lists and trust lists) and the suppliers of the LED table
    (:func:`led_suppliers`).

    Args:
        registry_did: the registry's DID (the ``did:web`` of the registry host).
        registry_name: its name.
        registry_keys: its keys with validity windows (empty: any key in its DID document).

    Returns:
        The registry.
    """
    registry = AccreditedIssuer(
        name=registry_name,
        did=registry_did,
        role=REGISTRY_ROLE,
        scopes=(REGISTRY_DOCUMENTS,),
        keys=tuple(registry_keys),
        signs_on_behalf=True,
    )
    return TrustRegistry([registry, *led_suppliers()])
