"""Agents: sign-in, tokens, the agent's settings and presence, app-call tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from backend_client.models._base import StrictBody, WireModel


class Role(StrEnum):
    ADVISOR = "advisor"
    PHARMACIST = "pharmacist"
    LEAD = "lead"


class Availability(StrEnum):
    """What the advisor says about taking new conversations; kept by the server, seen by leads."""

    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"


class LoginRequest(StrictBody):
    username: Annotated[str, Field(min_length=1, max_length=200)]
    password: Annotated[str, Field(min_length=1, max_length=1000)]


class RefreshRequest(StrictBody):
    refresh_token: Annotated[str, Field(min_length=1, max_length=500)]


class LogoutRequest(StrictBody):
    refresh_token: Annotated[str | None, Field(max_length=500)] = None


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


class TokenPair(WireModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Seconds until the access token expires.")
    agent: Me | None = Field(
        default=None,
        description="The signed-in agent, as GET /v1/me gives it: a desk that signs in or "
        "resumes its session needs no second request before its first frame.",
    )


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


class RouteAnswer(WireModel):
    """The answer to the phone system's routing request, flat so a Smartflow reads it by a
    JSON path: ``$.user_id`` for a "Ring to user" widget, ``$.team_id`` for "Ring to team". A
    key that does not apply is left out, so the widget's path fails and its fallback runs."""

    ring: Literal["user", "team"]
    user_id: str | None = Field(default=None, description="The phone system's user to ring.")
    team_id: str | None = Field(
        default=None, description="The phone system's team: rung for ring=team, else fallback."
    )
    team: str = Field(description="CareDesk's team the call belongs to.")
    rule: str = Field(description="The routing rule that decided (team: none matched).")
    reason: str = Field(description="Why, in plain words; carries nothing about the patient.")
    verified: bool = Field(description="The keypad input held the caller's live app-call token.")
    challenge: bool = Field(description="The advisor verifies the caller with the challenge.")
    conversation_id: str | None = None
