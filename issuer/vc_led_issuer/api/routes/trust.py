"""``GET /trust/issuers``: the signed trust list (accredited issuers, scopes, key windows);
``GET /trust/x509-anchors.pem``: the root certificate(s) of the registry's ``x5c`` chains."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from vc_led.x509 import pem_of

from ...keys.x509 import trust_anchors
from ...publish import trust_list_document
from ..deps import RegistryDep
from ..problems import ProblemError
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


PEM_CHAIN_MEDIA_TYPE = "application/pem-certificate-chain"


@router.get(
    "/trust/x509-anchors.pem",
    summary="The X.509 trust anchor(s) of the registry's x5c chains (PEM)",
    response_class=Response,
    responses={200: {"content": {PEM_CHAIN_MEDIA_TYPE: {}}}, 404: {"description": "none"}},
)
def get_x509_anchors(registry: RegistryDep) -> Response:
    anchors = trust_anchors(registry.settings, now=registry.now())
    if not anchors:
        raise ProblemError(404, "x509_anchor_not_found", "no X.509 trust anchor is published")
    max_age = registry.settings.trust_list_ttl_seconds
    headers = {"Cache-Control": f"public, max-age={max_age}"}
    return Response(pem_of(anchors), media_type=PEM_CHAIN_MEDIA_TYPE, headers=headers)
