"""Texts (SMS conversations) and quick responses."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from backend_client.models._base import StrictBody, WireModel
from backend_client.models.conversations import Direction

# A text is one SMS of at most this many characters (the gateway's concatenated limit we send).
SMS_MAX_CHARS = 255


class TextStatus(StrEnum):
    QUEUED = "queued"  # written, handed to the provider after the commit
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    RECEIVED = "received"  # an inbound text


class TextKind(StrEnum):
    REPLY = "reply"  # the advisor's free text
    QUICK_RESPONSE = "quick_response"
    MISSED_CALL = "missed_call"  # offered automatically after an abandoned or missed call
    AFTER_HOURS = "after_hours"
    APP_LINK = "app_link"  # "confirm it's you in the app"
    OUT_OF_OFFICE = "out_of_office"
    ENQUIRY_REPLY = "enquiry_reply"
    INBOUND = "inbound"


class Text(WireModel):
    """One text of an SMS conversation, in or out. The body is plain text from a patient or
    from us; never rich text."""

    id: str
    conversation_id: str
    direction: Direction
    kind: TextKind
    body: str
    status: TextStatus
    at: datetime
    sent_by: str | None = Field(default=None, description="The advisor's name, for ours.")


class TextThread(WireModel):
    conversation_id: str
    number: str | None
    opted_out: bool = Field(description="The number sent STOP: nothing more may be sent to it.")
    items: list[Text]


class QuickResponse(WireModel):
    """A server-configured reply: ``text`` holds placeholders ({agent_first_name},
    {opening_hours}, {support_number}, {line_name}); ``preview`` is it filled in for this
    agent and conversation, as it would be sent."""

    id: str
    title: str
    language: str
    text: str
    preview: str


class QuickResponseList(WireModel):
    items: list[QuickResponse]
    max_chars: int = SMS_MAX_CHARS


class NewText(StrictBody):
    """A reply in an SMS conversation: free text, or one of the quick responses by id."""

    text: Annotated[str | None, Field(min_length=1, max_length=SMS_MAX_CHARS)] = None
    quick_response: Annotated[str | None, Field(min_length=1, max_length=60)] = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "en"
