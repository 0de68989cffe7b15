"""Transfer the conversation to another agent, or to a team's queue."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator
from sqlalchemy import func, or_, select

from server.actions import Action, ActionContext, Inputs, Outcome
from server.conversations.lifecycle import begin_change
from server.core.errors import ApiError
from server.core.orm import Agent

TEAMS = (
    "patient-care",
    "pharmacy",
    "prescriptions",
    "logistics",
    "complaints",
    "engineering",
    "data-protection",
)


class Transfer(Inputs):
    to_agent: Annotated[str | None, Field(max_length=200)] = None
    to_team: Annotated[str | None, Field(max_length=100)] = None
    reason: Annotated[str, Field(min_length=3, max_length=1000)]

    @model_validator(mode="after")
    def _one_target(self) -> Transfer:
        if bool(self.to_agent) == bool(self.to_team):
            raise ValueError("give either to_agent or to_team")
        if self.to_team and self.to_team not in TEAMS:
            raise ValueError(f"to_team must be one of {', '.join(TEAMS)}")
        return self


def apply(ctx: ActionContext, inputs: Transfer) -> Outcome:
    conv = ctx.conversation
    change = begin_change(conv)
    if inputs.to_agent:
        wanted = inputs.to_agent.strip().lower()
        target = ctx.session.scalar(
            select(Agent).where(or_(Agent.username == wanted, func.lower(Agent.email) == wanted))
        )
        if target is None:
            raise ApiError(
                422,
                "unknown_agent",
                "There is no agent with that username.",
                fields={"to_agent": "unknown agent"},
            )
        if target.id == ctx.agent.id:
            raise ApiError(
                422,
                "same_agent",
                "The conversation is already yours.",
                fields={"to_agent": "same agent"},
            )
        conv.agent_id, conv.team = target.id, target.team
        where = target.display_name
    else:
        conv.agent_id, conv.team = None, inputs.to_team
        where = f"the {inputs.to_team} team"
    ctx.changed_conversations.append(change)
    return Outcome(
        summary=f"Transferred to {where}: {inputs.reason}",
        data={"to_agent": inputs.to_agent, "to_team": inputs.to_team or conv.team},
    )


ACTION = Action(
    name="transfer",
    title="Transfer the conversation",
    inputs=Transfer,
    apply=apply,
    needs_verified=False,
)
