"""The LED vocabulary: one source (``terms.json``), three products.

``terms.json`` lists every class and property of the LED vocabulary with its IRI (under
:data:`NAMESPACE`), English and Dutch labels and comments, the LED element it comes from, the
classes that carry it, its JSON-LD term definition and the JSON Schema of its values. From it:

- :func:`build_context`: the JSON-LD context ``contexts/led/v1.jsonld`` (:data:`CONTEXT_URL`):
  ``@version`` 1.1, ``@protected``, the credential types at the top level and one type-scoped
  context per LED node class, so a term means something only on the node that carries it;
- :func:`vc_led.led.vocab.html.build_page`: the human-readable page ``contexts/led/v1.html``;
- :func:`class_schemas`: the ``$defs`` of the LED classes in the credential JSON Schemas.

``scripts/gen_led_vocab.py`` writes the files; a test checks the committed ones are current.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CONTEXT_URL",
    "NAMESPACE",
    "VocabClass",
    "VocabProperty",
    "Vocabulary",
    "build_context",
    "class_schemas",
    "load_vocabulary",
]

NAMESPACE = "https://w3id.org/vc-led#"
CONTEXT_URL = "https://w3id.org/vc-led/v1"
_SOURCE = Path(__file__).with_name("terms.json")


@dataclass(frozen=True, slots=True)
class VocabClass:
    """A class: a credential type, or a node class with a type-scoped context.

    Attributes:
        term: the term (also the last part of its IRI).
        kind: ``credential`` or ``node``.
        label: ``{"en": ..., "nl": ...}``. comment: the same, a sentence or two.
        required: the properties a node of this class must have (node classes).
        extra: JSON Schemas of non-LED properties the class allows (e.g. ``name``).
    """

    term: str
    kind: str
    label: Mapping[str, str]
    comment: Mapping[str, str]
    required: tuple[str, ...] = ()
    extra: Mapping[str, Any] | None = None

    @property
    def iri(self) -> str:
        """The class IRI."""
        return NAMESPACE + self.term


@dataclass(frozen=True, slots=True)
class VocabProperty:
    """A property.

    Attributes:
        term: the term. on: the classes that carry it. led: the LED ``Bewijs`` element(s).
        label, comment: English and Dutch. json: the JSON Schema of one value.
        many: the value is an array (``@container: @set``) of ``min_items``-``max_items``.
        ld: extra JSON-LD term definition keys (``@type``).
    """

    term: str
    on: tuple[str, ...]
    led: str | None
    label: Mapping[str, str]
    comment: Mapping[str, str]
    json: Mapping[str, Any]
    many: bool = False
    min_items: int = 1
    max_items: int | None = None
    ld: Mapping[str, str] | None = None

    @property
    def iri(self) -> str:
        """The property IRI."""
        return NAMESPACE + self.term

    def definition(self) -> str | dict[str, str]:
        """The JSON-LD term definition."""
        extra = dict(self.ld or {})
        if self.many:
            extra["@container"] = "@set"
        return {"@id": self.iri, **extra} if extra else self.iri

    def value_schema(self) -> dict[str, Any]:
        """The JSON Schema of the property's value (an array for ``many``)."""
        if not self.many:
            return dict(self.json)
        out: dict[str, Any] = {"type": "array", "items": dict(self.json)}
        out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        return out


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The parsed ``terms.json``."""

    title: Mapping[str, str]
    description: Mapping[str, str]
    classes: tuple[VocabClass, ...]
    properties: tuple[VocabProperty, ...]

    def cls(self, term: str) -> VocabClass:
        """The class called ``term``.

        Raises:
            KeyError: when there is none.
        """
        for item in self.classes:
            if item.term == term:
                return item
        raise KeyError(term)

    def properties_of(self, term: str) -> tuple[VocabProperty, ...]:
        """The properties a node of class ``term`` may carry, in source order."""
        return tuple(p for p in self.properties if term in p.on)

    @property
    def term_count(self) -> int:
        """How many terms the vocabulary defines (classes + properties)."""
        return len(self.classes) + len(self.properties)


@functools.cache
def load_vocabulary() -> Vocabulary:
    """Read ``terms.json`` (once per process).

    Raises:
        ValueError: when a property names an unknown class or a class requires an unknown
            property (the source is inconsistent).
    """
    raw = json.loads(_SOURCE.read_text(encoding="utf-8"))
    groups: Mapping[str, list[str]] = raw["groups"]
    classes = tuple(
        VocabClass(
            term=c["term"],
            kind=c["kind"],
            label=c["label"],
            comment=c["comment"],
            required=tuple(c.get("required", ())),
            extra=c.get("properties"),
        )
        for c in raw["classes"]
    )
    properties = tuple(_property(p, groups) for p in raw["properties"])
    vocab = Vocabulary(raw["title"], raw["description"], classes, properties)
    _check(vocab)
    return vocab


def _property(raw: Mapping[str, Any], groups: Mapping[str, list[str]]) -> VocabProperty:
    on: list[str] = []
    for name in raw["on"]:
        on += groups[name[1:]] if name.startswith("@") else [name]
    return VocabProperty(
        term=raw["term"],
        on=tuple(on),
        led=raw.get("led"),
        label=raw["label"],
        comment=raw["comment"],
        json=raw["json"],
        many=bool(raw.get("many", False)),
        min_items=int(raw.get("minItems", 1)),
        max_items=raw.get("maxItems"),
        ld=raw.get("ld"),
    )


def _check(vocab: Vocabulary) -> None:
    names = {c.term for c in vocab.classes}
    terms = [c.term for c in vocab.classes] + [p.term for p in vocab.properties]
    if len(terms) != len(set(terms)):
        raise ValueError("terms.json defines a term twice")
    for prop in vocab.properties:
        if not set(prop.on) <= names:
            raise ValueError(f"{prop.term}: unknown class in 'on'")
    for item in vocab.classes:
        allowed = {p.term for p in vocab.properties_of(item.term)} | {"type"}
        if not set(item.required) <= allowed:
            raise ValueError(f"{item.term}: requires a property it does not carry")


_BASE = {"id": "@id", "type": "@type"}


def build_context() -> dict[str, Any]:
    """The JSON-LD context document ``contexts/led/v1.jsonld``."""
    vocab = load_vocabulary()
    context: dict[str, Any] = {"@version": 1.1, "@protected": True, **_BASE}
    for item in vocab.classes:
        if item.kind != "node":
            context[item.term] = item.iri
            continue
        scoped: dict[str, Any] = {"@protected": True, **_BASE}
        for prop in vocab.properties_of(item.term):
            scoped[prop.term] = prop.definition()
        context[item.term] = {"@id": item.iri, "@context": scoped}
    return {"@context": context}


def class_schemas() -> dict[str, dict[str, Any]]:
    """A JSON Schema per LED node class: its properties, ``required``, nothing else.

    ``type`` must be the class name; the credential schemas replace that where a node also
    carries another vocabulary's type (Open Badges ``Achievement``, ``AchievementSubject``...).
    """
    vocab = load_vocabulary()
    out: dict[str, dict[str, Any]] = {}
    for item in vocab.classes:
        if item.kind != "node":
            continue
        props: dict[str, Any] = {"type": {"const": item.term}}
        props |= dict(item.extra or {})
        props |= {p.term: p.value_schema() for p in vocab.properties_of(item.term)}
        out[item.term] = {
            "type": "object",
            "properties": props,
            "required": list(item.required),
            "additionalProperties": False,
        }
    return out
