"""The registry's key-rotation chain: each link names the next registry key and is signed by the
previous one, so a verifier that pins an old registry key accepts bundles signed by a newer one.

A link is a small JSON object (``LedRegistryKeyLink``)::

    {"type": "LedRegistryKeyLink", "registry": "did:web:led.example",
     "previousKey": "z6Mk...old", "nextKey": "z6Mk...new", "validFrom": "2026-03-01T00:00:00Z",
     "signature": "z..."}

``signature`` is the previous key's signature (Ed25519, or raw ``r||s`` ECDSA, multibase
base58btc) over ``vc-led registry key link v1`` + a newline + the link without ``signature``
as canonical JSON (sorted keys, no whitespace, UTF-8). From ``validFrom`` on, the previous key
is retired: a bundle it signs later is refused (``bundle.key_retired``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from .._multibase import multibase_decode, multibase_encode_b58
from .._time import format_datetime, parse_datetime_stamp
from ..errors import KeyFormatError
from ..keys import KeyPair, PublicKey, decode_multikey
from ._errors import BundleError, BundleErrorCode

__all__ = [
    "LINK_TYPE",
    "MAX_LINKS",
    "KeyLink",
    "link_registry_key",
    "reachable_keys",
    "read_chain",
]

LINK_TYPE = "LedRegistryKeyLink"
MAX_LINKS = 64
_DOMAIN = b"vc-led registry key link v1\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyLink:
    """One rotation of the registry key.

    Attributes:
        registry: the registry's DID.
        previous_key: the ``publicKeyMultibase`` of the key being replaced (it signs the link).
        next_key: the ``publicKeyMultibase`` of its successor.
        valid_from: when the successor takes over and the previous key retires.
        signature: the previous key's signature (multibase base58btc).
    """

    registry: str
    previous_key: str
    next_key: str
    valid_from: datetime
    signature: str = ""

    def signing_input(self) -> bytes:
        """The bytes the previous key signs."""
        body = {k: v for k, v in self.to_dict().items() if k != "signature"}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return _DOMAIN + text.encode("utf-8")

    def to_dict(self) -> dict[str, str]:
        """The JSON form (see the module docstring)."""
        out = {
            "type": LINK_TYPE,
            "registry": self.registry,
            "previousKey": self.previous_key,
            "nextKey": self.next_key,
            "validFrom": format_datetime(self.valid_from),
        }
        if self.signature:
            out["signature"] = self.signature
        return out

    @classmethod
    def from_dict(cls, data: Any) -> KeyLink:
        """Read the JSON form.

        Raises:
            BundleError: ``bundle.key_chain_invalid`` when it is not a well-formed link.
        """
        if not isinstance(data, Mapping) or data.get("type") != LINK_TYPE:
            raise _chain_error(f"a key-rotation link is not a {LINK_TYPE}")
        fields = ("registry", "previousKey", "nextKey", "validFrom", "signature")
        values = [data.get(f) for f in fields]
        if not all(isinstance(v, str) and 0 < len(v) <= 400 for v in values):
            raise _chain_error("a key-rotation link lacks one of " + ", ".join(fields))
        moment = parse_datetime_stamp(values[3])
        if moment is None:
            raise _chain_error("a key-rotation link's validFrom is not a dateTimeStamp")
        return cls(
            registry=str(values[0]),
            previous_key=str(values[1]),
            next_key=str(values[2]),
            valid_from=moment,
            signature=str(values[4]),
        )

    def verify(self) -> bool:
        """Whether ``signature`` is the previous key's signature over this link."""
        try:
            key = decode_multikey(self.previous_key)
            decode_multikey(self.next_key)
            signature = multibase_decode(self.signature)
        except (KeyFormatError, ValueError):
            return False
        return key.verify(signature, self.signing_input())


def link_registry_key(
    *, previous: KeyPair, next_key: PublicKey, registry: str, valid_from: datetime
) -> KeyLink:
    """Sign the rotation from ``previous`` to ``next_key`` (run by the registry, with the old
    key, when it rotates).

    Args:
        previous: the registry key being replaced (signs the link).
        next_key: the new registry key's public key.
        registry: the registry's DID.
        valid_from: when the new key takes over (timezone-aware).

    Returns:
        The signed link; append its ``to_dict()`` to the chain the bundle carries.

    Raises:
        ValueError: for a naive ``valid_from`` or a link from a key to itself.
    """
    if next_key == previous.public:
        raise ValueError("a key-rotation link must lead to another key")
    unsigned = KeyLink(
        registry=registry,
        previous_key=previous.public.multibase,
        next_key=next_key.multibase,
        valid_from=valid_from.replace(microsecond=0),
    )
    signature = multibase_encode_b58(previous.sign(unsigned.signing_input()))
    return replace(unsigned, signature=signature)


def read_chain(value: Any, *, registry: str) -> tuple[KeyLink, ...]:
    """Read and verify every link of a chain (all must verify and name ``registry``).

    Raises:
        BundleError: ``bundle.key_chain_invalid``.
    """
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_LINKS:
        raise _chain_error(f"the key-rotation chain must be a list of at most {MAX_LINKS} links")
    links = tuple(KeyLink.from_dict(item) for item in value)
    for number, link in enumerate(links, start=1):
        if link.registry != registry:
            raise _chain_error(f"key-rotation link {number} is for another registry")
        if not link.verify():
            raise _chain_error(f"key-rotation link {number} is not signed by its previous key")
    return links


def reachable_keys(pinned: Iterable[str], chain: Sequence[KeyLink]) -> dict[str, datetime | None]:
    """The keys reached from the pinned ones through verified links, each with the time it was
    retired (``None``: still current, as far as this chain says).

    Args:
        pinned: ``publicKeyMultibase`` values the verifier trusts.
        chain: verified links (see :func:`read_chain`).

    Returns:
        Key -> retirement time.
    """
    reached: dict[str, datetime | None] = {k: None for k in pinned}
    changed = True
    while changed:
        changed = False
        for link in chain:
            if link.previous_key not in reached:
                continue
            retired = reached[link.previous_key]
            if retired is None or link.valid_from < retired:
                reached[link.previous_key] = link.valid_from
                changed = True
            if link.next_key not in reached:
                reached[link.next_key] = None
                changed = True
    return reached


def _chain_error(message: str) -> BundleError:
    return BundleError(BundleErrorCode.KEY_CHAIN_INVALID, message)
