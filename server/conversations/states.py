"""What an agent does to a conversation: list theirs, open one they own, answer it, send it to
wrap-up, close it with a disposition (and the wrap-up note on the account)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.lifecycle import OPEN_STATES, advance, begin_change, publish, to_wire
from server.core import locks
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, forbidden, not_found
from server.core.orm import Agent, Conversation, Note, new_id, utcnow

LIST_LIMIT = 200


def owned(session: Session, agent: Agent, conversation_id: str) -> Conversation:
    """The conversation, when it is this agent's (or the agent is a lead)."""
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        raise not_found("The conversation")
    if conv.agent_id != agent.id and "lead" not in agent.roles:
        raise forbidden("This conversation belongs to another agent.", "not_your_conversation")
    return conv


def list_for(
    session: Session, settings: Settings, agent_id: str, include_recent: bool
) -> list[m.Conversation]:
    """The agent's open conversations (and the last closed ones), newest first."""
    query = select(Conversation).where(Conversation.agent_id == agent_id)
    if not include_recent:
        query = query.where(Conversation.state.in_([s.value for s in OPEN_STATES]))
    rows = session.scalars(query.order_by(Conversation.started_at.desc()).limit(LIST_LIMIT)).all()
    return [to_wire(session, c, settings) for c in rows]


def change_state(
    session: Session,
    settings: Settings,
    agent: Agent,
    conversation_id: str,
    target: m.ConversationState,
    closing: m.CloseRequest | None = None,
) -> m.Conversation:
    conv = locks.row(session, Conversation, conversation_id)  # a call event waits, or is waited for
    if conv is None:
        raise not_found("The conversation")
    change = begin_change(conv)  # before any change, so a new owner hears "created"
    if target is m.ConversationState.ACTIVE and conv.agent_id is None:
        conv.agent_id = agent.id  # answering an unassigned conversation takes it
    if conv.agent_id != agent.id and "lead" not in agent.roles:
        raise forbidden("This conversation belongs to another agent.", "not_your_conversation")
    current = m.ConversationState(conv.state)
    if current == target:
        return to_wire(session, conv, settings)
    if current not in OPEN_STATES:
        raise ApiError(409, "conversation_ended", f"The conversation is already {current.value}.")
    if not advance(conv, target):
        raise ApiError(
            409,
            "invalid_transition",
            f"A conversation cannot go from {current.value} to {target.value}.",
        )
    if target is m.ConversationState.CLOSED:
        _record_wrap_up(session, settings, agent, conv, closing)
    if target is m.ConversationState.ACTIVE:
        conv.answered_at = conv.answered_at or utcnow()
    if target in (m.ConversationState.WRAP_UP, m.ConversationState.CLOSED):
        conv.ended_at = conv.ended_at or utcnow()
    told = publish(session, settings, change, target.value)
    audit(session, f"conversation.{target.value}", agent_id=agent.id, conversation_id=conv.id)
    return told or to_wire(session, conv, settings)


def _record_wrap_up(
    session: Session,
    settings: Settings,
    agent: Agent,
    conv: Conversation,
    closing: m.CloseRequest | None,
) -> None:
    """A conversation someone answered closes with a disposition from the configured list
    (leads may close without, to tidy up); the wrap-up note goes on the account."""
    codes = {code for code, _ in settings.dispositions}
    if closing is None:
        if conv.answered_at is not None and "lead" not in agent.roles:
            raise ApiError(
                422,
                "disposition_required",
                "Choose how the conversation ended before closing it.",
                fields={"disposition": "required"},
            )
        return
    if closing.disposition not in codes:
        raise ApiError(
            422,
            "unknown_disposition",
            "That is not one of the wrap-up codes this contact centre uses.",
            fields={"disposition": "not a configured code"},
        )
    conv.disposition = closing.disposition
    text = closing.note.strip()
    if text:
        session.add(
            Note(
                id=new_id("note"),
                account_id=conv.account_id,
                conversation_id=conv.id,
                agent_id=agent.id,
                body=text,
            )
        )
