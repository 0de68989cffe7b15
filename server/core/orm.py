# Longer than 400 lines: the whole schema, one class per table, read beside the migrations.
"""The database schema (SQLAlchemy 2 declarative). Alembic migrations are generated from this."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always gives them back aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Agent(Base):
    __tablename__ = "agents"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[Any]] = mapped_column(JSON)
    team: Mapped[str] = mapped_column(String(50), default="patient-care")
    telephony_user_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    # ISO 639-1 codes of the languages the agent speaks with patients (routing by language).
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    # Set only by an administrator (a disabled sign-in); failed passwords never set it.
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    availability: Mapped[str] = mapped_column(String(20), default="available")
    availability_since: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthToken(Base):
    __tablename__ = "auth_tokens"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # access | refresh
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family: Mapped[str] = mapped_column(String(40), index=True)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    # Refresh tokens: when this one was exchanged for a new pair (as opposed to revoked).
    rotated_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginFailure(Base):
    """A failed sign-in, kept for the back-off window. Keys are peppered hashes, so the table
    holds neither the usernames tried nor the addresses they came from."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    client_key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class KnownSignIn(Base):
    """Addresses an agent signed in from: there, failures from elsewhere never slow them."""

    __tablename__ = "known_sign_ins"
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    client_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_at: Mapped[datetime] = mapped_column()


class Organisation(Base):
    __tablename__ = "organisations"
    ods_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # gp_practice | pharmacy
    phone: Mapped[str] = mapped_column(String(20), index=True)


class PostalAddress(Base):
    """The postcode address book the desk's lookup reads (in production, loaded from a
    licensed source such as Royal Mail's PAF; in the demo, seeded)."""

    __tablename__ = "postal_addresses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    postcode_key: Mapped[str] = mapped_column(String(8), index=True)  # "LS14AB"
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (Index("ix_accounts_dob_postcode", "date_of_birth", "postcode_key"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date, index=True)
    nhs_number: Mapped[str | None] = mapped_column(String(10), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    address_line1: Mapped[str] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    postcode: Mapped[str] = mapped_column(String(10))
    postcode_key: Mapped[str] = mapped_column(String(10), index=True)  # upper, no spaces
    gp_ods_code: Mapped[str | None] = mapped_column(ForeignKey("organisations.ods_code"))
    exemption: Mapped[str | None] = mapped_column(String(100))
    exemption_expires: Mapped[date | None] = mapped_column(Date)
    patient_since: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    parent_account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    # Too many failed challenges across conversations: no challenge passes until a lead clears it.
    challenge_locked_at: Mapped[datetime | None] = mapped_column()

    phones: Mapped[list[AccountPhone]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="AccountPhone.id"
    )
    representatives: Mapped[list[Representative]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="Representative.id"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class AccountPhone(Base):
    __tablename__ = "account_phones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), index=True)  # E.164
    account: Mapped[Account] = relationship(back_populates="phones")


class Representative(Base):
    __tablename__ = "representatives"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relationship_: Mapped[str] = mapped_column("relationship", String(50))
    account: Mapped[Account] = relationship(back_populates="representatives")


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_account_placed", "account_id", "placed_at"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    placed_at: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(30))
    delivery_method: Mapped[str] = mapped_column(String(30))
    expected_delivery: Mapped[date | None] = mapped_column(Date)
    carrier: Mapped[str | None] = mapped_column(String(50))
    tracking_code: Mapped[str | None] = mapped_column(String(50))
    total_pence: Mapped[int] = mapped_column(Integer)
    refunded_pence: Mapped[int] = mapped_column(Integer, default=0)
    address: Mapped[dict[str, Any]] = mapped_column(JSON)
    lines: Mapped[list[Any]] = mapped_column(JSON)
    payment: Mapped[str] = mapped_column(String(10), default="paid")  # m.PaymentState


class Prescription(Base):
    __tablename__ = "prescriptions"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    medicine: Mapped[str] = mapped_column(String(200))
    dosage: Mapped[str] = mapped_column(String(200))
    repeat: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(30))
    next_due: Mapped[date | None] = mapped_column(Date)
    gp_ods_code: Mapped[str | None] = mapped_column(String(12))


class Issue(Base):
    __tablename__ = "issues"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(50))
    team: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    escalated_by: Mapped[str | None] = mapped_column(ForeignKey("agents.id"), default=None)
    assignee_id: Mapped[str | None] = mapped_column(ForeignKey("agents.id"), default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_conversation_source"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    source: Mapped[str] = mapped_column(String(20))  # aircall | intercom | cti | desk
    external_id: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(10))
    direction: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(20))
    auth_state: Mapped[str] = mapped_column(String(30), default="unverified")
    caller_number: Mapped[str | None] = mapped_column(String(20), index=True)
    caller_display: Mapped[str] = mapped_column(String(200))
    line: Mapped[str | None] = mapped_column(String(100))
    agent_id: Mapped[str | None] = mapped_column(ForeignKey("agents.id"), index=True)
    team: Mapped[str | None] = mapped_column(String(50))
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    pending: Mapped[str | None] = mapped_column(String(20))
    caller_type: Mapped[str | None] = mapped_column(String(20))
    challenge_failures: Mapped[int] = mapped_column(Integer, default=0)
    challenge_fact: Mapped[str | None] = mapped_column(String(30))
    callback_number: Mapped[str | None] = mapped_column(String(20))
    missed_reason: Mapped[str | None] = mapped_column(String(60))
    disposition: Mapped[str | None] = mapped_column(String(40))
    # Which routing rule chose whom the call rang, why, and the phone system's user or team.
    routed_by: Mapped[str | None] = mapped_column(String(30))
    routing_reason: Mapped[str | None] = mapped_column(String(200))
    routed_to: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column()
    answered_at: Mapped[datetime | None] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class WorkflowRun(Base):
    __tablename__ = "workflow_runs"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"))
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"))
    workflow_id: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RefundRequestRow(Base):
    """A refund above an advisor's limit, waiting for (or decided by) a lead."""

    __tablename__ = "refund_requests"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"))
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"))
    requested_by: Mapped[str] = mapped_column(ForeignKey("agents.id"))
    amount_pence: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("agents.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IntercomNote(Base):
    """Outbox of notes for Intercom: written in the action's transaction, delivered after it."""

    __tablename__ = "intercom_notes"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"))
    intercom_conversation_id: Mapped[str] = mapped_column(String(100))
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_by: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()


class InsightCard(Base):
    """Outbox of Aircall insight cards: one per conversation at most, written in the
    transaction that verified the caller, sent after it."""

    __tablename__ = "insight_cards"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), unique=True)
    call_id: Mapped[str] = mapped_column(String(200))
    contents: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()


class CallbackRow(Base):
    """A caller who asked to be called back: waits on the floor until an advisor takes it."""

    __tablename__ = "callbacks"
    __table_args__ = (Index("ix_callbacks_status", "status", "requested_at"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(80), unique=True)  # one per call or text
    source: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(20))
    line: Mapped[str | None] = mapped_column(String(100))
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"))
    status: Mapped[str] = mapped_column(String(20))
    requested_at: Mapped[datetime] = mapped_column()
    due_at: Mapped[datetime] = mapped_column()
    taken_by: Mapped[str | None] = mapped_column(ForeignKey("agents.id"))
    taken_at: Mapped[datetime | None] = mapped_column()
    outcome: Mapped[str | None] = mapped_column(String(40))
    done_at: Mapped[datetime | None] = mapped_column()


class AppCallToken(Base):
    __tablename__ = "app_call_tokens"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None] = mapped_column()
    conversation_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TokenFailure(Base):
    __tablename__ = "token_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    caller_key: Mapped[str] = mapped_column(String(64), index=True)
    line_key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ChallengeAttempt(Base):
    __tablename__ = "challenge_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"))
    caller_type: Mapped[str] = mapped_column(String(20))
    success: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ChallengeFailure(Base):
    """A failed challenge charged to the account its identifying answers pointed at."""

    __tablename__ = "challenge_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column()


class RefundRecord(Base):
    """Every refund, so limits apply to sums (per order, per patient per day), not to each one."""

    __tablename__ = "refunds"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"))
    amount_pence: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("agent_id", "key", name="uq_idempotency_agent_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agent_id: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class WebhookDelivery(Base):
    """Deliveries already applied, so a replay or an at-least-once duplicate changes nothing."""

    __tablename__ = "webhook_deliveries"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_agent_id_id", "agent_id", "id"),)
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    agent_id: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditRow(Base):
    """Append-only: the migration adds triggers that refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    agent_id: Mapped[str | None] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(60))
    account_id: Mapped[str | None] = mapped_column(String(40), index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboundMessage(Base):
    """A text or email to a patient or caller: written in the transaction that decided it, then
    handed to the provider after the commit (``server.messaging.sms.deliver_pending``)."""

    __tablename__ = "outbound_messages"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))  # sms | email | app
    kind: Mapped[str] = mapped_column(String(40))
    to: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    agent_id: Mapped[str | None] = mapped_column(String(40), default=None)
    # What makes an automatic text once-only ("missed:<conversation>"): unique, NULL for others.
    dedupe_key: Mapped[str | None] = mapped_column(String(80), unique=True, default=None)
    provider: Mapped[str | None] = mapped_column(String(20), default=None)
    provider_id: Mapped[str | None] = mapped_column(String(100), index=True, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    # An email's subject (an enquiry's reply carries the enquiry's reference in it).
    subject: Mapped[str | None] = mapped_column(String(300), default=None)


class InboundText(Base):
    """A text a caller sent us, in the SMS conversation it opened or continued."""

    __tablename__ = "inbound_texts"
    __table_args__ = (UniqueConstraint("provider", "provider_id", name="uq_inbound_text"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    provider_id: Mapped[str] = mapped_column(String(100))
    from_number: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class SmsOptOut(Base):
    """A number that texted STOP (and START again): nothing is texted to it while opted out."""

    __tablename__ = "sms_opt_outs"
    number: Mapped[str] = mapped_column(String(20), primary_key=True)
    opted_out: Mapped[bool] = mapped_column(Boolean)
    keyword: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversationLink(Base):
    """A one-time "confirm it's you in the app" link texted to a caller; only its hash is kept."""

    __tablename__ = "conversation_links"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class EnquiryRow(Base):
    """A message from the web contact form, waiting in its team's inbox until answered once."""

    __tablename__ = "enquiries"
    __table_args__ = (Index("ix_enquiries_team_state", "team", "state"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    team: Mapped[str] = mapped_column(String(50))
    secondary: Mapped[bool] = mapped_column(Boolean, default=False)
    rerouted_from: Mapped[str | None] = mapped_column(String(50), default=None)
    rerouted_at: Mapped[datetime | None] = mapped_column(default=None)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(default=None)
    read_by: Mapped[str | None] = mapped_column(ForeignKey("agents.id"), default=None)
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    state: Mapped[str] = mapped_column(String(20), default="open")
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    answered_by: Mapped[str | None] = mapped_column(ForeignKey("agents.id"), default=None)
    answer_channel: Mapped[str | None] = mapped_column(String(10), default=None)
    answer: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(10), default="form")  # m.EnquirySource
    # An email's Message-ID: a redelivered email is the same enquiry, and a reply to it threads.
    message_id: Mapped[str | None] = mapped_column(String(300), unique=True, default=None)
    attachments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    follows: Mapped[str | None] = mapped_column(String(40), default=None)
    updated_at: Mapped[datetime | None] = mapped_column(default=None)  # the sender wrote again


class EnquiryMessageRow(Base):
    """A later email from an enquiry's sender, threaded onto it by its reference."""

    __tablename__ = "enquiry_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enquiry_id: Mapped[str] = mapped_column(ForeignKey("enquiries.id"), index=True)
    message_id: Mapped[str | None] = mapped_column(String(300), unique=True, default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[Any]] = mapped_column(JSON, default=list)


class ArticleRow(Base):
    """A knowledge article as it reads now; every version is kept in ``article_versions``."""

    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    language: Mapped[str] = mapped_column(String(5), index=True)
    team: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    review_days: Mapped[int] = mapped_column(Integer)
    reviewed_on: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("agents.id"), default=None)


class ArticleVersionRow(Base):
    """One version of an article as it was saved: never changed afterwards."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version", name="uq_article_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_by: Mapped[str | None] = mapped_column(ForeignKey("agents.id"), default=None)
    change_note: Mapped[str] = mapped_column(String(300), default="")


class TeamSetting(Base):
    """Per-team settings a lead changes: the out-of-office reply to new enquiries."""

    __tablename__ = "team_settings"
    team: Mapped[str] = mapped_column(String(50), primary_key=True)
    out_of_office_message: Mapped[str] = mapped_column(Text, default="")
    out_of_office_until: Mapped[datetime | None] = mapped_column(default=None)


class Appointment(Base):
    """A telephone appointment with a pharmacist; one booking per pharmacist and slot (a
    cancelled one frees its slot: the unique index leaves cancelled rows out)."""

    __tablename__ = "appointments"
    __table_args__ = (
        Index(
            "uq_appointment_slot_taken",
            "pharmacist_id",
            "starts_at",
            unique=True,
            sqlite_where=text("status != 'cancelled'"),
            postgresql_where=text("status != 'cancelled'"),
        ),
    )
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    pharmacist_id: Mapped[str] = mapped_column(ForeignKey("agents.id"))
    starts_at: Mapped[datetime] = mapped_column()
    minutes: Mapped[int] = mapped_column(Integer, default=15)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="booked")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
