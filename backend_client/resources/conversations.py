"""Conversations: the agent's list, one by id, one the desk opens, and what an agent does to it
(answer, wrap up, close, transfer, dial)."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Conversations(Resource):
    async def list(self, *, include_recent: bool = False) -> m.ConversationList:
        params = {"include_recent": "true"} if include_recent else None
        return await self._client._get("/v1/conversations", m.ConversationList, params)

    async def retrieve(self, conversation_id: str) -> m.Conversation:
        return await self._client._get(f"/v1/conversations/{conversation_id}", m.Conversation)

    async def create(
        self, body: m.NewConversation, *, idempotency_key: str | None = None
    ) -> m.Conversation:
        return await self._client._post(
            "/v1/conversations",
            m.Conversation,
            body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def answer(self, conversation_id: str) -> m.Conversation:
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/answer", m.Conversation
        )

    async def wrap_up(self, conversation_id: str) -> m.Conversation:
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/wrap-up", m.Conversation
        )

    async def close(
        self,
        conversation_id: str,
        disposition: str | None = None,
        note: str = "",
        *,
        idempotency_key: str | None = None,
    ) -> m.Conversation:
        """Close a conversation; one an agent answered needs a disposition (a configured code)."""
        body = (
            m.CloseRequest(disposition=disposition, note=note).model_dump(mode="json")
            if disposition is not None
            else None
        )
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/close",
            m.Conversation,
            body,
            idempotency_key=idempotency_key,
        )

    async def transfer(
        self, conversation_id: str, body: m.TransferRequest, *, idempotency_key: str | None = None
    ) -> m.ActionResult:
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/transfer",
            m.ActionResult,
            body.model_dump(mode="json", exclude_none=True),
            idempotency_key=idempotency_key,
        )

    async def dial(
        self, conversation_id: str, *, idempotency_key: str | None = None
    ) -> m.DialResult:
        """Call the number of a text conversation (ConflictError: no dialling API)."""
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/dial",
            m.DialResult,
            idempotency_key=idempotency_key,
        )
