"""Knowledge articles with every version kept; enquiries that arrive by email (their Message-ID,
the files listed, the sender's later emails threaded on); an email's subject in the outbox; and
whether an order's payment went through (a declined card is a suggestion to send a link).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.core.orm

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = server.core.orm.UTCDateTime(timezone=True)
    with op.batch_alter_table("orders") as orders:
        orders.add_column(sa.Column("payment", sa.String(10), nullable=False, server_default="paid"))
    with op.batch_alter_table("outbound_messages") as messages:
        messages.add_column(sa.Column("subject", sa.String(300), nullable=True))
    with op.batch_alter_table("enquiries") as enquiries:
        enquiries.add_column(sa.Column("source", sa.String(10), nullable=False, server_default="form"))
        enquiries.add_column(sa.Column("message_id", sa.String(300), nullable=True))
        enquiries.add_column(sa.Column("attachments", sa.JSON(), nullable=False, server_default="[]"))
        enquiries.add_column(sa.Column("follows", sa.String(40), nullable=True))
        enquiries.add_column(sa.Column("updated_at", utc, nullable=True))
        enquiries.create_unique_constraint("uq_enquiries_message_id", ["message_id"])
    op.create_table(
        "enquiry_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("enquiry_id", sa.String(40), sa.ForeignKey("enquiries.id"), nullable=False),
        sa.Column("message_id", sa.String(300), nullable=True, unique=True),
        sa.Column("received_at", utc, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
    )
    op.create_index("ix_enquiry_messages_enquiry_id", "enquiry_messages", ["enquiry_id"])
    op.create_table(
        "articles",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("team", sa.String(50), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("review_days", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("updated_by", sa.String(40), sa.ForeignKey("agents.id"), nullable=True),
    )
    op.create_index("ix_articles_language", "articles", ["language"])
    op.create_index("ix_articles_updated_at", "articles", ["updated_at"])
    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(40), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("edited_at", utc, nullable=False),
        sa.Column("edited_by", sa.String(40), sa.ForeignKey("agents.id"), nullable=True),
        sa.Column("change_note", sa.String(300), nullable=False, server_default=""),
        sa.UniqueConstraint("article_id", "version", name="uq_article_version"),
    )
    op.create_index("ix_article_versions_article_id", "article_versions", ["article_id"])


def downgrade() -> None:
    op.drop_table("article_versions")
    op.drop_table("articles")
    op.drop_table("enquiry_messages")
    with op.batch_alter_table("enquiries") as enquiries:
        enquiries.drop_constraint("uq_enquiries_message_id", type_="unique")
        for column in ("updated_at", "follows", "attachments", "message_id", "source"):
            enquiries.drop_column(column)
    with op.batch_alter_table("outbound_messages") as messages:
        messages.drop_column("subject")
    with op.batch_alter_table("orders") as orders:
        orders.drop_column("payment")
