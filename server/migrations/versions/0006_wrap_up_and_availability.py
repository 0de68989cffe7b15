"""Wrap-up and availability: a conversation keeps how it ended (the disposition code); an
agent keeps whether they take new conversations, and since when.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.core.orm

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("disposition", sa.String(40), nullable=True))
    with op.batch_alter_table("agents") as batch:
        batch.add_column(
            sa.Column(
                "availability", sa.String(20), nullable=False, server_default="available"
            )
        )
        batch.add_column(
            sa.Column(
                "availability_since",
                server.core.orm.UTCDateTime(timezone=True),
                nullable=False,
                server_default=sa.func.current_timestamp(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("availability_since")
        batch.drop_column("availability")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("disposition")
