"""The synthetic-data catalogue (``data/synthetic.json``) and small random helpers."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

from ..codelists import esco_skill, isced97_field, isced97_field_for_subject, known_subjects
from ..parts import CodedValue, Institution
from ..values import NOT_AVAILABLE, NOT_AVAILABLE_CODE

__all__ = [
    "Competence",
    "Profile",
    "catalog",
    "competence_link",
    "generic_competences",
    "institution",
    "isced_field_97",
    "profiles",
    "random_date",
    "random_uuid",
    "subject_name",
]

_PATH = Path(__file__).parent / "data" / "synthetic.json"
SYNTH_URN = "urn:led-synth:competentie:"


@functools.cache
def catalog() -> dict[str, Any]:
    """The parsed catalogue (loaded once)."""
    with open(_PATH, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@dataclass(frozen=True, slots=True)
class Competence:
    """A competence title of the catalogue with its (real) ESCO skill URI from the code list."""

    title: str
    kind: str
    esco: str | None


@dataclass(frozen=True, slots=True)
class Profile:
    """A professional qualification with its partial qualifications and competences."""

    number: int
    name: str
    subject: str
    vks: tuple[int, ...]
    sources: tuple[str, ...]
    parts: tuple[str, ...]
    competences: tuple[Competence, ...]


def _competence(raw: dict[str, str]) -> Competence:
    return Competence(raw["title"], raw["type"], esco_skill(raw["title"]))


@functools.cache
def profiles() -> tuple[Profile, ...]:
    """The competence profiles, numbered from 1."""
    return tuple(
        Profile(
            number=i,
            name=p["name"],
            subject=p["subject"],
            vks=tuple(p["vks"]),
            sources=tuple(p["sources"]),
            parts=tuple(p["parts"]),
            competences=tuple(_competence(c) for c in p["competences"]),
        )
        for i, p in enumerate(catalog()["competenceProfiles"], start=1)
    )


@functools.cache
def generic_competences() -> tuple[Competence, ...]:
    """Competences that fit any profile."""
    return tuple(_competence(c) for c in catalog()["genericCompetences"])


@functools.cache
def _links() -> dict[str, str]:
    links: dict[str, str] = {}
    every = [c for p in profiles() for c in p.competences] + list(generic_competences())
    for number, competence in enumerate(every, start=1):
        links.setdefault(competence.title, competence.esco or f"{SYNTH_URN}{number}")
    return links


def competence_link(title: str) -> str | None:
    """The ESCO skill URI of a catalogue competence, else its ``urn:led-synth:`` id."""
    return _links().get(title)


def institution(kind: str, rng: Random) -> Institution:
    """A random institution of ``kind`` (``secondary``, ``buso``, ``cvo``...)."""
    row = rng.choice(catalog()["institutions"][kind])
    return Institution(name=row["name"], number=row.get("number"))


@functools.cache
def _subjects() -> dict[str, str]:
    return {code: name for code, name, _field in known_subjects()}


def subject_name(code: str) -> str:
    """The LED name of a catalogue subject code."""
    return _subjects()[code]


@functools.cache
def isced_field_97(subject_code: str) -> CodedValue:
    """``ISCEDStudiegebied`` as LED derives it from the subject code."""
    code = isced97_field_for_subject(subject_code)
    field = None if code is None else isced97_field(code)
    if code is None or field is None:
        return CodedValue(NOT_AVAILABLE_CODE, NOT_AVAILABLE)
    return CodedValue(code, field.name)


_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


def random_uuid(rng: Random) -> str:
    """A version-4 UUID drawn from ``rng`` (deterministic; same as ``uuid.UUID(version=4)``)."""
    h = f"{(rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def random_date(rng: Random, start: date, end: date) -> date:
    """A uniform day in ``[start, end]``."""
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
