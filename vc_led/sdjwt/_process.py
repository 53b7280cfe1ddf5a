"""Rebuild the claims of an SD-JWT from its payload and disclosures (RFC 9901 §7.1).

Used by the verifier (only what is disclosed ends up in the processed claims) and by the
holder (who processes with every disclosure to learn which disclosure reveals which claim
path, and which parents it needs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..results import ErrorCode
from ._common import (
    ARRAY_KEY,
    NEVER_DISCLOSABLE,
    SD_KEY,
    Disclosure,
    SdJwtError,
    parse_disclosure,
)

__all__ = ["Path", "Processed", "process"]

Path = tuple[str | int, ...]


@dataclass(slots=True)
class Processed:
    """The outcome of processing.

    Attributes:
        claims: the processed payload (``_sd``, ``_sd_alg`` and ``...`` removed).
        paths: for each disclosed claim path, the digest of the disclosure that reveals it.
        parents: for each disclosure digest, the digest of the disclosure it is nested in.
        disclosures: the decoded disclosures by digest.
    """

    claims: dict[str, Any]
    paths: dict[Path, str] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    disclosures: dict[str, Disclosure] = field(default_factory=dict)


def process(payload: Mapping[str, Any], encoded: Sequence[str], *, max_depth: int) -> Processed:
    """Process ``payload`` with the ``encoded`` disclosures.

    Raises:
        SdJwtError: ``structure.disclosure_invalid``, ``structure.disclosure_duplicate``,
            ``structure.disclosure_unreferenced``, ``structure.sd_digest_duplicate``,
            ``structure.sd_claim_clash``, ``structure.disclosure_not_allowed``,
            ``structure.too_deep``.
    """
    by_digest: dict[str, Disclosure] = {}
    for text in encoded:
        d = parse_disclosure(text, max_depth=max_depth)
        if d.digest in by_digest:
            raise SdJwtError(
                ErrorCode.STRUCTURE_DISCLOSURE_DUPLICATE, "a disclosure is included twice"
            )
        by_digest[d.digest] = d
    walker = _Walker(by_digest, max_depth)
    top = {k: v for k, v in payload.items() if k != "_sd_alg"}
    claims = walker.obj(top, (), None, 1)
    unused = set(by_digest) - walker.seen
    if unused:
        raise SdJwtError(
            ErrorCode.STRUCTURE_DISCLOSURE_UNREFERENCED,
            f"{len(unused)} disclosure(s) are referenced by no digest in the SD-JWT",
            {"unreferenced": len(unused)},
        )
    return Processed(claims, walker.paths, walker.parents, by_digest)


def _guard(found: Disclosure, path: Path) -> None:
    """A top-level claim of :data:`NEVER_DISCLOSABLE`, or a member of one (draft-ietf-oauth-
    sd-jwt-vc-19 §3.2.2.2: their sub-claims are not selectively disclosable either)."""
    name = path[0] if path else found.name
    if name in NEVER_DISCLOSABLE:
        raise SdJwtError(
            ErrorCode.STRUCTURE_DISCLOSURE_NOT_ALLOWED,
            f"the claim {name!r} (or a member of it) must never be selectively disclosable",
            {"claim": str(name)[:100]},
        )


class _Walker:
    def __init__(self, by_digest: dict[str, Disclosure], max_depth: int) -> None:
        self.by_digest = by_digest
        self.max_depth = max_depth
        self.seen: set[str] = set()
        self.digests: set[str] = set()
        self.paths: dict[Path, str] = {}
        self.parents: dict[str, str | None] = {}

    def value(self, value: Any, path: Path, parent: str | None, depth: int) -> Any:
        if isinstance(value, dict):
            return self.obj(value, path, parent, depth + 1)
        if isinstance(value, list):
            return self.array(value, path, parent, depth + 1)
        return value

    def _depth(self, depth: int) -> None:
        if depth > self.max_depth:
            raise SdJwtError(
                ErrorCode.STRUCTURE_TOO_DEEP,
                f"the SD-JWT nests deeper than {self.max_depth} levels",
                {"limit": self.max_depth},
            )

    def _take(self, digest: Any, parent: str | None, path: Path) -> Disclosure | None:
        if not isinstance(digest, str):
            raise SdJwtError(ErrorCode.STRUCTURE_SD_JWT_MALFORMED, "a digest is not a string")
        if digest in self.digests:
            raise SdJwtError(
                ErrorCode.STRUCTURE_SD_DIGEST_DUPLICATE,
                "a digest appears more than once in the SD-JWT",
            )
        self.digests.add(digest)
        found = self.by_digest.get(digest)
        if found is not None:
            _guard(found, path)
            self.seen.add(digest)
            self.parents[digest] = parent
        return found

    def obj(
        self, value: Mapping[str, Any], path: Path, parent: str | None, depth: int
    ) -> dict[str, Any]:
        self._depth(depth)
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == SD_KEY:
                continue
            if key == ARRAY_KEY:
                raise SdJwtError(
                    ErrorCode.STRUCTURE_SD_JWT_MALFORMED, "'...' outside an array element"
                )
            out[key] = self.value(item, (*path, key), parent, depth)
        digests = value.get(SD_KEY, [])
        if not isinstance(digests, list):
            raise SdJwtError(ErrorCode.STRUCTURE_SD_JWT_MALFORMED, "_sd is not an array")
        for digest in digests:
            found = self._take(digest, parent, path)
            if found is None:
                continue  # a decoy, or a claim not disclosed
            if found.name is None:
                raise SdJwtError(
                    ErrorCode.STRUCTURE_DISCLOSURE_INVALID,
                    "an array element disclosure is referenced from _sd",
                )
            if found.name in out:
                raise SdJwtError(
                    ErrorCode.STRUCTURE_SD_CLAIM_CLASH,
                    f"the disclosed claim {found.name!r} is already in the object",
                    {"claim": found.name[:100]},
                )
            self.paths[(*path, found.name)] = found.digest
            out[found.name] = self.value(found.value, (*path, found.name), found.digest, depth)
        return out

    def array(self, value: list[Any], path: Path, parent: str | None, depth: int) -> list[Any]:
        self._depth(depth)
        out: list[Any] = []
        for item in value:
            if isinstance(item, dict) and ARRAY_KEY in item:
                if len(item) != 1:
                    raise SdJwtError(
                        ErrorCode.STRUCTURE_SD_JWT_MALFORMED,
                        "an array element digest object has other members than '...'",
                    )
                found = self._take(item[ARRAY_KEY], parent, path)
                if found is None:
                    continue
                if found.name is not None:
                    raise SdJwtError(
                        ErrorCode.STRUCTURE_DISCLOSURE_INVALID,
                        "an object property disclosure is referenced from an array element",
                    )
                self.paths[(*path, len(out))] = found.digest
                out.append(self.value(found.value, (*path, len(out)), found.digest, depth))
            else:
                out.append(self.value(item, (*path, len(out)), parent, depth))
        return out
