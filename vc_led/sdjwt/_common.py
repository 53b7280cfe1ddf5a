"""SD-JWT building blocks (RFC 9901): the compact serialization, disclosures and digests.

Shared by issuance (:mod:`vc_led.sdjwt._issue`), presentation (:mod:`vc_led.sdjwt._present`)
and verification (:mod:`vc_led.sdjwt._format`). Every refusal is an :class:`SdJwtError`
carrying a stable :class:`~vc_led.results.ErrorCode`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from .._jsontext import loads_bounded
from .._multibase import b64url_decode, b64url_encode
from ..errors import DocumentError
from ..limits import DEFAULT_LIMITS
from ..results import ErrorCode

__all__ = [
    "ARRAY_KEY",
    "NEVER_DISCLOSABLE",
    "SD_ALG",
    "SD_KEY",
    "TYP",
    "Disclosure",
    "SdJwtError",
    "SdJwtParts",
    "digest",
    "encode_disclosure",
    "loads_part",
    "looks_like_sd_jwt",
    "parse_disclosure",
    "sd_hash",
    "split_sd_jwt",
]

#: The JOSE ``typ`` of an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-19 §3.2.1); ``vc+sd-jwt``
#: (before November 2024) is accepted on verification.
TYP = "dc+sd-jwt"
LEGACY_TYP = "vc+sd-jwt"
KB_TYP = "kb+jwt"
SD_ALG = "sha-256"
SD_KEY = "_sd"
ARRAY_KEY = "..."
#: Claims that must never be selectively disclosable: RFC 9901 §4.2 (``_sd``, ``...``) and
#: draft-ietf-oauth-sd-jwt-vc-19 §3.2.2.2 (``iss``, ``nbf``, ``exp``, ``cnf``, ``vct``,
#: ``vct#integrity``, ``status``); ``_sd_alg`` too, as it is read before any disclosure.
NEVER_DISCLOSABLE = frozenset(
    {"iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status", "_sd", "_sd_alg", "..."}
)


class SdJwtError(DocumentError):
    """An SD-JWT that is refused; ``code`` is the stable verdict."""


def digest(encoded: str) -> str:
    """The ``sha-256`` digest of a disclosure (over its base64url ASCII text), base64url."""
    return b64url_encode(hashlib.sha256(encoded.encode("ascii")).digest())


def encode_disclosure(salt: str, name: str | None, value: Any) -> str:
    """A disclosure ``[salt, name, value]`` (``[salt, value]`` for an array element)."""
    items: list[Any] = [salt, value] if name is None else [salt, name, value]
    return b64url_encode(json.dumps(items, ensure_ascii=False).encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One decoded disclosure.

    Attributes:
        encoded: the base64url text as it travelled.
        digest: its ``sha-256`` digest.
        salt: the salt.
        name: the claim name (``None`` for an array element).
        value: the claim value.
    """

    encoded: str
    digest: str
    salt: str
    name: str | None
    value: Any


def loads_part(part: str, *, max_depth: int, what: str) -> Any:
    """A base64url JSON part, parsed under ``max_depth`` (measured before parsing).

    Raises:
        SdJwtError: ``structure.too_deep``, or ``structure.sd_jwt_malformed`` for anything
            that is not base64url UTF-8 JSON.
    """
    try:
        return loads_bounded(b64url_decode(part), max_depth=max_depth)
    except DocumentError as exc:
        if exc.code == ErrorCode.STRUCTURE_TOO_DEEP:
            raise SdJwtError(exc.code, f"the {what} is nested too deeply", exc.details) from None
        raise SdJwtError(ErrorCode.STRUCTURE_SD_JWT_MALFORMED, f"the {what} is not JSON") from None
    except ValueError:
        raise SdJwtError(
            ErrorCode.STRUCTURE_SD_JWT_MALFORMED, f"the {what} is not base64url"
        ) from None


def parse_disclosure(encoded: str, *, max_depth: int = DEFAULT_LIMITS.max_depth) -> Disclosure:
    """Decode a disclosure: a base64url JSON array of 2 (array element) or 3 elements.

    Raises:
        SdJwtError: ``structure.disclosure_invalid``; ``structure.disclosure_not_allowed`` for
            the names ``_sd`` and ``...`` (the claims of :data:`NEVER_DISCLOSABLE` are refused
            where they are top-level or under one, see :mod:`vc_led.sdjwt._process`).
    """
    try:
        items = loads_part(encoded, max_depth=max_depth, what="disclosure")
    except SdJwtError as exc:
        if exc.code == ErrorCode.STRUCTURE_TOO_DEEP:
            raise
        items = None
    if not isinstance(items, list) or len(items) not in (2, 3) or not isinstance(items[0], str):
        raise SdJwtError(
            ErrorCode.STRUCTURE_DISCLOSURE_INVALID,
            "a disclosure is not a base64url JSON array of 2 or 3 elements with a string salt",
        )
    name = items[1] if len(items) == 3 else None
    if len(items) == 3 and not isinstance(name, str):
        raise SdJwtError(
            ErrorCode.STRUCTURE_DISCLOSURE_INVALID, "a disclosure's claim name is not a string"
        )
    if name in (SD_KEY, ARRAY_KEY):
        raise SdJwtError(
            ErrorCode.STRUCTURE_DISCLOSURE_NOT_ALLOWED,
            f"a disclosure may not name the claim {name!r} (RFC 9901 §4.2.1)",
            {"claim": str(name)},
        )
    return Disclosure(encoded, digest(encoded), items[0], name, items[-1])


@dataclass(frozen=True, slots=True)
class SdJwtParts:
    """A compact SD-JWT split: the issuer-signed JWT, the disclosures, the KB-JWT.

    Attributes:
        jwt: the issuer-signed JWT.
        disclosures: the encoded disclosures, in order.
        kb_jwt: the key binding JWT, or ``None``.
        presented: the text the KB-JWT's ``sd_hash`` covers (everything up to the last ``~``).
    """

    jwt: str
    disclosures: tuple[str, ...]
    kb_jwt: str | None
    presented: str


def looks_like_sd_jwt(text: str) -> bool:
    """Whether ``text`` (stripped) has the compact SD-JWT shape ``<jws>~...~[<kb-jwt>]``."""
    text = text.strip()
    if "~" not in text or text[:1] in ("{", "["):
        return False
    head = text.split("~", 1)[0]
    return head.count(".") == 2 and all(_is_b64(p) for p in head.split("."))


_B64 = re.compile(r"[A-Za-z0-9_-]+")


def _is_b64(part: str) -> bool:
    return _B64.fullmatch(part) is not None


def split_sd_jwt(text: str, *, max_disclosures: int) -> SdJwtParts:
    """Split a compact SD-JWT (surrounding whitespace ignored).

    Raises:
        SdJwtError: ``structure.sd_jwt_malformed``, ``structure.sd_jwt_too_many_disclosures``.
    """
    text = text.strip()
    parts = text.split("~")
    if len(parts) < 2 or parts[0].count(".") != 2:
        raise SdJwtError(
            ErrorCode.STRUCTURE_SD_JWT_MALFORMED,
            "not a compact SD-JWT (<issuer-signed JWT>~<disclosure>~...~[<KB-JWT>])",
        )
    disclosures = parts[1:-1]
    if len(disclosures) > max_disclosures:
        raise SdJwtError(
            ErrorCode.STRUCTURE_SD_JWT_TOO_MANY_DISCLOSURES,
            f"more than {max_disclosures} disclosures",
            {"limit": max_disclosures},
        )
    if any(not _is_b64(d) for d in disclosures):
        raise SdJwtError(
            ErrorCode.STRUCTURE_SD_JWT_MALFORMED, "an empty or non-base64url disclosure"
        )
    kb = parts[-1] or None
    if kb is not None and kb.count(".") != 2:
        raise SdJwtError(
            ErrorCode.STRUCTURE_SD_JWT_MALFORMED, "the part after the last '~' is not a JWT"
        )
    presented = text[: len(text) - len(parts[-1])]
    return SdJwtParts(parts[0], tuple(disclosures), kb, presented)


def sd_hash(presented: str) -> str:
    """The KB-JWT ``sd_hash`` of the presented SD-JWT (RFC 9901 §4.3.1)."""
    return digest(presented)
