"""Call-backs callers asked for from the queue."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Callbacks(Resource):
    async def list(self) -> m.CallbackList:
        """Waiting and taken call-backs, oldest first."""
        return await self._client._get("/v1/callbacks", m.CallbackList)

    async def take(self, callback_id: str) -> m.Callback:
        """Take one; ``errors.Conflict`` (callback_taken) when another advisor was first."""
        return await self._client._post(f"/v1/callbacks/{callback_id}/take", m.Callback)

    async def dial(self, callback_id: str) -> m.DialResult:
        """Click-to-call the number of a call-back you hold."""
        return await self._client._post(f"/v1/callbacks/{callback_id}/dial", m.DialResult)

    async def finish(self, callback_id: str, disposition: str) -> m.Callback:
        """Record how it ended (a disposition code)."""
        body = m.CallbackOutcome(disposition=disposition).model_dump()
        return await self._client._post(f"/v1/callbacks/{callback_id}/outcome", m.Callback, body)
