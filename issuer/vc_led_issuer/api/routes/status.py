"""``GET /status/{list_id}``: a signed ``BitstringStatusListCredential``;
``GET /status/tsl/{list_id}``: a signed IETF Token Status List (``statuslist+jwt``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from vc_led.errors import ConfigurationError
from vc_led.status.token_status_list import MEDIA_TYPE as TSL_MEDIA_TYPE

from ...publish import status_list_document, token_status_list_document
from ..deps import RegistryDep
from ..problems import ProblemError
from ._cache import VC_MEDIA_TYPE, cached_response

router = APIRouter(tags=["status"])


@router.get(
    "/status/{list_id}",
    summary="A status list credential (W3C Bitstring Status List), cached per its ttl",
    response_class=Response,
    responses={200: {"content": {VC_MEDIA_TYPE: {}}}, 304: {"description": "not modified"}},
)
def get_status_list(
    list_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request, registry: RegistryDep
) -> Response:
    published = status_list_document(registry, list_id=list_id)
    if published is None:
        raise ProblemError(404, "status_list_not_found", "no such status list")
    return cached_response(request, published, media_type=VC_MEDIA_TYPE)


@router.get(
    "/status/tsl/{list_id}",
    summary="A Token Status List (IETF statuslist+jwt, 2-bit entries), cached per its ttl",
    response_class=Response,
    responses={
        200: {"content": {TSL_MEDIA_TYPE: {}}},
        304: {"description": "not modified"},
        503: {"description": "the issuing key has no X.509 chain configured"},
    },
)
def get_token_status_list(
    list_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request, registry: RegistryDep
) -> Response:
    try:
        published = token_status_list_document(registry, list_id=list_id)
    except ConfigurationError:
        raise ProblemError(
            503, "token_status_list_unavailable", "no X.509 chain for the issuing key"
        ) from None
    if published is None:
        raise ProblemError(404, "status_list_not_found", "no such status list")
    return cached_response(request, published, media_type=TSL_MEDIA_TYPE)
