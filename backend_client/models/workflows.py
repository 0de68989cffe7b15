"""Workflow runs and the server actions they call."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from backend_client.models._base import StrictBody, WireModel


class WorkflowRun(WireModel):
    id: str
    workflow_id: str
    action: str
    agent_name: str
    conversation_id: str | None
    outcome: str
    summary: str
    created_at: datetime


class ActionRequest(StrictBody):
    conversation_id: Annotated[str, Field(min_length=1, max_length=64)]
    workflow_id: Annotated[str, Field(min_length=1, max_length=100)]
    inputs: dict[str, Any] = Field(default_factory=dict)


class ActionResult(WireModel):
    run_id: str
    action: str
    workflow_id: str
    outcome: Literal["done"]
    summary: str
    data: dict[str, Any] = Field(default_factory=dict)
    note_id: str
    created_at: datetime
