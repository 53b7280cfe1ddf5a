"""Admin API: revoke, suspend and unsuspend credentials (bearer token; every change audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path
from pydantic import BaseModel, ConfigDict, Field

from ...lifecycle import MAX_REASON_CHARS, StatusAction, change_status
from ..deps import AdminDep, RegistryDep
from ..problems import ProblemError

router = APIRouter(prefix="/admin", tags=["admin"])

CredentialId = Annotated[str, Path(min_length=1, max_length=200, description="credential id")]


class StatusChangeRequest(BaseModel):
    """Why the status changes (kept in the audit log)."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=MAX_REASON_CHARS)


class StatusChangeResult(BaseModel):
    """The credential's status after the change."""

    credentialId: str  # noqa: N815 (JSON member name)
    action: StatusAction
    changed: bool
    status: dict[str, bool]


def _change(
    registry: RegistryDep, actor: str, credential_id: str, action: StatusAction, reason: str
) -> StatusChangeResult:
    try:
        done = change_status(
            registry, credential_id=credential_id, action=action, reason=reason, actor=actor
        )
    except ValueError as exc:
        raise ProblemError(400, "reason_invalid", str(exc)) from None
    return StatusChangeResult(
        credentialId=done.credential_id,
        action=done.action,
        changed=done.changed,
        status=done.status,
    )


Request_ = Annotated[StatusChangeRequest, Body()]


@router.post("/credentials/{credential_id}/revoke", summary="Revoke (irreversible)")
def revoke(
    credential_id: CredentialId, body: Request_, registry: RegistryDep, actor: AdminDep
) -> StatusChangeResult:
    return _change(registry, actor, credential_id, StatusAction.REVOKE, body.reason)


@router.post("/credentials/{credential_id}/suspend", summary="Suspend (reversible)")
def suspend(
    credential_id: CredentialId, body: Request_, registry: RegistryDep, actor: AdminDep
) -> StatusChangeResult:
    return _change(registry, actor, credential_id, StatusAction.SUSPEND, body.reason)


@router.post("/credentials/{credential_id}/unsuspend", summary="Lift a suspension")
def unsuspend(
    credential_id: CredentialId, body: Request_, registry: RegistryDep, actor: AdminDep
) -> StatusChangeResult:
    return _change(registry, actor, credential_id, StatusAction.UNSUSPEND, body.reason)
