"""Call routing: agents say which languages they speak, a conversation keeps which routing
rule chose whom its call rang and why (shown to the lead and answered to the phone system), and
the outbox of Aircall insight cards (one per conversation at most), and the call-backs callers
ask for from the queue.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.core.orm

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
    utc = server.core.orm.UTCDateTime(timezone=True)
    op.create_table(
        "insight_cards",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(40),
            sa.ForeignKey("conversations.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("call_id", sa.String(200), nullable=False),
        sa.Column("contents", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("sent_at", utc, nullable=True),
    )
    op.create_index("ix_insight_cards_status", "insight_cards", ["status"])
    op.create_table(
        "callbacks",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("dedupe_key", sa.String(80), nullable=False, unique=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("line", sa.String(100), nullable=True),
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), nullable=True
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requested_at", utc, nullable=False),
        sa.Column("due_at", utc, nullable=False),
        sa.Column("taken_by", sa.String(40), sa.ForeignKey("agents.id"), nullable=True),
        sa.Column("taken_at", utc, nullable=True),
        sa.Column("outcome", sa.String(40), nullable=True),
        sa.Column("done_at", utc, nullable=True),
    )
    op.create_index("ix_callbacks_status", "callbacks", ["status", "requested_at"])


def downgrade() -> None:
    op.drop_index("ix_callbacks_status", "callbacks")
    op.drop_table("callbacks")
    op.drop_index("ix_insight_cards_status", "insight_cards")
    op.drop_table("insight_cards")
    with op.batch_alter_table("conversations") as conversations:
        conversations.drop_column("routed_to")
        conversations.drop_column("routing_reason")
        conversations.drop_column("routed_by")
    with op.batch_alter_table("agents") as agents:
        agents.drop_column("languages")
