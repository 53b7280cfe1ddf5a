"""Issue the SD-JWT VC rendition of a LED record in one call (``dc+sd-jwt``; RFC 9901,
draft-ietf-oauth-sd-jwt-vc-19, HAIP 1.0 profile):

    >>> from vc_led import Holder
    >>> from vc_led.led.issuing_sdjwt import issue_sd_jwt_credential
    >>> sd_jwt = issue_sd_jwt_credential(
    ...     record=record,
    ...     holder=Holder(given_name="An", family_name="Peeters"),
    ...     issuer_key=registry_key,            # P-256: ES256 (Ed25519: EdDSA)
    ...     issuer="https://registry.led.example",
    ...     holder_key=wallet_public_key,       # cnf.jwk
    ... )

The claims, the ``vct`` and what is selectively disclosable come from
:mod:`vc_led.led.profiles.sdjwt`; ``vct#integrity`` from the shipped Type Metadata
(:mod:`vc_led.led.vct`); ``nbf``/``exp`` are the W3C rendition's ``validFrom``/``validUntil``.
The same refusals as :func:`vc_led.led.issuing.issue_credential` apply before anything is
signed: a cancelled record, a text holding a national number (``structure.contains_insz``),
and a record the trust registry would refuse (``issuer.before_coverage``,
``issuer.out_of_scope``: the W3C rendition of the same record is checked, so the two
renditions are refused alike).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from .._time import utcnow
from ..errors import SigningError
from ..keys import PublicKey, SigningKey
from ..results import ErrorCode
from ..sdjwt import issue_sd_jwt_vc, registry_did_of_iss
from ..trust.model import TrustRegistry
from .insz_text import insz_paths
from .issuing import check_record_issuable
from .model import LedRecord
from .profiles import Holder, select_profile
from .profiles.sdjwt import ClaimPath, sd_jwt_rendition
from .vct import vct_integrity

__all__ = ["concrete_paths", "issue_sd_jwt_credential"]


def concrete_paths(claims: Mapping[str, Any], paths: Iterable[ClaimPath]) -> set[tuple[Any, ...]]:
    """``paths`` with every ``None`` that is followed by more steps replaced by each index of
    the array there (``("competences", None, "title")`` -> ``("competences", 0, "title")``,
    ...); a final ``None`` (every element) stays."""
    out: set[tuple[Any, ...]] = set()
    for path in paths:
        found: list[tuple[tuple[Any, ...], Any]] = [((), claims)]
        for at, step in enumerate(path):
            last = at == len(path) - 1
            nxt: list[tuple[tuple[Any, ...], Any]] = []
            for prefix, value in found:
                if step is None and not last and isinstance(value, list):
                    nxt += [((*prefix, i), v) for i, v in enumerate(value)]
                elif step is None and isinstance(value, list):
                    nxt.append(((*prefix, None), value))
                elif isinstance(value, Mapping) and step in value:
                    nxt.append(((*prefix, step), value[step]))
            found = nxt
        out.update(prefix for prefix, _ in found)
    return out


def _refuse_insz(claims: Mapping[str, Any]) -> None:
    found = next(insz_paths(claims), None)
    if found is not None:
        raise SigningError(
            ErrorCode.STRUCTURE_CONTAINS_INSZ,
            f"the credential holds a national number (INSZ) at {found}; it is not signed",
            {"path": found[:200]},
        )


def _registry_id(iss: str, trust: TrustRegistry | None) -> str:
    """The registry entry ``iss`` is judged as, as the verifier does
    (:func:`vc_led.sdjwt.registry_did_of_iss`): ``iss`` itself when the registry lists it (or
    there is no registry: the default one is built around it), else its ``did:web``."""
    if trust is None or trust.by_did(iss) is not None:
        return iss
    return registry_did_of_iss(iss) or iss


def issue_sd_jwt_credential(
    *,
    record: LedRecord,
    holder: Holder,
    issuer_key: SigningKey,
    issuer: str,
    holder_key: PublicKey | None = None,
    status: Mapping[str, Any] | None = None,
    x5c: Sequence[str] = (),
    kid: str | None = None,
    now: datetime | None = None,
    trust: TrustRegistry | None = None,
    rng: Callable[[int], bytes] | None = None,
) -> str:
    """Build, check and sign the SD-JWT VC of a LED record.

    Args:
        record: the LED record.
        holder: names and birth date from the login (the DID is not a claim; ``holder_key``
            binds the credential).
        issuer_key: the signing key (P-256: ES256, the HAIP default; Ed25519: EdDSA).
        issuer: ``iss`` (an HTTPS URI; under HAIP a SAN URI of the ``x5c`` leaf).
        holder_key: the wallet's public key, bound as ``cnf.jwk`` (None: no key binding).
        status: the ``status`` claim (``{"status_list": {"idx": n, "uri": u}}``).
        x5c: the issuer's certificate chain (base64 DER, leaf first).
        kid: the header ``kid``.
        now: the issuance time (default: the current UTC time).
        trust: the trust registry whose scope and coverage rules apply (default: the LED
            table with ``issuer`` as the registry; see
            :func:`vc_led.led.issuing.refuse_out_of_coverage`); ``issuer`` is looked up as
            itself, else as its ``did:web`` (:func:`vc_led.sdjwt.registry_did_of_iss`).
        rng: salts and decoys (default: the CSPRNG; tests pass a seeded one).

    Returns:
        The compact SD-JWT VC (``<JWT>~<disclosure>~...~``).

    Raises:
        RecordNotIssuableError: the record is cancelled (status 10).
        SigningError: ``issuer.before_coverage`` / ``issuer.out_of_scope`` /
            ``issuer.not_accredited`` when the trust registry would refuse the record;
            ``structure.contains_insz`` when a text holds a national number.
        ValueError: for a naive ``now``.
    """
    moment = now or utcnow()
    check_record_issuable(record, issuer_id=_registry_id(issuer, trust), now=moment, trust=trust)
    rendition = sd_jwt_rendition(
        record=record, holder=holder, profile=select_profile(record).value, issued_at=moment
    )
    _refuse_insz(rendition.claims)
    extra: dict[str, Any] = {"rng": rng} if rng is not None else {}
    return issue_sd_jwt_vc(
        vct=rendition.vct,
        claims=rendition.claims,
        disclosable=concrete_paths(rendition.claims, rendition.disclosable),
        issuer=issuer,
        key=issuer_key,
        issued_at=moment,
        valid_from=rendition.not_before,
        valid_until=rendition.expires,
        holder_key=holder_key,
        status=status,
        x5c=x5c,
        kid=kid,
        vct_integrity=vct_integrity(rendition.vct),
        **extra,
    )
