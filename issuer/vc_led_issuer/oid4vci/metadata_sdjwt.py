"""The ``dc+sd-jwt`` credential configurations (OpenID4VCI 1.0 Appendix A.3, HAIP 1.0 §6.1):
one per LED vct (:func:`vc_led.led.profiles.sdjwt.all_vcts`: four profiles, each also as a
``Tussenbewijs``), next to the ``ldp_vc`` configuration of the same profile.

A configuration names exactly one ``vct``, so a record's SD-JWT configuration follows its
profile *and* whether it is an intermediate certificate. The credential is bound to the key of
the ``jwt`` proof as ``cnf.jwk`` (binding method ``jwk``); it is signed with the registry's
current issuing key, whose type decides the algorithm: ``ES256`` for a P-256 key (what HAIP
1.0 asks: ``vc-led registry init --type p256`` / ``keys rotate --type p256``), ``EdDSA`` for an
Ed25519 key. Display names come from the shipped Type Metadata (nl, en).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vc_led.jose import ALLOWED_ALGS
from vc_led.led import CredentialProfile
from vc_led.led.profiles.sdjwt import all_vcts, vct_for
from vc_led.led.vct import type_metadata

__all__ = [
    "SD_JWT_CONFIGURATIONS",
    "SD_JWT_FORMAT",
    "SdJwtConfiguration",
    "sd_jwt_configuration_for",
]

SD_JWT_FORMAT = "dc+sd-jwt"
_CAMEL = {
    "qualification": "Qualification",
    "competence": "Competence",
    "equivalence": "Equivalence",
    "self-declared": "SelfDeclared",
}


@dataclass(frozen=True, slots=True)
class SdJwtConfiguration:
    """One ``dc+sd-jwt`` entry of ``credential_configurations_supported``."""

    id: str
    profile: CredentialProfile
    intermediate: bool
    vct: str
    names: tuple[tuple[str, str], ...]  # (locale, display name)
    format: str = SD_JWT_FORMAT

    @property
    def scope(self) -> str:
        """The OAuth scope that asks for it."""
        return self.id

    def to_json(self, *, signing_algs: Sequence[str] = ("ES256",)) -> dict[str, Any]:
        """The metadata object.

        Args:
            signing_algs: ``credential_signing_alg_values_supported`` (the registry key's).
        """
        return {
            "format": SD_JWT_FORMAT,
            "scope": self.scope,
            "vct": self.vct,
            "cryptographic_binding_methods_supported": ["jwk"],
            "credential_signing_alg_values_supported": list(signing_algs),
            "proof_types_supported": {
                "jwt": {"proof_signing_alg_values_supported": list(ALLOWED_ALGS)}
            },
            "credential_metadata": {
                "display": [{"name": name, "locale": locale} for locale, name in self.names]
            },
        }


def _configuration(profile: str, intermediate: bool, vct: str) -> SdJwtConfiguration:
    between = "Intermediate" if intermediate else ""
    display = type_metadata(vct).get("display", [])
    names = tuple(
        (d["locale"], f"{d['name']} (SD-JWT)") for d in display if d.get("locale") in ("nl", "en")
    )
    return SdJwtConfiguration(
        f"Led{_CAMEL[profile]}{between}SdJwt", CredentialProfile(profile), intermediate, vct, names
    )


SD_JWT_CONFIGURATIONS: dict[str, SdJwtConfiguration] = {
    c.id: c for c in (_configuration(p, i, v) for p, i, v in all_vcts())
}


def sd_jwt_configuration_for(
    profile: CredentialProfile, *, intermediate: bool
) -> SdJwtConfiguration:
    """The ``dc+sd-jwt`` configuration of a record's profile and intermediate flag."""
    vct = vct_for(profile.value, intermediate=intermediate)
    return next(c for c in SD_JWT_CONFIGURATIONS.values() if c.vct == vct)
