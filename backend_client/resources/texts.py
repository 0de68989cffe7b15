"""SMS conversations: the thread, quick responses, replies, the app link."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Texts(Resource):
    async def thread(self, conversation_id: str) -> m.TextThread:
        return await self._client._get(f"/v1/conversations/{conversation_id}/texts", m.TextThread)

    async def quick_responses(
        self, conversation_id: str, language: str = "en"
    ) -> m.QuickResponseList:
        return await self._client._get(
            f"/v1/conversations/{conversation_id}/quick-responses",
            m.QuickResponseList,
            params={"language": language},
        )

    async def send(
        self,
        conversation_id: str,
        *,
        text: str | None = None,
        quick_response: str | None = None,
        language: str = "en",
        idempotency_key: str | None = None,
    ) -> m.Text:
        """Reply in an SMS conversation: free text, or a quick response by id."""
        body = m.NewText(text=text, quick_response=quick_response, language=language)
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/texts",
            m.Text,
            body.model_dump(mode="json", exclude_none=True),
            idempotency_key=idempotency_key,
        )

    async def send_app_link(
        self, conversation_id: str, *, idempotency_key: str | None = None
    ) -> m.Text:
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/app-link", m.Text, idempotency_key=idempotency_key
        )
