"""The citizen's downloads of one of her records: the credential (JSON, freshly stapled
status) and the PDF (readable, QR code, the credential attached).

Both need a login (403 ``login_required`` without one) and answer 404 ``record_not_found``
for a record that is missing, cancelled or someone else's, and for one without a credential.
"""

from __future__ import annotations

import json
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from ...context import Registry
from ...portal.files import file_stem, stapled_credential, verification_path
from ...portal.pdf import PdfInput, render_pdf
from ...portal.records import RecordCard
from ..citizen import CitizenDep
from ..pages import page_language
from ..problems import ProblemError
from .portal import load_owned

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
RecordId = Annotated[int, PathParam(ge=1, le=2**62)]


async def _owned_credential(
    request: Request, citizen: CitizenDep, record_id: int
) -> tuple[RecordCard, str]:
    if citizen is None:
        raise ProblemError(403, "login_required", "log in to download your records")
    card = await load_owned(request, citizen, record_id)
    if card is None or card.credential_id is None:
        raise ProblemError(404, "record_not_found", "no such record with a credential")
    return card, card.credential_id


def _attachment(body: bytes, *, media_type: str, name: str) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(body, media_type=media_type, headers=headers)


async def _stapled(registry: Registry, credential_id: str) -> dict[str, object]:
    stapled = await to_thread.run_sync(
        lambda: stapled_credential(registry, credential_id=credential_id)
    )
    if stapled is None:
        raise ProblemError(404, "record_not_found", "no such record with a credential")
    return stapled


@router.get("/records/{record_id}/credential.json")
async def download_json(request: Request, record_id: RecordId, citizen: CitizenDep) -> Response:
    """The signed credential with its status lists stapled."""
    card, credential_id = await _owned_credential(request, citizen, record_id)
    stapled = await _stapled(request.app.state.registry, credential_id)
    body = json.dumps(stapled, ensure_ascii=False, indent=2).encode("utf-8")
    return _attachment(body, media_type="application/json", name=f"{file_stem(card)}.json")


@router.get("/records/{record_id}/credential.pdf")
async def download_pdf(request: Request, record_id: RecordId, citizen: CitizenDep) -> Response:
    """The readable PDF, in the page's language, with the credential attached."""
    card, credential_id = await _owned_credential(request, citizen, record_id)
    registry: Registry = request.app.state.registry
    stapled = await _stapled(registry, credential_id)
    path = verification_path(credential_id) or "/"
    data = PdfInput(
        card=card,
        stapled=stapled,
        file_name=f"{file_stem(card)}.json",
        verify_url=f"{registry.settings.public_url}{path}",
        lang=page_language(request),
        created=registry.now(),
    )
    body = await to_thread.run_sync(render_pdf, data)
    return _attachment(body, media_type="application/pdf", name=f"{file_stem(card)}.pdf")
