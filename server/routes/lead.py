"""The team lead's floor and figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from backend_client import models as m
from server.core.errors import bad_request
from server.core.orm import utcnow
from server.floor import board as floor
from server.identity.auth import Ctx, CurrentAgent, require_role

router = APIRouter(tags=["lead"])


@router.get("/v1/floor", response_model=m.Floor)
def live_floor(agent: CurrentAgent, ctx: Ctx) -> m.Floor:
    """What waits for an agent (with its SLA), what waits for a lead, who is on what."""
    require_role(agent, "lead")
    with ctx.db.reader() as session:
        return floor.floor(session, ctx.settings)


@router.get("/v1/stats", response_model=m.Stats)
def stats(
    agent: CurrentAgent,
    ctx: Ctx,
    period: m.StatsPeriod = m.StatsPeriod.TODAY,
    day: Annotated[date | None, Query(description="The day (today) or last day (week)")] = None,
) -> m.Stats:
    """KPIs of a day or of the 7 days ending with ``day``, computed from stored data."""
    require_role(agent, "lead")
    today = utcnow().date()
    if day is not None and not (date(2000, 1, 1) <= day <= today + timedelta(days=1)):
        # Far dates made the week's window overflow (found by the OpenAPI fuzzer).
        raise bad_request("day must be a date from 2000 up to tomorrow.", "bad_day")
    with ctx.db.reader() as session:
        return floor.stats(session, ctx.settings, period, day or today)
