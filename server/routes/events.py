"""``GET /v1/events``: the agent's Server-Sent Events stream, resumable with Last-Event-ID."""

from __future__ import annotations

import time
from typing import Annotated

import anyio
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from server.core.errors import ApiError, bad_request
from server.core.orm import utcnow
from server.identity import auth
from server.identity.auth import Ctx, CurrentAgent, bearer

router = APIRouter(prefix="/v1", tags=["events"])


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def stream(
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=30)] = None,
    after: Annotated[int | None, Query(ge=0, description="Same as Last-Event-ID")] = None,
) -> StreamingResponse:
    if ctx.draining:
        # This process is stopping: the desk comes back in a moment, to another worker.
        raise ApiError(
            503,
            "draining",
            "The server is restarting; the desk reconnects by itself.",
            headers={"Retry-After": "1"},
        )
    start = after or 0
    if last_event_id:
        if not last_event_id.strip().isdigit():
            raise bad_request("Last-Event-ID must be an event id (a whole number).")
        start = max(start, int(last_event_id.strip()))
    token = bearer(request)
    expires_at = request.state.access_expires_at
    ends_at = time.monotonic() + max(0.0, (expires_at - utcnow()).total_seconds())

    async def session_alive() -> bool:
        if ctx.session_checks is not None:
            return await ctx.session_checks.alive(token)
        return await anyio.to_thread.run_sync(auth.session_alive, ctx, token)

    body = ctx.hub.stream(
        agent.id,
        start,
        ctx.settings.heartbeat_seconds,
        session_alive=session_alive,
        check_seconds=ctx.settings.stream_session_check_seconds,
        ends_at=ends_at,
    )
    return StreamingResponse(
        body,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
