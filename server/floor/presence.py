"""Availability: each agent says whether they take new conversations; leads see the floor.

The server keeps the state (so a restart of the desk, or a second window, agrees), publishes an
``agent.updated`` event to every lead when it changes, and lists the floor for leads.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.lifecycle import OPEN_STATES
from server.core.audit import audit
from server.core.errors import not_found
from server.core.events import append_event
from server.core.orm import Agent, Conversation, utcnow

_ON_A_CONVERSATION = [s.value for s in OPEN_STATES if s is not m.ConversationState.RINGING]


def _current_conversations(session: Session, agent_ids: list[str]) -> dict[str, str]:
    rows = session.execute(
        select(Conversation.agent_id, Conversation.id)
        .where(Conversation.agent_id.in_(agent_ids), Conversation.state.in_(_ON_A_CONVERSATION))
        .order_by(Conversation.updated_at)
    ).all()
    return {agent_id: conv_id for agent_id, conv_id in rows if agent_id}  # the latest wins


def presence(agent: Agent, conversation_id: str | None) -> m.AgentPresence:
    return m.AgentPresence(
        agent_id=agent.id,
        display_name=agent.display_name,
        roles=[m.Role(r) for r in agent.roles],
        availability=m.Availability(agent.availability),
        since=agent.availability_since,
        conversation_id=conversation_id,
    )


def floor(session: Session) -> list[m.AgentPresence]:
    agents = session.scalars(select(Agent).order_by(Agent.display_name)).all()
    current = _current_conversations(session, [a.id for a in agents])
    return [presence(a, current.get(a.id)) for a in agents]


def set_availability(
    session: Session, agent_id: str, availability: m.Availability
) -> m.AgentPresence:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise not_found("The agent")
    result_conv = _current_conversations(session, [agent.id]).get(agent.id)
    if agent.availability == availability.value:
        return presence(agent, result_conv)  # nothing changed: nothing to announce
    agent.availability = availability.value
    agent.availability_since = utcnow()
    audit(session, "agent.availability", agent_id=agent.id, availability=availability.value)
    result = presence(agent, result_conv)
    data = result.model_dump(mode="json")
    for other in session.scalars(select(Agent).where(Agent.id != agent.id)):
        if "lead" in (other.roles or []):
            append_event(session, other.id, m.EventType.AGENT_UPDATED, data)
    return result
