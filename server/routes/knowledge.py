"""Knowledge articles: every agent reads them (the palette indexes the list); leads and
pharmacists write new versions; reading one out is noted on the conversation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import idempotency
from server.core.idempotency import IdemKey
from server.identity.auth import Ctx, CurrentAgent
from server.knowledge import articles

router = APIRouter(tags=["knowledge"])
Id = Annotated[str, Path(max_length=64)]


@router.get("/v1/articles", response_model=m.ArticleList)
def article_list(agent: CurrentAgent, ctx: Ctx) -> m.ArticleList:
    """Every article's current version without its body, both languages: what Ctrl+K ranks."""
    with ctx.db.reader() as session:
        return articles.listing(session)


@router.get("/v1/articles/{article_id}", response_model=m.Article)
def article(article_id: Id, agent: CurrentAgent, ctx: Ctx) -> m.Article:
    with ctx.db.reader() as session:
        return articles.to_wire(session, articles.get(session, article_id))


@router.get("/v1/articles/{article_id}/versions", response_model=m.ArticleHistory)
def article_versions(article_id: Id, agent: CurrentAgent, ctx: Ctx) -> m.ArticleHistory:
    """Every saved version, newest first, with who saved it and why."""
    with ctx.db.reader() as session:
        return articles.history(session, article_id)


@router.post("/v1/articles", response_model=m.Article)
def new_article(
    body: m.ArticleDraft, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """A lead or pharmacist writes a new article (version 1)."""

    def apply(session: Session) -> dict[str, Any]:
        return articles.create(session, agent, body).model_dump(mode="json")

    return idempotency.keyed(
        ctx, agent.id, key, request.url.path, body.model_dump(mode="json"), apply
    )


@router.post("/v1/articles/{article_id}/versions", response_model=m.Article)
def revise_article(
    article_id: Id,
    body: m.ArticleDraft,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """The next version, from the version the editor read (409 ``article_changed`` if another
    was saved meanwhile)."""

    def apply(session: Session) -> dict[str, Any]:
        return articles.revise(session, agent, article_id, body).model_dump(mode="json")

    return idempotency.keyed(
        ctx, agent.id, key, request.url.path, body.model_dump(mode="json"), apply
    )


@router.post("/v1/articles/{article_id}/read-out", response_model=m.Note)
def read_out(
    article_id: Id, body: m.ReadOut, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """The answer was read out (or put in a reply): a note on the conversation's history."""

    def apply(session: Session) -> dict[str, Any]:
        return articles.read_out(session, ctx.settings, agent, article_id, body).model_dump(
            mode="json"
        )

    return idempotency.keyed(
        ctx, agent.id, key, request.url.path, body.model_dump(mode="json"), apply
    )
