"""Hardening: sign-in back-off, refund ledger, per-account challenge failures, refresh grace;
the token pepper leaves the database.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.core.orm

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = server.core.orm.UTCDateTime(timezone=True)
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_failures_user_key", "login_failures", ["user_key"])
    op.create_index("ix_login_failures_client_key", "login_failures", ["client_key"])
    op.create_index("ix_login_failures_at", "login_failures", ["at"])
    op.create_table(
        "known_sign_ins",
        sa.Column("agent_id", sa.String(length=40), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("last_at", utc, nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"]),
        sa.PrimaryKeyConstraint("agent_id", "client_key"),
    )
    op.create_table(
        "challenge_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.String(length=40), nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.Column("cleared_at", utc, nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_challenge_failures_account_id", "challenge_failures", ["account_id"])
    op.create_index(
        "ix_challenge_failures_conversation_id", "challenge_failures", ["conversation_id"]
    )
    op.create_table(
        "refunds",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("order_id", sa.String(length=40), nullable=False),
        sa.Column("account_id", sa.String(length=40), nullable=False),
        sa.Column("agent_id", sa.String(length=40), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"]),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_refunds_order_id", "refunds", ["order_id"])
    op.create_index("ix_refunds_account_id", "refunds", ["account_id"])
    op.create_index("ix_refunds_at", "refunds", ["at"])
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("challenge_locked_at", utc, nullable=True))
    with op.batch_alter_table("auth_tokens") as batch:
        batch.add_column(sa.Column("rotated_at", utc, nullable=True))
    # Failed passwords no longer lock anyone: release the sign-ins they locked.
    op.execute("UPDATE agents SET locked = false, failed_logins = 0 WHERE failed_logins > 0")
    # The pepper now comes from the environment or a secret file, never the database.
    op.drop_table("server_secrets")


def downgrade() -> None:
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("auth_tokens") as batch:
        batch.drop_column("rotated_at")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("challenge_locked_at")
    op.drop_table("refunds")
    op.drop_table("challenge_failures")
    op.drop_table("known_sign_ins")
    op.drop_table("login_failures")
