"""Competence records: a LED record with a professional qualification, 0-3 partial
qualifications and one supplement whose learning outcomes hold 3-15 competences."""

from __future__ import annotations

from datetime import date

from ..parts import Institution, LearningOutcome, Qualification, Supplement, TypeCode
from ._build import Draft
from ._catalog import Profile, generic_competences, institution, profiles
from ._context import Ctx, weekday

__all__ = ["SOURCES", "competence_record"]

_VSAWSE = "Vlaams Subsidieagentschap Werk en Sociale Economie (VSAWSE)"
_TYPE_CODES = {"Competentie": "C", "Kennis": "K", "Vaardigheid": "V", "Attitude": "A"}
SOURCES: dict[str, tuple[date, int, tuple[int, int]]] = {
    # source: (first issue date, minimum age, VKS range)
    "VDAB": (date(2000, 1, 1), 18, (2, 5)),
    "EVC": (date(2006, 1, 1), 20, (2, 5)),
    "SYNTRA": (date(2002, 1, 1), 18, (4, 6)),
    "CVO": (date(2013, 4, 1), 18, (4, 6)),
}
_EXTRA_INFO = (
    "Getoetst via een praktijkproef",
    "Beoordeeld op de werkplek",
    "Aangetoond met een portfolio",
)


def _competences(ctx: Ctx, profile: Profile) -> tuple[LearningOutcome, ...]:
    """3-15 competences (triangular, mode 6), the profile's own and those with a known ESCO
    skill more likely first (a kwalificatiedatabank would list the mapped ones)."""
    own = {c.title for c in profile.competences}
    pool = list(profile.competences) + [c for c in generic_competences() if c.title not in own]
    keys = [
        ctx.rng.random() * (0.6 if c.title in own else 1.0) * (0.3 if c.esco else 1.0) for c in pool
    ]
    ordered = [c for _, c in sorted(zip(keys, pool, strict=True), key=lambda pair: pair[0])]
    count = min(len(ordered), max(3, round(ctx.rng.triangular(3, 15, 6))))
    return tuple(
        LearningOutcome(
            title=c.title,
            extra_info=ctx.rng.choice(_EXTRA_INFO) if ctx.chance(0.3) else None,
            type=TypeCode(code=_TYPE_CODES[c.kind], name=c.kind),
        )
        for c in ordered[:count]
    )


def _identity(
    source: str, profile: Profile, ctx: Ctx
) -> tuple[str, str, str, str, str, Institution]:
    """(supplier, authority class, category, proof type, title, institution) per source."""
    name = profile.name
    if source == "EVC":
        holder = Institution(name="MIN VLAAM GEM/Ervaringsbewijs")
        title = f"Ervaringsbewijs van {name.lower()} (m/v)"
        return (
            "Werk en Sociale Economie",
            _VSAWSE,
            "Ervaringsbewijzen",
            "Ervaringsbewijs",
            title,
            holder,
        )
    if source == "SYNTRA":
        title = f"Getuigschrift beroepskwalificatie {name}"
        place = institution("syntra", ctx.rng)
        return (
            "SYNTRA Vlaanderen",
            "SYNTRA Vlaanderen",
            "Ondernemersopleidingen",
            "Getuigschrift",
            title,
            place,
        )
    if source == "CVO":
        place = institution("cvo", ctx.rng)
        cvo = "Centrum voor Volwassenenonderwijs (CVO)"
        return (
            "Volwassenenonderwijs",
            cvo,
            "Secundair onderwijs",
            "Certificaat",
            f"Certificaat {name}",
            place,
        )
    place = institution("vdab", ctx.rng)
    return "VDAB", "VDAB", "Beroepsopleiding", "Certificaat", f"Certificaat {name}", place


def _qualifications(
    ctx: Ctx, profile: Profile
) -> tuple[tuple[Qualification, ...], tuple[Qualification, ...], Supplement]:
    """The professional qualification, 0-3 partial ones and the competence supplement."""
    code = f"SYN-BK-{profile.number:04d}"
    chosen = ctx.rng.sample(profile.parts, ctx.rng.randint(0, min(3, len(profile.parts))))
    parts = tuple(
        Qualification(code=f"SYN-DK-{profile.number:04d}-{profile.parts.index(p) + 1}", name=p)
        for p in chosen
    )
    supplement = Supplement(
        name=f"Competenties {profile.name}",
        number="1",
        type=TypeCode(code="BK", name="Beroepskwalificatie"),
        description=f"Leeruitkomsten van de beroepskwalificatie {profile.name}",
        learning_outcomes=_competences(ctx, profile),
    )
    return (Qualification(code=code, name=profile.name),), parts, supplement


def competence_record(ctx: Ctx, source: str) -> list[Draft] | None:
    """One competence record from ``source`` (``VDAB``, ``EVC``, ``SYNTRA`` or ``CVO``)."""
    first, min_age, (low, high) = SOURCES[source]
    window = ctx.window(from_date=first, min_age=min_age)
    if window.empty:
        return None
    profile = ctx.rng.choice([p for p in profiles() if source in p.sources])
    supplier, authority, category, proof, title, place = _identity(source, profile, ctx)
    professional, partial, supplement = _qualifications(ctx, profile)
    return [
        Draft(
            supplier=supplier,
            supplier_reference=f"BK-{source}-{ctx.ref_digits()}",
            category=category,
            obtained_via_evc=ctx.chance(0.3) if source in ("VDAB", "EVC") else None,
            proof_type=proof,
            authority_class=authority,
            subject_code=profile.subject,
            issue_date=ctx.blur(weekday(ctx, window)),
            full_title=title,
            description=title,
            institution=place,
            hours=ctx.rng.randint(40, 900) if source == "CVO" else None,
            professional_qualifications=professional,
            partial_qualifications=partial,
            supplements=(supplement,),
            vks_professional=str(min(high, max(low, ctx.rng.choice(profile.vks)))),
            delay_days=20,
        )
    ]
