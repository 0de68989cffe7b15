"""The audit log (leads), newest first, in pages."""

from __future__ import annotations

from typing import Any

from backend_client import models as m
from backend_client.resources import Resource


class Audit(Resource):
    async def list(self, *, before: int | None = None, limit: int = 100) -> m.AuditPage:
        params: dict[str, Any] = {"limit": limit}
        if before is not None:
            params["before"] = before
        return await self._client._get("/v1/audit", m.AuditPage, params)
