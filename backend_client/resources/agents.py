"""The signed-in agent (``/v1/me``), their availability, and the other agents: the floor (leads)
and the pharmacists an escalation can name."""

from __future__ import annotations

import uuid

from backend_client import models as m
from backend_client.resources import Resource


class Agents(Resource):
    async def me(self) -> m.Me:
        return await self._client._get("/v1/me", m.Me)

    async def confirm_password(self, password: str) -> None:
        """Prove the signed-in agent is still at the desk (idle unlock); 401 when wrong."""
        await self._client._request(
            "POST",
            "/v1/auth/confirm",
            None,
            json_body=m.ConfirmPassword(password=password).model_dump(),
            idempotency_key=uuid.uuid4().hex,
        )

    async def set_availability(
        self, availability: m.Availability, *, idempotency_key: str | None = None
    ) -> m.AgentPresence:
        return await self._client._post(
            "/v1/me/availability",
            m.AgentPresence,
            m.AvailabilityRequest(availability=availability).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def list(self) -> m.AgentPresenceList:
        """The floor (leads only)."""
        return await self._client._get("/v1/agents", m.AgentPresenceList)

    async def pharmacists(self) -> m.PharmacistList:
        """Who an escalation can name (create_issue's ``pharmacist``)."""
        return await self._client._get("/v1/pharmacists", m.PharmacistList)
