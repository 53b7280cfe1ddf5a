"""Denial-of-service limits, each with a stable error code when exceeded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_LIMITS", "Limits", "json_depth", "json_values"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what vc-led will process.

    Attributes:
        max_bytes: largest serialized document (``structure.too_large``).
        max_depth: deepest JSON nesting of objects and arrays (``structure.too_deep``).
        max_values: most JSON values (objects, arrays, strings, numbers, ...) in one document
            (``structure.too_many_values``). JSON-LD expansion costs about linear time per
            value, so this bounds it before it starts: an honest credential has a few hundred,
            a presentation of 99 LED credentials under 20,000.
        max_blank_nodes: most blank nodes in the RDF dataset (``context.too_many_blank_nodes``).
        max_deep_iterations_factor: RDFC-1.0 per-node bound: Hash N-Degree Quads may run at
            most ``blank_nodes ** factor`` times per blank node (``context.too_many_blank_nodes``).
        max_canonicalization_work: RDFC-1.0 total bound per canonicalization: Hash N-Degree
            Quads calls, permutations and identifiers copied, summed over the document
            (``context.canonicalization_too_costly``; a cycle, chain or clique of
            indistinguishable blank nodes). Checked against a linear-time lower bound first.
        max_context_work: JSON-LD context processing bound per expansion: term definitions
            created, active-context entries cloned (per 32) and characters of inline contexts
            resolved (per 64) (``context.processing_too_costly``; huge or deeply stacked
            scoped contexts).
        max_proofs: most proofs in one proof set or chain (``proof.malformed``).
        max_status_list_bytes: largest decoded status list bitstring a stapled credential may
            carry (``status.list_too_large``; 2 MiB = 16,777,216 entries, 128 times the
            spec's minimum). The compressed text is checked against it before it is
            decompressed, and decompression stops one byte past it.
        max_disclosures: most disclosures one SD-JWT may carry
            (``structure.sd_jwt_too_many_disclosures``; checked when splitting, before any
            disclosure is decoded).
    """

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 32
    max_values: int = 50_000
    max_blank_nodes: int = 1024
    max_deep_iterations_factor: int = 1
    max_canonicalization_work: int = 500_000
    max_context_work: int = 50_000
    max_proofs: int = 16
    max_status_list_bytes: int = 2 * 1024 * 1024
    max_disclosures: int = 1024


DEFAULT_LIMITS = Limits()


def json_depth(value: object, *, limit: int) -> int:
    """Nesting depth of a parsed JSON value (``{}`` is 1); stops counting past ``limit``."""
    depth = 0
    level: list[Any] = [value] if isinstance(value, dict | list) else []
    while level and depth <= limit:
        depth += 1
        nxt: list[Any] = []
        for item in level:
            children = item.values() if isinstance(item, dict) else item
            nxt.extend(c for c in children if isinstance(c, dict | list))
        level = nxt
    return depth


def json_values(value: object, *, limit: int) -> int:
    """How many JSON values ``value`` holds, itself included; stops counting past ``limit``."""
    count, pending = 0, [value]
    while pending and count <= limit:
        item = pending.pop()
        count += 1
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return count
