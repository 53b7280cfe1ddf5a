"""``GET /trust/bundle``: the signed trust bundle for offline verifiers."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ...publish.trust_bundle import trust_bundle_document
from ..deps import RegistryDep
from ._cache import VC_MEDIA_TYPE, cached_response

router = APIRouter(tags=["trust"])


@router.get(
    "/trust/bundle",
    summary="The trust bundle: trust list, DID document, status lists, key chain — signed",
    response_class=Response,
    responses={200: {"content": {VC_MEDIA_TYPE: {}}}, 304: {"description": "not modified"}},
)
def get_trust_bundle(request: Request, registry: RegistryDep) -> Response:
    return cached_response(request, trust_bundle_document(registry), media_type=VC_MEDIA_TYPE)
