"""oid4vci: credential offers (pre-authorized code + PIN) and one-time artefacts (nonces,
access tokens, PAR requests, authorization codes, DPoP proof ids); only hashes of secrets

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 16:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade."""
    op.create_table(
        "oid4vci_artifacts",
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["holder_id"], ["holders.id"], name=op.f("fk_oid4vci_artifacts_holder_id_holders")
        ),
        sa.PrimaryKeyConstraint("hash", name=op.f("pk_oid4vci_artifacts")),
    )
    with op.batch_alter_table("oid4vci_artifacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oid4vci_artifacts_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "oid4vci_offers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column(
            "record_ids", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("tx_code_hash", sa.String(length=64), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("batch", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["holder_id"], ["holders.id"], name=op.f("fk_oid4vci_offers_holder_id_holders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oid4vci_offers")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_oid4vci_offers_code_hash")),
    )
    with op.batch_alter_table("oid4vci_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oid4vci_offers_batch"), ["batch"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_oid4vci_offers_holder_id"), ["holder_id"], unique=False
        )


def downgrade() -> None:
    """Downgrade."""
    with op.batch_alter_table("oid4vci_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oid4vci_offers_holder_id"))
        batch_op.drop_index(batch_op.f("ix_oid4vci_offers_batch"))

    op.drop_table("oid4vci_offers")
    with op.batch_alter_table("oid4vci_artifacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oid4vci_artifacts_expires_at"))

    op.drop_table("oid4vci_artifacts")
