"""The pharmacist's escalations: listed, claimed, replied to, resolved."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Escalations(Resource):
    async def list(self) -> m.EscalationList:
        """The pharmacy team's open and claimed escalations, oldest first (pharmacists)."""
        return await self._client._get("/v1/escalations", m.EscalationList)

    async def claim(self, issue_id: str, *, idempotency_key: str | None = None) -> m.Escalation:
        return await self._client._post(
            f"/v1/escalations/{issue_id}/claim", m.Escalation, idempotency_key=idempotency_key
        )

    async def reply(
        self, issue_id: str, text: str, *, idempotency_key: str | None = None
    ) -> m.Escalation:
        return await self._client._post(
            f"/v1/escalations/{issue_id}/reply",
            m.Escalation,
            m.EscalationNote(text=text).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def resolve(
        self, issue_id: str, text: str, *, idempotency_key: str | None = None
    ) -> m.Escalation:
        return await self._client._post(
            f"/v1/escalations/{issue_id}/resolve",
            m.Escalation,
            m.EscalationNote(text=text).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )
