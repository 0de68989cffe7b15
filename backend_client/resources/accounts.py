"""A patient's account: its snapshot and history (read through a verified conversation), and the
addresses at a postcode."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Accounts(Resource):
    async def snapshot(self, account_id: str, conversation_id: str) -> m.Snapshot:
        return await self._client._get(
            f"/v1/accounts/{account_id}/snapshot", m.Snapshot, {"conversation_id": conversation_id}
        )

    async def history(self, account_id: str, conversation_id: str) -> m.History:
        return await self._client._get(
            f"/v1/accounts/{account_id}/history", m.History, {"conversation_id": conversation_id}
        )

    async def addresses(self, postcode: str) -> m.AddressList:
        """The addresses at a UK postcode (the desk's address lookup)."""
        return await self._client._get("/v1/addresses", m.AddressList, {"postcode": postcode})
