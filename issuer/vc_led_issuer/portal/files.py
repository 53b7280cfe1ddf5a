"""The credential a citizen downloads: the signed credential with freshly stapled status.

The file is the registry's signed credential, unchanged, wrapped with the current signed
status lists it points to (:func:`vc_led.stapled.staple_status`), so a verifier without
network still gets a dated non-revocation proof. Its name says what it is
(``2024-bachelor-informatica-ku-leuven.json``), never who it is about.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from vc_led.stapled import staple_status

from ..context import Registry
from ..crud import get_credential
from ..publish import status_list_document
from .records import RecordCard

__all__ = ["file_stem", "stapled_credential", "verification_path"]

_MAX_STEM = 90


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def file_stem(card: RecordCard) -> str:
    """``<year>-<title>-<institution>`` in lower-case ASCII (no extension)."""
    parts = [str(card.year) if card.year else "", _slug(card.title), _slug(card.institution)]
    stem = "-".join(p for p in parts if p)[:_MAX_STEM].strip("-")
    return stem or "credential"


def stapled_credential(registry: Registry, *, credential_id: str) -> dict[str, Any] | None:
    """The credential with its status lists stapled, or None when it is not in the log.

    Raises:
        KeyCustodyError: a status list had to be re-signed and the key is unavailable.
    """
    with registry.read() as session:
        row = get_credential(session, credential_id=credential_id)
        if row is None:
            return None
        document = row.document
        list_ids = [i for i in (row.revocation_list_id, row.suspension_list_id) if i is not None]
    lists = []
    for list_id in list_ids:
        published = status_list_document(registry, list_id=list_id)
        if published is not None:
            lists.append(json.loads(published.body))
    return staple_status(document, status_lists=lists, now=registry.now())


_UUID = re.compile(r"^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


def verification_path(credential_id: str) -> str | None:
    """``/verify/<uuid>`` for a ``urn:uuid:`` credential id (random, so unguessable), else
    None."""
    match = _UUID.match(credential_id)
    return f"/verify/{match.group(1)}" if match else None
