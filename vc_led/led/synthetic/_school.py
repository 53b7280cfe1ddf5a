"""Episodes from schools: secondary (incl. BuSO), higher education, adult education (CVO).

An episode is a list of drafts one supplier registers for one person (a school career, a
bachelor + master, a CVO module chain ending in a final proof). None means the person's
age does not fit the supplier's digital history.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..parts import AdditionalInfo, AlternativeAuthority, Institution, NamedCode
from ..values import NOT_AVAILABLE, PartialDate, Text
from ._build import Draft
from ._catalog import catalog, institution, random_uuid
from ._context import Ctx, academic_day, school_day, weekday

__all__ = ["adult_education", "higher_education", "secondary"]

# The first award years LED holds (its table "Opgenomen vanaf", vc_led.trust.seeds): secondary
# education from school year 2001-2002 (first diplomas June 2002), higher education from
# academic year 1999-2000 (first diplomas summer 2000). tests/led/test_led_issuance_coverage.py
# holds every generated record inside the default registry's coverage.
_SECONDARY_FROM = 2002
_HIGHER_FROM = 2000
_ADULT_FROM = date(2013, 4, 1)
_PRE_BOLOGNA_UNTIL = 2007
_CVO = "Centrum voor Volwassenenonderwijs (CVO)"
_FINALITY = {
    "ASO": "Doorstroomfinaliteit",
    "TSO": "Dubbele finaliteit",
    "BSO": "Arbeidsmarktfinaliteit",
}
_STAGES = (  # (catalogue key, age, grade, proof type per form, ISCED-97, VKS per form)
    ("first", 14, "1ste graad", {"A": "Getuigschrift", "B": "Getuigschrift"}),
    (
        "second",
        16,
        "2de graad",
        {"ASO": "Getuigschrift", "TSO": "Getuigschrift", "BSO": "Getuigschrift"},
    ),
    ("third", 18, "3de graad", {"ASO": "Diploma", "TSO": "Diploma", "BSO": "Studiegetuigschrift"}),
    ("seventh", 19, "3de graad, 7de leerjaar", {"BSO": "Diploma", "TSO": "Diploma"}),
)
_LEVELS = {
    ("first", "A"): ("2", "NBS"),
    ("first", "B"): ("2", "NBS"),
    ("second", "ASO"): ("3A", "NVT"),
    ("second", "TSO"): ("3A", "NVT"),
    ("second", "BSO"): ("3C", "2"),
    ("third", "ASO"): ("3A", "4"),
    ("third", "TSO"): ("3A", "4"),
    ("third", "BSO"): ("3C", "3"),
    ("seventh", "BSO"): ("4", "4"),
    ("seventh", "TSO"): ("4", "4"),
}


def _secondary_ref(ctx: Ctx, day: date) -> str:
    clock = ctx.rng.randint(0, 23) * 10000 + ctx.rng.randint(0, 5959)
    return f"{day:%Y%m%d}{clock:06d}{ctx.person.index:08d}{ctx.number() % 1000:03d}H"


def _title(ctx: Ctx, description: str, *, known: float) -> Text:
    """``VolledigeNaam``: often ``Niet beschikbaar`` in real data (edge case 8)."""
    return description if ctx.chance(known) else NOT_AVAILABLE


def secondary(ctx: Ctx) -> list[Draft] | None:
    """A secondary-school career: 1-4 proofs at 14, 16, 18 (19), or a BuSO path."""
    if ctx.window(from_date=date(_SECONDARY_FROM, 6, 30), min_age=14).empty:
        return None
    if ctx.chance(0.06):
        return _buso(ctx)
    drafts: list[Draft] = []
    first_stage = ctx.rng.choice((0, 0, 1, 2))
    last_stage = ctx.rng.choice((2, 2, 2, 3)) if first_stage < 3 else 3
    form = None
    for key, age, grade, types in _STAGES[first_stage : last_stage + 1]:
        year = ctx.person.birth.year + age
        if date(year, 6, 30) >= ctx.as_of or year < _SECONDARY_FROM:
            continue
        options = [row for row in catalog()["secondary"][key] if row[0] in types]
        if form is not None and any(row[0] == form for row in options):
            options = [row for row in options if row[0] == form]
        row = ctx.rng.choice(options)
        form = row[0] if row[0] not in ("A", "B") else ("BSO" if row[0] == "B" else None)
        drafts.append(_secondary_draft(ctx, key, grade, types[row[0]], row, year))
    return drafts or None


def _secondary_draft(
    ctx: Ctx, key: str, grade: str, proof: str, row: list[str | None], year: int
) -> Draft:
    form, name, code = str(row[0]), str(row[1]), row[2]
    subject = str(row[3]) if len(row) > 3 else "10001"
    day = school_day(ctx, year)
    isced, vks = _LEVELS[(key, form)]
    description = f"{proof} {form} {grade} Secundair onderwijs {name}"
    kind = "firstGrade" if key == "first" and ctx.chance(0.5) else "secondary"
    return Draft(
        supplier="Secundair onderwijs",
        supplier_reference=_secondary_ref(ctx, day),
        category="Secundair onderwijs",
        grade=grade,
        education_form=form,
        finality=_FINALITY.get(form) if key in ("third", "seventh") else None,
        proof_type=proof,
        authority_class="Secundaire school",
        subject_code=subject,
        issue_date=PartialDate(day.year, day.month, day.day),
        full_title=_title(ctx, description, known=0.3),
        description=description,
        institution=institution(kind, ctx.rng),
        school_type="Gewoon",
        study_programme=_programme(ctx, name, code),
        isced_level_97=isced,
        vks_educational=vks,
        delay_days=3,
    )


def _programme(ctx: Ctx, name: str, code: str | None) -> NamedCode:
    """Studierichting; sometimes two ``;``-separated values (edge case 11)."""
    if ctx.chance(0.06):
        return NamedCode(name=f"{name}; Moderne talen", code=f"{code or '000000'}; 020099")
    return NamedCode(name=name, code=code)


def _buso(ctx: Ctx) -> list[Draft] | None:
    """Special-needs secondary (BuSO): Schooltype Buitengewoon, grades OV1-OV4 (edge case 10)."""
    school = institution("buso", ctx.rng)
    drafts = []
    for offset in range(ctx.rng.randint(1, 3)):
        year = ctx.person.birth.year + 15 + 2 * offset
        if year < _SECONDARY_FROM or date(year, 6, 30) >= ctx.as_of:
            continue
        grade, name, code, subject = ctx.rng.choice(catalog()["secondary"]["buso"])
        proof = "Getuigschrift" if grade == "OV4" else "Attest"
        description = f"{proof} {grade} Secundair onderwijs {name}"
        day = school_day(ctx, year)
        drafts.append(
            Draft(
                supplier="Secundair onderwijs",
                supplier_reference=_secondary_ref(ctx, day),
                category="Secundair onderwijs",
                grade=grade,
                proof_type=proof,
                authority_class="Secundaire school",
                subject_code=subject,
                issue_date=PartialDate(day.year, day.month, day.day),
                full_title=_title(ctx, description, known=0.3),
                description=description,
                institution=school,
                school_type="Buitengewoon",
                study_programme=NamedCode(name=name, code=code),
                isced_level_97="2" if grade in ("OV1", "OV2") else "NBS",
                delay_days=3,
            )
        )
    return drafts or None


def higher_education(ctx: Ctx) -> list[Draft] | None:
    """A bachelor, a master (often after a bachelor), pre-Bologna titles before 2008."""
    window = ctx.window(from_date=date(_HIGHER_FROM, 6, 30), min_age=21, max_age=45)
    if window.empty:
        return None
    year = ctx.day_in(window).year
    pre = year <= _PRE_BOLOGNA_UNTIL and ctx.chance(0.7)
    rows = [r for r in catalog()["higher"] if (r[8] == "pre") == pre]
    row = ctx.rng.choice(rows)
    drafts = []
    bachelor = _bachelor_for(rows, row[2]) if row[1] == "Master" else None
    if bachelor is not None and ctx.chance(0.5) and year - 1 >= _HIGHER_FROM:
        bachelor_year = max(_HIGHER_FROM, year - 1 - ctx.rng.randint(0, 1))
        drafts.append(_higher_draft(ctx, bachelor, bachelor_year))
    drafts.append(_higher_draft(ctx, row, year))
    return drafts


def _bachelor_for(rows: list[list[str | None]], subject: str | None) -> list[str | None] | None:
    return next((r for r in rows if r[2] == subject and "bachelor" in str(r[1]).lower()), None)


def _higher_draft(ctx: Ctx, row: list[str | None], year: int) -> Draft:
    title, grade, subject, kind, isced, vks, programme, code, _period = row
    day = min(academic_day(ctx, year), ctx.as_of - timedelta(days=1))
    joint = grade == "Master" and ctx.chance(0.3)
    return Draft(
        supplier="Hoger onderwijs",
        supplier_reference=_uuid_ref(ctx),
        category="Hoger beroepsonderwijs" if grade == "Graduaat" else "Hoger onderwijs",
        grade=str(grade),
        proof_type="Diploma",
        authority_class="Universiteit" if kind == "universities" else "Hogeschool",
        subject_code=str(subject),
        issue_date=ctx.blur(day, year_only=0.03, year_month=0.02),
        full_title=_title(ctx, str(title), known=0.6),
        description=str(title),
        institution=institution(str(kind), ctx.rng),
        study_programme=_programme(ctx, str(programme), code),
        alternative_authorities=_joint_roles(ctx) if joint else (),
        extra_info=(_joint_info(ctx),) if joint else (),
        isced_level_97=str(isced),
        vks_educational=str(vks),
        delay_days=5,
    )


def _uuid_ref(ctx: Ctx) -> str:
    return random_uuid(ctx.rng)


def _joint_roles(ctx: Ctx) -> tuple[AlternativeAuthority, ...]:
    """A joint programme (edge case 4): the university issues, a hogeschool organises."""
    return (
        AlternativeAuthority(role="uitreikend", authority="Universiteit"),
        AlternativeAuthority(role="organiserend", authority="Hogeschool"),
    )


def _joint_info(ctx: Ctx) -> AdditionalInfo:
    if ctx.chance(0.3):
        partner = ctx.rng.choice(catalog()["institutions"]["jointPartners"])
        content = f"Erasmus Mundus joint master met {partner['name']} ({partner['country']})"
    else:
        content = "Gezamenlijke opleiding van een universiteit en een hogeschool"
    return AdditionalInfo(type="Gezamenlijke opleiding", content=content)


def adult_education(ctx: Ctx) -> list[Draft] | None:
    """A CVO track: a chain of 3-8 module proofs (Tussenbewijs), then a final proof."""
    window = ctx.window(from_date=_ADULT_FROM, min_age=18)
    if window.empty:
        return None
    track = ctx.rng.choice(catalog()["cvoTracks"])
    school = institution("cvo", ctx.rng)
    chain = ctx.chance(0.45)
    count = ctx.rng.randint(3, min(8, len(track["modules"]))) if chain else 1
    modules = ctx.rng.sample(track["modules"], count)
    days = sorted(weekday(ctx, window) for _ in range(count + (1 if chain else 0)))
    drafts = [
        _module_draft(ctx, track, module, day, school)
        for module, day in zip(modules, days[:count], strict=True)
    ]
    if chain:
        drafts.append(_final_draft(ctx, track, days[-1], school))
    return drafts


def _module_draft(
    ctx: Ctx, track: dict[str, Any], module: list[str], day: date, school: Institution
) -> Draft:
    name, code = module
    title = f"{track['typeTussen']} {name}"
    return Draft(
        supplier="Volwassenenonderwijs",
        supplier_reference=_uuid_ref(ctx),
        category=track["category"],
        proof_type=track["typeTussen"],
        proof_state="Tussenbewijs",
        authority_class=_CVO,
        subject_code=track["subject"],
        issue_date=ctx.blur(day),
        full_title=_title(ctx, title, known=0.5),
        description=title,
        institution=school,
        study_programme=NamedCode(name=name, code=code),
        extra_info=(AdditionalInfo(type="Module type", content="Standaard"),),
        hours=ctx.rng.randint(20, 120) if ctx.chance(0.5) else None,
        delay_days=10,
    )


def _final_draft(ctx: Ctx, track: dict[str, Any], day: date, school: Institution) -> Draft:
    proof, title = track["final"]
    diploma = proof == "Diploma"
    return Draft(
        supplier="Volwassenenonderwijs",
        supplier_reference=_uuid_ref(ctx),
        category=track["category"],
        proof_type=proof,
        authority_class=_CVO,
        subject_code=track["subject"],
        issue_date=ctx.blur(day),
        full_title=_title(ctx, title, known=0.6),
        description=title,
        institution=school,
        study_programme=NamedCode(name=track["name"]),
        hours=ctx.rng.randint(120, 900),
        isced_level_97="3A" if diploma else "NBS",
        vks_educational="4" if diploma else "NBS",
        delay_days=10,
    )
