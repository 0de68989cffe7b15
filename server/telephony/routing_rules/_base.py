"""What every routing rule shares: the situation it decides on, its decision, and the
look-ups several rules make."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core.config import Settings
from server.core.orm import Account, Agent, Issue

WORKING = (m.IssueStatus.OPEN.value, m.IssueStatus.CLAIMED.value)


@dataclass(frozen=True)
class Situation:
    """What a routing rule sees."""

    session: Session
    settings: Settings
    account: Account | None
    team: str  # the line's team
    now: datetime


@dataclass(frozen=True)
class Decision:
    rule: str
    reason: str
    agent: Agent | None = None  # rung directly; None rings ``team``
    team: str | None = None  # another team than the line's (an escalation's)


def telephony_user(settings: Settings, agent: Agent) -> str | None:
    """The agent's user in the phone system: their own field, else the settings' map."""
    if agent.telephony_user_id:
        return agent.telephony_user_id
    for external, username in settings.telephony_user_map.items():
        if username == agent.username:
            return external
    return None


def available_agents(session: Session, *where: Any) -> list[Agent]:
    """Available agents matching ``where``, longest available first (the fairest to ring)."""
    return list(
        session.scalars(
            select(Agent)
            .where(Agent.availability == m.Availability.AVAILABLE.value, *where)
            .order_by(Agent.availability_since, Agent.id)
        )
    )


def open_escalation_teams(session: Session, account_id: str) -> list[str]:
    return list(
        session.scalars(
            select(Issue.team)
            .where(Issue.account_id == account_id, Issue.status.in_(WORKING))
            .group_by(Issue.team)
            .order_by(func.min(Issue.created_at))
        )
    )
