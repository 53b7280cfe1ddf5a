"""The holder's side of an SD-JWT (RFC 9901 §4.3, §7.2): choose what to disclose, bind it.

``present_sd_jwt`` keeps only the disclosures the chosen claim paths need (a nested claim
needs its parents' disclosures too; a claim discloses what is nested inside it) and, with the
holder's key, appends a Key Binding JWT (``typ: kb+jwt``; ``aud``, ``nonce``, ``iat``,
``sd_hash`` over the presented SD-JWT).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .._time import utcnow
from ..jose import sign_compact
from ..keys import SigningKey
from ..limits import DEFAULT_LIMITS
from ._common import KB_TYP, SdJwtError, loads_part, sd_hash, split_sd_jwt
from ._process import Path, process

__all__ = ["decode_sd_jwt", "parse_claim_path", "present_sd_jwt"]

_SEGMENT = re.compile(r"([^.\[\]]+)((?:\[(?:\d+|\*)\])*)")
_INDEX = re.compile(r"\[(\d+|\*)\]")


def _b64json(part: str) -> Any:
    try:
        return loads_part(part, max_depth=DEFAULT_LIMITS.max_depth, what="SD-JWT part")
    except SdJwtError as exc:
        raise ValueError(exc.message) from None


def decode_sd_jwt(text: str) -> tuple[dict[str, Any], dict[str, Any], list[list[Any]]]:
    """Decode an SD-JWT without verifying it (for tools): ``(header, payload,
    disclosures)``, each disclosure as its JSON array.

    Raises:
        ValueError: the text is not an SD-JWT.
    """
    try:
        parts = split_sd_jwt(text, max_disclosures=DEFAULT_LIMITS.max_values)
    except SdJwtError as exc:
        raise ValueError(exc.message) from None
    head, body, _ = parts.jwt.split(".")
    header, payload = _b64json(head), _b64json(body)
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ValueError("a JWT part is not a JSON object")
    return header, payload, [_b64json(d) for d in parts.disclosures]


def parse_claim_path(dotted: str) -> tuple[str | int | None, ...]:
    """``qualification.title`` -> ``("qualification", "title")``; ``competences[0]`` ->
    ``("competences", 0)``; ``competences[*]`` -> ``("competences", None)`` (every element).

    Raises:
        ValueError: an empty or malformed path.
    """
    steps: list[str | int | None] = []
    for segment in dotted.split("."):
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            raise ValueError(f"not a claim path: {dotted!r}")
        steps.append(match.group(1))
        for index in _INDEX.findall(match.group(2)):
            steps.append(None if index == "*" else int(index))
    return tuple(steps)


def _expand(path: tuple[str | int | None, ...], claims: Any) -> list[Path]:
    """Concrete paths (``None`` becomes every index of the array there)."""
    found: list[tuple[Path, Any]] = [((), claims)]
    for step in path:
        nxt: list[tuple[Path, Any]] = []
        for prefix, value in found:
            if step is None and isinstance(value, list):
                nxt.extend(((*prefix, i), v) for i, v in enumerate(value))
            elif isinstance(step, str) and isinstance(value, dict) and step in value:
                nxt.append(((*prefix, step), value[step]))
            elif type(step) is int and isinstance(value, list) and 0 <= step < len(value):
                nxt.append(((*prefix, step), value[step]))
            else:
                return []
        found = nxt
    return [p for p, _ in found]


def _needed(path: Path, digests: dict[Path, str]) -> set[str]:
    """The digests disclosing ``path``: its parents' (to reach it) and every one nested
    inside it (disclosing ``qualification`` discloses the whole qualification)."""
    parents = {digests[path[:end]] for end in range(1, len(path) + 1) if path[:end] in digests}
    inside = {d for p, d in digests.items() if p[: len(path)] == path}
    return parents | inside


def present_sd_jwt(
    sd_jwt: str,
    *,
    disclose: Iterable[str],
    holder_key: SigningKey | None = None,
    aud: str | None = None,
    nonce: str | None = None,
    now: datetime | None = None,
) -> str:
    """A presentation of ``sd_jwt`` disclosing only the claims named in ``disclose``.

    Args:
        sd_jwt: the SD-JWT VC as issued (``~``-terminated, no KB-JWT).
        disclose: claim paths in dotted form (``birth_date``, ``qualification.title``,
            ``competences[0]``, ``competences[*]``). A nested claim brings the disclosures of
            its parents, and a claim brings every disclosure nested inside it (``qualification``
            discloses the whole qualification); a claim that is always visible needs none.
        holder_key: the key ``cnf.jwk`` names; with it a KB-JWT is appended.
        aud: the verifier (KB-JWT ``aud``; required with ``holder_key``).
        nonce: the verifier's nonce (KB-JWT ``nonce``; required with ``holder_key``).
        now: the KB-JWT ``iat`` (default: now).

    Returns:
        ``<issuer-signed JWT>~<disclosure>~...~`` followed by the KB-JWT when bound.

    Raises:
        ValueError: a path that names no claim, a malformed SD-JWT, a KB-JWT without
            ``aud``/``nonce``.
    """
    limits = DEFAULT_LIMITS
    try:
        parts = split_sd_jwt(sd_jwt, max_disclosures=limits.max_values)
        payload = _b64json(parts.jwt.split(".")[1])
        if not isinstance(payload, dict):
            raise ValueError("the JWT payload is not a JSON object")
        done = process(payload, parts.disclosures, max_depth=limits.max_depth)
    except SdJwtError as exc:
        raise ValueError(exc.message) from None
    wanted: set[str] = set()
    for dotted in disclose:
        concrete = _expand(parse_claim_path(dotted), done.claims)
        if not concrete:
            raise ValueError(f"the credential has no claim {dotted!r}")
        for path in concrete:
            wanted.update(_needed(path, done.paths))
    kept = [d.encoded for d in done.disclosures.values() if d.digest in wanted]
    presented = "~".join([parts.jwt, *kept, ""])
    if holder_key is None:
        return presented
    if aud is None or nonce is None:
        raise ValueError("a key binding JWT needs aud and nonce")
    claims = {
        "iat": int((now or utcnow()).timestamp()),
        "aud": aud,
        "nonce": nonce,
        "sd_hash": sd_hash(presented),
    }
    return presented + sign_compact({"typ": KB_TYP}, claims, key=holder_key)
