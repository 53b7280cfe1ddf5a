"""The LED trust registry: which issuers are accredited, for what, from when, with which keys.

- :class:`TrustRegistry` of :class:`AccreditedIssuer` (scopes: :class:`AccreditationScope`,
  keys with validity windows: :class:`IssuerKey`); :func:`default_led_registry` seeds it from
  the LED table of suppliers and coverage dates.
- JSON form: :func:`registry_to_dict` / :func:`registry_from_dict` (and ``_json``).
- The signed trust list: :func:`build_trust_list_credential` (sign it with
  :func:`vc_led.sign_credential`) and :func:`load_trust_list`.
- The verifier uses it when given one: ``Verifier(policy, trust=registry)`` (see
  :mod:`vc_led.trust.checks` for the rules); claims are read by a :data:`ScopeExtractor`.
"""

from __future__ import annotations

from .checks import apply_key_windows, check_accreditation
from .codec import registry_from_dict, registry_from_json, registry_to_dict, registry_to_json
from .credential import (
    TRUST_CONTEXT,
    TRUST_LIST_TYPE,
    TrustListError,
    build_trust_list_credential,
    load_trust_list,
)
from .model import (
    AUTHENTIC,
    REGISTRY_ROLE,
    SELF_DECLARATIONS,
    SELF_DECLARED_ON_HONOUR,
    SELF_DECLARED_VERIFIED,
    SUPPLIER_ROLE,
    AccreditationScope,
    AccreditedIssuer,
    IssuerKey,
    IssuerStatus,
    TrustRegistry,
)
from .scope import (
    SELF_DECLARED_TYPE,
    SUPPLIER_EVIDENCE_TYPES,
    CredentialScope,
    ScopeExtractor,
    claim_path_extractor,
    default_scope_extractor,
)
from .seeds import REGISTRY_DOCUMENTS, default_led_registry, led_suppliers

__all__ = [
    "AUTHENTIC",
    "REGISTRY_DOCUMENTS",
    "REGISTRY_ROLE",
    "SELF_DECLARATIONS",
    "SELF_DECLARED_ON_HONOUR",
    "SELF_DECLARED_TYPE",
    "SELF_DECLARED_VERIFIED",
    "SUPPLIER_EVIDENCE_TYPES",
    "SUPPLIER_ROLE",
    "TRUST_CONTEXT",
    "TRUST_LIST_TYPE",
    "AccreditationScope",
    "AccreditedIssuer",
    "CredentialScope",
    "IssuerKey",
    "IssuerStatus",
    "ScopeExtractor",
    "TrustListError",
    "TrustRegistry",
    "apply_key_windows",
    "build_trust_list_credential",
    "check_accreditation",
    "claim_path_extractor",
    "default_led_registry",
    "default_scope_extractor",
    "led_suppliers",
    "load_trust_list",
    "registry_from_dict",
    "registry_from_json",
    "registry_to_dict",
    "registry_to_json",
]
