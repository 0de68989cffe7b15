"""Knowledge articles: the list Ctrl+K ranks, one article, its versions, new versions by leads
and pharmacists, and the note that an answer was read out."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Knowledge(Resource):
    async def list(self) -> m.ArticleList:
        return await self._client._get("/v1/articles", m.ArticleList)

    async def get(self, article_id: str) -> m.Article:
        return await self._client._get(f"/v1/articles/{article_id}", m.Article)

    async def versions(self, article_id: str) -> m.ArticleHistory:
        return await self._client._get(f"/v1/articles/{article_id}/versions", m.ArticleHistory)

    async def create(
        self, draft: m.ArticleDraft, *, idempotency_key: str | None = None
    ) -> m.Article:
        return await self._client._post(
            "/v1/articles",
            m.Article,
            draft.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def revise(
        self, article_id: str, draft: m.ArticleDraft, *, idempotency_key: str | None = None
    ) -> m.Article:
        """ConflictError ``article_changed`` when someone saved another version meanwhile."""
        return await self._client._post(
            f"/v1/articles/{article_id}/versions",
            m.Article,
            draft.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def read_out(
        self,
        article_id: str,
        conversation_id: str,
        version: int,
        how: str = "read_out",
        *,
        idempotency_key: str | None = None,
    ) -> m.Note:
        return await self._client._post(
            f"/v1/articles/{article_id}/read-out",
            m.Note,
            m.ReadOut(conversation_id=conversation_id, version=version, how=how).model_dump(
                mode="json"
            ),
            idempotency_key=idempotency_key,
        )
