"""The pharmacist's desk: escalations are claimed, answered and resolved; a cancelled
appointment frees its slot.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.core.orm

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TAKEN = "status != 'cancelled'"


def upgrade() -> None:
    utc = server.core.orm.UTCDateTime(timezone=True)
    with op.batch_alter_table("issues") as issues:
        issues.add_column(sa.Column("escalated_by", sa.String(40), nullable=True))
        issues.add_column(sa.Column("assignee_id", sa.String(40), nullable=True))
        issues.add_column(sa.Column("acknowledged_at", utc, nullable=True))
        issues.add_column(sa.Column("resolution", sa.Text(), nullable=False, server_default=""))
        issues.add_column(sa.Column("resolved_at", utc, nullable=True))
        issues.create_foreign_key("fk_issues_escalated_by", "agents", ["escalated_by"], ["id"])
        issues.create_foreign_key("fk_issues_assignee_id", "agents", ["assignee_id"], ["id"])
    op.create_index("ix_issues_team_status", "issues", ["team", "status"])
    with op.batch_alter_table("appointments") as appointments:
        appointments.drop_constraint("uq_appointment_slot", type_="unique")
    op.create_index(
        "uq_appointment_slot_taken",
        "appointments",
        ["pharmacist_id", "starts_at"],
        unique=True,
        sqlite_where=sa.text(TAKEN),
        postgresql_where=sa.text(TAKEN),
    )


def downgrade() -> None:
    op.drop_index("uq_appointment_slot_taken", table_name="appointments")
    with op.batch_alter_table("appointments") as appointments:
        appointments.create_unique_constraint("uq_appointment_slot", ["pharmacist_id", "starts_at"])
    op.drop_index("ix_issues_team_status", table_name="issues")
    with op.batch_alter_table("issues") as issues:
        issues.drop_constraint("fk_issues_assignee_id", type_="foreignkey")
        issues.drop_constraint("fk_issues_escalated_by", type_="foreignkey")
        for column in ("resolved_at", "resolution", "acknowledged_at", "assignee_id", "escalated_by"):
            issues.drop_column(column)
