"""The small building blocks of a LED record (``BewijsComplex.xsd`` v2.00 complex types).

Every class is a frozen dataclass with English attribute names; the Dutch XSD element
names are given next to each attribute. Text values are :data:`~vc_led.led.values.Text`
(``str`` or an explicit :class:`~vc_led.led.values.PseudoValue`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .values import Text

__all__ = [
    "AdditionalInfo",
    "AlternativeAuthority",
    "CodedValue",
    "Institution",
    "LearningOutcome",
    "NamedCode",
    "Qualification",
    "Subject",
    "Supplement",
    "TypeCode",
]


@dataclass(frozen=True, slots=True)
class CodedValue:
    """A code with an optional name: the derived classifications (``Afgeleid``).

    Attributes:
        code: ``Code`` (e.g. ``481``, ``3A``, ``4``, or a pseudo-value ``NBS``/``NVT``).
        name: ``Naam`` (e.g. ``Computerwetenschappen``, ``Niveau 4``), optional.
    """

    code: Text
    name: Text | None = None


@dataclass(frozen=True, slots=True)
class NamedCode:
    """A name with an optional source-specific code.

    Used for ``Studierichting`` (study programme), ``Specialisatie`` (specialisation) and
    ``DetailOnderwerp`` (detail subject). Several values may be ``;``-separated; the code is
    free, never validated by LED, and only meaningful together with a name.

    Attributes:
        name: ``Naam`` (required, up to 2000 characters).
        code: ``Code`` (optional, up to 1000 characters).
    """

    name: Text
    code: Text | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The ``;``-separated names, stripped (empty for a pseudo-value)."""
        return _split(self.name)

    @property
    def codes(self) -> tuple[str, ...]:
        """The ``;``-separated codes, stripped (empty when absent or a pseudo-value)."""
        return _split(self.code)


def _split(value: Text | None) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    return tuple(part.strip() for part in value.split(";") if part.strip())


@dataclass(frozen=True, slots=True)
class Subject:
    """``Onderwerp``: LED's subdivision of the ISCED-97 fields of study.

    Attributes:
        code: ``Code``, 5-6 digits in practice (3-digit ISCED-97 field + serial, e.g. ``481001``).
        name: ``Naam`` (e.g. ``Informatica algemeen``), optional.
        led_subject_number: ``LedOnderwerpNummer`` (newer schema), optional.
    """

    code: Text
    name: Text | None = None
    led_subject_number: str | None = None


@dataclass(frozen=True, slots=True)
class Institution:
    """``Instelling``: the school, campus or centre where the proof was obtained.

    Attributes:
        name: ``Naam`` (up to 120 characters; may be ``Niet beschikbaar``).
        number: ``Nummer``, 1-6 digits, as known at issue time and never updated; optional.
    """

    name: Text
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Qualification:
    """A ``Beroepskwalificatie`` (professional qualification) or ``Deelkwalificatie``.

    A professional qualification says what one must know and be able to do to practise a
    profession; a partial qualification is a coherent set of competences within one.

    Attributes:
        code: ``Code`` (up to 255 characters).
        name: ``Naam`` (up to 1000 characters), optional.
    """

    code: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class TypeCode:
    """A code + name pair that types something.

    Used for ``SupplementType`` (``SupplementTypeCode``/``SupplementTypeNaam``) and
    ``LeeruitkomstType`` (``LeeruitkomstTypeCode``/``LeeruitkomstTypeNaam``).
    """

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class LearningOutcome:
    """``Leeruitkomst``: one learning outcome (competence) of a supplement.

    Attributes:
        title: ``Titel`` (up to 1000 characters).
        extra_info: ``ExtraInformatie`` (up to 10000 characters), optional.
        type: ``LeeruitkomstType`` (e.g. Competentie / Kennis / Vaardigheid), optional.
    """

    title: str
    extra_info: str | None = None
    type: TypeCode | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Supplement:
    """``GeneriekSupplement/Supplement``: a supplement with learning outcomes.

    Attributes:
        name: ``Naam`` (up to 255 characters).
        description: ``Omschrijving`` (up to 2000 characters), optional.
        number: ``SupplementNr`` (up to 50 characters).
        type: ``SupplementType``.
        learning_outcomes: ``Leeruitkomsten/Leeruitkomst``, in order.
    """

    name: str
    number: str
    type: TypeCode
    description: str | None = None
    learning_outcomes: tuple[LearningOutcome, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class AlternativeAuthority:
    """``AlternatieveInstantie``: a third authority that takes one of the roles.

    The ``Instantie`` of a record organises, issues and recognises; another authority may
    take one of those roles. Each role at most once per record.

    Attributes:
        role: ``Instantierol/Naam`` (``organiserend``, ``uitreikend``, ``erkennend``).
        authority: ``Instantie/Naam``: a class of authority, like the record's ``Instantie``.
    """

    role: Text
    authority: Text


@dataclass(frozen=True, slots=True)
class AdditionalInfo:
    """``BijkomendeInformatie``: typed free comment; each type at most once per record.

    Attributes:
        type: ``Naam`` (``Bewijs omschrijving``, ``Module type``, ``Gezamenlijke opleiding``).
        content: ``Inhoud`` (up to 1000 characters).
    """

    type: Text
    content: Text
