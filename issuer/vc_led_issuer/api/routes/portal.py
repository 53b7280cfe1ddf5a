"""The citizen portal's pages: ``/`` (her records, grouped) and ``/records/{id}`` (one record,
with its downloads and the wallet offer form), and the stylesheet.

A record of another citizen, a cancelled one and one that does not exist all answer the same
404; without a login, a page sends the browser to the login and comes back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response

from ...context import Registry
from ...portal.i18n import TEXTS
from ...portal.records import Group, RecordCard, citizen_records, owned_record
from ..citizen import Citizen, CitizenDep, login_redirect
from ..pages import TEMPLATES_DIR, page_language, render_page

__all__ = ["load_owned", "not_found_page", "router"]

router = APIRouter(include_in_schema=False)
RecordId = Annotated[int, PathParam(ge=1, le=2**62)]


def not_found_page(request: Request) -> Response:
    """The one 404 for a record that is missing, cancelled or someone else's."""
    message = TEXTS[page_language(request)]["not_found"]
    return render_page(request, "error.html", {"message": message}, status_code=404)


async def load_owned(request: Request, citizen: Citizen, record_id: int) -> RecordCard | None:
    """The citizen's record ``record_id``, or None."""
    registry: Registry = request.app.state.registry

    def load() -> RecordCard | None:
        with registry.read() as session:
            return owned_record(session, holder_id=citizen.holder_id, record_id=record_id)

    return await to_thread.run_sync(load)


@router.get("/")
async def home(request: Request, citizen: CitizenDep) -> Response:
    """The portal: a login button, or the citizen's records by group."""
    groups: list[tuple[str, list[RecordCard]]] = []
    if citizen is not None:
        registry: Registry = request.app.state.registry

        def load() -> list[RecordCard]:
            with registry.read() as session:
                return citizen_records(session, holder_id=citizen.holder_id)

        cards = await to_thread.run_sync(load)
        for group in Group:
            mine = [c for c in cards if c.group is group]
            if mine:
                groups.append((group.value, mine))
    login_available = request.app.state.oauth is not None
    return render_page(request, "home.html", {"groups": groups, "login_available": login_available})


@router.get("/records/{record_id}")
async def record_page(request: Request, record_id: RecordId, citizen: CitizenDep) -> Response:
    """One record: what it is, the downloads, the wallet offer."""
    if citizen is None:
        return login_redirect(request, next_path=f"/records/{record_id}")
    card = await load_owned(request, citizen, record_id)
    if card is None:
        return not_found_page(request)
    return render_page(request, "record.html", {"card": card})


@router.get("/assets/portal.css")
def stylesheet() -> Response:
    """The portal's only stylesheet (no external assets)."""
    path = Path(TEMPLATES_DIR) / "portal" / "portal.css"
    headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return FileResponse(path, media_type="text/css", headers=headers)
