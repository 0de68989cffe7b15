"""Calls, whichever vendor reports them: the facts one telephony event states, the upsert that
never moves a call backwards, a delivery seen once, and everything one call event sets off."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.lifecycle import (
    ABANDON_REASONS,
    OPEN_STATES,
    Change,
    advance,
    begin_change,
    caller_display,
    publish,
    to_wire,
)
from server.core import locks, normalise
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError
from server.core.orm import Agent, Conversation, WebhookDelivery, new_id, utcnow
from server.identity import app_tokens
from server.messaging import texts
from server.telephony import insight_cards


@dataclass
class CallFacts:
    """What one telephony event says about a call, whichever vendor sent it."""

    source: str
    external_id: str
    direction: m.Direction
    raw_number: str | None
    line: str | None
    started_at: datetime | None
    answered: bool
    answered_at: datetime | None
    ended: bool
    ended_at: datetime | None
    missed_reason: str | None
    agent_id: str | None  # whose it is (the telephony user resolved), if anyone's
    channel: m.Channel = m.Channel.PHONE


def lock_call(session: Session, source: str, external_id: str) -> None:
    """Every event of one call waits for the one before it: taken before the call is looked up."""
    locks.lock(session, locks.Place.CALL, f"{source}:{external_id}")


def apply_call(session: Session, settings: Settings, facts: CallFacts) -> Change:
    """Upsert a call by (source, external id) from one event; never move its state backwards."""
    lock_call(session, facts.source, facts.external_id)
    conv = session.scalar(
        locks.rows(  # an advisor's answer or close waits for this event, and this for it
            select(Conversation).where(
                Conversation.source == facts.source, Conversation.external_id == facts.external_id
            )
        )
    )
    now = utcnow()
    number = normalise.phone(facts.raw_number, settings.default_region)
    if conv is None:
        conv = Conversation(
            id=new_id("conv"),
            source=facts.source,
            external_id=facts.external_id,
            channel=facts.channel.value,
            direction=facts.direction.value,
            state=m.ConversationState.RINGING.value,
            auth_state=m.AuthState.UNVERIFIED.value,
            caller_number=number,
            caller_display=caller_display(number, facts.raw_number, settings),
            line=facts.line,
            started_at=facts.started_at or now,
            pending=m.PendingCheck.CHALLENGE.value,
            challenge_failures=0,
            version=1,
            updated_at=now,
        )
        session.add(conv)
        change = begin_change(conv, is_new=True)
    else:
        change = begin_change(conv)
        if conv.caller_number is None and number:
            conv.caller_number = number
            conv.caller_display = caller_display(number, facts.raw_number, settings)
        if facts.started_at and facts.started_at < conv.started_at:
            conv.started_at = facts.started_at
        conv.line = conv.line or facts.line

    was_open = m.ConversationState(conv.state) in OPEN_STATES
    if facts.answered or facts.answered_at:
        conv.answered_at = conv.answered_at or facts.answered_at or now
    if facts.ended or facts.ended_at:
        conv.ended_at = conv.ended_at or facts.ended_at or now
        conv.missed_reason = conv.missed_reason or facts.missed_reason
    if facts.missed_reason and not conv.missed_reason and conv.answered_at is None:
        conv.missed_reason = facts.missed_reason

    if conv.ended_at is not None:
        if conv.answered_at is not None:
            advance(conv, m.ConversationState.WRAP_UP)
        elif conv.missed_reason in ABANDON_REASONS:
            advance(conv, m.ConversationState.ABANDONED)
        else:
            advance(conv, m.ConversationState.MISSED)
    elif conv.answered_at is not None:
        advance(conv, m.ConversationState.ACTIVE)

    # The agent follows the call while it is open: ringing on A, answered by B → B's.
    follows = conv.answered_at is None or facts.answered or conv.agent_id is None
    if facts.agent_id is not None and was_open and facts.agent_id != conv.agent_id and follows:
        conv.agent_id = facts.agent_id
    return change


def first_delivery(session: Session, source: str, key: str) -> bool:
    """Record a delivery; False when it was seen before (a retry or a replay). One statement:
    the same delivery arriving twice at once waits at the key's unique index for the first to
    commit, and then inserts nothing."""
    digest = hashlib.sha256(f"{source}:{key}".encode()).hexdigest()
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    recorded = session.scalar(
        insert(WebhookDelivery)
        .values(key=digest, source=source, received_at=utcnow())
        .on_conflict_do_nothing(index_elements=[WebhookDelivery.key])
        .returning(WebhookDelivery.key)
    )
    return recorded is not None


def redeem_if_digits(
    session: Session, settings: Settings, conv: Conversation, digits: str | None
) -> bool | None:
    """Whether keypad digits carried a live app-call token (None: nothing to redeem)."""
    if not digits or conv.account_id is not None or conv.auth_state != m.AuthState.UNVERIFIED:
        return None
    return app_tokens.redeem(session, settings, conv, digits).matched


@dataclass(frozen=True)
class CallOutcome:
    conversation_id: str
    token_matched: bool | None
    text_offered: bool  # a missed-call text was queued
    card_queued: bool = False  # an Aircall insight card was queued

    @property
    def outbox_work(self) -> bool:
        return self.text_offered or self.card_queued


def call_event(
    session: Session, settings: Settings, facts: CallFacts, digits: str | None, reason: str
) -> CallOutcome:
    """One call event: the call upserted, an app-call token redeemed, the agent told, and a
    missed-call text offered when the call ended unanswered."""
    change = apply_call(session, settings, facts)
    if digits:  # a token redeemed refers to the conversation's row; otherwise publish writes it
        session.flush()
    matched = redeem_if_digits(session, settings, change.conv, digits)
    publish(session, settings, change, reason)
    offered = texts.offer_missed_call_text(session, settings, change.conv)
    carded = bool(matched) and insight_cards.queue(session, settings, change.conv)
    return CallOutcome(change.conv.id, matched, offered is not None, carded)


def open_from_desk(
    session: Session, settings: Settings, agent: Agent, body: m.NewConversation
) -> tuple[int, m.Conversation]:
    """A conversation the desk opens itself (a softphone's caredesk://call link, a call the
    advisor logs by hand): 201 when new, 200 when this agent's link opened it before."""
    if body.external_id is not None:
        existing = session.scalar(
            select(Conversation).where(
                Conversation.source == "desk", Conversation.external_id == body.external_id
            )
        )
        if existing is not None and existing.agent_id != agent.id:
            # Never hand back, or move, a conversation someone else owns: that would give
            # its patient to whoever guessed or copied the id.
            raise ApiError(
                409,
                "external_id_in_use",
                "Another conversation already uses this external id. Open a new one "
                "without an id, or with an id of your own.",
            )
        if existing is not None:
            return 200, to_wire(session, existing, settings)
    facts = CallFacts(
        source="desk",
        external_id=body.external_id or new_id("desk"),
        direction=body.direction,
        raw_number=body.caller_number or body.caller_display,
        line=None,
        started_at=utcnow(),
        answered=True,
        answered_at=utcnow(),
        ended=False,
        ended_at=None,
        missed_reason=None,
        agent_id=agent.id,
        channel=body.channel,
    )
    change = apply_call(session, settings, facts)
    if (
        body.digits is not None
        and change.conv.account_id is None
        and change.conv.auth_state == m.AuthState.UNVERIFIED
    ):
        # A softphone's caredesk://call link carries the caller's app code: redeemed
        # under the same single use and throttles as the keypad digits of a webhook.
        session.flush()
        app_tokens.redeem(session, settings, change.conv, body.digits)
    told = publish(session, settings, change, "opened")
    audit(session, "conversation.opened", agent_id=agent.id, conversation_id=change.conv.id)
    return 201, told or to_wire(session, change.conv, settings)
