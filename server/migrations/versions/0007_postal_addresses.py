"""The postcode address book behind the desk's address lookup.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "postal_addresses",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("postcode_key", sa.String(8), nullable=False),
        sa.Column("line1", sa.String(200), nullable=False),
        sa.Column("line2", sa.String(200), nullable=True),
        sa.Column("city", sa.String(100), nullable=False),
    )
    op.create_index("ix_postal_addresses_postcode_key", "postal_addresses", ["postcode_key"])


def downgrade() -> None:
    op.drop_index("ix_postal_addresses_postcode_key", table_name="postal_addresses")
    op.drop_table("postal_addresses")
