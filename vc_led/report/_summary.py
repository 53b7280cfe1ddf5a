"""What a credential says, for people: holder, qualification, institution, date, level.

Read tolerantly from the LED profiles' claims (``credentialSubject.givenName`` /
``familyName`` / ``birthDate``; a ``qualification``, ``achievement``, ``equivalence`` or
``selfDeclaration`` node with ``title``, ``awardingBody.name``, ``awardedOn``, ``eqfLevel``,
``vksLevel``), from Open Badges (``achievement.name``, ``achievement.creator.name``) and the
European Learning Model (``hasClaim.title``, ``hasClaim.awardedBy``). Only a *verified*
credential's claims should be shown as facts; the report shows them under the verdict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..results import Authenticity, CheckStatus, VerificationResult
from ..trust.model import AUTHENTIC
from ..trust.scope import default_scope_extractor
from ._led import AwardDate, award_date, education, glossary_terms, record_kind, self_declaration
from ._led_sdjwt import is_sd_jwt_claims, sd_jwt_view
from ._texts import texts

__all__ = ["CredentialSummary", "summarize"]

_NODES = ("qualification", "achievement", "equivalence", "selfDeclaration", "hasClaim")
_EQF = re.compile(r"/eqf/(\d)\Z")
_MAX = 300


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialSummary:
    """The facts a reader looks for, as text (``None`` when the credential does not say).

    Attributes:
        holder_name: the holder's name.
        birth_date: the holder's birth date.
        title: the qualification's title.
        institution: the institution that awarded it.
        awarded: when it was awarded.
        level: its level (``EQF 7``, ``VKS 6 (EQF 6)``).
        authenticity: authentic, self-declared or not stated (as the verifier read it).
        authenticity_stated: the authenticity value as the credential writes it.
        issuer: the issuer's name or DID.
        valid_until: the end of its validity period, if any.
        awarded_precision: how precisely ``awarded`` is known: ``day``, ``month``, ``year``, or
            ``unknown`` (then ``awarded`` is ``None``: the record does not know the date).
        record_kind: the LED record kind (``qualification``, ``competence``, ``self_declared``,
            ``equivalence``), ``None`` for other credentials.
        intermediate: an intermediate certificate (``Tussenbewijs``), not a final qualification.
        self_declaration: ``on_honour`` or ``verified`` for a self-declared record.
        document_type: the kind of document LED records (``Diploma``, ``Deelcertificaat``...).
        education: the Flemish classification (``Secundair onderwijs, 3de graad, ASO``).
        programme: the study programme the record belongs to.
        original_institution: for an equivalence, the institution that awarded the original.
        original_country: for an equivalence, the country of the original (ISO 3166 alpha-3).
        terms: the glossary keys of the LED terms the credential uses.
        selective: an SD-JWT VC: only the claims its holder disclosed are known (a missing
            claim may exist undisclosed, so it is "not disclosed", never "not recorded").
    """

    holder_name: str | None = None
    birth_date: str | None = None
    title: str | None = None
    institution: str | None = None
    awarded: str | None = None
    level: str | None = None
    authenticity: Authenticity | None = None
    authenticity_stated: str | None = None
    issuer: str | None = None
    valid_until: str | None = None
    awarded_precision: str | None = None
    record_kind: str | None = None
    intermediate: bool = False
    self_declaration: str | None = None
    document_type: str | None = None
    education: str | None = None
    programme: str | None = None
    original_institution: str | None = None
    original_country: str | None = None
    terms: tuple[str, ...] = ()
    selective: bool = False


def _text(value: Any, lang: str = "en") -> str | None:
    """A display string from a string, a ``@value`` object, a language map or a list."""
    if isinstance(value, str):
        return value.strip()[:_MAX] or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        texts = [_text(v, lang) for v in value[:8]]
        return next((t for t in texts if t), None)
    if isinstance(value, Mapping):
        if "@value" in value:
            return _text(value["@value"], lang)
        if lang in value:
            return _text(value[lang], lang)
        if "name" in value:
            return _text(value["name"], lang)
        return next((t for t in (_text(v, lang) for v in list(value.values())[:8]) if t), None)
    return None


def _get(node: Any, *path: str) -> Any:
    for key in path:
        if isinstance(node, list) and node:
            node = node[0]
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def _node(subject: Mapping[str, Any]) -> Mapping[str, Any]:
    for name in _NODES:
        value = subject.get(name)
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, Mapping):
            return value
    return {}


def _holder(subject: Mapping[str, Any], lang: str) -> str | None:
    parts = [_text(subject.get(k), lang) for k in ("givenName", "familyName")]
    joined = " ".join(p for p in parts if p)
    return joined or _text(subject.get("name"), lang)


def _level(node: Mapping[str, Any], lang: str) -> str | None:
    eqf_uri = _text(node.get("eqfLevel"))
    match = _EQF.search(eqf_uri or "")
    eqf = f"EQF {match.group(1)}" if match else None
    vks = _text(node.get("vksLevel"))
    professional = _text(node.get("vksProfessionalLevel"))
    if not (vks and vks.isdigit()) and professional and professional.isdigit():
        vks = str(texts(lang)["words"]["vks_professional"]).format(level=professional)
    elif not (vks and vks.isdigit()):
        return eqf
    vks = vks if vks.startswith("VKS") else f"VKS {vks}"
    return f"{vks} ({eqf})" if eqf else vks


def _awarded(
    node: Mapping[str, Any], subject: Mapping[str, Any], doc: Mapping[str, Any]
) -> AwardDate | None:
    """The award date the credential states, with its precision. Never ``validFrom``: the
    start of a credential's validity is not the day a qualification was awarded."""
    candidates = (
        node.get("awardedOn"),
        node.get("awardedDate"),
        _get(node, "awardedBy", "awardingDate"),
        subject.get("awardedOn"),
        doc.get("awardedDate"),
    )
    value = next((c for c in candidates if c), None)
    if isinstance(value, Mapping) and "year" in value:
        parts = [value.get("year"), value.get("month"), value.get("day")]
        numbers = [p for p in parts if isinstance(p, int) and not isinstance(p, bool)]
        value = "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(numbers)) or None
    return award_date(node, _text(value))


def _institution(subject: Mapping[str, Any], node: Mapping[str, Any], lang: str) -> str | None:
    candidates = (
        _get(node, "awardingBody", "name"),
        _get(subject, "awardingBody", "name"),
        _get(node, "creator", "name"),
        _get(node, "awardedBy", "awardingBody", "name"),
        subject.get("alumniOf"),
    )
    return next((t for t in (_text(c, lang) for c in candidates) if t), None)


def _issuer(issuer: Any, lang: str) -> str | None:
    if isinstance(issuer, Mapping):
        return _text(issuer.get("name"), lang) or _text(issuer.get("id"))
    return _text(issuer)


def _credential(
    result: VerificationResult, credential: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    doc = credential if credential is not None else result.document
    if not isinstance(doc, Mapping) or result.kind != "credential":
        return None
    inner = doc.get("credential")  # a stapled credential wraps the signed one
    if "credentialSubject" not in doc and isinstance(inner, Mapping):
        return inner
    return doc


def _disclosed_authenticity(
    result: VerificationResult, view: Mapping[str, Any]
) -> tuple[Authenticity | None, str | None]:
    """An SD-JWT VC's authenticity as the ``issuer`` check reads a W3C credential's, from the
    disclosed claims of a trusted issuer (the vct says self-declared); ``None`` when the holder
    withheld it -- never "not stated" for a claim that may exist."""
    if not result.checks or result.check("issuer").status is not CheckStatus.PASSED:
        return None, None
    scope = default_scope_extractor(view)
    if scope.self_declared:
        return Authenticity.SELF_DECLARED, scope.authenticity
    if scope.authenticity is None:
        return None, None
    level = Authenticity.AUTHENTIC if scope.authenticity == AUTHENTIC else Authenticity.NOT_STATED
    return level, scope.authenticity


def summarize(
    result: VerificationResult,
    *,
    lang: str = "en",
    credential: Mapping[str, Any] | None = None,
) -> CredentialSummary | None:
    """What a verified (or failed) credential says, or ``None`` when it could not be parsed or
    is not a credential.

    Args:
        result: a credential's verification result.
        lang: the preferred language for language maps (``en`` or ``nl``).
        credential: the parsed credential the result is about; ``result.document`` when not
            given (a stapled credential's signed credential is read from its wrapper).

    Returns:
        The summary, or ``None``.
    """
    doc = _credential(result, credential)
    if doc is None:
        return None
    selective = is_sd_jwt_claims(doc)
    if selective:  # the disclosed claims, read as the W3C shapes below
        doc = sd_jwt_view(doc)
    subject_value = doc.get("credentialSubject")
    if isinstance(subject_value, list):
        subject_value = subject_value[0] if subject_value else None
    subject: Mapping[str, Any] = subject_value if isinstance(subject_value, Mapping) else {}
    node = _node(subject)
    stated_value = result.check("issuer").details.get("authenticity") if result.checks else None
    stated = str(stated_value) if stated_value is not None else None
    authenticity = result.authenticity
    if selective and authenticity is None:
        authenticity, stated = _disclosed_authenticity(result, doc)
    kind, intermediate = record_kind(doc, node)
    declared = self_declaration(node, stated) if kind == "self_declared" else None
    awarded = _awarded(node, subject, doc) or AwardDate(None, "")
    level = _level(node, lang)
    original = _get(node, "originalInstitution", "name") if kind == "equivalence" else None
    country = node.get("foreignCountry") if kind == "equivalence" else None
    return CredentialSummary(
        holder_name=_holder(subject, lang),
        birth_date=_text(subject.get("birthDate") or subject.get("dateOfBirth")),
        title=_text(node.get("title") or node.get("name") or node.get("description"), lang),
        institution=_institution(subject, node, lang),
        awarded=awarded.value,
        awarded_precision=awarded.precision or None,
        level=level,
        authenticity=authenticity,
        authenticity_stated=stated,
        issuer=_issuer(doc.get("issuer"), lang),
        valid_until=_text(doc.get("validUntil") or doc.get("expirationDate")),
        record_kind=kind,
        intermediate=intermediate,
        self_declaration=declared,
        document_type=_text(node.get("proofType")) if kind else None,
        education=education(node) if kind else None,
        programme=_text(node.get("studyProgramme"), lang) if kind else None,
        original_institution=_text(original),
        original_country=_text(country),
        terms=glossary_terms(
            kind=kind, intermediate=intermediate, declared=declared, node=node, level=bool(level)
        ),
        selective=selective,
    )
