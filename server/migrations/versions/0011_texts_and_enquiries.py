"""Texts and enquiries: outbound messages are queued and delivered after the commit, inbound
texts and opt-outs are kept, app links confirm a texting caller, and the web form's enquiries
have their inbox and the teams their out-of-office reply.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.core.orm

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = server.core.orm.UTCDateTime(timezone=True)
    with op.batch_alter_table("outbound_messages") as messages:
        # Rows from before were recorded as sent by the reference server.
        messages.add_column(
            sa.Column("status", sa.String(20), nullable=False, server_default="sent")
        )
        messages.add_column(sa.Column("agent_id", sa.String(40), nullable=True))
        messages.add_column(sa.Column("dedupe_key", sa.String(80), nullable=True))
        messages.add_column(sa.Column("provider", sa.String(20), nullable=True))
        messages.add_column(sa.Column("provider_id", sa.String(100), nullable=True))
        messages.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        messages.add_column(sa.Column("sent_at", utc, nullable=True))
        messages.create_unique_constraint("uq_outbound_messages_dedupe_key", ["dedupe_key"])
    op.create_index("ix_outbound_messages_status", "outbound_messages", ["status"])
    op.create_index("ix_outbound_messages_provider_id", "outbound_messages", ["provider_id"])
    op.create_index(
        "ix_outbound_messages_conversation_id", "outbound_messages", ["conversation_id"]
    )
    op.create_table(
        "inbound_texts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), nullable=False
        ),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("provider_id", sa.String(100), nullable=False),
        sa.Column("from_number", sa.String(20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", utc, nullable=False),
        sa.UniqueConstraint("provider", "provider_id", name="uq_inbound_text"),
    )
    op.create_index("ix_inbound_texts_conversation_id", "inbound_texts", ["conversation_id"])
    op.create_table(
        "sms_opt_outs",
        sa.Column("number", sa.String(20), primary_key=True),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("keyword", sa.String(20), nullable=False),
        sa.Column("changed_at", utc, nullable=False),
    )
    op.create_table(
        "conversation_links",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "conversation_id", sa.String(40), sa.ForeignKey("conversations.id"), nullable=False
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("expires_at", utc, nullable=False),
        sa.Column("used_at", utc, nullable=True),
    )
    op.create_index(
        "ix_conversation_links_conversation_id", "conversation_links", ["conversation_id"]
    )
    op.create_table(
        "enquiries",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("team", sa.String(50), nullable=False),
        sa.Column("secondary", sa.Boolean(), nullable=False),
        sa.Column("rerouted_from", sa.String(50), nullable=True),
        sa.Column("rerouted_at", utc, nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id"), nullable=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("read_at", utc, nullable=True),
        sa.Column("read_by", sa.String(40), sa.ForeignKey("agents.id"), nullable=True),
        sa.Column("reminded_at", utc, nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("answered_at", utc, nullable=True),
        sa.Column("answered_by", sa.String(40), sa.ForeignKey("agents.id"), nullable=True),
        sa.Column("answer_channel", sa.String(10), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_enquiries_team_state", "enquiries", ["team", "state"])
    op.create_index("ix_enquiries_created_at", "enquiries", ["created_at"])
    op.create_index("ix_enquiries_account_id", "enquiries", ["account_id"])
    op.create_table(
        "team_settings",
        sa.Column("team", sa.String(50), primary_key=True),
        sa.Column("out_of_office_message", sa.Text(), nullable=False),
        sa.Column("out_of_office_until", utc, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("team_settings")
    op.drop_table("enquiries")
    op.drop_table("conversation_links")
    op.drop_table("sms_opt_outs")
    op.drop_table("inbound_texts")
    op.drop_index("ix_outbound_messages_conversation_id", "outbound_messages")
    op.drop_index("ix_outbound_messages_provider_id", "outbound_messages")
    op.drop_index("ix_outbound_messages_status", "outbound_messages")
    with op.batch_alter_table("outbound_messages") as messages:
        messages.drop_constraint("uq_outbound_messages_dedupe_key", type_="unique")
        for column in (
            "sent_at",
            "attempts",
            "provider_id",
            "provider",
            "dedupe_key",
            "agent_id",
            "status",
        ):
            messages.drop_column(column)
