"""The enquiry inbox (the web form's) and a team's out-of-office reply."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from backend_client.models._base import StrictBody, WireModel
from backend_client.models.texts import SMS_MAX_CHARS

# An enquiry nobody has opened reminds its team after this long, and one nobody has answered
# goes to the next team (marked secondary) after this long.
ENQUIRY_REMIND_AFTER_DAYS = 2


ENQUIRY_REROUTE_AFTER_DAYS = 3


# An email larger than this is refused (attachments included): the desk never holds files, and
# the inbox lists what was attached.
EMAIL_MAX_BYTES = 10 * 1024 * 1024
# The response targets leads are measured against, per team, unless configured otherwise.
DEFAULT_RESPONSE_TARGET_HOURS = 48


class EnquirySource(StrEnum):
    FORM = "form"  # the web contact form, through the patient-app backend
    EMAIL = "email"  # a message to the team's address


class Attachment(WireModel):
    """Listed, never opened in the desk: a name, a type and a size."""

    filename: str
    content_type: str
    size: int


class EnquiryMessage(WireModel):
    """A later email from the sender threaded onto the enquiry (quoted history stripped)."""

    received_at: datetime
    body: str
    attachments: list[Attachment] = Field(default_factory=list)


class EnquiryState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    REJECTED = "rejected"  # not for us: it counts as answered


class AnswerChannel(StrEnum):
    EMAIL = "email"
    APP = "app"
    SMS = "sms"
    PHONE = "phone"  # answered by phone: recorded, nothing sent


class NewEnquiry(StrictBody):
    """What the web form (through the patient-app backend) posts."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str | None, Field(max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] = (
        None
    )
    phone: Annotated[str | None, Field(max_length=40)] = None
    account_id: Annotated[str | None, Field(max_length=64)] = None
    team: Annotated[str, Field(min_length=1, max_length=50)] = "patient-care"
    subject: Annotated[str, Field(min_length=1, max_length=200)]
    body: Annotated[str, Field(min_length=1, max_length=5000)]


class Enquiry(WireModel):
    id: str
    team: str
    secondary: bool = Field(description="Rerouted here from another team after it waited.")
    rerouted_from: str | None = None
    name: str
    email: str | None = None
    phone: str | None = None
    account_id: str | None = None
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None = None
    read_by: str | None = None
    reminded_at: datetime | None = None
    state: EnquiryState
    answered_at: datetime | None = None
    answered_by: str | None = None
    answer_channel: AnswerChannel | None = None
    answer: str = Field(default="", description="The reply, the phone note or the reason.")
    version: int
    source: EnquirySource = EnquirySource.FORM
    reference: str = Field(
        default="", description="Carried in reply subjects ('[ref …]') to thread answers back."
    )
    attachments: list[Attachment] = Field(default_factory=list)
    messages: list[EnquiryMessage] = Field(
        default_factory=list, description="The sender's later emails, oldest first."
    )
    follows: str | None = Field(
        default=None, description="The answered enquiry this one replies to."
    )


class EnquirySummary(WireModel):
    """A row of the inbox: no body, so a list of hundreds stays light."""

    id: str
    team: str
    secondary: bool
    name: str
    subject: str
    created_at: datetime
    read: bool
    reminded: bool
    state: EnquiryState
    answer_channel: AnswerChannel | None = None
    source: EnquirySource = EnquirySource.FORM
    attachments: int = Field(default=0, description="How many files came with it.")
    updated: bool = Field(default=False, description="The sender wrote again since it came.")


class EnquiryList(WireModel):
    items: list[EnquirySummary]
    unread: int


class EnquiryAnswer(StrictBody):
    """Answer once: a reply by email, app or SMS (at most SMS_MAX_CHARS), or a note of a phone
    answer. ``version`` is the one the advisor read; a second answer is refused whatever it is."""

    channel: AnswerChannel
    text: Annotated[str, Field(min_length=1, max_length=5000)]


class EnquiryRejection(StrictBody):
    reason: Annotated[str, Field(min_length=3, max_length=1000)]


class EnquiryCreated(WireModel):
    id: str
    out_of_office: bool = Field(description="An out-of-office reply went to the sender.")


class OutOfOffice(StrictBody):
    """A team's out-of-office reply to new enquiries until ``until`` (none: switched off)."""

    message: Annotated[str, Field(max_length=SMS_MAX_CHARS)] = ""
    until: datetime | None = None


class TeamOutOfOffice(WireModel):
    team: str
    message: str
    until: datetime | None
