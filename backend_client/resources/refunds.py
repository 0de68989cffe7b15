"""Refunds above an advisor's limit: asked of a lead, listed for leads, decided once."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Refunds(Resource):
    async def ask(
        self, account_id: str, body: m.NewRefundRequest, *, idempotency_key: str | None = None
    ) -> m.RefundRequest:
        """Ask a lead for a refund above this advisor's limit."""
        return await self._client._post(
            f"/v1/accounts/{account_id}/refund-requests",
            m.RefundRequest,
            body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def list(self) -> m.RefundRequestList:
        """Pending refund requests (leads)."""
        return await self._client._get("/v1/refund-requests", m.RefundRequestList)

    async def decide(
        self,
        request_id: str,
        approve: bool,
        note: str = "",
        *,
        idempotency_key: str | None = None,
    ) -> m.RefundRequest:
        verb = "approve" if approve else "decline"
        return await self._client._post(
            f"/v1/refund-requests/{request_id}/{verb}",
            m.RefundRequest,
            m.RefundDecision(note=note).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )
