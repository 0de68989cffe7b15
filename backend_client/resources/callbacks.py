"""Call-backs callers asked for from the queue. Each change takes an idempotency key: the desk
keeps one until the server answers, so a retry never takes, dials or records twice."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Callbacks(Resource):
    async def list(self) -> m.CallbackList:
        """Waiting and taken call-backs, oldest first."""
        return await self._client._get("/v1/callbacks", m.CallbackList)

    async def take(self, callback_id: str, *, idempotency_key: str | None = None) -> m.Callback:
        """Take one; ``errors.ConflictError`` (callback_taken, naming who) when another advisor
        was first."""
        return await self._client._post(
            f"/v1/callbacks/{callback_id}/take", m.Callback, idempotency_key=idempotency_key
        )

    async def dial(self, callback_id: str, *, idempotency_key: str | None = None) -> m.DialResult:
        """Click-to-call the number of a call-back you hold (ConflictError
        ``dial_not_configured``: no dialling API, dial it through ``tel:``)."""
        return await self._client._post(
            f"/v1/callbacks/{callback_id}/dial", m.DialResult, idempotency_key=idempotency_key
        )

    async def finish(
        self, callback_id: str, disposition: str, *, idempotency_key: str | None = None
    ) -> m.Callback:
        """Record how it ended (a disposition code)."""
        body = m.CallbackOutcome(disposition=disposition).model_dump()
        return await self._client._post(
            f"/v1/callbacks/{callback_id}/outcome",
            m.Callback,
            body,
            idempotency_key=idempotency_key,
        )
