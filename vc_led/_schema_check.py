"""``credentialSchema`` checks: the JSON Schemas vc-led ships, at issuance and in ``structure``.

A credential's ``credentialSchema`` entries of type ``JsonSchema`` whose ``id`` is a schema
vc-led ships (``vc_led/led/schemas/*.json``, keyed by ``$id``) are validated with
:class:`vc_led._jsonschema.JsonSchema`:

- a violation fails ``structure`` with ``structure.schema_invalid`` (details: the schema id, the
  JSON Pointer of the first failing value and the keyword);
- an entry whose ``id`` is not shipped is **not fatal**: nothing is fetched, the id is reported
  in the details (``unknown_schema``) and the check passes; with
  ``VerificationPolicy(require_known_schema=True)`` it is ``indeterminate``
  (``structure.schema_unavailable``) instead;
- entries of other types (``1EdTechJsonSchemaValidator2019``...) are reported the same way.

The passed ``structure`` check's details also say which ``relatedResource`` digests were
checked and which resources were not (:mod:`vc_led._related`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._jsonschema import JsonSchema, SchemaViolation
from ._related import related_resource_details
from .errors import SigningError
from .results import CheckResult, CheckStatus, ErrorCode

__all__ = [
    "SCHEMA_TYPE",
    "check_schemas",
    "shipped_schemas",
    "validate_with_schema",
]

SCHEMA_TYPE = "JsonSchema"
_SCHEMA_DIR = Path(__file__).resolve().parent / "led" / "schemas"


@functools.cache
def shipped_schemas() -> Mapping[str, JsonSchema]:
    """``$id`` -> compiled schema, for every schema in ``vc_led/led/schemas/`` (loaded once)."""
    out: dict[str, JsonSchema] = {}
    for path in sorted(_SCHEMA_DIR.glob("*.json")):
        schema = JsonSchema(json.loads(path.read_text(encoding="utf-8")))
        if schema.id is not None:
            out[schema.id] = schema
    return out


def _entries(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    value = doc.get("credentialSchema")
    items = value if isinstance(value, list) else [] if value is None else [value]
    return [item for item in items if isinstance(item, Mapping)]


def _types(entry: Mapping[str, Any]) -> list[Any]:
    value = entry.get("type")
    return value if isinstance(value, list) else [value]


def _violation_details(schema_id: str, violation: SchemaViolation) -> dict[str, str | int]:
    return {
        "schema": schema_id[:200],
        "pointer": violation.pointer[:200] or "/",
        "keyword": violation.keyword,
    }


def check_schemas(doc: Mapping[str, Any], *, require_known: bool = False) -> CheckResult:
    """The schema part of the ``structure`` check (the data-model shape already passed).

    Args:
        doc: the parsed credential (with or without its proof).
        require_known: make an unknown schema ``indeterminate`` instead of reporting it.

    Returns:
        A ``structure`` :class:`CheckResult`: ``passed`` (details list what was validated and
        what was unknown, schemas and ``relatedResource`` digests), ``failed`` with
        ``structure.schema_invalid``, or ``indeterminate`` with
        ``structure.schema_unavailable``. Never raises on the document's content.
    """
    known = shipped_schemas()
    checked: list[str] = []
    unknown: list[str] = []
    for entry in _entries(doc):
        schema_id = entry.get("id")
        schema = known.get(schema_id) if isinstance(schema_id, str) else None
        if schema is None or SCHEMA_TYPE not in _types(entry):
            unknown.append(str(schema_id)[:200])
            continue
        violation = schema.first_violation(doc)
        if violation is not None:
            return CheckResult(
                "structure",
                CheckStatus.FAILED,
                ErrorCode.STRUCTURE_SCHEMA_INVALID,
                f"the credential does not match its schema: {violation.message}",
                _violation_details(str(schema_id), violation),
            )
        checked.append(str(schema_id))
    details: dict[str, str | int] = related_resource_details(doc)
    if checked:
        details["schemas_checked"] = " ".join(checked)
    if unknown:
        details["unknown_schema"] = " ".join(unknown)
        if require_known:
            return CheckResult(
                "structure",
                CheckStatus.INDETERMINATE,
                ErrorCode.STRUCTURE_SCHEMA_UNAVAILABLE,
                "the credential names a schema that is not available offline",
                details,
            )
    return CheckResult("structure", CheckStatus.PASSED, None, "", details)


def validate_with_schema(doc: Mapping[str, Any], schema_id: str) -> None:
    """Validate ``doc`` against the shipped schema ``schema_id`` before it is signed.

    Args:
        doc: the unsigned credential.
        schema_id: the ``$id`` of a shipped schema.

    Raises:
        SigningError: ``structure.schema_invalid`` (details: schema, pointer, keyword), or
            ``structure.schema_unavailable`` when no such schema is shipped.
    """
    schema = shipped_schemas().get(schema_id)
    if schema is None:
        raise SigningError(
            ErrorCode.STRUCTURE_SCHEMA_UNAVAILABLE,
            f"no schema {schema_id!r} is shipped",
            {"schema": schema_id[:200]},
        )
    violation = schema.first_violation(doc)
    if violation is not None:
        raise SigningError(
            ErrorCode.STRUCTURE_SCHEMA_INVALID,
            f"the credential does not match its schema at {violation.pointer or '/'}: "
            f"{violation.message}",
            _violation_details(schema_id, violation),
        )
