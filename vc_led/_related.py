"""``relatedResource``: VC Data Model 2.0 §5.3, "Integrity of Related Resources".

Part of the ``structure`` check, at issuance (:func:`vc_led.sign_credential` refuses with
:class:`~vc_led.errors.SigningError`) and at verification:

- **shape** (``structure.related_resource_invalid``): the value is one object or a non-empty
  list of objects; each has an ``id`` URL, unique in the list, and at least one of
  ``digestSRI`` (an SRI ``hash-expression``: ``sha256-``, ``sha384-`` or ``sha512-`` followed by
  the standard base64 of a digest of that length, no options) and ``digestMultibase`` (a
  multibase value, base58btc ``z`` or base64url-no-pad ``u``, of a multihash with a header the
  W3C Controlled Identifiers spec defines: sha2-256 ``0x12``, sha2-384 ``0x20``, sha3-256
  ``0x16``, sha3-384 ``0x15``, and the length it defines); each digest property is a string or
  a non-empty list of strings; the optional ``mediaType`` is ``type/subtype``. Other multihash
  algorithms are refused: vc-led could not check them.
- **digests** (``structure.related_resource_digest_mismatch``): when the ``id`` is a JSON-LD
  context vc-led ships (``contexts/``, byte-exact copies listed with their SHA-256 in
  ``manifest.json``), *every* digest given must be the digest of the shipped file's bytes.
- a resource vc-led does not ship (an image, a caller-registered context, any other URL) is
  **never fetched** and never claimed as checked: the ``structure`` check passes and names it
  in its details (``related_resources_unchecked``); checked ones are named in
  ``related_resources_checked``. A caller who registers its own context in a
  :class:`~vc_led.jsonld.ContextRegistry` vouches for it; digests are compared with the copy
  vc-led ships, not with a replacement a caller registered under the same URL.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._multibase import multibase_decode
from .errors import ConfigurationError, DocumentError
from .jsonld.loader import contexts_dir
from .results import ErrorCode

__all__ = ["RelatedResources", "check_related_resources", "related_resource_details"]

PROPERTY = "relatedResource"
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*\Z")  # as _structure.is_url (VCDM §4.4)
_SRI = re.compile(r"(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})\Z")
_SRI_LENGTH = {"sha256": 32, "sha384": 48, "sha512": 64}
#: multihash header -> (hashlib name, digest length): W3C Controlled Identifiers §2.5 Multihash
_MULTIHASH = {
    0x12: ("sha256", 32),
    0x20: ("sha384", 48),
    0x16: ("sha3_256", 32),
    0x15: ("sha3_384", 48),
}
_TOKEN = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
_MEDIA_TYPE = re.compile(rf"{_TOKEN}/{_TOKEN}(\s*;\s*{_TOKEN}=[^;\s]+)*\Z")


@dataclass(frozen=True, slots=True)
class RelatedResources:
    """What the check did with each ``relatedResource`` entry.

    Attributes:
        checked: ids whose digests were compared with the shipped copy (and matched).
        unchecked: ids vc-led does not ship: not fetched, not checked.
    """

    checked: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()


def _invalid(message: str, index: int | None = None) -> DocumentError:
    details: dict[str, str | int] = {} if index is None else {"entry": index}
    return DocumentError(
        ErrorCode.STRUCTURE_RELATED_RESOURCE_INVALID, f"relatedResource: {message}", details
    )


def check_related_resources(doc: Mapping[str, Any]) -> RelatedResources:
    """Check the ``relatedResource`` of a credential or presentation (absent: nothing to do).

    Args:
        doc: the parsed document.

    Returns:
        Which ids were checked against a shipped copy and which were not (not shipped).

    Raises:
        DocumentError: ``structure.related_resource_invalid`` on a malformed value,
            ``structure.related_resource_digest_mismatch`` when a digest differs from the
            shipped copy of the resource.
    """
    if PROPERTY not in doc:
        return RelatedResources()
    value = doc[PROPERTY]
    entries = value if isinstance(value, list) else [value]
    if not entries:
        raise _invalid("must be one or more objects")
    seen: set[str] = set()
    checked: list[str] = []
    unchecked: list[str] = []
    for index, entry in enumerate(entries):
        resource_id, digests = _check_entry(entry, index)
        if resource_id in seen:
            raise _invalid(f"id {resource_id[:80]!r} is listed twice", index)
        seen.add(resource_id)
        shipped = _shipped_files().get(resource_id)
        if shipped is None:
            unchecked.append(resource_id)
            continue
        _compare(digests, resource_id, shipped, index)
        checked.append(resource_id)
    return RelatedResources(tuple(checked), tuple(unchecked))


def related_resource_details(doc: Mapping[str, Any]) -> dict[str, str | int]:
    """The ``structure`` check's details about ``relatedResource`` (empty without one).

    Returns:
        ``related_resources_checked`` / ``related_resources_unchecked``: space-separated ids
        (an invalid value gives no details: :func:`check_related_resources` fails it first).
    """
    try:
        report = check_related_resources(doc)
    except DocumentError:
        return {}
    details: dict[str, str | int] = {}
    if report.checked:
        details["related_resources_checked"] = " ".join(report.checked)[:400]
    if report.unchecked:
        details["related_resources_unchecked"] = " ".join(r[:200] for r in report.unchecked)[:400]
    return details


def _check_entry(entry: Any, index: int) -> tuple[str, list[tuple[str, bytes]]]:
    """The entry's id and its digests as ``(hashlib name, digest)``."""
    if not isinstance(entry, Mapping):
        raise _invalid("every entry must be an object", index)
    resource_id = entry.get("id")
    if not isinstance(resource_id, str) or not _URL.match(resource_id):
        raise _invalid("every entry needs an id URL", index)
    if "digestSRI" not in entry and "digestMultibase" not in entry:
        raise _invalid("every entry needs digestSRI or digestMultibase", index)
    digests: list[tuple[str, bytes]] = []
    for name, parse in (("digestSRI", _parse_sri), ("digestMultibase", _parse_multihash)):
        for text in _strings(entry[name], name, index) if name in entry else []:
            parsed = parse(text)
            if parsed is None:
                raise _invalid(f"{name} {text[:80]!r} is not a supported digest", index)
            digests.append(parsed)
    media = entry.get("mediaType")
    if "mediaType" in entry and not (isinstance(media, str) and _MEDIA_TYPE.match(media)):
        raise _invalid("mediaType must be a media type (type/subtype)", index)
    return resource_id, digests


def _strings(value: Any, name: str, index: int) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) for item in items):
        raise _invalid(f"{name} must be a string or a non-empty list of strings", index)
    return items


def _parse_sri(text: str) -> tuple[str, bytes] | None:
    """``(hashlib name, digest)`` of an SRI hash-expression, or ``None``."""
    match = _SRI.match(text)
    if match is None:
        return None
    algorithm, encoded = match.groups()
    try:
        digest = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    canonical = base64.b64encode(digest).decode("ascii")
    if len(digest) != _SRI_LENGTH[algorithm] or canonical.rstrip("=") != encoded.rstrip("="):
        return None
    return algorithm, digest


def _parse_multihash(text: str) -> tuple[str, bytes] | None:
    """``(hashlib name, digest)`` of a multibase multihash with a supported header, or ``None``."""
    try:
        raw = multibase_decode(text)
    except ValueError:
        return None
    if len(raw) < 2 or raw[0] not in _MULTIHASH:  # every supported header is a 1-byte varint
        return None
    name, length = _MULTIHASH[raw[0]]
    if raw[1] != length or len(raw) != 2 + length:
        return None
    return name, raw[2:]


def _compare(digests: list[tuple[str, bytes]], resource_id: str, path: Path, index: int) -> None:
    for algorithm, digest in digests:
        if _digest(path, algorithm) != digest:
            raise DocumentError(
                ErrorCode.STRUCTURE_RELATED_RESOURCE_DIGEST_MISMATCH,
                f"relatedResource {resource_id[:80]!r}: the {algorithm} digest does not match "
                "the copy vc-led ships",
                {"entry": index, "id": resource_id[:200], "algorithm": algorithm},
            )


@functools.cache
def _digest(path: Path, algorithm: str) -> bytes:
    return hashlib.new(algorithm, path.read_bytes()).digest()


@functools.cache
def _shipped_files() -> Mapping[str, Path]:
    """URL -> file of every shipped context whose bytes match the manifest's SHA-256.

    Raises:
        ConfigurationError: when a shipped file differs from the manifest (a broken install).
    """
    folder = contexts_dir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files: dict[str, Path] = {}
    for entry in manifest["contexts"]:
        path = folder / entry["file"]
        if _digest(path, "sha256").hex() != entry["sha256"]:
            raise ConfigurationError(f"context {entry['url']} does not match its manifest hash")
        files[entry["url"]] = path
    return files
