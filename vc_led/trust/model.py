"""The trust registry model: accredited issuers, what each may issue and from when, their keys.

An :class:`AccreditedIssuer` is a LED supplier (*Leverancier*) or the registry itself. Its
:class:`AccreditationScope` list says which credential types and LED categories it may issue and
from which date LED covers them; its :class:`IssuerKey` list pins its keys with their validity
windows. A :class:`TrustRegistry` is an immutable set of them, looked up by DID or by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..errors import ConfigurationError

if TYPE_CHECKING:
    from .scope import CredentialScope

__all__ = [
    "AUTHENTIC",
    "REGISTRY_ROLE",
    "SELF_DECLARATIONS",
    "SELF_DECLARED_ON_HONOUR",
    "SELF_DECLARED_VERIFIED",
    "SUPPLIER_ROLE",
    "AccreditationScope",
    "AccreditedIssuer",
    "IssuerKey",
    "IssuerStatus",
    "TrustRegistry",
]

#: LED ``Authenticiteit`` values.
AUTHENTIC = "Authentiek"
SELF_DECLARED_ON_HONOUR = "Eigen verklaring - Op eer"
SELF_DECLARED_VERIFIED = "Eigen verklaring - Geverifieerd"
SELF_DECLARATIONS = frozenset({SELF_DECLARED_ON_HONOUR, SELF_DECLARED_VERIFIED})

#: Roles: a data supplier (``Leverancier``) or the registry that signs on their behalf.
SUPPLIER_ROLE = "Leverancier"
REGISTRY_ROLE = "Register"


class IssuerStatus(StrEnum):
    """Whether an accredited issuer may currently issue."""

    ACTIVE = "active"
    SUSPENDED = "suspended"


@dataclass(frozen=True, slots=True, kw_only=True)
class AccreditationScope:
    """One kind of credential an issuer may issue.

    Attributes:
        description: what the scope covers, as the LED table says it (e.g.
            ``Getuigschriften en diploma's``).
        credential_types: credential ``type`` values it covers; empty means any type.
        categories: LED categories (``Categorie``) it covers; empty means any category. For a
            self-declaration scope: the self-declaration kinds (``Eigen verklaring - Op eer``).
        coverage_start: the first issue date LED holds authentic records for; ``None`` for a
            scope that is announced but not covered yet (``Wordt verwacht``).
        self_declared: a scope for self-declared records: they match only such scopes and are
            exempt from the coverage date.
    """

    description: str = ""
    credential_types: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    coverage_start: date | None = None
    self_declared: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "credential_types", frozenset(self.credential_types))
        object.__setattr__(self, "categories", frozenset(self.categories))

    def matches(self, scope: CredentialScope) -> bool:
        """Whether a credential with ``scope`` is of a kind this scope covers (dates aside)."""
        if scope.self_declared != self.self_declared:
            return False
        if self.credential_types and not scope.types & self.credential_types:
            return False
        if self.categories:
            return bool(scope.categories) and scope.categories <= self.categories
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class IssuerKey:
    """A verification method of an issuer and when it may sign.

    Attributes:
        id: the verification method id (``did:web:...#key-1``).
        valid_from: proofs ``created`` before this fail (``proof.key_retired``); ``None``: no
            lower bound.
        retired_at: proofs ``created`` after this fail (``proof.key_retired``); ``None``: the
            key is current.
    """

    id: str
    valid_from: datetime | None = None
    retired_at: datetime | None = None

    def allows(self, created: datetime | None) -> bool:
        """Whether a proof ``created`` at that time is inside this key's window (a proof
        without ``created`` is allowed only by a key without a window)."""
        if created is None:
            return self.valid_from is None and self.retired_at is None
        if self.valid_from is not None and created < self.valid_from:
            return False
        return self.retired_at is None or created <= self.retired_at


@dataclass(frozen=True, slots=True, kw_only=True)
class AccreditedIssuer:
    """An issuer the LED registry accredits.

    Attributes:
        name: its name (unique in a registry), as LED names the supplier (``Hoger onderwijs``).
        did: its DID, when it signs credentials itself (``None``: only named as supplier).
        role: ``Leverancier`` (a supplier) or ``Register`` (the registry).
        aliases: other names credentials may use for it (``SYNTRA Vlaanderen`` for VLAIO).
        scopes: what it may issue.
        status: active or suspended.
        keys: its keys with validity windows; when not empty, only these keys may sign for it.
        signs_on_behalf: it signs for the supplier a credential names (the registry's key):
            the scope and coverage checks then apply to that supplier.
    """

    name: str
    did: str | None = None
    role: str = SUPPLIER_ROLE
    aliases: frozenset[str] = frozenset()
    scopes: tuple[AccreditationScope, ...] = ()
    status: IssuerStatus = IssuerStatus.ACTIVE
    keys: tuple[IssuerKey, ...] = ()
    signs_on_behalf: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "aliases", frozenset(self.aliases))
        object.__setattr__(self, "scopes", tuple(self.scopes))
        object.__setattr__(self, "keys", tuple(self.keys))
        object.__setattr__(self, "status", IssuerStatus(self.status))

    @property
    def names(self) -> frozenset[str]:
        """Its name and aliases."""
        return self.aliases | {self.name}

    @property
    def suspended(self) -> bool:
        """Whether it is suspended."""
        return self.status is IssuerStatus.SUSPENDED

    def key(self, vm_id: str) -> IssuerKey | None:
        """The registered key with this verification method id, if any."""
        return next((k for k in self.keys if k.id == vm_id), None)


class TrustRegistry:
    """An immutable set of accredited issuers, looked up by DID, name or key.

    Args:
        issuers: the issuers; DIDs, names (with aliases) and key ids must be unique.

    Raises:
        ConfigurationError: on a duplicate DID, name or key id.
    """

    __slots__ = ("_by_did", "_by_key", "_by_name", "_issuers")

    def __init__(self, issuers: Iterable[AccreditedIssuer] = ()) -> None:
        self._issuers = tuple(issuers)
        self._by_did: dict[str, AccreditedIssuer] = {}
        self._by_name: dict[str, AccreditedIssuer] = {}
        self._by_key: dict[str, AccreditedIssuer] = {}
        for issuer in self._issuers:
            _index(self._by_did, [issuer.did] if issuer.did else [], issuer, "DID")
            _index(self._by_name, sorted(issuer.names), issuer, "name")
            _index(self._by_key, [k.id for k in issuer.keys], issuer, "key id")

    @property
    def issuers(self) -> tuple[AccreditedIssuer, ...]:
        """Every accredited issuer, in registration order."""
        return self._issuers

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TrustRegistry) and self._issuers == other._issuers

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TrustRegistry({len(self._issuers)} issuers)"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrustRegistry:
        """Read the JSON form (see :mod:`vc_led.trust.codec`).

        Raises:
            ConfigurationError: when it is not a well-formed trust list.
        """
        from .codec import registry_from_dict

        return registry_from_dict(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> TrustRegistry:
        """Read the JSON form from text.

        Raises:
            ConfigurationError: when it is not JSON or not a well-formed trust list.
        """
        from .codec import registry_from_json

        return registry_from_json(text)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the trust list credential's subject)."""
        from .codec import registry_to_dict

        return registry_to_dict(self)

    def to_json(self) -> str:
        """The JSON form as indented text."""
        from .codec import registry_to_json

        return registry_to_json(self)

    def __len__(self) -> int:
        return len(self.issuers)

    def by_did(self, did: str) -> AccreditedIssuer | None:
        """The issuer with this DID, or ``None``."""
        return self._by_did.get(did)

    def by_name(self, name: str) -> AccreditedIssuer | None:
        """The issuer with this name or alias, or ``None``."""
        return self._by_name.get(name)

    def find(self, reference: str) -> AccreditedIssuer | None:
        """The issuer a credential names: by DID first, then by name or alias."""
        return self._by_did.get(reference) or self._by_name.get(reference)

    def key(self, vm_id: str) -> tuple[AccreditedIssuer, IssuerKey] | None:
        """The issuer that registered the key ``vm_id`` and its window, or ``None``."""
        issuer = self._by_key.get(vm_id)
        key = issuer.key(vm_id) if issuer is not None else None
        return (issuer, key) if issuer is not None and key is not None else None

    def with_issuer(self, issuer: AccreditedIssuer) -> TrustRegistry:
        """A registry with ``issuer`` added, replacing the one of the same name.

        Raises:
            ConfigurationError: when the result would have duplicates.
        """
        kept = [i for i in self.issuers if i.name != issuer.name]
        return TrustRegistry([*kept, issuer])

    def with_status(self, reference: str, status: IssuerStatus | str) -> TrustRegistry:
        """A registry in which the issuer ``reference`` (DID or name) has ``status``.

        Raises:
            KeyError: when no issuer has that DID or name.
        """
        issuer = self.find(reference)
        if issuer is None:
            raise KeyError(reference)
        return self.with_issuer(replace(issuer, status=IssuerStatus(status)))


def _index(
    table: dict[str, AccreditedIssuer], keys: list[str], issuer: AccreditedIssuer, what: str
) -> None:
    for key in keys:
        if key in table and table[key] is not issuer:
            raise ConfigurationError(f"two accredited issuers share the {what} {key!r}")
        table[key] = issuer
