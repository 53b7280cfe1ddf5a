"""The JSON form of a :class:`TrustRegistry`: the ``credentialSubject`` of the signed trust list
(terms of ``https://w3id.org/vc-led/trust/v1``), also usable as a plain JSON file::

    {"type": "LedTrustList",
     "accreditedIssuer": [
       {"type": "AccreditedIssuer", "id": "did:web:led.example", "name": "...",
        "supplierRole": "Register", "issuerStatus": "active", "signsOnBehalf": true,
        "verificationKey": [{"type": "AccreditedKey", "id": "did:web:led.example#key-1",
                             "activeFrom": "2025-01-01T00:00:00Z", "retiredAt": null}]},
       {"type": "AccreditedIssuer", "name": "Hoger onderwijs", "supplierRole": "Leverancier",
        "issuerStatus": "active", "alternativeName": [...],
        "accreditationScope": [{"type": "AccreditationScope", "description": "...",
          "credentialType": [...], "ledCategory": ["Hoger onderwijs"],
          "coverageStart": "1999-09-01", "selfDeclared": false}]}]}

Reading is strict: a malformed registry is a configuration error, never half-loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from .._time import format_datetime, parse_datetime_stamp
from ..errors import ConfigurationError
from .model import AccreditationScope, AccreditedIssuer, IssuerKey, IssuerStatus, TrustRegistry

__all__ = ["registry_from_dict", "registry_from_json", "registry_to_dict", "registry_to_json"]

LIST_TYPE = "LedTrustList"
MAX_ISSUERS = 10_000


def _sorted(values: frozenset[str]) -> list[str]:
    return sorted(values)


def _scope_to_dict(scope: AccreditationScope) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "AccreditationScope"}
    if scope.description:
        out["description"] = scope.description
    out["credentialType"] = _sorted(scope.credential_types)
    out["ledCategory"] = _sorted(scope.categories)
    if scope.coverage_start is not None:
        out["coverageStart"] = scope.coverage_start.isoformat()
    out["selfDeclared"] = scope.self_declared
    return out


def _key_to_dict(key: IssuerKey) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "AccreditedKey", "id": key.id}
    if key.valid_from is not None:
        out["activeFrom"] = format_datetime(key.valid_from)
    if key.retired_at is not None:
        out["retiredAt"] = format_datetime(key.retired_at)
    return out


def _issuer_to_dict(issuer: AccreditedIssuer) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "AccreditedIssuer"}
    if issuer.did:
        out["id"] = issuer.did
    out |= {"name": issuer.name, "supplierRole": issuer.role, "issuerStatus": issuer.status.value}
    if issuer.aliases:
        out["alternativeName"] = _sorted(issuer.aliases)
    out["signsOnBehalf"] = issuer.signs_on_behalf
    out["accreditationScope"] = [_scope_to_dict(s) for s in issuer.scopes]
    if issuer.keys:
        out["verificationKey"] = [_key_to_dict(k) for k in issuer.keys]
    return out


def registry_to_dict(registry: TrustRegistry) -> dict[str, Any]:
    """The JSON form of ``registry`` (see the module docstring)."""
    return {
        "type": LIST_TYPE,
        "accreditedIssuer": [_issuer_to_dict(i) for i in registry.issuers],
    }


def registry_to_json(registry: TrustRegistry) -> str:
    """``registry_to_dict`` as indented JSON text (UTF-8 characters kept)."""
    return json.dumps(registry_to_dict(registry), indent=2, ensure_ascii=False) + "\n"


def _bad(message: str) -> ConfigurationError:
    return ConfigurationError(f"trust registry: {message}")


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_ISSUERS:
        raise _bad(f"too many {what}")
    return items


def _str(obj: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    value = obj.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise _bad(f"{name} must be a non-empty string")
    return value


def _strs(obj: Mapping[str, Any], name: str) -> frozenset[str]:
    items = _list(obj.get(name), name)
    if not all(isinstance(i, str) and i for i in items):
        raise _bad(f"{name} must hold strings")
    return frozenset(items)


def _bool(obj: Mapping[str, Any], name: str) -> bool:
    value = obj.get(name, False)
    if not isinstance(value, bool):
        raise _bad(f"{name} must be true or false")
    return value


def _object(value: Any, kind: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or kind not in _list(value.get("type"), "types"):
        raise _bad(f"expected an object of type {kind}")
    return value


def _scope(value: Any) -> AccreditationScope:
    obj = _object(value, "AccreditationScope")
    start = _str(obj, "coverageStart")
    try:
        coverage = date.fromisoformat(start) if start is not None else None
    except ValueError:
        raise _bad(f"coverageStart {str(start)[:20]!r} is not a date") from None
    return AccreditationScope(
        description=_str(obj, "description") or "",
        credential_types=_strs(obj, "credentialType"),
        categories=_strs(obj, "ledCategory"),
        coverage_start=coverage,
        self_declared=_bool(obj, "selfDeclared"),
    )


def _moment(obj: Mapping[str, Any], name: str) -> Any:
    text = _str(obj, name)
    moment = parse_datetime_stamp(text) if text is not None else None
    if text is not None and moment is None:
        raise _bad(f"{name} must be a dateTimeStamp")
    return moment


def _key(value: Any) -> IssuerKey:
    obj = _object(value, "AccreditedKey")
    return IssuerKey(
        id=str(_str(obj, "id", required=True)),
        valid_from=_moment(obj, "activeFrom"),
        retired_at=_moment(obj, "retiredAt"),
    )


def _issuer(value: Any) -> AccreditedIssuer:
    obj = _object(value, "AccreditedIssuer")
    status = _str(obj, "issuerStatus") or IssuerStatus.ACTIVE.value
    if status not in {s.value for s in IssuerStatus}:
        raise _bad(f"unknown issuerStatus {status[:20]!r}")
    return AccreditedIssuer(
        name=str(_str(obj, "name", required=True)),
        did=_str(obj, "id"),
        role=_str(obj, "supplierRole") or "Leverancier",
        aliases=_strs(obj, "alternativeName"),
        scopes=tuple(_scope(s) for s in _list(obj.get("accreditationScope"), "scopes")),
        status=IssuerStatus(status),
        keys=tuple(_key(k) for k in _list(obj.get("verificationKey"), "keys")),
        signs_on_behalf=_bool(obj, "signsOnBehalf"),
    )


def registry_from_dict(data: Mapping[str, Any]) -> TrustRegistry:
    """Read the JSON form (a trust list credential's ``credentialSubject``).

    Args:
        data: the parsed JSON object.

    Returns:
        The registry.

    Raises:
        ConfigurationError: when it is not a well-formed trust list.
    """
    obj = _object(data, LIST_TYPE)
    return TrustRegistry(_issuer(i) for i in _list(obj.get("accreditedIssuer"), "issuers"))


def registry_from_json(text: str | bytes) -> TrustRegistry:
    """Read the JSON form from text.

    Raises:
        ConfigurationError: when it is not JSON or not a well-formed trust list.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _bad(f"not JSON ({exc})") from None
    if not isinstance(data, Mapping):
        raise _bad("expected a JSON object")
    return registry_from_dict(data)
