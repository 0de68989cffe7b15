"""The lead's floor and figures, and refund requests a lead decides."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from backend_client.models._base import StrictBody, WireModel
from backend_client.models.conversations import AuthState, Channel, ConversationState
from backend_client.models.identity import AgentPresence


class SlaTargets(WireModel):
    """The contact centre's service levels (server configuration)."""

    phone_answer_seconds: int
    chat_first_response_seconds: int
    issue_ack_minutes: int


class WaitingConversation(WireModel):
    """A conversation no agent has: how long it has waited against its SLA. No patient data."""

    id: str
    channel: Channel
    state: ConversationState
    auth_state: AuthState
    caller_display: str
    line: str | None = None
    started_at: datetime
    waited_seconds: float
    sla_seconds: int
    breached: bool
    routed_by: str | None = Field(default=None, description="The routing rule that decided.")
    routing_reason: str | None = Field(
        default=None, description="Whom the call rang and why; nothing about the patient."
    )


class LockedChallenge(WireModel):
    """A conversation whose challenge locked: it waits for a lead to unlock it."""

    id: str
    caller_display: str
    agent_name: str | None = None
    since: datetime


class LockedAccount(WireModel):
    """An account whose challenges locked after repeated failures: only a lead clears it."""

    account_id: str
    since: datetime


class CallbackStatus(StrEnum):
    WAITING = "waiting"
    TAKEN = "taken"
    DONE = "done"


class CallbackSource(StrEnum):
    IVR = "ivr"  # the queue's call-back option (Aircall)
    CTI = "cti"  # a phone system's call-back event
    TEXT = "text"  # a text reply "CALL ME"


class Callback(WireModel):
    """A caller who asked to be called back. The number is what the advisor dials."""

    id: str
    source: CallbackSource
    number: str
    number_display: str
    line: str | None = Field(default=None, description="The number the caller rang, for display.")
    status: CallbackStatus
    requested_at: datetime
    due_at: datetime
    late: bool = Field(description="Past its service level and not yet done.")
    taken_by: str | None = None
    taken_by_name: str | None = Field(default=None, description="The taker's display name.")
    outcome: str | None = None


class CallbackChanged(WireModel):
    """A ``callback.updated`` event: which call-back changed and how, never its number."""

    id: str
    status: CallbackStatus
    taken_by: str | None = None


class CallbackList(WireModel):
    items: list[Callback] = Field(description="Waiting and taken, oldest first (at most 200).")
    waiting: int
    late: int
    sla_minutes: int


class CallbackOutcome(StrictBody):
    disposition: Annotated[str, Field(min_length=1, max_length=40)]


class Floor(WireModel):
    waiting: list[WaitingConversation]
    locked: list[LockedChallenge]
    locked_accounts: int = Field(description="Accounts whose challenge is locked for a lead.")
    unlock_requests: list[LockedAccount] = Field(
        default_factory=list, description="Those accounts, longest locked first (at most 100)."
    )
    pending_refund_requests: int
    agents: list[AgentPresence]
    sla: SlaTargets
    breaches_today: dict[str, int] = Field(
        description="Answered late today: phone, chat; and escalations claimed late."
    )
    callbacks_waiting: int = Field(default=0, description="Call-backs nobody has taken yet.")
    callbacks_late: int = Field(default=0, description="Waiting call-backs past their SLA.")
    oldest_callback_minutes: float | None = Field(
        default=None, description="How long the oldest waiting call-back has waited."
    )


class StatsPeriod(StrEnum):
    TODAY = "today"
    WEEK = "week"


class StatsBucket(WireModel):
    """Calls in one hour (today) or one day (week), for the charts."""

    label: str
    start: datetime
    answered: int
    missed: int
    abandoned: int


class TeamEscalations(WireModel):
    """Escalations still open for one team, by age."""

    team: str
    under_2h: int
    under_1d: int
    under_1w: int
    older: int


class TeamResponse(WireModel):
    """How fast a team answers enquiries (answered or rejected in the period)."""

    team: str
    answered: int
    median_hours: float | None
    within_day: float | None = Field(description="Share answered within 24 hours.")
    waiting: int = Field(description="Still open now.")
    target_hours: int | None = Field(default=None, description="The team's response target.")
    within_target: float | None = Field(default=None, description="Share answered in target.")
    overdue: int = Field(default=0, description="Open now and already past the target.")


class Stats(WireModel):
    """KPIs computed by the server from stored conversations and issues."""

    period: StatsPeriod
    start: datetime
    end: datetime
    calls_answered: int
    calls_missed: int
    calls_abandoned: int
    average_answer_seconds: float | None
    average_handle_seconds: float | None
    first_contact_resolution: float | None = Field(
        description="Share of answered, closed conversations with an account that ended "
        "'resolved' and had no further contact from that account within 7 days."
    )
    chat_first_response_seconds: float | None
    phone_answer_breaches: int
    chat_response_breaches: int
    escalations: list[TeamEscalations]
    enquiry_response: list[TeamResponse] = Field(default_factory=list)
    buckets: list[StatsBucket]


class RefundRequestState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class NewRefundRequest(StrictBody):
    """An advisor asks a lead for a refund above their limit."""

    conversation_id: Annotated[str, Field(min_length=1, max_length=64)]
    order_id: Annotated[str, Field(min_length=1, max_length=40)]
    amount_pence: Annotated[int, Field(gt=0, le=10_000_000)]
    reason: Annotated[str, Field(min_length=3, max_length=500)]


class RefundDecision(StrictBody):
    note: Annotated[str, Field(max_length=1000)] = ""


class RefundRequest(WireModel):
    id: str
    account_id: str
    patient_name: str
    order_id: str
    amount_pence: int
    reason: str
    state: RefundRequestState
    requested_by: str  # display name
    requested_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str = ""


class RefundRequestList(WireModel):
    items: list[RefundRequest]
