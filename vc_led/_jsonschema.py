"""A small, strict JSON Schema (draft 2020-12) validator for the schemas vc-led ships.

It implements exactly the keywords the shipped schemas use and **refuses** a schema with any
other keyword (:class:`SchemaDefinitionError`), so a keyword is never silently ignored:

- assertions: ``type``, ``enum``, ``const``, ``required``, ``additionalProperties``,
  ``minItems``, ``maxItems``, ``minLength``, ``maxLength``, ``pattern``, ``minimum``,
  ``maximum``, ``format`` (``date`` and ``date-time``, checked as assertions);
- applicators: ``properties``, ``items``, ``prefixItems``, ``allOf``, ``anyOf``, ``oneOf``,
  ``not``, ``$ref`` (local ``#/$defs/<name>`` only);
- structure and annotations: ``$defs``, ``$schema``, ``$id``, ``$comment``, ``title``,
  ``description``.

Validation never raises on the instance: it returns the violations, each with the JSON
Pointer (RFC 6901) of the failing value. Patterns use Python's :mod:`re` (``search``, not
anchored, as JSON Schema says); the shipped patterns avoid anything where Python and
ECMA-262 differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .errors import InputError

__all__ = ["DRAFT_2020_12", "JsonSchema", "SchemaDefinitionError", "SchemaViolation"]

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "$defs"})
_ASSERTIONS = frozenset(
    {
        "type", "enum", "const", "required", "additionalProperties", "minItems", "maxItems",
        "minLength", "maxLength", "pattern", "format", "minimum", "maximum",
    }
)  # fmt: skip
_APPLICATORS = frozenset(
    {"properties", "items", "prefixItems", "allOf", "anyOf", "oneOf", "not", "$ref"}
)
KEYWORDS = _ANNOTATIONS | _ASSERTIONS | _APPLICATORS
_TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean", "null"})
_FORMATS = frozenset({"date", "date-time"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_DATE_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z", re.ASCII
)
_MAX_DEPTH = 256


class SchemaDefinitionError(InputError):
    """The schema itself is not one this validator accepts (unknown keyword, bad ``$ref``...)."""


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    """One place where the instance does not match the schema.

    Attributes:
        pointer: JSON Pointer of the failing value in the instance (``""`` = the whole).
        keyword: the keyword that failed (``required``, ``type``, ``pattern``...).
        message: a sentence for people.
    """

    pointer: str
    keyword: str
    message: str


def _escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def json_equal(a: Any, b: Any) -> bool:
    """JSON equality: numbers by value, but ``true`` is not ``1``; objects and arrays deeply."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _has_type(value: Any, name: str) -> bool:
    if name == "integer":
        return _is_number(value) and (isinstance(value, int) or float(value).is_integer())
    if name == "number":
        return _is_number(value)
    if name == "null":
        return value is None
    kinds: dict[str, type | tuple[type, ...]] = {
        "object": Mapping,
        "array": list,
        "string": str,
        "boolean": bool,
    }
    return isinstance(value, kinds[name])


def format_ok(name: str, value: Any) -> bool:
    """Whether ``value`` matches ``format`` ``date`` (RFC 3339 full-date) or ``date-time``
    (RFC 3339 date-time, offset required); non-strings pass, as JSON Schema says."""
    if not isinstance(value, str):
        return True
    if name == "date":
        if not _DATE.match(value):
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    match = _DATE_TIME.match(value)
    if match is None:
        return False
    day, hour, minute, second = match.group(1), *map(int, match.group(2, 3, 4))
    try:
        datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}:{min(second, 59):02d}")
    except ValueError:
        return False
    return second <= 60 and _offset_ok(match.group(6))


def _offset_ok(offset: str) -> bool:
    return offset in "Zz" or (int(offset[1:3]) <= 23 and int(offset[4:6]) <= 59)


_TOO_DEEP = SchemaViolation("", "$ref", "the value is nested too deeply to validate")


class JsonSchema:
    """A compiled schema: checked once, then used to validate any number of instances.

    Args:
        schema: the schema document (a JSON object).

    Raises:
        SchemaDefinitionError: a keyword outside the supported set, a ``$ref`` that is not a
            local ``#/$defs/<name>``, an unknown ``format``, a bad ``type``, a bad pattern,
            or a ``$schema`` other than draft 2020-12.
    """

    def __init__(self, schema: Mapping[str, Any]) -> None:
        if not isinstance(schema, Mapping):
            raise SchemaDefinitionError("a schema must be a JSON object")
        declared = schema.get("$schema", DRAFT_2020_12)
        if declared != DRAFT_2020_12:
            raise SchemaDefinitionError(f"only draft 2020-12 is supported, not {declared!r}")
        self.schema = schema
        self.id = schema.get("$id") if isinstance(schema.get("$id"), str) else None
        defs = schema.get("$defs", {})
        if not isinstance(defs, Mapping):
            raise SchemaDefinitionError("$defs must be an object")
        self._defs: Mapping[str, Any] = defs
        self._patterns: dict[str, re.Pattern[str]] = {}
        _Checker(self._defs, self._patterns).check(schema, "#")

    def violations(self, instance: Any) -> tuple[SchemaViolation, ...]:
        """Every violation of ``instance``, in document order; empty when it is valid."""
        try:
            return tuple(self._run(instance))
        except RecursionError:
            return (_TOO_DEEP,)

    def first_violation(self, instance: Any) -> SchemaViolation | None:
        """The first violation of ``instance``, or ``None`` when it is valid."""
        try:
            return next(self._run(instance), None)
        except RecursionError:
            return _TOO_DEEP

    def _run(self, instance: Any) -> Iterator[SchemaViolation]:
        return _Validator(self._defs, self._patterns).run(self.schema, instance, "", 0)

    def is_valid(self, instance: Any) -> bool:
        """Whether ``instance`` is valid."""
        return self.first_violation(instance) is None


class _Checker:
    """Walks a schema once, refusing unsupported keywords and compiling patterns."""

    def __init__(self, defs: Mapping[str, Any], patterns: dict[str, re.Pattern[str]]) -> None:
        self.defs = defs
        self.patterns = patterns

    def check(self, schema: Any, where: str) -> None:
        if isinstance(schema, bool):
            return
        if not isinstance(schema, Mapping):
            raise SchemaDefinitionError(f"{where}: a schema must be an object or a boolean")
        unknown = sorted(set(schema) - KEYWORDS)
        if unknown:
            raise SchemaDefinitionError(f"{where}: unsupported keyword {unknown[0]!r}")
        self._check_values(schema, where)
        for child, path in _subschemas(schema, where):
            self.check(child, path)

    def _check_values(self, schema: Mapping[str, Any], where: str) -> None:
        types = schema.get("type", [])
        for name in types if isinstance(types, list) else [types]:
            if name not in _TYPES:
                raise SchemaDefinitionError(f"{where}: unknown type {name!r}")
        if "format" in schema and schema["format"] not in _FORMATS:
            raise SchemaDefinitionError(f"{where}: unsupported format {schema['format']!r}")
        if "pattern" in schema:
            try:
                self.patterns[schema["pattern"]] = re.compile(schema["pattern"])
            except (re.error, TypeError) as exc:
                raise SchemaDefinitionError(f"{where}: bad pattern: {exc}") from None
        ref = schema.get("$ref")
        if ref is not None and (
            not isinstance(ref, str)
            or not ref.startswith("#/$defs/")
            or ref[len("#/$defs/") :] not in self.defs
        ):
            raise SchemaDefinitionError(f"{where}: $ref must name a local $defs entry: {ref!r}")
        for name in ("required", "enum"):
            if name in schema and not isinstance(schema[name], list):
                raise SchemaDefinitionError(f"{where}: {name} must be an array")


def _subschemas(schema: Mapping[str, Any], where: str) -> Iterator[tuple[Any, str]]:
    for name in ("properties", "$defs"):
        for key, child in dict(schema.get(name, {})).items():
            yield child, f"{where}/{name}/{_escape(key)}"
    for name in ("items", "additionalProperties", "not"):
        if name in schema:
            yield schema[name], f"{where}/{name}"
    for name in ("prefixItems", "allOf", "anyOf", "oneOf"):
        if name not in schema:
            continue
        items = schema[name]
        if not isinstance(items, list) or (name != "prefixItems" and not items):
            raise SchemaDefinitionError(f"{where}/{name} must be a non-empty array")
        for index, child in enumerate(items):
            yield child, f"{where}/{name}/{index}"


class _Validator:
    """One validation run (depth-first, document order)."""

    def __init__(self, defs: Mapping[str, Any], patterns: Mapping[str, re.Pattern[str]]) -> None:
        self.defs = defs
        self.patterns = patterns

    def run(self, schema: Any, value: Any, ptr: str, depth: int) -> Iterator[SchemaViolation]:
        if schema is True:
            return
        if schema is False:
            yield SchemaViolation(ptr, "false", "no value is allowed here")
            return
        if depth > _MAX_DEPTH:
            yield SchemaViolation(ptr, "$ref", "schema nesting too deep")
            return
        if "$ref" in schema:
            ref = self.defs[schema["$ref"][len("#/$defs/") :]]
            yield from self.run(ref, value, ptr, depth + 1)
        yield from _assertions(schema, value, ptr, self.patterns)
        yield from self._combinators(schema, value, ptr, depth)
        if isinstance(value, Mapping):
            yield from self._object(schema, value, ptr, depth)
        elif isinstance(value, list):
            yield from self._array(schema, value, ptr, depth)

    def _valid(self, schema: Any, value: Any, ptr: str, depth: int) -> bool:
        return next(self.run(schema, value, ptr, depth + 1), None) is None

    def _combinators(
        self, schema: Mapping[str, Any], value: Any, ptr: str, depth: int
    ) -> Iterator[SchemaViolation]:
        for sub in schema.get("allOf", []):
            yield from self.run(sub, value, ptr, depth + 1)
        if "anyOf" in schema and not any(
            self._valid(s, value, ptr, depth) for s in schema["anyOf"]
        ):
            yield SchemaViolation(ptr, "anyOf", "the value matches none of the alternatives")
        if "oneOf" in schema:
            matched = sum(self._valid(s, value, ptr, depth) for s in schema["oneOf"])
            if matched != 1:
                yield SchemaViolation(ptr, "oneOf", f"the value matches {matched} alternatives")
        if "not" in schema and self._valid(schema["not"], value, ptr, depth):
            yield SchemaViolation(ptr, "not", "the value matches a forbidden schema")

    def _object(
        self, schema: Mapping[str, Any], value: Mapping[str, Any], ptr: str, depth: int
    ) -> Iterator[SchemaViolation]:
        for name in schema.get("required", []):
            if name not in value:
                yield SchemaViolation(ptr, "required", f"{name!r} is required")
        props: Mapping[str, Any] = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            where = f"{ptr}/{_escape(key)}"
            if key not in props and extra is False:
                yield SchemaViolation(where, "additionalProperties", f"{key!r} is not allowed")
                continue
            yield from self.run(props.get(key, extra), item, where, depth + 1)

    def _array(
        self, schema: Mapping[str, Any], value: list[Any], ptr: str, depth: int
    ) -> Iterator[SchemaViolation]:
        prefix: Sequence[Any] = schema.get("prefixItems", [])
        for index, item in enumerate(value):
            sub = prefix[index] if index < len(prefix) else schema.get("items", True)
            yield from self.run(sub, item, f"{ptr}/{index}", depth + 1)


def _assertions(
    schema: Mapping[str, Any], value: Any, ptr: str, patterns: Mapping[str, re.Pattern[str]]
) -> Iterator[SchemaViolation]:
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_has_type(value, t) for t in types):
            yield SchemaViolation(ptr, "type", f"expected {' or '.join(types)}")
            return
    if "const" in schema and not json_equal(value, schema["const"]):
        yield SchemaViolation(ptr, "const", "the value is not the required constant")
    if "enum" in schema and not any(json_equal(value, e) for e in schema["enum"]):
        yield SchemaViolation(ptr, "enum", "the value is not one of the allowed values")
    yield from _sized(schema, value, ptr)
    if isinstance(value, str):
        pattern = patterns.get(schema.get("pattern", ""))
        if "pattern" in schema and (pattern is None or not pattern.search(value)):
            yield SchemaViolation(ptr, "pattern", "the text does not match the pattern")
        if "format" in schema and not format_ok(schema["format"], value):
            yield SchemaViolation(ptr, "format", f"not a valid {schema['format']}")


def _sized(schema: Mapping[str, Any], value: Any, ptr: str) -> Iterator[SchemaViolation]:
    size = len(value) if isinstance(value, str | list) else None
    kinds = ("minLength", "maxLength") if isinstance(value, str) else ("minItems", "maxItems")
    if size is not None:
        low, high = kinds
        if low in schema and size < schema[low]:
            yield SchemaViolation(ptr, low, f"{low} is {schema[low]}")
        if high in schema and size > schema[high]:
            yield SchemaViolation(ptr, high, f"{high} is {schema[high]}")
    if _is_number(value):
        if "minimum" in schema and value < schema["minimum"]:
            yield SchemaViolation(ptr, "minimum", f"minimum is {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            yield SchemaViolation(ptr, "maximum", f"maximum is {schema['maximum']}")
