"""The published SD-JWT VC Type Metadata of the LED vcts, shipped as files and loaded offline.

One document per vct (``https://w3id.org/vc-led/vct/<profile>[-intermediate]/v1``), in this
folder as ``<profile>[-intermediate]-v1.json``, written by ``scripts/gen_led_vct.py`` from
:mod:`vc_led.led.vct.build` (draft-ietf-oauth-sd-jwt-vc-19, "SD-JWT VC Type Metadata").
:func:`vct_integrity` is the ``vct#integrity`` claim: the W3C SRI string (``sha256-<base64>``)
of the shipped document's bytes, exactly as served.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from ..profiles.sdjwt import all_vcts

__all__ = ["metadata_bytes", "type_metadata", "vct_files", "vct_integrity"]

_HERE = Path(__file__).resolve().parent


def vct_files() -> dict[str, str]:
    """vct -> file name, for every LED vct."""
    return {
        vct: f"{profile}{'-intermediate' if intermediate else ''}-v1.json"
        for profile, intermediate, vct in all_vcts()
    }


@functools.cache
def metadata_bytes(vct: str) -> bytes:
    """The Type Metadata document of ``vct``, byte for byte as published.

    Raises:
        KeyError: for a vct that is not a LED vct.
    """
    name = vct_files()[vct]
    return (_HERE / name).read_bytes()


def type_metadata(vct: str) -> dict[str, Any]:
    """The parsed Type Metadata document of ``vct`` (a new dict).

    Raises:
        KeyError: for a vct that is not a LED vct.
    """
    document: dict[str, Any] = json.loads(metadata_bytes(vct))
    return document


def vct_integrity(vct: str) -> str:
    """The ``vct#integrity`` value of ``vct``: ``sha256-`` + base64 of the SHA-256 of the
    document's bytes (W3C Subresource Integrity syntax).

    Raises:
        KeyError: for a vct that is not a LED vct.
    """
    digest = hashlib.sha256(metadata_bytes(vct)).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
