"""A patient's account: identity, addresses, orders, prescriptions, issues, the snapshot."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from backend_client.models._base import WireModel
from backend_client.models.conversations import Channel, ConversationState


class OrderStatus(StrEnum):
    PLACED = "placed"
    AWAITING_PRESCRIPTION = "awaiting_prescription"  # waiting for the GP
    DISPENSING = "dispensing"
    DISPATCHED = "dispatched"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"

    @property
    def in_the_pharmacy(self) -> bool:
        """Not yet sent: it can still be cancelled, redirected or changed."""
        return self in ORDER_IN_THE_PHARMACY

    @property
    def shipped(self) -> bool:
        return self in (OrderStatus.DISPATCHED, OrderStatus.DELIVERED)


ORDER_IN_THE_PHARMACY = frozenset(
    {OrderStatus.PLACED, OrderStatus.AWAITING_PRESCRIPTION, OrderStatus.DISPENSING}
)


class PaymentState(StrEnum):
    PAID = "paid"
    FAILED = "failed"  # the card was declined: the order waits for a new card
    NONE = "none"  # nothing to pay (exempt)


class Address(WireModel):
    line1: str
    line2: str | None = None
    city: str
    postcode: str


class AddressList(WireModel):
    postcode: str
    addresses: list[Address]


class Organisation(WireModel):
    ods_code: str
    name: str
    kind: Literal["gp_practice", "pharmacy"]
    phone: str


class Representative(WireModel):
    name: str
    relationship: str


class Dependant(WireModel):
    account_id: str
    name: str
    date_of_birth: date


class Identity(WireModel):
    account_id: str
    name: str
    date_of_birth: date
    age: int
    nhs_number: str | None
    phones: list[str]
    email: str | None
    address: Address
    nominated_gp: Organisation | None
    exemption: str | None
    exemption_expires: date | None
    representatives: list[Representative]
    dependants: list[Dependant]
    flags: list[str]
    allergies: list[str] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    preferences: dict[str, Any] = Field(default_factory=dict)
    language: str = Field(
        default="en", description="The language the patient prefers to be spoken to in (ISO 639-1)."
    )
    status: str = "active"


class OrderLine(WireModel):
    medicine: str
    quantity: int


class Order(WireModel):
    id: str
    placed_at: datetime
    status: OrderStatus
    delivery_method: str
    expected_delivery: date | None
    carrier: str | None
    tracking_code: str | None
    total_pence: int
    refunded_pence: int
    lines: list[OrderLine]
    address: Address
    payment: PaymentState = PaymentState.PAID


class Prescription(WireModel):
    id: str
    medicine: str
    dosage: str
    repeat: bool
    status: str
    next_due: date | None
    gp_ods_code: str | None


class IssueStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"  # a pharmacist (or the team's owner) has it: acknowledged
    RESOLVED = "resolved"
    CLOSED = "closed"


class Issue(WireModel):
    id: str
    kind: str
    team: str
    title: str
    status: str
    created_at: datetime
    age_days: int
    assignee: str | None = Field(default=None, description="Who has it (display name).")
    resolution: str | None = Field(default=None, description="The outcome, once resolved.")
    resolved_at: datetime | None = None


class Note(WireModel):
    id: str
    body: str
    agent_name: str
    conversation_id: str | None
    created_at: datetime


class ContactRecord(WireModel):
    conversation_id: str
    channel: Channel
    state: ConversationState
    started_at: datetime
    agent_name: str | None
    ended_at: datetime | None = None
    disposition: str | None = None


class OutboundMessage(WireModel):
    id: str
    channel: Literal["sms", "email"]
    kind: str
    to: str
    body: str
    created_at: datetime
