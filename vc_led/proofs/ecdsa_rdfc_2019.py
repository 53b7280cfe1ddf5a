"""``ecdsa-rdfc-2019`` (W3C Data Integrity ECDSA Cryptosuites v1.0, §3.2) — hazmat.

RDFC-1.0 canonicalization; P-256 with SHA-256 or P-384 with SHA-384 for both halves of the
hash data; raw ``r||s`` signatures (64 or 96 bytes), ``proofValue`` = multibase base58btc.
"""

from __future__ import annotations

import hashlib

from ..keys import KeyType
from .suites import Cryptosuite

__all__ = ["ECDSA_RDFC_2019"]

ECDSA_RDFC_2019 = Cryptosuite(
    name="ecdsa-rdfc-2019",
    hashes={KeyType.P256: hashlib.sha256, KeyType.P384: hashlib.sha384},
    signature_lengths={KeyType.P256: 64, KeyType.P384: 96},
)
