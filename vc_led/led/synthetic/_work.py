"""Episodes outside the school system: VDAB (incl. self-declarations), SYNTRA, EVC,
NARIC equivalences and Departement Omgeving / VEKA certificates."""

from __future__ import annotations

from datetime import date

from ..parts import Institution, NamedCode
from ..values import NOT_APPLICABLE, NOT_APPLICABLE_CODE, NOT_AVAILABLE, PartialDate
from ._build import Draft
from ._catalog import catalog, institution, random_uuid
from ._competence import competence_record
from ._context import Ctx, Window, weekday

__all__ = ["environment", "evc", "naric", "self_declared", "syntra", "vdab"]

_VSAWSE = "Vlaams Subsidieagentschap Werk en Sociale Economie (VSAWSE)"
_EVC_FROM = date(2006, 1, 1)  # LED holds ervaringsbewijzen from 2006 (vc_led.trust.seeds)


def vdab(ctx: Ctx) -> list[Draft] | None:
    """A VDAB training proof, a VDAB ervaringsbewijs, or a competence record."""
    if ctx.chance(0.25):
        return competence_record(ctx, "VDAB")
    window = ctx.window(from_date=date(2000, 1, 1), min_age=18)
    if window.empty:
        return None
    evc_window = ctx.window(from_date=_EVC_FROM, min_age=18)  # LED: ervaringsbewijzen from 2006
    if ctx.chance(0.2) and not evc_window.empty:
        label, name, subject = ctx.rng.choice(catalog()["evc"][:2])
        return [_ervaringsbewijs(ctx, evc_window, label, name, subject, supplier="VDAB")]
    title, proof, subject, validity = ctx.rng.choice(catalog()["vdab"])
    return [
        Draft(
            supplier="VDAB",
            supplier_reference=f"OPL-{ctx.ref_digits()}",
            category="Beroepsopleiding",
            proof_type=proof,
            authority_class="VDAB",
            subject_code=subject,
            issue_date=ctx.blur(weekday(ctx, window)),
            full_title=title if ctx.chance(0.7) else NOT_AVAILABLE,
            description=title,
            institution=institution("vdab", ctx.rng),
            validity_period=validity,
            delay_days=20,
        )
    ]


def _ervaringsbewijs(
    ctx: Ctx, window: Window, label: str, name: str, subject: str, *, supplier: str
) -> Draft:
    title = f"Ervaringsbewijs van {label} (m/v)"
    return Draft(
        supplier=supplier,
        supplier_reference=f"BBTITEL_ERKENNING-{ctx.ref_digits()}",
        category="Ervaringsbewijzen",
        obtained_via_evc=True,
        proof_type="Wettelijk certificaat" if supplier == "VDAB" else "Ervaringsbewijs",
        authority_class=_VSAWSE,
        subject_code=subject,
        issue_date=ctx.blur(weekday(ctx, window)),
        full_title=title,
        description=title,
        institution=Institution(name="MIN VLAAM GEM/Ervaringsbewijs"),
        study_programme=NamedCode(name=NOT_APPLICABLE, code=name),
        delay_days=20,
    )


def self_declared(ctx: Ctx) -> list[Draft] | None:
    """Studies a citizen declared on honour in their VDAB file (edge cases 2 and 7)."""
    window = ctx.window(from_date=date(1970, 1, 1), min_age=15, max_age=40)
    if window.empty or window.start.year > 2015:
        return None
    rows = catalog()["selfDeclared"]
    drafts = []
    for row in ctx.rng.sample(rows, ctx.rng.choice((1, 1, 1, 2))):
        code, name, grade, form, proof, isced, vks, *titles = row
        title, subject = ctx.rng.choice(titles)
        year = min(2015, ctx.day_in(window).year)
        drafts.append(
            Draft(
                supplier="VDAB",
                supplier_reference=f"BASISSTUDIES-{ctx.ref_digits()}",
                authenticity=(
                    "Eigen verklaring - Geverifieerd"
                    if ctx.chance(0.2)
                    else "Eigen verklaring - Op eer"
                ),
                category="Secundair onderwijs",
                grade=grade,
                education_form=form,
                proof_type=proof,
                authority_class=NOT_AVAILABLE,
                subject_code=subject,
                issue_date=_declared_date(ctx, year),
                full_title=title,
                description=title,
                institution=Institution(name=NOT_AVAILABLE),
                school_type="Gewoon",
                study_programme=NamedCode(name=name, code=code),
                specialisation=NamedCode(name=NOT_APPLICABLE, code=NOT_APPLICABLE_CODE),
                isced_level_97=isced,
                vks_educational=vks,
                delay_days=400,
            )
        )
    return drafts


def _declared_date(ctx: Ctx, year: int) -> PartialDate:
    draw = ctx.rng.random()
    if draw < 0.25:
        return PartialDate(1800, 1, 1)  # LED's placeholder for an unknown date
    if draw < 0.45:
        return PartialDate(year)
    if draw < 0.55:
        return PartialDate(year, 6)
    return PartialDate(year, 6, 30)


def syntra(ctx: Ctx) -> list[Draft] | None:
    """A SYNTRA entrepreneurship proof (June), sometimes a competence record."""
    if ctx.chance(0.2):
        return competence_record(ctx, "SYNTRA")
    window = ctx.window(from_date=date(2002, 6, 1), min_age=18)
    if window.empty:
        return None
    title, programme, subject = ctx.rng.choice(catalog()["syntra"])
    year = ctx.day_in(window).year
    day = min(date(year, 6, ctx.rng.randint(1, 30)), window.end)
    reference = (
        f"G OT BK.{ctx.ref_digits()}"
        if ctx.chance(0.5)
        else f"E{year % 100:02d}.{ctx.ref_digits()}"
    )
    return [
        Draft(
            supplier="SYNTRA Vlaanderen",
            supplier_reference=reference,
            category="Ondernemersopleidingen",
            proof_type=title.split(" ", 1)[0],
            authority_class="SYNTRA Vlaanderen",
            subject_code=subject,
            issue_date=ctx.blur(day),
            full_title=title if ctx.chance(0.5) else NOT_AVAILABLE,
            description=title,
            institution=institution("syntra", ctx.rng),
            study_programme=NamedCode(name=programme, code="0"),
            delay_days=20,
        )
    ]


def evc(ctx: Ctx) -> list[Draft] | None:
    """Recognition of prior learning: an ervaringsbewijs, often with its competences."""
    if ctx.chance(0.6):
        return competence_record(ctx, "EVC")
    window = ctx.window(from_date=_EVC_FROM, min_age=20)
    if window.empty:
        return None
    label, name, subject = ctx.rng.choice(catalog()["evc"])
    return [
        _ervaringsbewijs(ctx, window, label, name, subject, supplier="Werk en Sociale Economie")
    ]


def naric(ctx: Ctx) -> list[Draft] | None:
    """A NARIC equivalence decision for a foreign diploma (edge case 5)."""
    window = ctx.window(from_date=date(2014, 1, 1), min_age=21)
    if window.empty:
        return None
    title, grade, category, subject, isced, vks = ctx.rng.choice(catalog()["naricTitles"])
    school = ctx.rng.choice(catalog()["institutions"]["naric"])
    day = weekday(ctx, window)
    higher = category == "Hoger onderwijs"
    return [
        Draft(
            supplier="NARIC Vlaanderen",
            supplier_reference=f"E{day.year % 100:02d}.{ctx.ref_digits()}",
            category=category,
            grade=grade,
            proof_type="Gelijkwaardigheid",
            authority_class="Universiteit" if higher else "Secundaire school",
            subject_code=subject,
            issue_date=PartialDate(day.year, day.month, day.day),
            full_title=title,
            description=f"Gelijkwaardigheid ({grade}): {title} ({school['country']})",
            country=school["country"],
            language=school["language"],
            institution=Institution(name=school["name"]),
            isced_level_97=isced,
            vks_educational=vks,
            delay_days=20,
        )
    ]


def environment(ctx: Ctx) -> list[Draft] | None:
    """An activity-permit certificate with a validity period (edge case 3)."""
    window = ctx.window(from_date=date(2021, 1, 1), min_age=23)
    if window.empty:
        return None
    title, subject, body = ctx.rng.choice(catalog()["environment"])
    supplier = "VEKA" if body.startswith("Vlaams Energie") else "Departement Omgeving"
    return [
        Draft(
            supplier=supplier,
            supplier_reference=f"CERT-{random_uuid(ctx.rng)[:8]}-{ctx.ref_digits()}",
            category="Certificaten",
            proof_type="Certificaat",
            authority_class=NOT_AVAILABLE,
            subject_code=subject,
            issue_date=ctx.blur(weekday(ctx, window), year_only=0.0, year_month=0.0),
            full_title=title,
            description=title,
            institution=Institution(name=body),
            validity_period="tot herroeping" if ctx.chance(0.2) else "5 jaar",
            delay_days=20,
        )
    ]
