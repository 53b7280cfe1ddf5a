"""The ``structure`` check: parsing under limits and the VC/VP data-model shape (1.1 and 2.0)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ._jsontext import loads_bounded
from ._related import check_related_resources
from ._time import parse_datetime_stamp
from .errors import DocumentError
from .jsonld.canon import V1_CONTEXT, V2_CONTEXT
from .limits import Limits, json_depth, json_values
from .results import ErrorCode

__all__ = [
    "check_credential_shape",
    "check_presentation_shape",
    "is_presentation",
    "is_url",
    "parse_document",
]

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*\Z")
_TYPED = ("credentialStatus", "credentialSchema", "evidence", "termsOfUse", "refreshService")


def is_url(value: object) -> bool:
    """True for an absolute URL/IRI with a scheme and no whitespace."""
    return isinstance(value, str) and bool(_URL.match(value))


def parse_document(data: Any, limits: Limits) -> dict[str, Any]:
    """Parse and bound a document given as ``str``, ``bytes`` or a mapping.

    Raises:
        DocumentError: ``structure.malformed_json``, ``structure.not_an_object``,
            ``structure.too_large``, ``structure.too_deep`` or ``structure.too_many_values``.
    """
    measured = isinstance(data, bytes | bytearray | str)
    if measured:
        data = _loads(data, limits)
    if not isinstance(data, Mapping):
        raise DocumentError(ErrorCode.STRUCTURE_NOT_AN_OBJECT, "document must be a JSON object")
    if json_depth(data, limit=limits.max_depth) > limits.max_depth:
        raise DocumentError(
            ErrorCode.STRUCTURE_TOO_DEEP,
            "document is nested too deeply",
            {"limit": limits.max_depth},
        )
    if json_values(data, limit=limits.max_values) > limits.max_values:
        raise DocumentError(
            ErrorCode.STRUCTURE_TOO_MANY_VALUES,
            "document holds too many values",
            {"limit": limits.max_values},
        )
    doc = dict(data)
    if _size_of(doc) > limits.max_bytes and not measured:
        raise DocumentError(
            ErrorCode.STRUCTURE_TOO_LARGE, "document is too large", {"limit": limits.max_bytes}
        )
    return doc


def _loads(data: bytes | bytearray | str, limits: Limits) -> Any:
    size = len(
        data if isinstance(data, bytes | bytearray) else data.encode("utf-8", "surrogatepass")
    )
    if size > limits.max_bytes:
        raise DocumentError(
            ErrorCode.STRUCTURE_TOO_LARGE,
            "document is too large",
            {"bytes": size, "limit": limits.max_bytes},
        )
    return loads_bounded(data, max_depth=limits.max_depth)


def _size_of(data: dict[str, Any]) -> int:
    """UTF-8 size of the compact serialization; refuses non-JSON values and lone surrogates."""
    try:
        return len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except (TypeError, ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        raise DocumentError(
            ErrorCode.STRUCTURE_MALFORMED_JSON, "document holds values that are not JSON"
        ) from None


def _fail(code: ErrorCode, message: str) -> DocumentError:
    return DocumentError(code, message)


def _types(doc: Mapping[str, Any]) -> list[Any]:
    value = doc.get("type")
    return value if isinstance(value, list) else [value]


def is_presentation(doc: Mapping[str, Any]) -> bool:
    """Whether a parsed document says it is a presentation (``type`` includes
    ``VerifiablePresentation``): how the presentation format and signing tell it apart."""
    return "VerifiablePresentation" in _types(doc)


def base_version(doc: Mapping[str, Any]) -> int:
    """1 or 2, from the first ``@context`` entry.

    Raises:
        DocumentError: ``structure.missing_context`` or ``structure.invalid_base_context``.
    """
    ctx = doc.get("@context")
    if ctx is None:
        raise _fail(ErrorCode.STRUCTURE_MISSING_CONTEXT, "@context is missing")
    first = ctx[0] if isinstance(ctx, list) and ctx else ctx
    if first == V2_CONTEXT:
        return 2
    if first == V1_CONTEXT:
        return 1
    raise _fail(
        ErrorCode.STRUCTURE_INVALID_BASE_CONTEXT,
        "the first @context must be the VC 2.0 (or 1.1) base context",
    )


def _check_common(doc: Mapping[str, Any], wanted: str, code: ErrorCode) -> int:
    version = base_version(doc)
    if "type" not in doc:
        raise _fail(ErrorCode.STRUCTURE_MISSING_TYPE, "type is missing")
    if wanted not in _types(doc) or not all(isinstance(t, str) for t in _types(doc)):
        raise _fail(code, f"type must include {wanted}")
    if "id" in doc and not is_url(doc["id"]):
        raise _fail(ErrorCode.STRUCTURE_INVALID_ID, "id must be a URL")
    return version


def check_credential_shape(doc: Mapping[str, Any]) -> int:
    """Check the VC data-model shape; return the base version (1 or 2).

    Raises:
        DocumentError: with a ``structure.*`` code.
    """
    version = _check_common(doc, "VerifiableCredential", ErrorCode.STRUCTURE_NOT_A_CREDENTIAL)
    _check_issuer(doc)
    _check_subject(doc)
    _check_dates(doc, version)
    for name in _TYPED:
        _check_typed(doc, name)
    check_related_resources(doc)  # VC 2.0 §5.3 (vc_led._related)
    return version


def _check_issuer(doc: Mapping[str, Any]) -> None:
    issuer = doc.get("issuer")
    if issuer is None:
        raise _fail(ErrorCode.STRUCTURE_MISSING_ISSUER, "issuer is missing")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if not is_url(issuer_id):
        raise _fail(
            ErrorCode.STRUCTURE_INVALID_ISSUER, "issuer must be a URL or an object with an id URL"
        )


def _check_subject(doc: Mapping[str, Any]) -> None:
    subject = doc.get("credentialSubject")
    if subject is None:
        raise _fail(ErrorCode.STRUCTURE_MISSING_SUBJECT, "credentialSubject is missing")
    subjects = subject if isinstance(subject, list) else [subject]
    if not subjects or not all(isinstance(s, Mapping) and s for s in subjects):
        raise _fail(
            ErrorCode.STRUCTURE_INVALID_SUBJECT, "credentialSubject must be one or more objects"
        )
    for item in subjects:
        if "id" in item and not is_url(item["id"]):
            raise _fail(ErrorCode.STRUCTURE_INVALID_SUBJECT, "credentialSubject id must be a URL")


def _check_dates(doc: Mapping[str, Any], version: int) -> None:
    names = ("validFrom", "validUntil") if version == 2 else ("issuanceDate", "expirationDate")
    if version == 1 and "issuanceDate" not in doc:
        raise _fail(ErrorCode.STRUCTURE_INVALID_DATE, "a VC 1.1 credential needs issuanceDate")
    for name in names:
        if name in doc and parse_datetime_stamp(doc[name]) is None:
            raise _fail(
                ErrorCode.STRUCTURE_INVALID_DATE,
                f"{name} must be a date-time with a timezone (XML Schema dateTimeStamp)",
            )


def _check_typed(doc: Mapping[str, Any], name: str) -> None:
    if name not in doc:
        return
    items = doc[name] if isinstance(doc[name], list) else [doc[name]]
    code = {
        "credentialStatus": ErrorCode.STRUCTURE_INVALID_STATUS,
        "credentialSchema": ErrorCode.STRUCTURE_INVALID_SCHEMA_REF,
    }.get(name, ErrorCode.STRUCTURE_INVALID_TYPED_OBJECT)
    for item in items:
        if not isinstance(item, Mapping) or not item.get("type"):
            raise _fail(code, f"every {name} entry must be an object with a type")
        if name == "credentialSchema" and not is_url(item.get("id")):
            raise _fail(code, "every credentialSchema entry needs an id URL")
        if "id" in item and not is_url(item["id"]):
            raise _fail(code, f"{name} id must be a URL")


def check_presentation_shape(doc: Mapping[str, Any]) -> int:
    """Check the VP data-model shape; return the base version.

    Raises:
        DocumentError: with a ``structure.*`` code.
    """
    version = _check_common(doc, "VerifiablePresentation", ErrorCode.STRUCTURE_NOT_A_PRESENTATION)
    holder = doc.get("holder")
    holder_id = holder.get("id") if isinstance(holder, Mapping) else holder
    if holder is not None and not is_url(holder_id):
        raise _fail(
            ErrorCode.STRUCTURE_INVALID_HOLDER, "holder must be a URL or an object with an id"
        )
    creds = doc.get("verifiableCredential", [])
    for cred in creds if isinstance(creds, list) else [creds]:
        if not isinstance(cred, Mapping):
            raise _fail(
                ErrorCode.STRUCTURE_INVALID_EMBEDDED_CREDENTIAL,
                "verifiableCredential entries must be objects",
            )
    check_related_resources(doc)  # VC 2.0 §5.3 (vc_led._related)
    return version
