"""Conversations: the wire view, the state machine, assignment, and the events they produce."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import normalise
from server.core.config import Settings
from server.core.errors import ApiError
from server.core.events import append_event, broadcast
from server.core.orm import Account, Agent, Conversation, Organisation, utcnow

# A state only ever moves to a higher rank, so unordered and repeated webhooks end the same.
STATE_RANK = {
    m.ConversationState.RINGING: 0,
    m.ConversationState.ACTIVE: 1,
    m.ConversationState.WRAP_UP: 2,
    m.ConversationState.CLOSED: 3,
    m.ConversationState.MISSED: 3,
    m.ConversationState.ABANDONED: 3,
}
OPEN_STATES = (m.ConversationState.RINGING, m.ConversationState.ACTIVE, m.ConversationState.WRAP_UP)
# Unanswered calls the caller gave up on (Aircall's reasons; "cancel" from a generic CTI) are
# abandoned; the rest (no agent free, out of hours, …) are missed.
ABANDON_REASONS = {"short_abandoned", "abandoned_in_ivr", "abandoned_in_classic", "cancel"}


ENDED_STATES = (
    m.ConversationState.CLOSED,
    m.ConversationState.MISSED,
    m.ConversationState.ABANDONED,
)


def ensure_workable(conv: Conversation, settings: Settings) -> None:
    """Patient data is read and changed only within a live conversation, or during its wrap-up
    for ``wrap_up_minutes`` after the call ended; never once it is closed."""
    state = m.ConversationState(conv.state)
    if state in ENDED_STATES:
        raise ApiError(
            409,
            "conversation_ended",
            f"This conversation is {state.value.replace('_', ' ')}: the account can no longer "
            "be opened or changed from it.",
        )
    if state is m.ConversationState.WRAP_UP and conv.ended_at is not None:
        window = timedelta(minutes=settings.wrap_up_minutes)
        if utcnow() - conv.ended_at > window:
            raise ApiError(
                409,
                "wrap_up_over",
                f"The {settings.wrap_up_minutes}-minute wrap-up of this conversation is over: "
                "close it, and open a new conversation to work on the account.",
            )


def is_verified(conv: Conversation) -> bool:
    return m.AuthState(conv.auth_state).is_verified


def to_wire(session: Session, conv: Conversation, settings: Settings) -> m.Conversation:
    verified = is_verified(conv) and conv.account_id is not None
    name = None
    if verified:
        account = session.get(Account, conv.account_id)
        name = account.full_name if account else None
    suggested = None
    if conv.caller_number and not verified:
        registered = session.scalar(
            select(Organisation.ods_code).where(Organisation.phone == conv.caller_number).limit(1)
        )
        suggested = m.CallerType.PROFESSIONAL if registered else None
    pending_callback = conv.pending == m.PendingCheck.CALLBACK
    return m.Conversation(
        id=conv.id,
        channel=m.Channel(conv.channel),
        direction=m.Direction(conv.direction),
        state=m.ConversationState(conv.state),
        auth_state=m.AuthState(conv.auth_state),
        caller=m.Caller(number=conv.caller_number, display=conv.caller_display, name=name),
        agent_id=conv.agent_id,
        account_id=conv.account_id if verified else None,
        pending=m.PendingCheck(conv.pending) if conv.pending else None,
        attempts_left=max(0, settings.challenge_max_attempts - conv.challenge_failures),
        suggested_caller_type=suggested,
        callback_number=conv.callback_number if pending_callback else None,
        missed_reason=conv.missed_reason,
        line=conv.line,
        routed_by=conv.routed_by,
        routing_reason=conv.routing_reason,
        started_at=conv.started_at,
        answered_at=conv.answered_at,
        ended_at=conv.ended_at,
        updated_at=conv.updated_at,
        version=conv.version,
        disposition=conv.disposition,
    )


_WATCHED = (
    "state",
    "routed_by",
    "auth_state",
    "agent_id",
    "account_id",
    "pending",
    "caller_number",
    "answered_at",
    "ended_at",
    "missed_reason",
    "challenge_failures",
    "team",
    "disposition",
)


def _watched(conv: Conversation) -> tuple[Any, ...]:
    return tuple(getattr(conv, name) for name in _WATCHED)


@dataclass
class Change:
    """What a handler did to a conversation, so the right agents hear of it once."""

    conv: Conversation
    previous_agent_id: str | None
    is_new: bool
    before: tuple[Any, ...]

    @property
    def changed(self) -> bool:
        return self.is_new or _watched(self.conv) != self.before


def begin_change(conv: Conversation, *, is_new: bool = False) -> Change:
    return Change(conv, None if is_new else conv.agent_id, is_new, () if is_new else _watched(conv))


def publish(
    session: Session, settings: Settings, change: Change, reason: str = "updated"
) -> m.Conversation | None:
    """Bump the version and tell the agents concerned: the new owner, and a previous one.
    A change that changed nothing (a duplicate webhook) says nothing. Returns what it told
    them (None when nothing), which a caller that answers with it need not build again."""
    if not change.changed:
        return None
    conv = change.conv
    conv.version = (conv.version or 0) + (0 if change.is_new else 1)
    conv.updated_at = utcnow()
    session.flush()
    told = to_wire(session, conv, settings)
    wire = told.model_dump(mode="json")
    prev, now = change.previous_agent_id, conv.agent_id
    if prev and prev != now:
        append_event(
            session,
            prev,
            m.EventType.CONVERSATION_REMOVED,
            m.RemovedConversation(id=conv.id, reason=reason).model_dump(mode="json"),
        )
    if now:
        kind = (
            m.EventType.CONVERSATION_CREATED
            if change.is_new or prev != now
            else m.EventType.CONVERSATION_UPDATED
        )
        append_event(session, now, kind, wire)
    if now is None or (prev is None and not change.is_new) or conv.auth_state == "locked":
        # The queue (no agent yet) or the locked challenges changed: the leads' floor.
        tell_leads(session, conv)
    return told


def tell_leads(session: Session, conv: Conversation) -> None:
    """The floor changed: the conversation's id and state, nothing about the caller."""
    data = {"conversation_id": conv.id, "state": conv.state, "agent_id": conv.agent_id}
    broadcast(session, lead_ids(session), m.EventType.FLOOR_UPDATED, data)


def lead_ids(session: Session) -> list[str]:
    """Every lead. Narrowed in the database (roles is a JSON list; its text holds '"lead"'),
    then checked exactly: a floor of 2,000 agents is not loaded for every call in the queue."""
    maybe_leads = select(Agent.id, Agent.roles).where(cast(Agent.roles, String).like('%"lead"%'))
    return [a for a, roles in session.execute(maybe_leads) if "lead" in (roles or [])]


def advance(conv: Conversation, state: m.ConversationState) -> bool:
    current = m.ConversationState(conv.state)
    if STATE_RANK[state] > STATE_RANK[current]:
        conv.state = state.value
        return True
    return False


def resolve_agent_id(
    session: Session,
    settings: Settings,
    *,
    user_id: str | None = None,
    email: str | None = None,
    name: str | None = None,
) -> str | None:
    """A telephony or chat user → our agent's id: configured id, then stored id, email, name.
    The id alone: an event only assigns the conversation, and loading the whole agent (roles,
    settings, password hash) into the session cost each webhook more than the query."""
    if user_id is not None:
        username = settings.telephony_user_map.get(str(user_id))
        if username:
            found = session.scalar(select(Agent.id).where(Agent.username == username))
            if found:
                return found
        found = session.scalar(select(Agent.id).where(Agent.telephony_user_id == str(user_id)))
        if found:
            return found
    if email:
        found = session.scalar(
            select(Agent.id).where(func.lower(Agent.email) == email.strip().lower())
        )
        if found:
            return found
    if name:
        wanted = name.strip().lower()
        return session.scalar(
            select(Agent.id).where(
                or_(func.lower(Agent.username) == wanted, func.lower(Agent.display_name) == wanted)
            )
        )
    return None


def caller_display(number: str | None, raw: str | None, settings: Settings) -> str:
    if number:
        return normalise.phone_display(number, settings.default_region)
    return (raw or "Unknown caller").strip()[:200] or "Unknown caller"
