"""The authorization endpoint of the authorization code flow: login, consent, code.

``GET /oid4vci/authorize?client_id=&request_uri=`` takes only pushed requests (so the redirect
URI and PKCE were checked at ``/oid4vci/par``). A citizen who is not logged in goes through the
gateway's OpenID Connect login and comes back. She then sees which wallet (its ``client_id``
and the host it will be sent to) asks for which of her credentials, and answers with a
CSRF-protected form (``POST /oid4vci/authorize``): without that step any page could push a
request with its own redirect URI and collect a logged-in citizen's code. Allowed, the code
goes to the redirect URI with ``state`` and ``iss``; denied, ``error=access_denied``.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import col, select

from ...context import Registry
from ...models import Record, RecordState
from ...oid4vci.config import Oid4vciSettings
from ...oid4vci.credential import record_configurations
from ...oid4vci.errors import NO_STORE
from ...oid4vci.metadata import CONFIGURATIONS
from ...oid4vci.models import ArtifactKind, Oid4vciArtifact
from ...oid4vci.store import consume_artifact, find_artifact, put_artifact
from ..citizen import Citizen, RequiredCitizenDep, current_citizen, login_redirect
from ..csrf import require_csrf
from ..pages import page_language, render_page
from ..problems import ProblemError
from .oid4vci_authorize import MAX_FIELD_CHARS, REQUEST_URI_PREFIX

__all__ = ["router"]

router = APIRouter(tags=["oid4vci"])

TEXTS = {
    "nl": {
        "title": "Bewijzen naar uw wallet sturen",
        "asks": "De wallet „{client}” vraagt om:",
        "sent_to": "Uw bewijzen gaan naar {host}. Ken u deze wallet niet, weiger dan.",
        "none": "U hebt geen bewijzen van deze soort.",
        "allow": "Toestaan",
        "deny": "Weigeren",
    },
    "en": {
        "title": "Send credentials to your wallet",
        "asks": "The wallet “{client}” asks for:",
        "sent_to": "Your credentials go to {host}. If you do not know this wallet, deny.",
        "none": "You have no credentials of this kind.",
        "allow": "Allow",
        "deny": "Deny",
    },
}


def _pushed(registry: Registry, client_id: str, request_uri: str) -> Oid4vciArtifact:
    value = request_uri.removeprefix(REQUEST_URI_PREFIX)
    with registry.read() as session:
        pushed = find_artifact(session, kind=ArtifactKind.PAR, value=value, now=registry.now())
    if pushed is None or pushed.data.get("client_id") != client_id:
        raise ProblemError(400, "oid4vci.request_uri_invalid", "unknown or expired request_uri")
    return pushed


@router.get("/oid4vci/authorize", summary="Authorization endpoint (pushed requests only)")
def authorize(
    request: Request,
    client_id: Annotated[str, Query(max_length=MAX_FIELD_CHARS)],
    request_uri: Annotated[str, Query(max_length=MAX_FIELD_CHARS)],
) -> Response:
    registry: Registry = request.app.state.registry
    pushed = _pushed(registry, client_id, request_uri)
    citizen = current_citizen(request)
    if citizen is None:
        query = urlencode({"client_id": client_id, "request_uri": request_uri})
        return login_redirect(request, next_path=f"/oid4vci/authorize?{query}")
    lang = page_language(request)
    names = {
        cid: dict(CONFIGURATIONS[cid].names).get(lang, cid) for cid in pushed.data["configurations"]
    }
    records = _citizen_records(registry, citizen.holder_id, pushed.data["configurations"])
    context = {
        "w": TEXTS[lang],
        "client_id": client_id,
        "request_uri": request_uri,
        "host": urlsplit(pushed.data["redirect_uri"]).netloc or pushed.data["redirect_uri"],
        "kinds": list(names.values()),
        "count": len(records),
    }
    return render_page(request, "wallet_consent.html", context)


@router.post("/oid4vci/authorize", include_in_schema=False, dependencies=[Depends(require_csrf)])
def consent(
    request: Request,
    citizen: RequiredCitizenDep,
    client_id: Annotated[str, Form(max_length=MAX_FIELD_CHARS)],
    request_uri: Annotated[str, Form(max_length=MAX_FIELD_CHARS)],
    decision: Annotated[str, Form(max_length=10)],
) -> Response:
    registry: Registry = request.app.state.registry
    pushed = _pushed(registry, client_id, request_uri)
    value = request_uri.removeprefix(REQUEST_URI_PREFIX)
    with registry.write() as session:
        if (
            consume_artifact(session, kind=ArtifactKind.PAR, value=value, now=registry.now())
            is None
        ):
            raise ProblemError(400, "oid4vci.request_uri_invalid", "the request_uri was used")
    if decision == "allow":
        answer = {"code": _code(request, registry, citizen, pushed)}
    else:
        answer = {"error": "access_denied"}
    answer["iss"] = registry.settings.public_url
    if pushed.data.get("state"):
        answer["state"] = pushed.data["state"]
    separator = "&" if "?" in pushed.data["redirect_uri"] else "?"
    target = f"{pushed.data['redirect_uri']}{separator}{urlencode(answer)}"
    return RedirectResponse(target, status_code=303, headers=NO_STORE)


def _code(request: Request, registry: Registry, citizen: Citizen, pushed: Oid4vciArtifact) -> str:
    settings: Oid4vciSettings = request.app.state.oid4vci
    records = _citizen_records(registry, citizen.holder_id, pushed.data["configurations"])
    code = secrets.token_urlsafe(32)
    with registry.write() as session:
        put_artifact(
            session,
            kind=ArtifactKind.AUTHORIZATION_CODE,
            value=code,
            now=registry.now(),
            lifetime=timedelta(seconds=settings.authorization_code_seconds),
            holder_id=citizen.holder_id,
            data=pushed.data | {"records": records},
        )
    return code


def _citizen_records(registry: Registry, holder_id: int, wanted: list[str]) -> list[int]:
    with registry.read() as session:
        query = select(Record.id).where(
            Record.holder_id == holder_id, Record.state == RecordState.REGISTERED.value
        )
        ids = tuple(i for i in session.exec(query.order_by(col(Record.id))) if i is not None)
    configurations = record_configurations(registry, ids).items()
    return [rid for rid, cids in configurations if set(cids) & set(wanted)]
