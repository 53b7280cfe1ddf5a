"""How autogenerate renders our column types: as plain SQLAlchemy, so that migration files
import nothing from :mod:`issuer` (a migration must not change when a model does)."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from sqlmodel.sql.sqltypes import AutoString

from vc_led_issuer.models import UTCDateTime

__all__ = ["render_item"]


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy ones, so migrations import nothing of ours."""
    if type_ != "type":
        return False
    if isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    if isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, sa.JSON) and obj._variant_mapping:
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return 'sa.JSON().with_variant(postgresql.JSONB(), "postgresql")'
    return False
