"""registry service: published documents, record revisions, holder names, trust registry scopes

Existing rows get neutral defaults (revision 1, no aliases, empty scope sets). ``holders.name``
is replaced by ``given_name`` and ``family_name`` (no importer ever filled it).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 11:42:14.020931
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade."""
    op.create_table(
        "published_documents",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=500), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_published_documents")),
    )
    with op.batch_alter_table("accreditations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "categories",
                sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
                nullable=False,
                server_default="[]",
            )
        )
        batch_op.add_column(
            sa.Column(
                "credential_types",
                sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
                nullable=False,
                server_default="[]",
            )
        )
        batch_op.add_column(
            sa.Column("self_declared", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.alter_column("coverage_start", existing_type=sa.DATE(), nullable=True)

    with op.batch_alter_table("holders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("given_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("family_name", sa.String(length=200), nullable=True))
        batch_op.drop_column("name")

    with op.batch_alter_table("issued_credentials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("record_revision", sa.Integer(), nullable=True))

    with op.batch_alter_table("issuers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "aliases",
                sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
                nullable=False,
                server_default="[]",
            )
        )
        batch_op.add_column(
            sa.Column("signs_on_behalf", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.alter_column("did", existing_type=sa.VARCHAR(length=400), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_issuers_name"), ["name"])

    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    """Downgrade."""
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_column("revision")

    with op.batch_alter_table("issuers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_issuers_name"), type_="unique")
        batch_op.alter_column("did", existing_type=sa.VARCHAR(length=400), nullable=False)
        batch_op.drop_column("signs_on_behalf")
        batch_op.drop_column("aliases")

    with op.batch_alter_table("issued_credentials", schema=None) as batch_op:
        batch_op.drop_column("record_revision")

    with op.batch_alter_table("holders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.VARCHAR(length=400), nullable=True))
        batch_op.drop_column("family_name")
        batch_op.drop_column("given_name")

    with op.batch_alter_table("accreditations", schema=None) as batch_op:
        batch_op.alter_column("coverage_start", existing_type=sa.DATE(), nullable=False)
        batch_op.drop_column("self_declared")
        batch_op.drop_column("credential_types")
        batch_op.drop_column("categories")

    op.drop_table("published_documents")
