"""``GET /health``: the service and its database answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..deps import RegistryDep
from ..problems import ProblemError

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness and database check")
def health(registry: RegistryDep) -> dict[str, Any]:
    try:
        with registry.read() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        raise ProblemError(503, "database_unavailable", "the database does not answer") from None
    return {"status": "ok", "database": "ok", "registry": registry.did}
