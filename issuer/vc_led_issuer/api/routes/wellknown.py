"""``GET /.well-known/did.json``: the registry's ``did:web`` document (retired keys kept);
``GET /.well-known/jwt-vc-issuer``: its JWT VC Issuer Metadata (draft-ietf-oauth-sd-jwt-vc-19):
``issuer`` and ``jwks``, current and retired issuing keys, the current one with its ``x5c``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from vc_led.errors import ConfigurationError
from vc_led.jose import alg_of, jwk_of_public
from vc_led.keys import decode_multikey
from vc_led.x509 import x5c_of

from ...keys import keyring
from ...keys.x509 import issuer_identifier, issuing_chain
from ..deps import RegistryDep, SessionDep

router = APIRouter(tags=["did"])


@router.get("/.well-known/did.json", summary="The registry's DID document")
def get_did_document(registry: RegistryDep, session: SessionDep) -> Any:
    document = keyring.did_document(session, did=registry.did)
    return JSONResponse(document, media_type="application/did+json")


@router.get(
    "/.well-known/jwt-vc-issuer",
    summary="JWT VC Issuer Metadata: the issuer identifier and its issuing keys (JWKS)",
)
def get_jwt_vc_issuer(registry: RegistryDep, session: SessionDep) -> Any:
    keys = []
    for row in keyring.keys_of(session, controller=registry.did):
        public = decode_multikey(row.public_multibase)
        jwk: dict[str, Any] = jwk_of_public(public).export_public(as_dict=True)
        jwk |= {"kid": row.id, "use": "sig", "alg": alg_of(public.key_type)}
        if row.retired_at is None:
            try:
                chain = issuing_chain(
                    registry.settings, key_id=row.id, public=public, now=registry.now()
                )
                jwk["x5c"] = x5c_of(chain)
            except ConfigurationError:  # no chain configured: the key alone
                pass
        keys.append(jwk)
    body = {"issuer": issuer_identifier(registry.settings), "jwks": {"keys": keys}}
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=300"})
