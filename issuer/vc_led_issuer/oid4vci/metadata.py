"""Credential issuer metadata (OpenID4VCI 1.0 §12.2) and OAuth authorization server
metadata (RFC 8414), derived from the public URL — the credential issuer identifier — and the
settings. The gateway is its own authorization server, so ``authorization_servers`` is
omitted and the issuer identifier is the AS issuer too.

One ``ldp_vc`` configuration per LED credential profile (the records' profile picks it),
signed with ``eddsa-rdfc-2022``, bound to the wallet key by a ``jwt`` proof; next to it the
``dc+sd-jwt`` configurations of :mod:`.metadata_sdjwt` (one per LED vct). A record is offered
in both formats: :func:`record_configuration_ids`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vc_led.jose import ALLOWED_ALGS
from vc_led.led import CredentialProfile, LedRecord, select_profile

from .metadata_sdjwt import SD_JWT_CONFIGURATIONS, SdJwtConfiguration, sd_jwt_configuration_for

__all__ = [
    "CONFIGURATIONS",
    "PRE_AUTHORIZED_GRANT",
    "AnyConfiguration",
    "Configuration",
    "Endpoints",
    "authorization_server_metadata",
    "configuration_for",
    "credential_issuer_metadata",
    "record_configuration_ids",
]

PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
V2 = "https://www.w3.org/ns/credentials/v2"
LED = "https://w3id.org/vc-led/v1"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@dataclass(frozen=True, slots=True)
class Configuration:
    """One entry of ``credential_configurations_supported``."""

    id: str
    profile: CredentialProfile
    context: tuple[str, ...]
    types: tuple[str, ...]
    names: tuple[tuple[str, str], ...]  # (locale, display name)
    format: str = "ldp_vc"

    @property
    def scope(self) -> str:
        """The OAuth scope that asks for it."""
        return self.id

    def to_json(self) -> dict[str, Any]:
        """The metadata object."""
        return {
            "format": "ldp_vc",
            "scope": self.scope,
            "credential_definition": {"@context": list(self.context), "type": list(self.types)},
            "cryptographic_binding_methods_supported": ["did:key", "did:jwk", "jwk"],
            "credential_signing_alg_values_supported": ["eddsa-rdfc-2022"],
            "proof_types_supported": {
                "jwt": {"proof_signing_alg_values_supported": list(ALLOWED_ALGS)}
            },
            "credential_metadata": {
                "display": [{"name": name, "locale": locale} for locale, name in self.names]
            },
        }


LDP_CONFIGURATIONS: dict[str, Configuration] = {
    c.id: c
    for c in (
        Configuration(
            "LedQualificationCredential",
            CredentialProfile.QUALIFICATION,
            (V2, LED),
            ("VerifiableCredential", "LedQualificationCredential"),
            (("nl", "Diploma of getuigschrift (LED)"), ("en", "Diploma or certificate (LED)")),
        ),
        Configuration(
            "LedCompetenceCredential",
            CredentialProfile.COMPETENCE,
            (V2, OB3, LED),
            ("VerifiableCredential", "OpenBadgeCredential", "LedCompetenceCredential"),
            (("nl", "Competenties (LED)"), ("en", "Competences (LED)")),
        ),
        Configuration(
            "LedEquivalenceCredential",
            CredentialProfile.EQUIVALENCE,
            (V2, LED),
            ("VerifiableCredential", "LedEquivalenceCredential"),
            (("nl", "Gelijkwaardigheid (LED)"), ("en", "Equivalence decision (LED)")),
        ),
        Configuration(
            "LedSelfDeclaredCredential",
            CredentialProfile.SELF_DECLARED,
            (V2, LED),
            ("VerifiableCredential", "LedSelfDeclaredCredential"),
            (("nl", "Eigen verklaring (LED)"), ("en", "Self-declared record (LED)")),
        ),
    )
}


AnyConfiguration = Configuration | SdJwtConfiguration
#: Every credential configuration, ``ldp_vc`` and ``dc+sd-jwt``, by id.
CONFIGURATIONS: dict[str, AnyConfiguration] = {**LDP_CONFIGURATIONS, **SD_JWT_CONFIGURATIONS}


def configuration_for(profile: CredentialProfile) -> Configuration:
    """The ``ldp_vc`` configuration of a credential profile."""
    return next(c for c in LDP_CONFIGURATIONS.values() if c.profile is profile)


def record_configuration_ids(record: LedRecord) -> tuple[str, str]:
    """A record's credential configuration ids: its ``ldp_vc`` one, then its ``dc+sd-jwt`` one."""
    profile = select_profile(record)
    sd = sd_jwt_configuration_for(profile, intermediate=record.is_intermediate)
    return configuration_for(profile).id, sd.id


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The URLs, from the credential issuer identifier (the public URL)."""

    issuer: str

    def url(self, path: str) -> str:
        """An absolute URL of a path of this service."""
        return f"{self.issuer}{path}"

    @property
    def token(self) -> str:
        """The token endpoint."""
        return self.url("/oid4vci/token")

    @property
    def credential(self) -> str:
        """The credential endpoint."""
        return self.url("/oid4vci/credential")

    @property
    def nonce(self) -> str:
        """The nonce endpoint."""
        return self.url("/oid4vci/nonce")

    @property
    def par(self) -> str:
        """The pushed authorization request endpoint."""
        return self.url("/oid4vci/par")

    @property
    def authorize(self) -> str:
        """The authorization endpoint."""
        return self.url("/oid4vci/authorize")


def credential_issuer_metadata(
    endpoints: Endpoints, *, sd_jwt_algs: Sequence[str] = ("ES256",)
) -> dict[str, Any]:
    """The credential issuer metadata document.

    Args:
        endpoints: the URLs.
        sd_jwt_algs: the ``dc+sd-jwt`` configurations' signing algorithms (the registry's
            current issuing key's: ``ES256`` for P-256, ``EdDSA`` for Ed25519).
    """
    return {
        "credential_issuer": endpoints.issuer,
        "credential_endpoint": endpoints.credential,
        "nonce_endpoint": endpoints.nonce,
        "display": [
            {"name": "Leer- en Ervaringsbewijzen (LED)", "locale": "nl"},
            {"name": "Learning and Experience Records (LED)", "locale": "en"},
        ],
        "credential_configurations_supported": {
            **{cid: c.to_json() for cid, c in LDP_CONFIGURATIONS.items()},
            **{
                cid: c.to_json(signing_algs=sd_jwt_algs) for cid, c in SD_JWT_CONFIGURATIONS.items()
            },
        },
    }


def authorization_server_metadata(endpoints: Endpoints) -> dict[str, Any]:
    """The OAuth authorization server metadata document (RFC 8414, HAIP: PAR, PKCE S256,
    DPoP)."""
    return {
        "issuer": endpoints.issuer,
        "token_endpoint": endpoints.token,
        "authorization_endpoint": endpoints.authorize,
        "pushed_authorization_request_endpoint": endpoints.par,
        "require_pushed_authorization_requests": True,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", PRE_AUTHORIZED_GRANT],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "dpop_signing_alg_values_supported": list(ALLOWED_ALGS),
        "pre-authorized_grant_anonymous_access_supported": True,
        "authorization_response_iss_parameter_supported": True,
        "scopes_supported": sorted(c.scope for c in CONFIGURATIONS.values()),
    }
