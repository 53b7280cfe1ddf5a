"""``GET /trust/issuers``: the signed trust list (accredited issuers, scopes, key windows)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ...publish import trust_list_document
from ..deps import RegistryDep
from ._cache import VC_MEDIA_TYPE, cached_response

router = APIRouter(tags=["trust"])


@router.get(
    "/trust/issuers",
    summary="The LED trust list, signed by the registry",
    response_class=Response,
    responses={200: {"content": {VC_MEDIA_TYPE: {}}}, 304: {"description": "not modified"}},
)
def get_trust_list(request: Request, registry: RegistryDep) -> Response:
    return cached_response(request, trust_list_document(registry), media_type=VC_MEDIA_TYPE)
