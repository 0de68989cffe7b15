"""Conversations: channels, states, the caller, the list, closing and transfer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from backend_client.models._base import StrictBody, WireModel


class Channel(StrEnum):
    PHONE = "phone"
    CHAT = "chat"
    SMS = "sms"
    FORM = "form"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class ConversationState(StrEnum):
    RINGING = "ringing"
    ACTIVE = "active"
    WRAP_UP = "wrap_up"
    CLOSED = "closed"
    MISSED = "missed"
    ABANDONED = "abandoned"


class AuthState(StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED_APP = "verified_app"
    VERIFIED_CHALLENGE = "verified_challenge"
    VERIFIED_PROFESSIONAL = "verified_professional"
    # A pharmacist calling a patient for a booked appointment: verified by the booking, which
    # was made in a verified conversation.
    VERIFIED_APPOINTMENT = "verified_appointment"
    LOCKED = "locked"

    @property
    def is_verified(self) -> bool:
        return self.value.startswith("verified_")


class CallerType(StrEnum):
    PATIENT = "patient"
    REPRESENTATIVE = "representative"
    PROFESSIONAL = "professional"


class PendingCheck(StrEnum):
    """What still stands between a conversation and its account."""

    CHALLENGE = "challenge"
    DATE_OF_BIRTH = "date_of_birth"  # an app token from a number not on the account
    CALLBACK = "callback"  # a professional calling from an unregistered number


class Caller(WireModel):
    number: str | None = Field(default=None, description="E.164, when the caller has a number.")
    display: str = Field(description="How to show the caller before verification.")
    name: str | None = Field(default=None, description="Only once the caller is verified.")


class Conversation(WireModel):
    id: str
    channel: Channel
    direction: Direction
    state: ConversationState
    auth_state: AuthState
    caller: Caller
    agent_id: str | None = None
    account_id: str | None = Field(default=None, description="Only once the caller is verified.")
    pending: PendingCheck | None = None
    attempts_left: int
    suggested_caller_type: CallerType | None = Field(
        default=None,
        description="Who the calling number says is calling: a registered GP practice's or "
        "pharmacy's number suggests the professional flow.",
    )
    callback_number: str | None = Field(
        default=None,
        description="While a callback is pending: the organisation's registered number to call.",
    )
    missed_reason: str | None = None
    line: str | None = Field(default=None, description="The number or inbox the caller reached.")
    routed_by: str | None = Field(
        default=None, description="The routing rule that chose whom the call rang, if routed."
    )
    routing_reason: str | None = Field(
        default=None, description="Why the call rang whom it rang, in plain words."
    )
    started_at: datetime
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    updated_at: datetime
    version: int = Field(description="Increases with every change; newer wins on the client.")
    disposition: str | None = Field(default=None, description="Set when closed with one.")


class ConversationList(WireModel):
    items: list[Conversation]
    last_event_id: int = Field(
        description="Subscribe to /v1/events after this id to miss nothing since this list."
    )


class NewConversation(StrictBody):
    channel: Channel = Channel.PHONE
    direction: Direction = Direction.INBOUND
    caller_number: Annotated[str | None, Field(max_length=40)] = None
    caller_display: Annotated[str | None, Field(max_length=200)] = None
    external_id: Annotated[str | None, Field(max_length=200)] = None
    # The caller's six-digit app code, when the phone system passed it on (a caredesk://call
    # link): the server redeems it as it does keypad digits.
    digits: Annotated[str | None, Field(pattern=r"^\d{6}$")] = None


class CloseRequest(StrictBody):
    """Closing after a call or chat: the disposition (one of the server's codes) and a note."""

    disposition: Annotated[str, Field(min_length=1, max_length=40)]
    note: Annotated[str, Field(max_length=2000)] = ""


class TransferRequest(StrictBody):
    to_agent: Annotated[str | None, Field(max_length=200)] = None
    to_team: Annotated[str | None, Field(max_length=100)] = None
    reason: Annotated[str, Field(max_length=1000)] = ""


class DialResult(WireModel):
    """The telephony provider is dialling: the agent's phone app has the number, ready."""

    via: str
    number: str
