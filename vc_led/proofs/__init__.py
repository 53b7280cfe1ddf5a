"""Data Integrity proofs — hazmat layer.

These functions are correct and sharp: they sign and check signatures, nothing more. They do
not check who the issuer is, validity dates or status. Use the safe recipes instead:
:func:`vc_led.sign_credential` / :func:`vc_led.sign_presentation` to sign and
:class:`vc_led.Verifier` to verify.
"""

from __future__ import annotations

from .core import ProofOutcome, add_proof, create_proof, verify_proofs
from .suites import CRYPTOSUITES, Cryptosuite, get_cryptosuite

__all__ = [
    "CRYPTOSUITES",
    "Cryptosuite",
    "ProofOutcome",
    "add_proof",
    "create_proof",
    "get_cryptosuite",
    "verify_proofs",
]
