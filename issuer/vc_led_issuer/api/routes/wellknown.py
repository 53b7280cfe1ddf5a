"""``GET /.well-known/did.json``: the registry's ``did:web`` document (retired keys kept)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ...keys import keyring
from ..deps import RegistryDep, SessionDep

router = APIRouter(tags=["did"])


@router.get("/.well-known/did.json", summary="The registry's DID document")
def get_did_document(registry: RegistryDep, session: SessionDep) -> Any:
    document = keyring.did_document(session, did=registry.did)
    return JSONResponse(document, media_type="application/did+json")
