"""The agent as their desk sees them: ``GET /v1/me``, and the agent named with every new token
pair, so that a desk signs in or resumes its session in one request."""

from __future__ import annotations

from backend_client import models as m
from server.core.config import Settings
from server.core.orm import Agent


def me(agent: Agent, settings: Settings) -> m.Me:
    """The agent as their desk sees them (``GET /v1/me``, and with every new token pair)."""
    return m.Me(
        id=agent.id,
        username=agent.username,
        display_name=agent.display_name,
        email=agent.email,
        roles=[m.Role(r) for r in agent.roles],
        settings=m.AgentSettings(
            idle_lock_minutes=settings.idle_lock_minutes,
            cache_lifetime_hours=settings.cache_lifetime_hours,
            refund_lead_limit_pence=settings.refund_lead_limit_pence,
            dispositions=[m.Disposition(code=c, label=label) for c, label in settings.dispositions],
            wrap_up_minutes=settings.wrap_up_minutes,
        ),
        availability=m.Availability(agent.availability),
        team=agent.team,
    )
