"""``GET /v1/events``: the agent's Server-Sent Events stream, resumable with Last-Event-ID."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse

from server.auth import Ctx, CurrentAgent
from server.errors import bad_request

router = APIRouter(prefix="/v1", tags=["events"])


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def stream(
    agent: CurrentAgent,
    ctx: Ctx,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=30)] = None,
    after: Annotated[int | None, Query(ge=0, description="Same as Last-Event-ID")] = None,
) -> StreamingResponse:
    start = after or 0
    if last_event_id:
        if not last_event_id.strip().isdigit():
            raise bad_request("Last-Event-ID must be an event id (a whole number).")
        start = max(start, int(last_event_id.strip()))
    body = ctx.hub.stream(agent.id, start, ctx.settings.heartbeat_seconds)
    return StreamingResponse(
        body,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
