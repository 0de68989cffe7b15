"""The pharmacist's desk: escalations, pharmacists, appointments and the diary."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from backend_client.models._base import StrictBody, WireModel
from backend_client.models.accounts import IssueStatus
from backend_client.models.identity import Availability


class Escalation(WireModel):
    """An issue in a team's queue, as the pharmacist works it."""

    id: str
    account_id: str
    patient_name: str
    kind: str
    team: str
    title: str
    description: str
    status: IssueStatus
    created_at: datetime
    escalated_by: str | None = None
    assignee_id: str | None = None
    assignee: str | None = None
    acknowledged_at: datetime | None = None
    ack_due_at: datetime = Field(description="When it must be claimed by (the team's SLA).")
    breached: bool = Field(description="Claimed after ack_due_at, or still open past it.")
    resolution: str = ""
    resolved_at: datetime | None = None


class EscalationList(WireModel):
    items: list[Escalation]
    ack_minutes: int


class Pharmacist(WireModel):
    """A pharmacist an advisor can escalate to by name (``create_issue``'s ``pharmacist``)."""

    username: str
    display_name: str
    availability: Availability


class PharmacistList(WireModel):
    items: list[Pharmacist]


class EscalationNote(StrictBody):
    text: Annotated[str, Field(min_length=1, max_length=4000)]


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Appointment(WireModel):
    id: str
    starts_at: datetime
    minutes: int
    pharmacist_name: str
    reason: str
    status: str


class BookedAppointment(WireModel):
    """An appointment in a pharmacist's diary."""

    id: str
    account_id: str
    patient_name: str
    phone: str | None = Field(default=None, description="The number to call the patient on.")
    starts_at: datetime
    minutes: int
    reason: str
    status: AppointmentStatus


class AppointmentSlot(WireModel):
    starts_at: datetime
    minutes: int
    appointment: BookedAppointment | None = None


class Diary(WireModel):
    """A pharmacist's slots from ``start`` for ``days`` days (weekdays only), booked or free."""

    pharmacist_id: str
    start: date
    days: int
    slots: list[AppointmentSlot]


class AppointmentChange(StrictBody):
    status: Literal["done", "no_show", "cancelled"]


class AppointmentMove(StrictBody):
    starts_at: datetime
