"""The snapshot: what the desk shows of an account at a glance, and its history."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from backend_client.models._base import WireModel
from backend_client.models.accounts import (
    ContactRecord,
    Identity,
    Issue,
    Note,
    Order,
    OutboundMessage,
    Prescription,
)
from backend_client.models.knowledge import Suggestion
from backend_client.models.pharmacy import Appointment
from backend_client.models.workflows import WorkflowRun


class LastOrder(WireModel):
    id: str
    placed_at: datetime
    status: str


class SnapshotStats(WireModel):
    patient_since: date
    orders: int
    last_order: LastOrder | None
    next_delivery: date | None
    active_repeats: int
    open_issues: int
    oldest_open_issue_days: int | None


class Snapshot(WireModel):
    identity: Identity
    stats: SnapshotStats
    orders: list[Order]
    prescriptions: list[Prescription]
    open_issues: list[Issue]
    workflow_runs: list[WorkflowRun]
    notes: list[Note]
    contacts: list[ContactRecord]
    appointments: list[Appointment] = Field(default_factory=list)
    messages: list[OutboundMessage] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(
        default_factory=list, description="The next workflows, best first, each with its reason."
    )
    as_of: datetime


class History(WireModel):
    account_id: str
    workflow_runs: list[WorkflowRun]
    notes: list[Note]
    issues: list[Issue]
    contacts: list[ContactRecord]
    appointments: list[Appointment] = Field(default_factory=list)
    messages: list[OutboundMessage] = Field(default_factory=list)
