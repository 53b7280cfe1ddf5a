"""``relatedResource`` cases (VC Data Model 2.0 §5.3, "Integrity of Related Resources").

The digests are computed here from the byte-exact contexts vc-led ships (``contexts/``, each
checked against the SHA-256 of ``manifest.json``, which matches the W3C files: the VC 2.0
context's SHA-256 is the one the spec gives in §B.1). Broken shapes are signed with
``hazmat_sign`` (the recipe refuses them), so the signature is valid and only the
``relatedResource`` shape or digest is wrong.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from _build import EXAMPLES, V2, Case, case, credential, failed_at, hazmat_sign, passing, sign

from vc_led._multibase import multibase_encode_b58, multibase_encode_b64url

CONTEXTS = Path(__file__).resolve().parents[2] / "contexts"
INVALID = "structure.related_resource_invalid"
MISMATCH = "structure.related_resource_digest_mismatch"


def _shipped(url: str) -> bytes:
    manifest = json.loads((CONTEXTS / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in manifest["contexts"] if e["url"] == url]
    raw = (CONTEXTS / entry["file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    return raw


def _sri(url: str, algorithm: str = "sha384") -> str:
    return (
        f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, _shipped(url)).digest()).decode()
    )


def _multihash(url: str) -> bytes:
    return b"\x12\x20" + hashlib.sha256(_shipped(url)).digest()  # sha2-256, 32 bytes


def _with(related: object) -> dict:
    return hazmat_sign(credential(relatedResource=related))


def _invalid(name: str, description: str, related: object) -> Case:
    return failed_at(name, description, _with(related), INVALID)


@case
def related_resource_right_digests() -> Case:
    related = [
        {
            "id": V2,
            "digestSRI": _sri(V2),
            "digestMultibase": multibase_encode_b64url(_multihash(V2)),
        },
        {
            "id": EXAMPLES,
            "digestSRI": [_sri(EXAMPLES, "sha256"), _sri(EXAMPLES, "sha512")],
            "digestMultibase": multibase_encode_b58(_multihash(EXAMPLES)),
            "mediaType": "application/ld+json",
        },
        {  # not shipped: never fetched, named in the details as unchecked
            "id": "https://university.example/images/58473",
            "digestMultibase": multibase_encode_b58(b"\x12\x20" + bytes(range(32))),
            "mediaType": "image/png",
        },
    ]
    return Case(
        "related-resource-right-digests",
        "relatedResource with the right SRI (sha256/384/512) and multibase (z and u, sha2-256) "
        "digests of the shipped contexts, and a resource vc-led does not ship",
        sign(credential(relatedResource=related)),
        "verified",
        [],
        passing(),
    )


@case
def related_resource_wrong_digest() -> Case:
    wrong = bytearray(_multihash(V2))
    wrong[-1] ^= 0x01
    return failed_at(
        "related-resource-wrong-digest",
        "relatedResource gives a digest of the VC 2.0 context that is not the shipped "
        "context's (one bit off): the issuer used another context than the verifier",
        _with([{"id": V2, "digestMultibase": multibase_encode_b58(bytes(wrong))}]),
        MISMATCH,
    )


@case
def related_resource_one_wrong_of_two() -> Case:
    return failed_at(
        "related-resource-one-wrong-of-two",
        "relatedResource gives a right SRI digest of the VC 2.0 context and a wrong one "
        "(the examples context's): every digest given must match",
        _with([{"id": V2, "digestSRI": [_sri(V2), _sri(EXAMPLES)]}]),
        MISMATCH,
    )


@case
def related_resource_string_entry() -> Case:
    return _invalid(
        "related-resource-string-entry",
        "a relatedResource entry is a string, not an object",
        [V2],
    )


@case
def related_resource_empty() -> Case:
    return _invalid(
        "related-resource-empty", "relatedResource is an empty list (one or more objects)", []
    )


@case
def related_resource_without_id() -> Case:
    return _invalid(
        "related-resource-without-id",
        "a relatedResource entry has no id",
        [{"digestSRI": _sri(V2)}],
    )


@case
def related_resource_duplicate_id() -> Case:
    return _invalid(
        "related-resource-duplicate-id",
        "two relatedResource entries have the same id (ids must be unique)",
        [{"id": V2, "digestSRI": _sri(V2)}, {"id": V2, "digestSRI": _sri(V2, "sha256")}],
    )


@case
def related_resource_without_digest() -> Case:
    return _invalid(
        "related-resource-without-digest",
        "a relatedResource entry has neither digestSRI nor digestMultibase",
        [{"id": V2, "mediaType": "application/ld+json"}],
    )


@case
def related_resource_unsupported_digest() -> Case:
    return _invalid(
        "related-resource-unsupported-digest",
        "digestSRI uses sha1, which SRI does not define (sha256, sha384, sha512)",
        [{"id": V2, "digestSRI": _sri(V2, "sha1")}],
    )


@case
def related_resource_digest_not_multihash() -> Case:
    return _invalid(
        "related-resource-digest-not-multihash",
        "digestMultibase is a bare SHA-256 digest without its multihash header",
        [{"id": V2, "digestMultibase": multibase_encode_b58(_multihash(V2)[2:])}],
    )


@case
def related_resource_id_not_url() -> Case:
    doc = _with([{"id": V2, "digestSRI": _sri(V2)}])
    doc["relatedResource"][0]["id"] = "credentials v2"  # JSON-LD cannot sign a relative id
    return failed_at(
        "related-resource-id-not-url",
        "a relatedResource id is not a URL (changed after signing: the structure check "
        "refuses it before the proof is looked at)",
        doc,
        INVALID,
    )


@case
def related_resource_bad_media_type() -> Case:
    return _invalid(
        "related-resource-bad-media-type",
        "a relatedResource mediaType is not a media type (type/subtype)",
        [{"id": V2, "digestSRI": _sri(V2), "mediaType": "JSON-LD"}],
    )
