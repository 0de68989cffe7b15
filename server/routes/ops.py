"""What a process supervisor and a monitoring system ask: ``/livez`` (the process answers),
``/readyz`` (it can serve desks and webhooks now) and ``/metrics`` (Prometheus).

Outside ``/v1``: they are the operators' contract, not the desk's, and a load balancer or an
orchestrator calls them without a token. See docs/deploy.md.
"""

from __future__ import annotations

import logging
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from server.core import db as database
from server.core import metrics
from server.core.context import AppContext
from server.core.errors import ApiError
from server.core.security import constant_time_equal
from server.identity.auth import Ctx

router = APIRouter(tags=["operations"])
log = logging.getLogger("caredesk.server")
PROBE_SECONDS = 2.0  # a database that takes longer to answer a probe is not ready


@router.get("/livez")
def livez() -> dict[str, str]:
    """The process runs and its event loop answers. Restart it when this fails."""
    return {"status": "alive"}


def _checks(ctx: AppContext) -> dict[str, str]:
    """Each readiness check and its state; ``ok`` (or ``polling`` on SQLite) when it passes."""
    checks: dict[str, str] = {}
    try:
        ctx.db.ping()
        current = database.schema_revision(ctx.db)
    except Exception as exc:  # the driver's error: what failed, never its text
        checks["database"] = f"unreachable ({type(exc).__name__})"
        checks["migrations"] = "unknown"
    else:
        checks["database"] = "ok"
        checks["migrations"] = (
            "ok" if current == ctx.schema_head else f"at {current}, code needs {ctx.schema_head}"
        )
    if ctx.db.dialect == "postgresql":
        checks["event_notifications"] = "ok" if ctx.hub.listening else "not listening"
    else:
        checks["event_notifications"] = "polling"  # SQLite has none: polling is its normal
    checks["draining"] = "yes" if ctx.draining else "ok"
    return checks


@router.get("/readyz", responses={503: {"description": "not ready; the body says why"}})
async def readyz(ctx: Ctx) -> JSONResponse:
    """Ready when the database answers, its schema is at this code's newest migration, on
    PostgreSQL the event notifications are being listened for, and the process is not
    shutting down. A load balancer sends traffic only to ready processes."""
    checks: dict[str, Any]
    with anyio.move_on_after(PROBE_SECONDS) as scope:
        checks = await anyio.to_thread.run_sync(_checks, ctx, abandon_on_cancel=True)
    if scope.cancelled_caught:
        checks = {"database": f"no answer within {PROBE_SECONDS:g} s"}
    ready = all(v in ("ok", "polling") for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
        headers={"Cache-Control": "no-store"},
    )


@router.get("/metrics", response_class=Response)
async def scrape(request: Request, ctx: Ctx) -> Response:
    """Prometheus's text format: this server's series, every worker's under ``--workers``."""
    token = ctx.settings.metrics_token
    if token is not None:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not constant_time_equal(given, token):
            raise ApiError(401, "unauthenticated", "The metrics token is missing or wrong.")
    body = await anyio.to_thread.run_sync(
        lambda: metrics.exposition(ctx.db, ready=not ctx.draining)
    )
    return Response(body, media_type=metrics.CONTENT_TYPE)
