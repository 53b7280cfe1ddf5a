"""Issue an SD-JWT VC (RFC 9901; draft-ietf-oauth-sd-jwt-vc-19; OpenID4VC HAIP 1.0 §6.1 "IETF
SD-JWT VC Profile": ES256, ``x5c``, ``cnf.jwk``, ``status.status_list``)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from .._multibase import b64url_encode
from ..jose import jwk_of_public, sign_compact
from ..keys import PublicKey, SigningKey
from ._common import ARRAY_KEY, NEVER_DISCLOSABLE, SD_ALG, SD_KEY, TYP, digest, encode_disclosure

__all__ = ["ClaimPath", "issue_sd_jwt_vc"]

ClaimPath = tuple[str | int | None, ...]
#: Payload claims issuance sets itself; ``claims`` may not carry them.
RESERVED = NEVER_DISCLOSABLE | {"iat"}
SALT_BYTES = 16  # 128 bits (RFC 9901 §4.2.1)
MAX_RANDOM_DECOYS = 3


def issue_sd_jwt_vc(
    *,
    vct: str,
    claims: Mapping[str, Any],
    disclosable: Iterable[ClaimPath],
    issuer: str,
    key: SigningKey,
    issued_at: datetime,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    holder_key: PublicKey | None = None,
    status: Mapping[str, Any] | None = None,
    x5c: Sequence[str] = (),
    kid: str | None = None,
    vct_integrity: str | None = None,
    decoys: int | None = None,
    rng: Callable[[int], bytes] = secrets.token_bytes,
) -> str:
    """Issue a compact SD-JWT VC ``<issuer-signed JWT>~<disclosure>~...~``.

    Args:
        vct: the credential type (``vct``).
        claims: the credential's claims (not the ones issuance sets: ``iss``, ``iat``,
            ``nbf``, ``exp``, ``vct``, ``cnf``, ``status``...).
        disclosable: claim paths made selectively disclosable: ``("birth_date",)`` a
            top-level claim, ``("qualification", "title")`` a member of an object (the
            object itself may be disclosable too: inner disclosures are made first),
            ``("competences", None)`` every element of an array, ``("competences", 0)`` one.
        issuer: ``iss`` (an HTTPS URI matching the ``x5c`` leaf's SAN URI under HAIP).
        key: the issuer's signing key (``alg`` follows its type: ES256 for P-256, EdDSA).
        issued_at: ``iat``.
        valid_from: ``nbf``.
        valid_until: ``exp``.
        holder_key: the holder's public key, bound as ``cnf.jwk``.
        status: the ``status`` claim (``{"status_list": {"idx": n, "uri": u}}``).
        x5c: the issuer's certificate chain (base64 DER, leaf first) for the header.
        kid: the header ``kid``.
        vct_integrity: ``vct#integrity`` (an SRI digest of the type metadata).
        decoys: decoy digests per object with ``_sd`` (default: 1 to 3, random).
        rng: the source of salts and decoys (a CSPRNG; tests pass a seeded one).

    Returns:
        The SD-JWT VC text, ending with ``~``.

    Raises:
        ValueError: a reserved claim in ``claims``, a path naming a claim that must never be
            selectively disclosable (``iss``, ``nbf``, ``exp``, ``cnf``, ``vct``,
            ``vct#integrity``, ``status``, ``_sd``, ``...``), or naming nothing.
    """
    clash = RESERVED & set(claims)
    if clash:
        raise ValueError(f"claims may not set {sorted(clash)}: issuance sets them")
    paths = _check_paths(claims, disclosable)
    builder = _Builder(paths, decoys, rng)
    body = builder.obj(dict(claims), (), top=True)
    payload: dict[str, Any] = {"iss": issuer, "iat": int(issued_at.timestamp())}
    if valid_from is not None:
        payload["nbf"] = int(valid_from.timestamp())
    if valid_until is not None:
        payload["exp"] = int(valid_until.timestamp())
    payload["vct"] = vct
    if vct_integrity is not None:
        payload["vct#integrity"] = vct_integrity
    if holder_key is not None:
        payload["cnf"] = {"jwk": jwk_of_public(holder_key).export_public(as_dict=True)}
    if status is not None:
        payload["status"] = dict(status)
    payload.update(body)
    payload["_sd_alg"] = SD_ALG
    header: dict[str, Any] = {"typ": TYP}
    if kid is not None:
        header["kid"] = kid
    if x5c:
        header["x5c"] = list(x5c)
    jwt = sign_compact(header, payload, key=key)
    return "~".join([jwt, *builder.disclosures, ""])


def _check_paths(claims: Mapping[str, Any], disclosable: Iterable[ClaimPath]) -> set[ClaimPath]:
    paths = {tuple(p) for p in disclosable}
    for path in paths:
        if not path or not isinstance(path[0], str):
            raise ValueError(f"a claim path starts with a claim name: {path!r}")
        if path[0] in NEVER_DISCLOSABLE or any(s in (SD_KEY, ARRAY_KEY) for s in path):
            raise ValueError(f"{path!r} may never be selectively disclosable")
        if not _exists(claims, path):
            raise ValueError(f"the claim path {path!r} names no claim")
    return paths


def _exists(value: Any, path: ClaimPath) -> bool:
    """Whether ``path`` names a claim (``None``: in at least one element of the array)."""
    for at, step in enumerate(path):
        if isinstance(step, str) and isinstance(value, Mapping) and step in value:
            value = value[step]
        elif step is None and isinstance(value, list):
            rest = path[at + 1 :]
            return bool(value) and (not rest or any(_exists(item, rest) for item in value))
        elif type(step) is int and isinstance(value, list) and 0 <= step < len(value):
            value = value[step]
        else:
            return False
    return True


def _matches(pattern: ClaimPath, path: ClaimPath) -> bool:
    """``pattern`` names ``path`` (``None`` in the pattern stands for any array index)."""
    return len(pattern) == len(path) and all(
        a == b or (a is None and type(b) is int) for a, b in zip(pattern, path, strict=True)
    )


class _Builder:
    def __init__(
        self, paths: set[ClaimPath], decoys: int | None, rng: Callable[[int], bytes]
    ) -> None:
        self.paths = paths
        self.wildcards = [p for p in paths if None in p]
        self.decoys = decoys
        self.rng = rng
        self.disclosures: list[str] = []

    def _selected(self, path: ClaimPath) -> bool:
        return path in self.paths or any(_matches(p, path) for p in self.wildcards)

    def _salt(self) -> str:
        return b64url_encode(self.rng(SALT_BYTES))

    def _disclose(self, name: str | None, value: Any) -> str:
        encoded = encode_disclosure(self._salt(), name, value)
        self.disclosures.append(encoded)
        return digest(encoded)

    def value(self, value: Any, path: ClaimPath) -> Any:
        if isinstance(value, Mapping):
            return self.obj(value, path, top=False)
        if isinstance(value, list):
            out: list[Any] = []
            for index, item in enumerate(value):
                inner = self.value(item, (*path, index))
                if self._selected((*path, index)):
                    out.append({ARRAY_KEY: self._disclose(None, inner)})
                else:
                    out.append(inner)
            return out
        return value

    def obj(self, value: Mapping[str, Any], path: ClaimPath, *, top: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        digests: list[str] = []
        for name, item in value.items():
            inner = self.value(item, (*path, name))
            if self._selected((*path, name)):
                digests.append(self._disclose(name, inner))
            else:
                out[name] = inner
        if digests or top:
            digests.extend(self._decoy() for _ in range(self._decoy_count()))
            out[SD_KEY] = sorted(digests)
        return out

    def _decoy_count(self) -> int:
        if self.decoys is not None:
            return self.decoys
        return 1 + self.rng(1)[0] % MAX_RANDOM_DECOYS

    def _decoy(self) -> str:
        return digest(self._salt())
