"""The audit log and the server's health."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from backend_client.models._base import WireModel


class AuditEntry(WireModel):
    id: int
    at: datetime
    agent_id: str | None
    action: str
    account_id: str | None
    conversation_id: str | None
    detail: dict[str, Any]


class AuditPage(WireModel):
    items: list[AuditEntry]
    next_before: int | None


class Health(WireModel):
    status: Literal["ok"]
    version: str
    database: str
