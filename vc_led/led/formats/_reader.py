"""A strict reader for JSON-shaped input that fails with a stable code and a field path."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ...errors import VcLedError
from ..issues import IssueCode
from ..values import PseudoKind, PseudoValue, Text, parse_text

__all__ = ["FieldError", "ObjectReader", "snake"]

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
_WHITESPACE = re.compile(r"\s+")


def snake(key: str) -> str:
    """``issueDate`` → ``issue_date`` (field paths use the Python attribute names)."""
    return _CAMEL.sub(r"_\1", key).lower()


class FieldError(VcLedError):
    """One field could not be read. Internal: importers turn it into a RecordIssue."""

    def __init__(self, code: IssueCode, field: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message


class ObjectReader:
    """Typed access to one JSON object; unknown keys are an error (they hide typos)."""

    def __init__(self, data: object, path: str, allowed: frozenset[str]) -> None:
        if not isinstance(data, Mapping):
            raise FieldError(IssueCode.RECORD_WRONG_TYPE, path, "expected an object")
        self._data: Mapping[str, object] = data
        self._path = path
        unknown = sorted(set(data) - allowed)
        if unknown:
            where = self.field(unknown[0]) if path else unknown[0]
            raise FieldError(IssueCode.RECORD_UNKNOWN_FIELD, where, f"unknown field {unknown[0]!r}")

    def field(self, key: str) -> str:
        """The English attribute path of ``key`` inside this object."""
        return f"{self._path}.{snake(key)}" if self._path else snake(key)

    def raw(self, key: str) -> object:
        """The value, or None when the key is absent or null."""
        return self._data.get(key)

    def _required(self, key: str) -> object:
        value = self._data.get(key)
        if value is None:
            raise FieldError(IssueCode.RECORD_MISSING_FIELD, self.field(key), f"{key!r} is missing")
        return value

    def text(self, key: str) -> Text:
        """A required :data:`Text` (plain string or pseudo-value object)."""
        return self._text(key, self._required(key))

    def opt_text(self, key: str) -> Text | None:
        """An optional :data:`Text`."""
        value = self._data.get(key)
        return None if value is None else self._text(key, value)

    def _text(self, key: str, value: object) -> Text:
        if isinstance(value, Mapping):
            return self._pseudo(key, value)
        if not isinstance(value, str):
            raise FieldError(IssueCode.RECORD_WRONG_TYPE, self.field(key), "expected a string")
        text = parse_text(value)
        if text == "":
            raise FieldError(IssueCode.RECORD_EMPTY_TEXT, self.field(key), "empty text")
        return text

    def _pseudo(self, key: str, value: Mapping[str, object]) -> PseudoValue:
        try:
            return PseudoValue(PseudoKind(str(value.get("pseudo"))), str(value.get("text")))
        except ValueError:
            raise FieldError(
                IssueCode.RECORD_BAD_VALUE, self.field(key), "not a valid pseudo-value object"
            ) from None

    def plain(self, key: str) -> str:
        """A required string, whitespace collapsed; pseudo-values are not recognised."""
        return self._plain(key, self._required(key))

    def opt_plain(self, key: str) -> str | None:
        """An optional string."""
        value = self._data.get(key)
        return None if value is None else self._plain(key, value)

    def _plain(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise FieldError(IssueCode.RECORD_WRONG_TYPE, self.field(key), "expected a string")
        text = _WHITESPACE.sub(" ", value).strip()
        if not text:
            raise FieldError(IssueCode.RECORD_EMPTY_TEXT, self.field(key), "empty text")
        return text

    def integer(self, key: str) -> int:
        """A required integer (booleans are refused)."""
        value = self._required(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(IssueCode.RECORD_WRONG_TYPE, self.field(key), "expected an integer")
        return value

    def opt_integer(self, key: str) -> int | None:
        """An optional integer."""
        return None if self._data.get(key) is None else self.integer(key)

    def opt_boolean(self, key: str) -> bool | None:
        """An optional boolean."""
        value = self._data.get(key)
        if value is not None and not isinstance(value, bool):
            raise FieldError(IssueCode.RECORD_WRONG_TYPE, self.field(key), "expected a boolean")
        return value

    def obj(self, key: str, allowed: frozenset[str]) -> ObjectReader:
        """A required nested object."""
        return ObjectReader(self._required(key), self.field(key), allowed)

    def opt_obj(self, key: str, allowed: frozenset[str]) -> ObjectReader | None:
        """An optional nested object."""
        value = self._data.get(key)
        return None if value is None else ObjectReader(value, self.field(key), allowed)

    def items(self, key: str, allowed: frozenset[str]) -> list[ObjectReader]:
        """An optional list of objects (absent = empty)."""
        value = self._data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise FieldError(IssueCode.RECORD_WRONG_TYPE, self.field(key), "expected a list")
        return [ObjectReader(item, self.field(key), allowed) for item in value]
