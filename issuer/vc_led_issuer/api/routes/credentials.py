"""``GET /credentials/{id}`` for operators (admin token): an issued credential and its status.
No record content, supplier or LED reference is shown, only the credential itself. The
credential names its holder, so every view is audit-logged (``credential.view``: who, which)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel

from ... import audit, crud
from ...models import TokenStatusList
from ..deps import AdminDep, RegistryDep, SessionDep
from ..problems import ProblemError

router = APIRouter(tags=["credentials"])


class TokenStatusView(BaseModel):
    """The issuance's Token Status List entry: its list, index and value (0 VALID, 1 INVALID,
    2 SUSPENDED)."""

    uri: str
    idx: int
    status: int


class IssuedCredentialView(BaseModel):
    """An issued credential as operators see it."""

    credentialId: str  # noqa: N815
    issuedAt: datetime  # noqa: N815
    revokedAt: datetime | None  # noqa: N815
    suspended: bool
    status: dict[str, bool]
    tokenStatus: TokenStatusView | None = None  # noqa: N815
    format: str = "ldp_vc"
    credential: dict[str, Any] | str  # an SD-JWT VC (format dc+sd-jwt) is its compact text


@router.get("/credentials/{credential_id}", summary="An issued credential (operators)")
def get_credential(
    credential_id: Annotated[str, Path(min_length=1, max_length=200)],
    session: SessionDep,
    registry: RegistryDep,
    actor: AdminDep,
) -> IssuedCredentialView:
    row = crud.get_credential(session, credential_id=credential_id)
    if row is None:
        raise ProblemError(404, "credential_not_found", "no such credential")
    with registry.write() as log:
        audit.append(
            log, actor=actor, action="credential.view", target=credential_id, now=registry.now()
        )
    status = crud.credential_status(session, credential_id=credential_id)
    token = crud.token_status(session, credential_id=credential_id)
    token_view = None
    if token is not None and row.token_status_list_id is not None:
        lst = session.get(TokenStatusList, row.token_status_list_id)
        uri = lst.url if lst is not None else ""
        token_view = TokenStatusView(uri=uri, idx=row.token_status_index or 0, status=int(token))
    return IssuedCredentialView(
        credentialId=row.credential_id,
        issuedAt=row.issued_at,
        revokedAt=row.revoked_at,
        suspended=row.suspended,
        status={p.value: bit for p, bit in status.items()},
        tokenStatus=token_view,
        format=row.format,
        credential=json.loads(row.document) if row.format == "ldp_vc" else row.document,
    )
