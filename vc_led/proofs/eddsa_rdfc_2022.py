"""``eddsa-rdfc-2022`` (W3C Data Integrity EdDSA Cryptosuites v1.0, §3.2) — hazmat.

RDFC-1.0 canonicalization, SHA-256 of the proof configuration then of the document (64
bytes), pure Ed25519 (RFC 8032) over that, ``proofValue`` = multibase base58btc.
"""

from __future__ import annotations

import hashlib

from ..keys import KeyType
from .suites import Cryptosuite

__all__ = ["EDDSA_RDFC_2022"]

EDDSA_RDFC_2022 = Cryptosuite(
    name="eddsa-rdfc-2022",
    hashes={KeyType.ED25519: hashlib.sha256},
    signature_lengths={KeyType.ED25519: 64},
)
