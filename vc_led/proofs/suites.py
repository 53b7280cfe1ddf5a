"""The cryptosuite registry (hazmat). See :mod:`vc_led.proofs` for the safe recipes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..keys import KeyType

__all__ = ["CRYPTOSUITES", "Cryptosuite", "get_cryptosuite"]

HashFn = Callable[[bytes], "hashlib._Hash"]


@dataclass(frozen=True, slots=True)
class Cryptosuite:
    """An RDFC-1.0 based Data Integrity cryptosuite.

    Attributes:
        name: the ``cryptosuite`` value.
        hashes: key type -> hash function; the key types this suite accepts.
        signature_lengths: key type -> raw signature length in bytes.
    """

    name: str
    hashes: Mapping[KeyType, HashFn]
    signature_lengths: Mapping[KeyType, int]

    def rdfc_hash(self, key_type: KeyType) -> str:
        """The hash function RDFC-1.0 uses for this key type (``sha256`` or ``sha384``)."""
        return self.hashes[key_type](b"").name

    def hash_data(
        self, *, key_type: KeyType, canonical_config: str, canonical_document: str
    ) -> bytes:
        """``H(canonicalProofConfig) || H(canonicalDocument)`` — the proof configuration first."""
        digest = self.hashes[key_type]
        return (
            digest(canonical_config.encode("utf-8")).digest()
            + digest(canonical_document.encode("utf-8")).digest()
        )


def _registry() -> dict[str, Cryptosuite]:
    from .ecdsa_rdfc_2019 import ECDSA_RDFC_2019
    from .eddsa_rdfc_2022 import EDDSA_RDFC_2022

    return {s.name: s for s in (EDDSA_RDFC_2022, ECDSA_RDFC_2019)}


CRYPTOSUITES: Mapping[str, Cryptosuite] = _registry()


def get_cryptosuite(name: str) -> Cryptosuite | None:
    """The suite called ``name``, or ``None``."""
    return CRYPTOSUITES.get(name)
