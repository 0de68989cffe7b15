"""The wire contract between the CareDesk server and its clients.

Every request body, response body and event is a pydantic model here; the server imports these
for its schemas and the desktop for its state, so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class WireModel(BaseModel):
    """Base for every body: unknown fields from a newer server are ignored, not fatal."""

    model_config = ConfigDict(extra="ignore", frozen=False)


class StrictBody(BaseModel):
    """Base for request bodies the server accepts: unknown fields are a 422, not silently lost."""

    model_config = ConfigDict(extra="forbid")


# --- enumerations -----------------------------------------------------------------------------


class Role(StrEnum):
    ADVISOR = "advisor"
    PHARMACIST = "pharmacist"
    LEAD = "lead"


class Availability(StrEnum):
    """What the advisor says about taking new conversations; kept by the server, seen by leads."""

    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"


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


# A text is one SMS of at most this many characters (the gateway's concatenated limit we send).
SMS_MAX_CHARS = 255
# An enquiry nobody has opened reminds its team after this long, and one nobody has answered
# goes to the next team (marked secondary) after this long.
ENQUIRY_REMIND_AFTER_DAYS = 2
ENQUIRY_REROUTE_AFTER_DAYS = 3


class Channel(StrEnum):
    PHONE = "phone"
    CHAT = "chat"
    SMS = "sms"
    FORM = "form"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class ConversationState(StrEnum):
    RINGING = "ringing"
    ACTIVE = "active"
    WRAP_UP = "wrap_up"
    CLOSED = "closed"
    MISSED = "missed"
    ABANDONED = "abandoned"


class AuthState(StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED_APP = "verified_app"
    VERIFIED_CHALLENGE = "verified_challenge"
    VERIFIED_PROFESSIONAL = "verified_professional"
    # A pharmacist calling a patient for a booked appointment: verified by the booking, which
    # was made in a verified conversation.
    VERIFIED_APPOINTMENT = "verified_appointment"
    LOCKED = "locked"

    @property
    def is_verified(self) -> bool:
        return self.value.startswith("verified_")


class CallerType(StrEnum):
    PATIENT = "patient"
    REPRESENTATIVE = "representative"
    PROFESSIONAL = "professional"


class PendingCheck(StrEnum):
    """What still stands between a conversation and its account."""

    CHALLENGE = "challenge"
    DATE_OF_BIRTH = "date_of_birth"  # an app token from a number not on the account
    CALLBACK = "callback"  # a professional calling from an unregistered number


class EventType(StrEnum):
    CONVERSATION_CREATED = "conversation.created"
    CONVERSATION_UPDATED = "conversation.updated"
    CONVERSATION_REMOVED = "conversation.removed"
    ACCOUNT_UPDATED = "account.updated"
    ISSUE_UPDATED = "issue.updated"
    SECURITY_ALERT = "security.alert"  # to leads: a guessing budget spent, an account locked
    AGENT_UPDATED = "agent.updated"  # to leads: an agent's availability or conversation changed
    # To leads (a new request) and to the advisor who asked (approved or declined).
    REFUND_REQUEST_UPDATED = "refund_request.updated"
    # To pharmacists (new, claimed, resolved) and to the advisor who escalated (the outcome).
    ESCALATION_UPDATED = "escalation.updated"
    # To the pharmacist whose day it is: booked, moved, cancelled, done, no-show.
    APPOINTMENT_UPDATED = "appointment.updated"
    # To leads: the queue of conversations no agent has yet changed (ids and states only).
    FLOOR_UPDATED = "floor.updated"
    # To the conversation's agent: a text in or out of an SMS conversation (its status too).
    TEXT_UPDATED = "text.updated"
    # To the enquiry's team: new, read, reminded, rerouted, answered (no patient data).
    ENQUIRY_UPDATED = "enquiry.updated"


# --- errors -----------------------------------------------------------------------------------


class ErrorDetail(WireModel):
    code: str
    message: str
    request_id: str | None = None
    fields: dict[str, str] | None = None


class ErrorBody(WireModel):
    error: ErrorDetail


# --- auth -------------------------------------------------------------------------------------


class LoginRequest(StrictBody):
    username: Annotated[str, Field(min_length=1, max_length=200)]
    password: Annotated[str, Field(min_length=1, max_length=1000)]


class RefreshRequest(StrictBody):
    refresh_token: Annotated[str, Field(min_length=1, max_length=500)]


class LogoutRequest(StrictBody):
    refresh_token: Annotated[str | None, Field(max_length=500)] = None


class TokenPair(WireModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Seconds until the access token expires.")


class AgentUnlocked(WireModel):
    username: str
    failures_cleared: int = Field(description="Failed sign-ins forgotten, from every address.")
    was_disabled: bool


class Disposition(WireModel):
    """How a conversation ended, as the contact centre reports it (configured on the server)."""

    code: str
    label: str


class AgentSettings(WireModel):
    idle_lock_minutes: int
    cache_lifetime_hours: int
    refund_lead_limit_pence: int
    dispositions: list[Disposition] = Field(default_factory=list)
    wrap_up_minutes: int = 15


class Me(WireModel):
    id: str
    username: str
    display_name: str
    email: str
    roles: list[Role]
    settings: AgentSettings
    availability: Availability = Availability.AVAILABLE
    team: str = Field(default="patient-care", description="Whose enquiries this agent answers.")


class ConfirmPassword(StrictBody):
    password: Annotated[str, Field(min_length=1, max_length=200)]


class AvailabilityRequest(StrictBody):
    availability: Availability


class AgentPresence(WireModel):
    agent_id: str
    display_name: str
    roles: list[Role]
    availability: Availability
    since: datetime
    conversation_id: str | None = Field(
        default=None, description="The conversation the agent is on, if any."
    )


class AgentPresenceList(WireModel):
    agents: list[AgentPresence]


# --- the lead's floor and figures -------------------------------------------------------------


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


# --- conversations ----------------------------------------------------------------------------


class Caller(WireModel):
    number: str | None = Field(default=None, description="E.164, when the caller has a number.")
    display: str = Field(description="How to show the caller before verification.")
    name: str | None = Field(default=None, description="Only once the caller is verified.")


class Conversation(WireModel):
    id: str
    channel: Channel
    direction: Direction
    state: ConversationState
    auth_state: AuthState
    caller: Caller
    agent_id: str | None = None
    account_id: str | None = Field(default=None, description="Only once the caller is verified.")
    pending: PendingCheck | None = None
    attempts_left: int
    suggested_caller_type: CallerType | None = Field(
        default=None,
        description="Who the calling number says is calling: a registered GP practice's or "
        "pharmacy's number suggests the professional flow.",
    )
    callback_number: str | None = Field(
        default=None,
        description="While a callback is pending: the organisation's registered number to call.",
    )
    missed_reason: str | None = None
    line: str | None = Field(default=None, description="The number or inbox the caller reached.")
    started_at: datetime
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    updated_at: datetime
    version: int = Field(description="Increases with every change; newer wins on the client.")
    disposition: str | None = Field(default=None, description="Set when closed with one.")


class ConversationList(WireModel):
    items: list[Conversation]
    last_event_id: int = Field(
        description="Subscribe to /v1/events after this id to miss nothing since this list."
    )


class NewConversation(StrictBody):
    channel: Channel = Channel.PHONE
    direction: Direction = Direction.INBOUND
    caller_number: Annotated[str | None, Field(max_length=40)] = None
    caller_display: Annotated[str | None, Field(max_length=200)] = None
    external_id: Annotated[str | None, Field(max_length=200)] = None
    # The caller's six-digit app code, when the phone system passed it on (a caredesk://call
    # link): the server redeems it as it does keypad digits.
    digits: Annotated[str | None, Field(pattern=r"^\d{6}$")] = None


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


class CloseRequest(StrictBody):
    """Closing after a call or chat: the disposition (one of the server's codes) and a note."""

    disposition: Annotated[str, Field(min_length=1, max_length=40)]
    note: Annotated[str, Field(max_length=2000)] = ""


class TransferRequest(StrictBody):
    to_agent: Annotated[str | None, Field(max_length=200)] = None
    to_team: Annotated[str | None, Field(max_length=100)] = None
    reason: Annotated[str, Field(max_length=1000)] = ""


# --- challenge --------------------------------------------------------------------------------


class QuestionKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    POSTCODE = "postcode"
    NHS_NUMBER = "nhs_number"
    ODS_CODE = "ods_code"


class ChallengeQuestion(WireModel):
    key: str
    label: str
    kind: QuestionKind
    hint: str | None = None


class ChallengeQuestions(WireModel):
    conversation_id: str
    caller_type: CallerType
    questions: list[ChallengeQuestion]
    attempts_left: int


class ChallengeAnswers(StrictBody):
    caller_type: CallerType
    answers: dict[Annotated[str, Field(max_length=50)], Annotated[str, Field(max_length=300)]]


class ChallengeOutcome(StrEnum):
    VERIFIED = "verified"
    NOT_VERIFIED = "not_verified"
    LOCKED = "locked"
    CALLBACK_REQUIRED = "callback_required"


class ChallengeResult(WireModel):
    outcome: ChallengeOutcome
    verified: bool
    attempts_left: int
    conversation: Conversation
    callback_number: str | None = Field(
        default=None, description="The organisation's registered number, to call back on."
    )
    message: str


class CallbackConfirmation(StrictBody):
    called_registered_number: bool


# --- accounts and snapshots -------------------------------------------------------------------


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


class WorkflowRun(WireModel):
    id: str
    workflow_id: str
    action: str
    agent_name: str
    conversation_id: str | None
    outcome: str
    summary: str
    created_at: datetime


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


class DialResult(WireModel):
    """The telephony provider is dialling: the agent's phone app has the number, ready."""

    via: str
    number: str


class OutboundMessage(WireModel):
    id: str
    channel: Literal["sms", "email"]
    kind: str
    to: str
    body: str
    created_at: datetime


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
    as_of: datetime


class History(WireModel):
    account_id: str
    workflow_runs: list[WorkflowRun]
    notes: list[Note]
    issues: list[Issue]
    contacts: list[ContactRecord]
    appointments: list[Appointment] = Field(default_factory=list)
    messages: list[OutboundMessage] = Field(default_factory=list)


# --- actions ----------------------------------------------------------------------------------


class ActionRequest(StrictBody):
    conversation_id: Annotated[str, Field(min_length=1, max_length=64)]
    workflow_id: Annotated[str, Field(min_length=1, max_length=100)]
    inputs: dict[str, Any] = Field(default_factory=dict)


class ActionResult(WireModel):
    run_id: str
    action: str
    workflow_id: str
    outcome: Literal["done"]
    summary: str
    data: dict[str, Any] = Field(default_factory=dict)
    note_id: str
    created_at: datetime


# --- audit, health, app tokens ----------------------------------------------------------------


class AuditEntry(WireModel):
    id: int
    at: datetime
    agent_id: str | None
    action: str
    account_id: str | None
    conversation_id: str | None
    detail: dict[str, Any]


class AuditPage(WireModel):
    items: list[AuditEntry]
    next_before: int | None


class Health(WireModel):
    status: Literal["ok"]
    version: str
    database: str


class AppCallTokenRequest(StrictBody):
    account_id: Annotated[str, Field(min_length=1, max_length=64)]


class AppCallToken(WireModel):
    token: str
    expires_at: datetime
    dial: str


class DigitsResult(WireModel):
    matched: bool
    throttled: bool = Field(
        default=False, description="Tokens are not being tried on this line or number now."
    )
    challenge: bool = Field(
        default=True,
        description="Route the call on: the advisor verifies the caller with the challenge "
        "(a wrong or throttled token never refuses a call).",
    )
    conversation_id: str | None = None


class ChallengeLockCleared(WireModel):
    account_id: str
    failures_cleared: int


# --- events -----------------------------------------------------------------------------------


class RemovedConversation(WireModel):
    id: str
    reason: str


class SecurityAlert(WireModel):
    kind: Literal["app_token_line_budget", "account_challenge_locked", "sign_in_throttled"]
    message: str
    line: str | None = None
    account_id: str | None = None
    conversation_id: str | None = None


class AccountChanged(WireModel):
    account_id: str
    conversation_id: str | None = None
    reason: str


class Event(WireModel):
    """One event of an agent's stream; ``id`` increases strictly along the stream."""

    id: int
    type: EventType
    at: datetime
    data: dict[str, Any]

    def conversation(self) -> Conversation:
        return Conversation.model_validate(self.data)


# --- texts (SMS conversations) ----------------------------------------------------------------


class TextStatus(StrEnum):
    QUEUED = "queued"  # written, handed to the provider after the commit
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    RECEIVED = "received"  # an inbound text


class TextKind(StrEnum):
    REPLY = "reply"  # the advisor's free text
    QUICK_RESPONSE = "quick_response"
    MISSED_CALL = "missed_call"  # offered automatically after an abandoned or missed call
    AFTER_HOURS = "after_hours"
    APP_LINK = "app_link"  # "confirm it's you in the app"
    OUT_OF_OFFICE = "out_of_office"
    ENQUIRY_REPLY = "enquiry_reply"
    INBOUND = "inbound"


class Text(WireModel):
    """One text of an SMS conversation, in or out. The body is plain text from a patient or
    from us; never rich text."""

    id: str
    conversation_id: str
    direction: Direction
    kind: TextKind
    body: str
    status: TextStatus
    at: datetime
    sent_by: str | None = Field(default=None, description="The advisor's name, for ours.")


class TextThread(WireModel):
    conversation_id: str
    number: str | None
    opted_out: bool = Field(description="The number sent STOP: nothing more may be sent to it.")
    items: list[Text]


class QuickResponse(WireModel):
    """A server-configured reply: ``text`` holds placeholders ({agent_first_name},
    {opening_hours}, {support_number}, {line_name}); ``preview`` is it filled in for this
    agent and conversation, as it would be sent."""

    id: str
    title: str
    language: str
    text: str
    preview: str


class QuickResponseList(WireModel):
    items: list[QuickResponse]
    max_chars: int = SMS_MAX_CHARS


class NewText(StrictBody):
    """A reply in an SMS conversation: free text, or one of the quick responses by id."""

    text: Annotated[str | None, Field(min_length=1, max_length=SMS_MAX_CHARS)] = None
    quick_response: Annotated[str | None, Field(min_length=1, max_length=60)] = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "en"


# --- enquiries (the web form's inbox) ---------------------------------------------------------


class EnquiryState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    REJECTED = "rejected"  # not for us: it counts as answered


class AnswerChannel(StrEnum):
    EMAIL = "email"
    APP = "app"
    SMS = "sms"
    PHONE = "phone"  # answered by phone: recorded, nothing sent


class NewEnquiry(StrictBody):
    """What the web form (through the patient-app backend) posts."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str | None, Field(max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] = (
        None
    )
    phone: Annotated[str | None, Field(max_length=40)] = None
    account_id: Annotated[str | None, Field(max_length=64)] = None
    team: Annotated[str, Field(min_length=1, max_length=50)] = "patient-care"
    subject: Annotated[str, Field(min_length=1, max_length=200)]
    body: Annotated[str, Field(min_length=1, max_length=5000)]


class Enquiry(WireModel):
    id: str
    team: str
    secondary: bool = Field(description="Rerouted here from another team after it waited.")
    rerouted_from: str | None = None
    name: str
    email: str | None = None
    phone: str | None = None
    account_id: str | None = None
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None = None
    read_by: str | None = None
    reminded_at: datetime | None = None
    state: EnquiryState
    answered_at: datetime | None = None
    answered_by: str | None = None
    answer_channel: AnswerChannel | None = None
    answer: str = Field(default="", description="The reply, the phone note or the reason.")
    version: int


class EnquirySummary(WireModel):
    """A row of the inbox: no body, so a list of hundreds stays light."""

    id: str
    team: str
    secondary: bool
    name: str
    subject: str
    created_at: datetime
    read: bool
    reminded: bool
    state: EnquiryState
    answer_channel: AnswerChannel | None = None


class EnquiryList(WireModel):
    items: list[EnquirySummary]
    unread: int


class EnquiryAnswer(StrictBody):
    """Answer once: a reply by email, app or SMS (at most SMS_MAX_CHARS), or a note of a phone
    answer. ``version`` is the one the advisor read; a second answer is refused whatever it is."""

    channel: AnswerChannel
    text: Annotated[str, Field(min_length=1, max_length=5000)]


class EnquiryRejection(StrictBody):
    reason: Annotated[str, Field(min_length=3, max_length=1000)]


class EnquiryCreated(WireModel):
    id: str
    out_of_office: bool = Field(description="An out-of-office reply went to the sender.")


class OutOfOffice(StrictBody):
    """A team's out-of-office reply to new enquiries until ``until`` (none: switched off)."""

    message: Annotated[str, Field(max_length=SMS_MAX_CHARS)] = ""
    until: datetime | None = None


class TeamOutOfOffice(WireModel):
    team: str
    message: str
    until: datetime | None
