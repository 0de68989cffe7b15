"""The advisor who last handled this patient, if they are available: the caller picks up
where they left off instead of telling their story again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend_client import models as m
from server.core.orm import Agent, Conversation
from server.telephony.routing_rules._base import Decision, Situation, telephony_user

NAME = "sticky"
ORDER = 20


def decide(situation: Situation) -> Decision | None:
    if situation.account is None:
        return None
    since = situation.now - timedelta(days=situation.settings.sticky_days)
    last = situation.session.scalar(
        select(Conversation.agent_id)
        .where(
            Conversation.account_id == situation.account.id,
            Conversation.agent_id.is_not(None),
            Conversation.answered_at.is_not(None),
            Conversation.started_at >= since,
        )
        .order_by(Conversation.started_at.desc())
        .limit(1)
    )
    agent = situation.session.get(Agent, last) if last else None
    if agent is None or agent.availability != m.Availability.AVAILABLE.value:
        return None
    if telephony_user(situation.settings, agent) is None:
        return None
    return Decision(NAME, f"{agent.display_name} handled this patient's last call.", agent)
