"""The lead's floor and figures."""

from __future__ import annotations

import datetime

from backend_client import models as m
from backend_client.resources import Resource


class Floor(Resource):
    async def retrieve(self) -> m.Floor:
        """What waits for an agent or a lead, and who is on what (leads)."""
        return await self._client._get("/v1/floor", m.Floor)

    async def stats(
        self, period: m.StatsPeriod = m.StatsPeriod.TODAY, day: datetime.date | None = None
    ) -> m.Stats:
        """KPIs of a day, or of the 7 days ending with ``day`` (leads)."""
        params = {"period": period.value}
        if day is not None:
            params["day"] = day.isoformat()
        return await self._client._get("/v1/stats", m.Stats, params)
