"""SD-JWT VC: issue, present and verify (RFC 9901 SD-JWT; draft-ietf-oauth-sd-jwt-vc-19;
OpenID4VC HAIP 1.0 §6.1 "IETF SD-JWT VC Profile").

- :func:`issue_sd_jwt_vc` issues a ``dc+sd-jwt`` credential with selectively disclosable
  claims (nested objects and array elements too), decoy digests and 128-bit salts.
- :func:`present_sd_jwt` keeps the disclosures of chosen claim paths and appends a KB-JWT.
- :func:`decode_sd_jwt` decodes one without verifying (for tools).
- :func:`registry_did_of_iss` maps an HTTPS ``iss`` to the trust registry's ``did:web`` and
  :func:`sd_jwt_scope_extractor` reads what the registry checks from the disclosed claims
  (see :mod:`vc_led.sdjwt._trust`).
- :data:`SDJWT_VC` is the verifier format (:class:`vc_led.Verifier` lists it): see
  :mod:`vc_led.sdjwt._format`.
"""

from __future__ import annotations

from ._common import NEVER_DISCLOSABLE, TYP
from ._format import SDJWT_VC, SdJwtVcFormat
from ._issue import ClaimPath, issue_sd_jwt_vc
from ._present import decode_sd_jwt, parse_claim_path, present_sd_jwt
from ._trust import registry_did_of_iss, sd_jwt_scope_extractor

__all__ = [
    "NEVER_DISCLOSABLE",
    "SDJWT_VC",
    "TYP",
    "ClaimPath",
    "SdJwtVcFormat",
    "decode_sd_jwt",
    "issue_sd_jwt_vc",
    "parse_claim_path",
    "present_sd_jwt",
    "registry_did_of_iss",
    "sd_jwt_scope_extractor",
]
