"""Knowledge articles (the answers advisors read out) and the next workflows suggested for an
account, each with its reason."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from backend_client.models._base import StrictBody, WireModel

# The languages an article can be written in: the languages the desk speaks.
ARTICLE_LANGUAGES = ("en", "pl")
ARTICLE_BODY_MAX = 20_000
ARTICLE_ANSWER_MAX = 1_000
# How often an article is reviewed unless its owner says otherwise, and the longest allowed.
DEFAULT_REVIEW_DAYS = 180
MAX_REVIEW_DAYS = 730
# At most this many suggestions are shown for an account.
MAX_SUGGESTIONS = 3


class ArticleLanguage(StrEnum):
    EN = "en"
    PL = "pl"


class ArticleSummary(WireModel):
    """What the palette indexes: no body, so every article of every language stays light."""

    id: str
    title: str
    answer: str = Field(description="The short answer read out or inserted into a reply.")
    tags: list[str]
    language: ArticleLanguage
    team: str = Field(description="The team that owns the article and reviews it.")
    reviewed_on: date
    review_due: date = Field(description="reviewed_on plus the review interval.")
    version: int


class Article(ArticleSummary):
    body: str = Field(description="Markdown, rendered sanitised by the desk.")
    review_days: int
    updated_at: datetime
    updated_by: str | None = None


class ArticleList(WireModel):
    items: list[ArticleSummary]
    as_of: datetime


class ArticleVersion(WireModel):
    version: int
    title: str
    answer: str
    body: str
    tags: list[str]
    edited_at: datetime
    edited_by: str | None
    change_note: str


class ArticleHistory(WireModel):
    id: str
    versions: list[ArticleVersion] = Field(description="Newest first.")


class ArticleDraft(StrictBody):
    """A new article, or a new version of one (``version`` is the one the editor started from:
    a stale one is a 409, so two editors never overwrite each other)."""

    title: Annotated[str, Field(min_length=3, max_length=200)]
    answer: Annotated[str, Field(min_length=1, max_length=ARTICLE_ANSWER_MAX)]
    body: Annotated[str, Field(min_length=1, max_length=ARTICLE_BODY_MAX)]
    tags: Annotated[list[Annotated[str, Field(min_length=1, max_length=40)]], Field(max_length=20)]
    language: ArticleLanguage = ArticleLanguage.EN
    team: Annotated[str, Field(min_length=1, max_length=50)] = "patient-care"
    review_days: Annotated[int, Field(ge=7, le=MAX_REVIEW_DAYS)] = DEFAULT_REVIEW_DAYS
    reviewed: bool = Field(
        default=True, description="This edit is a review: the review date becomes today."
    )
    change_note: Annotated[str, Field(max_length=300)] = ""
    version: int | None = Field(default=None, description="Required when editing.")


class ReadOut(StrictBody):
    """An article's answer was read out (or sent) on a conversation."""

    conversation_id: Annotated[str, Field(min_length=1, max_length=64)]
    version: int
    how: Annotated[str, Field(pattern=r"^(read_out|inserted)$")] = "read_out"


class Suggestion(WireModel):
    rule: str = Field(description="The rule's name (one file per rule on the server).")
    workflow_id: str
    reason: str = Field(description="Why, in words: 'Order ord_1042 is 3 days late'.")
    translations: dict[str, str] = Field(
        default_factory=dict, description="The reason in other languages of the desk, by code."
    )
    inputs: dict[str, Any] = Field(
        default_factory=dict, description="Values the workflow's form starts with."
    )
    weight: int = Field(default=50, description="Higher first.")
