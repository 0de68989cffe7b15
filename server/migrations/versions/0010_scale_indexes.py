"""Indexes for 400,000 patients: the challenge finds a caller by date of birth and postcode in
one index, and "the last order" of an account is read from an index in order.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_accounts_dob_postcode", "accounts", ["date_of_birth", "postcode_key"])
    op.create_index("ix_orders_account_placed", "orders", ["account_id", "placed_at"])


def downgrade() -> None:
    op.drop_index("ix_orders_account_placed", "orders")
    op.drop_index("ix_accounts_dob_postcode", "accounts")
