"""The ``structure`` rules an SD-JWT VC's type metadata adds (draft-ietf-oauth-sd-jwt-vc-19,
"SD-JWT VC Type Metadata"), offline, for the vcts vc-led ships (:mod:`vc_led.led.vct`):

- ``vct#integrity`` (W3C Subresource Integrity: ``sha256-``/``sha384-``/``sha512-`` + base64,
  several space-separated allowed) is checked against the shipped document's bytes; a
  mismatch is ``structure.vct_integrity_mismatch``. Another vct's metadata is never fetched:
  its integrity is reported as ``unchecked`` in the ``structure`` details.
- a claim the shipped metadata marks ``sd: always`` must not be in the clear in the
  issuer-signed payload (``structure.sd_always_claim_in_clear``): the holder could not withhold
  it, for LED among them the special-needs data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..results import ErrorCode
from ._common import SdJwtError

__all__ = ["check_type_metadata"]

_SRI = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}


def _shipped(vct: str) -> tuple[bytes, list[dict[str, Any]]] | None:
    from ..led.vct import metadata_bytes, type_metadata

    try:
        data = metadata_bytes(vct)
        claims = type_metadata(vct).get("claims", [])
    except KeyError:
        return None
    return data, [c for c in claims if isinstance(c, dict)]


def _sri_matches(value: str, data: bytes) -> bool:
    """Whether one of the SRI hashes in ``value`` (of a supported algorithm) is ``data``'s."""
    for token in value.split():
        alg, _, rest = token.partition("-")
        b64 = rest.split("?", 1)[0]
        if alg in _SRI:
            expected = base64.b64encode(_SRI[alg](data).digest()).decode("ascii")
            if hmac.compare_digest(expected, b64):
                return True
    return False


def _in_clear(value: Any, path: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    """Paths of ``path`` (``None``: every array element) present in ``value`` as plain
    members / elements, not behind a digest."""
    if not path:
        yield ()
        return
    head, rest = path[0], path[1:]
    if head is None and isinstance(value, list):
        for i, item in enumerate(value):
            if not (isinstance(item, Mapping) and "..." in item):
                yield from ((i, *p) for p in _in_clear(item, rest))
    elif isinstance(head, str) and isinstance(value, Mapping) and head in value:
        yield from ((head, *p) for p in _in_clear(value[head], rest))


def check_type_metadata(payload: Mapping[str, Any]) -> dict[str, str]:
    """Apply the type metadata rules to the issuer-signed ``payload``.

    Returns:
        Details for the ``structure`` check (``vct_integrity``: ``verified``, ``unchecked``
        or ``absent``).

    Raises:
        SdJwtError: ``structure.vct_integrity_mismatch``,
            ``structure.sd_always_claim_in_clear``.
    """
    vct = str(payload.get("vct"))
    integrity = payload.get("vct#integrity")
    shipped = _shipped(vct)
    if shipped is None:
        return {"vct_integrity": "unchecked" if integrity is not None else "absent"}
    data, claims = shipped
    if integrity is not None and (
        not isinstance(integrity, str) or not _sri_matches(integrity, data)
    ):
        raise SdJwtError(
            ErrorCode.STRUCTURE_VCT_INTEGRITY_MISMATCH,
            "vct#integrity does not match the published type metadata of this vct",
            {"vct": vct[:200]},
        )
    for claim in claims:
        path = claim.get("path")
        if claim.get("sd") != "always" or not isinstance(path, list):
            continue
        found = next(_in_clear(payload, path), None)
        if found is not None:
            shown = ".".join(str(p) for p in found)
            raise SdJwtError(
                ErrorCode.STRUCTURE_SD_ALWAYS_CLAIM_IN_CLEAR,
                f"the claim {shown[:120]} is in the clear, but the type metadata says it must "
                "always be selectively disclosable",
                {"claim": shown[:200], "vct": vct[:200]},
            )
    return {"vct_integrity": "verified" if integrity is not None else "absent"}
