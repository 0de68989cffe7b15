"""Server actions: what a workflow does to an account or a conversation, run once under its
idempotency key."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Actions(Resource):
    async def run(
        self,
        action: str,
        body: m.ActionRequest,
        *,
        account_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> m.ActionResult:
        """Run a server action; on an account when ``account_id`` is given, else on the
        conversation alone (for actions that need no verified caller)."""
        path = (
            f"/v1/accounts/{account_id}/actions/{action}"
            if account_id is not None
            else f"/v1/conversations/{body.conversation_id}/actions/{action}"
        )
        return await self._client._post(
            path, m.ActionResult, body.model_dump(mode="json"), idempotency_key=idempotency_key
        )
