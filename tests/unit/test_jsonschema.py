"""The strict JSON Schema (draft 2020-12) validator: every supported keyword, cross-checked
against the ``jsonschema`` package; unsupported keywords and remote references refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from vc_led._jsonschema import JsonSchema, SchemaDefinitionError, format_ok, json_equal

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# (schema, valid instances, invalid instances)
TABLE: list[tuple[dict[str, Any], list[Any], list[Any]]] = [
    ({"type": "string"}, ["", "a"], [1, None, [], {}, True]),
    ({"type": "integer"}, [0, -3, 2.0], [1.5, "1", True, None]),
    ({"type": "number"}, [0, 1.5, -2], ["1", False, None]),
    ({"type": "boolean"}, [True, False], [0, 1, "true", None]),
    ({"type": "null"}, [None], [0, "", False]),
    ({"type": "array"}, [[], [1]], [{}, "[]"]),
    ({"type": "object"}, [{}, {"a": 1}], [[], "x"]),
    ({"type": ["string", "null"]}, ["x", None], [1]),
    ({"enum": ["a", 1, None]}, ["a", 1, 1.0, None], ["b", True, 2]),
    ({"const": False}, [False], [0, None, True]),
    ({"const": 1}, [1, 1.0], [True, "1"]),
    ({"const": ["A", "B"]}, [["A", "B"]], [["B", "A"], ["A"], "A"]),
    ({"const": {"a": [1]}}, [{"a": [1]}], [{"a": [True]}, {"a": [1], "b": 2}]),
    (
        {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
        [{"a": "x"}, {"a": "x", "b": 1}],
        [{}, {"a": 1}, {"b": "x"}],
    ),
    (
        {"properties": {"a": {"type": "integer"}}, "additionalProperties": False},
        [{}, {"a": 1}, [], "not an object"],
        [{"b": 1}, {"a": "x"}],
    ),
    (
        {"properties": {"a": True}, "additionalProperties": {"type": "integer"}},
        [{"a": "x", "b": 1}],
        [{"b": "x"}],
    ),
    ({"items": {"type": "integer"}}, [[], [1, 2], "x"], [[1, "2"]]),
    (
        {"prefixItems": [{"const": "A"}, {"type": "integer"}], "items": {"const": "Z"}},
        [[], ["A"], ["A", 3], ["A", 3, "Z", "Z"]],
        [["B"], ["A", "x"], ["A", 3, "Y"]],
    ),
    ({"prefixItems": [{"const": 1}]}, [[1, "anything"]], [[2]]),
    ({"minItems": 1, "maxItems": 2}, [[1], [1, 2], "xyz"], [[], [1, 2, 3]]),
    ({"minLength": 2, "maxLength": 3}, ["ab", "abc", "é😀", 5], ["a", "abcd"]),
    ({"pattern": "^[0-9]{3}$"}, ["123", 5], ["1234", "12a"]),
    ({"pattern": "b"}, ["abc"], ["xyz"]),
    ({"minimum": 1, "maximum": 3}, [1, 3, 2.5, "x"], [0, 3.5]),
    ({"format": "date"}, ["2024-02-29", 7], ["2023-02-29", "2024-2-1", "2024-01-01T00:00:00Z"]),
    (
        {"format": "date-time"},
        ["2024-01-01T00:00:00Z", "2024-01-01t10:11:12.5+02:00", "1998-12-31T23:59:60Z"],
        [
            "2024-01-01T00:00:00",
            "2024-01-01 00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T25:00:00Z",
        ],
    ),
    ({"allOf": [{"type": "integer"}, {"minimum": 2}]}, [2, 3], [1, "2"]),
    ({"anyOf": [{"type": "integer"}, {"const": "x"}]}, [1, "x"], ["y"]),
    ({"oneOf": [{"type": "integer"}, {"minimum": 2}]}, [1, 2.5, "x"], [3]),
    ({"not": {"type": "string"}}, [1, None], ["s"]),
    (
        {"$defs": {"n": {"type": "integer"}}, "properties": {"a": {"$ref": "#/$defs/n"}}},
        [{"a": 1}],
        [{"a": "1"}],
    ),
    ({"$ref": "#/$defs/s", "$defs": {"s": {"type": "string"}}, "minLength": 2}, ["ab"], ["a", 1]),
    (
        {
            "$defs": {"list": {"type": "array", "items": {"$ref": "#/$defs/list"}}},
            "$ref": "#/$defs/list",
        },
        [[], [[], [[]]]],
        [[1], [[[], 2]]],
    ),
    ({"title": "t", "description": "d", "$comment": "c", "$id": "https://x/y"}, [1, "a"], []),
    (True, [1, "x", None], []),
    (False, [], [1, None]),
]

_DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)


def reference(schema: Any) -> Draft202012Validator:
    checker = FormatChecker(formats=["date"])
    checker.checks("date-time")(lambda v: not isinstance(v, str) or bool(_DATE_TIME.match(v)))
    return Draft202012Validator(schema, format_checker=checker)


def _wrap(schema: Any) -> Any:
    return schema if isinstance(schema, bool) else {"$schema": DRAFT, **schema}


@pytest.mark.parametrize(("schema", "valid", "invalid"), TABLE)
def test_keyword_agrees_with_jsonschema(schema: Any, valid: list[Any], invalid: list[Any]) -> None:
    ours = JsonSchema(_wrap(schema)) if not isinstance(schema, bool) else None
    theirs = reference(_wrap(schema))
    for instance in valid:
        assert theirs.is_valid(instance), ("reference rejects", schema, instance)
        assert ours is None or ours.is_valid(instance), (schema, instance)
    for instance in invalid:
        assert not theirs.is_valid(instance), ("reference accepts", schema, instance)
        assert ours is None or not ours.is_valid(instance), (schema, instance)


@pytest.mark.parametrize(
    "schema",
    [
        {"contains": {"const": 1}},
        {"patternProperties": {"a": True}},
        {"if": True, "then": True},
        {"unevaluatedProperties": False},
        {"dependentRequired": {"a": ["b"]}},
        {"format": "email"},
        {"$ref": "https://example.com/schema.json"},
        {"$ref": "#/definitions/x", "definitions": {"x": True}},
        {"$ref": "#/$defs/missing"},
        {"properties": {"a": {"exclusiveMinimum": 1}}},
        {"$defs": {"x": {"uniqueItems": True}}},
        {"type": "text"},
        {"pattern": "("},
        {"anyOf": []},
        {"default": 1},
    ],
)
def test_unsupported_schema_is_refused(schema: dict[str, Any]) -> None:
    with pytest.raises(SchemaDefinitionError):
        JsonSchema(_wrap(schema))


def test_other_drafts_are_refused() -> None:
    with pytest.raises(SchemaDefinitionError):
        JsonSchema({"$schema": "http://json-schema.org/draft-07/schema#"})


def test_violations_carry_json_pointers_in_document_order() -> None:
    schema = JsonSchema(
        {
            "properties": {
                "a/b": {"type": "integer"},
                "list": {"items": {"properties": {"x~y": {"const": 1}}}},
            },
            "required": ["z"],
            "additionalProperties": False,
        }
    )
    doc = {"a/b": "no", "list": [{"x~y": 1}, {"x~y": 2}], "extra": 1}
    found = [(v.pointer, v.keyword) for v in schema.violations(doc)]
    assert found == [
        ("", "required"),
        ("/a~1b", "type"),
        ("/list/1/x~0y", "const"),
        ("/extra", "additionalProperties"),
    ]
    first = schema.first_violation(doc)
    assert first is not None and first.pointer == ""


def test_json_equality_keeps_booleans_apart_from_numbers() -> None:
    assert json_equal(1, 1.0) and json_equal([1, {"a": 2}], [1.0, {"a": 2.0}])
    assert not json_equal(True, 1) and not json_equal(0, False) and not json_equal("1", 1)
    assert not json_equal({"a": 1}, {"a": 1, "b": 2})


def test_formats_are_assertions() -> None:
    assert format_ok("date-time", "2026-01-01T00:00:00+01:00")
    assert not format_ok("date-time", "2026-01-01T00:00:00+24:00")
    assert not format_ok("date-time", "2026-02-30T00:00:00Z")
    assert format_ok("date", "2026-01-31") and not format_ok("date", "2026-01-32")
    assert format_ok("date", 12) and format_ok("date-time", None)


def test_deeply_nested_instance_does_not_raise() -> None:
    schema = JsonSchema({"$defs": {"n": {"items": {"$ref": "#/$defs/n"}}}, "$ref": "#/$defs/n"})
    deep: Any = []
    for _ in range(60):
        deep = [deep]
    assert schema.is_valid(deep)
    for _ in range(5000):
        deep = [deep]
    violation = schema.first_violation(deep)
    assert violation is not None and violation.keyword == "$ref"
    assert schema.violations(deep)
