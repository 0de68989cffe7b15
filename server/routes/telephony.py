"""The phone system's routing request: whom a ringing call rings (see
``server.telephony.routing``). Aircall's "Ring to (via API)" widget and any CTI call it with the
routing token as a Bearer token, a Basic password or ``X-CareDesk-Routing-Token``; the fields
come as JSON, form or query parameters, so GET and POST both work."""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from backend_client import models as m
from server.core.context import get_ctx
from server.routes.webhook_http import in_transaction, json_or_form, raw_body
from server.telephony import routing

router = APIRouter(prefix="/telephony", tags=["telephony"])
log = logging.getLogger("caredesk.server.routing")
# Routing work that outlived its budget and is still finishing (recording the call, redeeming
# its token): kept so it is not collected mid-way, and so tests and shutdown can wait for it.
late_work: set[asyncio.Future[Any]] = set()


async def settle_late_work() -> None:
    """Wait until every routing request that answered past its budget has finished its work
    (on this event loop: work left by an app on a loop now closed can never finish, and is
    dropped)."""
    loop = asyncio.get_running_loop()
    while True:
        for stale in [f for f in late_work if f.get_loop() is not loop]:
            late_work.discard(stale)
        if not late_work:
            return
        await asyncio.gather(*list(late_work), return_exceptions=True)


def routing_token(request: Request) -> str | None:
    named = request.headers.get("x-caredesk-routing-token")
    if named:
        return named.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme == "bearer" and value:
        return value
    if scheme == "basic" and value:
        try:
            _, _, password = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return password or None
    return None


@router.post("/route", response_model=m.RouteAnswer)
async def route(request: Request) -> JSONResponse:
    """Whom this call rings. Answers within ``routing_budget_ms``; past it, the line's team."""
    return await _route(request)


@router.get("/route", response_model=m.RouteAnswer)
async def route_by_query(request: Request) -> JSONResponse:
    """The same, for a phone system that asks with a GET and query parameters."""
    return await _route(request)


async def _route(request: Request) -> JSONResponse:
    ctx = get_ctx(request)
    routing.check_token(ctx.settings, routing_token(request))
    fields: dict[str, Any] = dict(request.query_params)
    raw = await raw_body(request)
    if raw.strip():
        fields.update(await json_or_form(request, raw))
    call = routing.parse(fields)
    work = asyncio.ensure_future(
        in_transaction(ctx, lambda s: routing.route(s, ctx.settings, call), scoped=True)
    )
    try:
        answer = await asyncio.wait_for(
            asyncio.shield(work), timeout=ctx.settings.routing_budget_ms / 1000
        )
    except TimeoutError:
        # The caller is on the line: ring the team now. The work goes on and still records the
        # call and redeems its token, so the advisor who answers finds it.
        log.warning("routing call %s took longer than its budget: the line's team", call.call_id)
        answer = routing.fallback(ctx.settings, call, routing.LATE_REASON)

        def settle(done: asyncio.Future[m.RouteAnswer]) -> None:
            # Once the late work is done, the conversation says what really rang: the team.
            fix = asyncio.ensure_future(
                in_transaction(ctx, lambda s: routing.record_fallback(s, ctx.settings, call))
            )
            late_work.add(fix)
            fix.add_done_callback(late_work.discard)
            fix.add_done_callback(_log_failure)
            ctx.deliver_outboxes()

        late_work.add(work)
        work.add_done_callback(late_work.discard)
        work.add_done_callback(_log_failure)
        work.add_done_callback(settle)
    else:
        if answer.verified:
            ctx.deliver_outboxes()  # the insight card, after the commit
    return JSONResponse(answer.model_dump(mode="json", exclude_none=True))


def _log_failure(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("routing work failed after its budget", exc_info=task.exception())
