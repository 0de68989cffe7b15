"""The per-agent event stream."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from backend_client.models._base import WireModel
from backend_client.models.conversations import Conversation


class EventType(StrEnum):
    CONVERSATION_CREATED = "conversation.created"
    CONVERSATION_UPDATED = "conversation.updated"
    CONVERSATION_REMOVED = "conversation.removed"
    ACCOUNT_UPDATED = "account.updated"
    ISSUE_UPDATED = "issue.updated"
    SECURITY_ALERT = "security.alert"  # to leads: a guessing budget spent, an account locked
    AGENT_UPDATED = "agent.updated"  # to leads: an agent's availability or conversation changed
    # To leads (a new request) and to the advisor who asked (approved or declined).
    REFUND_REQUEST_UPDATED = "refund_request.updated"
    # To pharmacists (new, claimed, resolved) and to the advisor who escalated (the outcome).
    ESCALATION_UPDATED = "escalation.updated"
    # To the pharmacist whose day it is: booked, moved, cancelled, done, no-show.
    APPOINTMENT_UPDATED = "appointment.updated"
    # To leads: the queue of conversations no agent has yet changed (ids and states only).
    FLOOR_UPDATED = "floor.updated"
    # To the conversation's agent: a text in or out of an SMS conversation (its status too).
    TEXT_UPDATED = "text.updated"
    # To the enquiry's team: new, read, reminded, rerouted, answered (no patient data).
    ENQUIRY_UPDATED = "enquiry.updated"
    # To advisors and leads: a call-back asked for, taken or done (its id and state, no number).
    CALLBACK_UPDATED = "callback.updated"


class RemovedConversation(WireModel):
    id: str
    reason: str


class SecurityAlert(WireModel):
    kind: Literal["app_token_line_budget", "account_challenge_locked", "sign_in_throttled"]
    message: str
    line: str | None = None
    account_id: str | None = None
    conversation_id: str | None = None


class AccountChanged(WireModel):
    account_id: str
    conversation_id: str | None = None
    reason: str


class Event(WireModel):
    """One event of an agent's stream; ``id`` increases strictly along the stream."""

    id: int
    type: EventType
    at: datetime
    data: dict[str, Any]

    def conversation(self) -> Conversation:
        return Conversation.model_validate(self.data)
