"""The synthetic enrichment layer: micro-credential data LED does not hold.

The EU micro-credential elements "notional workload (ECTS)", "type of assessment", "form of
participation" and "type of quality assurance", and ESCO skill links for competences, are
not in LED (led-domain.md §4). For testing how credential profiles handle that gap, the
generator can supply them here, **separately** from the record and always flagged
``synthetic_enrichment = True``. Nothing here may be presented as LED data.

ESCO links: a competence of the synthetic catalogue has either a real ESCO skill URI
(``http://data.europa.eu/esco/skill/<uuid>``, taken from public sources) or a
``urn:led-synth:competentie:<n>`` identifier; never a made-up ``data.europa.eu`` URI.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from random import Random

from ..model import LedRecord
from ..values import led_text
from ._catalog import competence_link

__all__ = ["SyntheticEnrichment", "esco_link", "synthetic_enrichment"]

_ASSESSMENTS = ("Praktijkproef", "Portfolio", "Schriftelijk en praktisch examen")
_PARTICIPATION = ("Onsite", "Onsite", "Blended", "Online")
_QUALITY = "Beroepskwalificatie erkend door de Vlaamse Regering (Vlaamse kwalificatiestructuur)"


@dataclass(frozen=True, slots=True)
class SyntheticEnrichment:
    """Invented micro-credential data for one competence record (test data only).

    Attributes:
        synthetic_enrichment: always True: this is not LED data.
        ects: notional workload in ECTS credits.
        assessment_type: type of assessment.
        participation_form: ``Onsite``, ``Blended`` or ``Online``.
        quality_assurance: type of quality assurance.
        skill_links: ``(learning outcome title, skill URI)`` per learning outcome.
    """

    ects: int
    assessment_type: str
    participation_form: str
    quality_assurance: str
    skill_links: tuple[tuple[str, str], ...]
    synthetic_enrichment: bool = True


def esco_link(title: str) -> str | None:
    """The ESCO skill URI (or synthetic urn) of a generated competence title, if known."""
    return competence_link(title)


def synthetic_enrichment(record: LedRecord) -> SyntheticEnrichment | None:
    """The enrichment of a generated competence record, derived from the record alone.

    Args:
        record: a record; only records with learning outcomes are enriched.

    Returns:
        The same enrichment for the same record every time, or None for a record without
        learning outcomes.
    """
    outcomes = [o for s in record.basis.supplements for o in s.learning_outcomes]
    if not outcomes:
        return None
    digest = hashlib.sha256(record.led_reference.encode()).hexdigest()
    rng = Random(digest)
    hours = record.basis.adult_education_hours
    ects = max(1, round(hours / 27)) if hours else rng.randint(1, 15)
    evc = record.basis.obtained_via_evc or led_text(record.basis.category) == "Ervaringsbewijzen"
    links = tuple((o.title, link) for o in outcomes if (link := esco_link(o.title)) is not None)
    return SyntheticEnrichment(
        ects=ects,
        assessment_type="EVC-assessment (praktijkproef)" if evc else rng.choice(_ASSESSMENTS),
        participation_form=rng.choice(_PARTICIPATION),
        quality_assurance=_QUALITY,
        skill_links=links,
    )
