"""Index organisations by phone: every unverified conversation looks up whether its caller is a
registered practice or pharmacy.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_organisations_phone", "organisations", ["phone"])


def downgrade() -> None:
    op.drop_index("ix_organisations_phone", table_name="organisations")
