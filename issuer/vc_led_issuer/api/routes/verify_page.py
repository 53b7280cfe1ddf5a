"""``/verify/{uuid}``: the public verification page of one credential (the QR code's target).

It says whether the registry issued a credential with this id and whether it is valid now
(not revoked, not suspended), when it was issued and by whom: nothing about the person or
the record. The id is the credential's random UUID, so the URL cannot be guessed.
"""

from __future__ import annotations

import json
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from ...context import Registry
from ...crud import credential_status, get_credential
from ...models import StatusPurpose
from ..pages import render_page

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Uuid = Annotated[str, PathParam(pattern=_UUID)]


def _issuer_id(document: str, *, fmt: str, public_url: str) -> str:
    if fmt != "ldp_vc":  # an SD-JWT VC's iss is the registry's public URL
        return public_url
    issuer = json.loads(document).get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")


@router.get("/verify/{uuid}")
async def verify_page(request: Request, uuid: Uuid) -> Response:
    """The credential's status, or "unknown"."""
    registry: Registry = request.app.state.registry
    credential_id = f"urn:uuid:{uuid}"

    def load() -> dict[str, str]:
        with registry.read() as session:
            row = get_credential(session, credential_id=credential_id)
            if row is None:
                return {"state": "unknown"}
            status = credential_status(session, credential_id=credential_id)
            state = "valid"
            if row.revoked_at is not None or status.get(StatusPurpose.REVOCATION):
                state = "revoked"
            elif row.suspended or status.get(StatusPurpose.SUSPENSION):
                state = "suspended"
            return {
                "state": state,
                "credential_id": credential_id,
                "issuer": _issuer_id(
                    row.document, fmt=row.format, public_url=registry.settings.public_url
                ),
                "issued": row.issued_at.date().isoformat(),
                "checked": registry.now().strftime("%Y-%m-%d %H:%M UTC"),
            }

    context = await to_thread.run_sync(load)
    status_code = 404 if context["state"] == "unknown" else 200
    return render_page(request, "verify.html", context, status_code=status_code, private=False)
