"""Refund requests: a refund above an advisor's limit waits for a lead's decision.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.core.orm

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = server.core.orm.UTCDateTime(timezone=True)
    op.create_table(
        "refund_requests",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("order_id", sa.String(40), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), nullable=True
        ),
        sa.Column("requested_by", sa.String(40), sa.ForeignKey("agents.id"), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(40), sa.ForeignKey("agents.id"), nullable=True),
        sa.Column("decided_at", utc, nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
    )
    op.create_index("ix_refund_requests_account_id", "refund_requests", ["account_id"])
    op.create_index("ix_refund_requests_state", "refund_requests", ["state"])


def downgrade() -> None:
    op.drop_index("ix_refund_requests_state", table_name="refund_requests")
    op.drop_index("ix_refund_requests_account_id", table_name="refund_requests")
    op.drop_table("refund_requests")
