"""citizen sessions: the gateway's server-side web sessions (cookie value stored as SHA-256)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 15:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade."""
    op.create_table(
        "citizen_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("authenticated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["holder_id"],
            ["holders.id"],
            name=op.f("fk_citizen_sessions_holder_id_holders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_citizen_sessions_token_hash")),
    )
    with op.batch_alter_table("citizen_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_citizen_sessions_holder_id"), ["holder_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_citizen_sessions_last_seen_at"), ["last_seen_at"], unique=False
        )


def downgrade() -> None:
    """Downgrade."""
    op.drop_table("citizen_sessions")
