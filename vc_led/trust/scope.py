"""What a credential claims to be, for the accreditation checks: its types, LED category,
authenticity, the supplier it names and its issue date.

The LED credential profiles decide where these claims live; a :data:`ScopeExtractor` reads
them. The default (:func:`default_scope_extractor`) reads:

- types: the credential's ``type`` values other than ``VerifiableCredential``;
- categories: ``credentialSubject.category`` and ``credentialSubject.<any>.category`` (for
  example ``credentialSubject.achievement.category`` or ``.qualification.category``);
- authenticity: ``authenticity`` in the same places and in the supplier evidence;
- supplier: the ``supplier`` of every ``evidence`` entry typed ``LedSupplierEvidence`` (or
  ``LedSourceRecord``): a DID or a name, or an object with ``id`` or ``name``;
- issue date: ``validFrom`` (``issuanceDate`` for VC 1.1), as the calendar date it is written in.

A self-declared record (authenticity ``Eigen verklaring - ...`` or type
``LedSelfDeclaredCredential``) has the self-declaration kind as its category: it matches only
self-declaration scopes and is exempt from coverage dates. Other claim paths:
:func:`claim_path_extractor`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .._time import parse_datetime_stamp
from .model import SELF_DECLARATIONS, SELF_DECLARED_ON_HONOUR

__all__ = [
    "DEFAULT_AUTHENTICITY_PATHS",
    "DEFAULT_CATEGORY_PATHS",
    "SELF_DECLARED_TYPE",
    "SUPPLIER_EVIDENCE_TYPES",
    "CredentialScope",
    "ScopeExtractor",
    "claim_path_extractor",
    "default_scope_extractor",
]

#: The credential type that marks a self-declared record.
SELF_DECLARED_TYPE = "LedSelfDeclaredCredential"
#: ``evidence`` types that name the supplier a credential is issued for.
SUPPLIER_EVIDENCE_TYPES = ("LedSupplierEvidence", "LedSourceRecord")

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T")
Path = Sequence[str]  # keys; "*" is any key of an object; lists are walked through
DEFAULT_CATEGORY_PATHS: tuple[Path, ...] = (
    ("credentialSubject", "category"),
    ("credentialSubject", "*", "category"),
)
DEFAULT_AUTHENTICITY_PATHS: tuple[Path, ...] = (
    ("credentialSubject", "authenticity"),
    ("credentialSubject", "*", "authenticity"),
)


@dataclass(frozen=True, slots=True)
class CredentialScope:
    """The claims the accreditation checks look at.

    Attributes:
        types: the credential's types other than ``VerifiableCredential``.
        categories: its LED categories, or the self-declaration kind for a self-declared record.
        suppliers: the suppliers (DIDs or names) its evidence names.
        authenticity: its ``Authenticiteit`` value, if stated.
        self_declared: whether it is a self-declared record.
        issued: its issue date as the calendar date written in ``validFrom``, if any.
    """

    types: frozenset[str]
    categories: frozenset[str]
    suppliers: tuple[str, ...] = ()
    authenticity: str | None = None
    self_declared: bool = False
    issued: date | None = None


#: Reads a credential's :class:`CredentialScope`; must not raise on any mapping.
ScopeExtractor = Callable[[Mapping[str, Any]], CredentialScope]


def _walk(value: Any, path: Path) -> Iterator[Any]:
    if isinstance(value, list):
        for item in value[:64]:
            yield from _walk(item, path)
        return
    if not path:
        yield value
        return
    if not isinstance(value, Mapping):
        return
    head, rest = path[0], path[1:]
    children = list(value.values()) if head == "*" else [value[head]] if head in value else []
    for child in children:
        yield from _walk(child, rest)


def _strings(doc: Mapping[str, Any], paths: Sequence[Path]) -> list[str]:
    found: list[str] = []
    for path in paths:
        found += [v for v in _walk(doc, path) if isinstance(v, str) and v not in found]
    return found


def _types(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [t for t in items if isinstance(t, str)]


def _supplier_evidence(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    evidence = doc.get("evidence")
    items = evidence if isinstance(evidence, list) else [evidence]
    return [
        e
        for e in items
        if isinstance(e, Mapping) and set(_types(e.get("type"))) & set(SUPPLIER_EVIDENCE_TYPES)
    ]


def _supplier_of(evidence: Mapping[str, Any]) -> str | None:
    supplier = evidence.get("supplier")
    if isinstance(supplier, Mapping):
        supplier = supplier.get("id") or supplier.get("name")
    return supplier if isinstance(supplier, str) and supplier else None


def issued_date(value: Any) -> date | None:
    """The calendar date of a ``dateTimeStamp`` as written (in its own offset)."""
    if parse_datetime_stamp(value) is None:
        return None
    match = _DATE.match(str(value))
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def claim_path_extractor(
    *,
    category_paths: Sequence[Path] = DEFAULT_CATEGORY_PATHS,
    authenticity_paths: Sequence[Path] = DEFAULT_AUTHENTICITY_PATHS,
) -> ScopeExtractor:
    """A :data:`ScopeExtractor` reading categories and authenticity at the given claim paths.

    Args:
        category_paths: paths to the LED category (``("credentialSubject", "achievement",
            "category")``); ``"*"`` matches any key, lists are walked through.
        authenticity_paths: paths to the authenticity value (the supplier evidence's
            ``authenticity`` is always read too).

    Returns:
        The extractor.
    """
    cat_paths = tuple(tuple(p) for p in category_paths)
    auth_paths = tuple(tuple(p) for p in authenticity_paths)

    def extract(credential: Mapping[str, Any]) -> CredentialScope:
        types = frozenset(_types(credential.get("type"))) - {"VerifiableCredential"}
        evidence = _supplier_evidence(credential)
        suppliers = tuple(dict.fromkeys(s for s in map(_supplier_of, evidence) if s))
        stated = _strings(credential, auth_paths) + [
            e["authenticity"] for e in evidence if isinstance(e.get("authenticity"), str)
        ]
        authenticity = stated[0] if stated else None
        declared = [a for a in stated if a in SELF_DECLARATIONS]
        self_declared = bool(declared) or SELF_DECLARED_TYPE in types
        if self_declared:
            categories = frozenset(declared[:1] or [SELF_DECLARED_ON_HONOUR])
        else:
            categories = frozenset(_strings(credential, cat_paths))
        start = credential.get("validFrom", credential.get("issuanceDate"))
        return CredentialScope(
            types, categories, suppliers, authenticity, self_declared, issued_date(start)
        )

    return extract


#: The default extractor (see the module docstring).
default_scope_extractor: ScopeExtractor = claim_path_extractor()
