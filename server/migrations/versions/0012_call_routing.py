"""Call routing: agents say which languages they speak, and a conversation keeps which routing
rule chose whom its call rang and why (shown to the lead and answered to the phone system).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agents") as agents:
        agents.add_column(sa.Column("languages", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("conversations") as conversations:
        conversations.add_column(sa.Column("routed_by", sa.String(30), nullable=True))
        conversations.add_column(sa.Column("routing_reason", sa.String(200), nullable=True))
        conversations.add_column(sa.Column("routed_to", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as conversations:
        conversations.drop_column("routed_to")
        conversations.drop_column("routing_reason")
        conversations.drop_column("routed_by")
    with op.batch_alter_table("agents") as agents:
        agents.drop_column("languages")
