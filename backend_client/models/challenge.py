"""The caller challenge: questions (never answers), outcomes and the lock."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from backend_client.models._base import StrictBody, WireModel
from backend_client.models.conversations import CallerType, Conversation


class QuestionKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    POSTCODE = "postcode"
    NHS_NUMBER = "nhs_number"
    ODS_CODE = "ods_code"


class ChallengeQuestion(WireModel):
    key: str
    label: str
    kind: QuestionKind
    hint: str | None = None


class ChallengeQuestions(WireModel):
    conversation_id: str
    caller_type: CallerType
    questions: list[ChallengeQuestion]
    attempts_left: int


class ChallengeAnswers(StrictBody):
    caller_type: CallerType
    answers: dict[Annotated[str, Field(max_length=50)], Annotated[str, Field(max_length=300)]]


class ChallengeOutcome(StrEnum):
    VERIFIED = "verified"
    NOT_VERIFIED = "not_verified"
    LOCKED = "locked"
    CALLBACK_REQUIRED = "callback_required"


class ChallengeResult(WireModel):
    outcome: ChallengeOutcome
    verified: bool
    attempts_left: int
    conversation: Conversation
    callback_number: str | None = Field(
        default=None, description="The organisation's registered number, to call back on."
    )
    message: str


class CallbackConfirmation(StrictBody):
    called_registered_number: bool


class ChallengeLockCleared(WireModel):
    account_id: str
    failures_cleared: int
