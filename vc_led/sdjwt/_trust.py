"""Trust in an SD-JWT VC's ``iss``: the same registry judgement as the W3C twin.

**Which registry entry is ``iss``.** The W3C rendition names its issuer by a ``did:web``; the
SD-JWT rendition by an HTTPS URL, ``iss``, which HAIP 1.0 requires to be a SAN URI of the
``x5c`` leaf (checked before this). Both name the same host: the registry's ``did:web`` is
derived from its public URL (``did:web:<host>[:<path>...]``, a port percent-encoded), and
``iss`` is that URL. So :func:`registry_did_of_iss` maps ``iss`` to the ``did:web`` by the
did:web specification's transformation read backwards (``https://host%3A8443/a/b`` ->
``did:web:host%3A8443:a:b``; no query, fragment or user info; a trailing ``/`` ignored), and
the registry entry is looked up by ``iss`` itself first (a trust list that lists the URL as an
issuer id), then by that DID. The mapping is exactly as strong as the ``iss`` binding: the
certificate chain to a trusted anchor proves the key speaks for the URL's host, and the
``did:web`` of that host is the same host's claim. The registry's key pins (verification
method ids) do not apply: the ``x5c`` chain (or the ``issuer_keys`` the caller gave for
``iss``) binds the key.

**What the credential claims to be** (:func:`sd_jwt_scope_extractor`, the reverse of
:mod:`vc_led.led.profiles.sdjwt`): the W3C types of the vct's profile (and the vct),
``<node>.education.category``, ``<node>.authenticity``, ``source.supplier``, and the issue
date from ``nbf`` (the W3C rendition's ``validFrom``, never selectively disclosable).

**Withheld claims.** A holder may withhold the category, the supplier or the authenticity, and
an undisclosed claim cannot be told from one the record never had. The registry is asked with
what was disclosed; a pass stands (a withheld claim can only narrow the scopes that match: a
pass without it is a pass on scopes that do not need it). A refusal that a withheld claim
could change (``issuer.out_of_scope``, ``.not_accredited``, ``.before_coverage``), and a
policy requiring authentic records when ``authenticity`` is withheld, are ``indeterminate``
``issuer.scope_claims_withheld``, naming the withheld claims in ``details["withheld"]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from .._checks import _with_authenticity
from .._engine import Engine
from ..results import CheckResult, CheckStatus, ErrorCode
from ..trust.checks import check_accreditation
from ..trust.model import SELF_DECLARATIONS, SELF_DECLARED_ON_HONOUR, TrustRegistry
from ..trust.scope import SELF_DECLARED_TYPE, CredentialScope

__all__ = ["check_registry_issuer", "registry_did_of_iss", "sd_jwt_scope_extractor"]

P, F, IND = CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.INDETERMINATE
VCT_BASE = "https://w3id.org/vc-led/vct/"
_INTERMEDIATE = "LedIntermediateProofCredential"
#: LED vct profile -> (record node claim, the W3C rendition's types).
_PROFILES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "qualification": ("qualification", ("LedQualificationCredential",)),
    "competence": ("qualification", ("OpenBadgeCredential", "LedCompetenceCredential")),
    "equivalence": ("equivalence", ("LedEquivalenceCredential",)),
    "self-declared": ("self_declaration", (SELF_DECLARED_TYPE,)),
}
_WITHHELD_MATTERS = (
    ErrorCode.ISSUER_OUT_OF_SCOPE,
    ErrorCode.ISSUER_NOT_ACCREDITED,
    ErrorCode.ISSUER_BEFORE_COVERAGE,
)


def registry_did_of_iss(iss: str) -> str | None:
    """The ``did:web`` whose host (and path) is the HTTPS URL ``iss``; ``None`` when ``iss``
    is not a plain ``https`` URL (see the module docstring)."""
    try:
        url = urlsplit(iss)
    except ValueError:
        return None
    if url.scheme != "https" or not url.hostname or url.query or url.fragment:
        return None
    if "@" in url.netloc:
        return None
    parts = [p for p in url.path.split("/") if p]
    host = url.netloc.lower()
    return ":".join(["did:web", quote(host, safe="")] + [quote(unquote(p), safe="") for p in parts])


def led_profile(vct: Any) -> tuple[str, bool] | None:
    """``(profile, intermediate)`` of a LED vct, or ``None``."""
    if not isinstance(vct, str) or not vct.startswith(VCT_BASE) or not vct.endswith("/v1"):
        return None
    name = vct[len(VCT_BASE) : -len("/v1")]
    intermediate = name.endswith("-intermediate")
    profile = name.removesuffix("-intermediate")
    return (profile, intermediate) if profile in _PROFILES else None


def _text(node: Any, *path: str) -> str | None:
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, str) and node else None


def _issued(nbf: Any) -> date | None:
    if isinstance(nbf, bool) or not isinstance(nbf, int | float):
        return None
    try:
        return datetime.fromtimestamp(nbf, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def sd_jwt_scope_extractor(claims: Mapping[str, Any]) -> CredentialScope:
    """The :class:`CredentialScope` of an SD-JWT VC's processed (disclosed) claims (see the
    module docstring); never raises."""
    vct = claims.get("vct")
    known = led_profile(vct)
    types = {vct} if isinstance(vct, str) else set()
    node_name = "qualification"
    if known is not None:
        node_name, w3c_types = _PROFILES[known[0]]
        types |= set(w3c_types) | ({_INTERMEDIATE} if known[1] else set())
    node = claims.get(node_name)
    authenticity = _text(node, "authenticity")
    supplier = _text(claims, "source", "supplier")
    declared = authenticity if authenticity in SELF_DECLARATIONS else None
    self_declared = declared is not None or SELF_DECLARED_TYPE in types
    if self_declared:
        categories = frozenset([declared or SELF_DECLARED_ON_HONOUR])
    else:
        category = _text(node, "education", "category")
        categories = frozenset([category] if category else [])
    return CredentialScope(
        frozenset(types),
        categories,
        (supplier,) if supplier else (),
        authenticity,
        self_declared,
        _issued(claims.get("nbf")),
    )


def _withheld(claims: Mapping[str, Any], scope: CredentialScope, on_behalf: bool) -> list[str]:
    """The claims of a LED vct the registry check reads that were not disclosed."""
    known = led_profile(claims.get("vct"))
    if known is None:
        return []
    node = _PROFILES[known[0]][0]
    out = []
    if not scope.self_declared and not scope.categories:
        out.append(f"{node}.education.category")
    if on_behalf and not scope.suppliers:
        out.append("source.supplier")
    if scope.authenticity is None:
        out.append(f"{node}.authenticity")
    return out


def _registry_verdict(
    engine: Engine, claims: Mapping[str, Any], trust: TrustRegistry, iss: str
) -> CheckResult:
    did = iss if trust.by_did(iss) is not None else registry_did_of_iss(iss)
    entry = trust.by_did(did) if did else None
    details: dict[str, str | int] = {"issuer": iss[:200]}
    if did is None or entry is None:
        if engine.policy.accept_any_issuer:
            return CheckResult(
                "issuer", P, None, "issuer accepted: the policy accepts any issuer", details
            )
        return CheckResult(
            "issuer", F, ErrorCode.ISSUER_NOT_ACCREDITED, "iss is not in the registry", details
        )
    verdict = check_accreditation(
        claims, issuer=did, signing_methods=(), trust=trust, extractor=sd_jwt_scope_extractor
    )
    if verdict is None:  # unreachable: the entry exists
        return CheckResult("issuer", F, ErrorCode.ISSUER_NOT_ACCREDITED, "not in the registry")
    shown = {**dict(verdict.details), "issuer": iss[:200], "registry_id": did[:200]}
    scope = sd_jwt_scope_extractor(claims)
    withheld = _withheld(claims, scope, entry.signs_on_behalf)
    scope_gaps = [w for w in withheld if not w.endswith(".authenticity")]
    if verdict.status is F and verdict.code in _WITHHELD_MATTERS and scope_gaps:
        return CheckResult(
            "issuer",
            IND,
            ErrorCode.ISSUER_SCOPE_CLAIMS_WITHHELD,
            "the holder withheld claims the registry's scope check needs, so the issuer's "
            "accreditation for this credential cannot be decided",
            {
                **{k: v for k, v in shown.items() if k != "supplier"},
                "withheld": ", ".join(scope_gaps),
                "registry_verdict": verdict.code.value if verdict.code else "",
            },
        )
    if withheld:
        shown["withheld"] = ", ".join(withheld)
    return CheckResult("issuer", verdict.status, verdict.code, verdict.message, shown)


def check_registry_issuer(
    engine: Engine, claims: Mapping[str, Any], base: CheckResult | None
) -> CheckResult:
    """The ``issuer`` verdict for an SD-JWT VC whose key is bound to ``iss``.

    Args:
        engine: the engine (policy and ``trust``).
        claims: the processed claims (only what is disclosed).
        base: the policy-only verdict (trusted issuers, no registry) or ``None`` to ask the
            registry.

    Returns:
        The check, with the authenticity level on a pass (``issuer.not_authentic`` when the
        policy requires authentic records and this is not one). A LED credential whose
        ``authenticity`` was withheld has no level (not "not stated": it may be stated,
        withheld), ``details["withheld"]`` names it, and a policy requiring authentic records
        makes it ``issuer.scope_claims_withheld``.
    """
    iss = str(claims.get("iss", ""))
    trust = engine.trust
    if base is not None:
        verdict = base
    elif trust is not None:
        verdict = _registry_verdict(engine, claims, trust, iss)
    else:
        verdict = CheckResult(
            "issuer", IND, ErrorCode.ISSUER_NO_TRUST_POLICY, "no trust registry", {}
        )
    if verdict.status is not P:
        return verdict
    scope = sd_jwt_scope_extractor(claims)
    known = led_profile(claims.get("vct"))
    if known is not None and scope.authenticity is None and not scope.self_declared:
        details = dict(verdict.details)
        details.setdefault("withheld", f"{_PROFILES[known[0]][0]}.authenticity")
        if engine.policy.require_authentic:
            return CheckResult(
                "issuer",
                IND,
                ErrorCode.ISSUER_SCOPE_CLAIMS_WITHHELD,
                "the policy requires authentic records and the holder withheld the "
                "authenticity claim",
                details,
            )
        return CheckResult("issuer", P, None, verdict.message, details)
    return _with_authenticity(claims, verdict, engine.policy, sd_jwt_scope_extractor)
