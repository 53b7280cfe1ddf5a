"""token status lists: IETF Token Status Lists (2-bit entries), their never-reused index
allocations, and each issuance's Token Status List entry (issue 12)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 19:15:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade."""
    op.create_table(
        "token_status_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("entry_bits", sa.Integer(), nullable=False),
        sa.Column("bits", sa.LargeBinary(), nullable=False),
        sa.Column("allocated", sa.Integer(), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_token_status_lists")),
        sa.UniqueConstraint("url", name=op.f("uq_token_status_lists_url")),
    )
    with op.batch_alter_table("token_status_lists", schema=None) as batch_op:
        batch_op.create_index("ix_token_status_lists_open", ["full"], unique=False)
    with op.batch_alter_table("issued_credentials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_status_list_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("token_status_index", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_issued_credentials_token_status_list_id_token_status_lists"),
            "token_status_lists",
            ["token_status_list_id"],
            ["id"],
        )
    op.create_table(
        "token_status_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("allocated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["issued_credentials.id"],
            name=op.f("fk_token_status_allocations_credential_id_issued_credentials"),
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["token_status_lists.id"],
            name=op.f("fk_token_status_allocations_list_id_token_status_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_token_status_allocations")),
        sa.UniqueConstraint("list_id", "idx", name=op.f("uq_token_status_allocations_list_id_idx")),
    )


def downgrade() -> None:
    """Downgrade."""
    op.drop_table("token_status_allocations")
    with op.batch_alter_table("issued_credentials", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_issued_credentials_token_status_list_id_token_status_lists"),
            type_="foreignkey",
        )
        batch_op.drop_column("token_status_index")
        batch_op.drop_column("token_status_list_id")
    with op.batch_alter_table("token_status_lists", schema=None) as batch_op:
        batch_op.drop_index("ix_token_status_lists_open")
    op.drop_table("token_status_lists")
