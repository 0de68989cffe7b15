"""The FastAPI application: ``create_app(settings)`` wires the database, the hub and the routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

from server import actions, errors, idempotency
from server.config import Settings
from server.context import AppContext
from server.db import Database, migrate
from server.events import EventHub
from server.intercom import HttpIntercomNotes, IntercomNotes, LocalIntercomNotes, deliver_pending
from server.routes import accounts, auth, conversations, events, misc, webhooks
from server.routes.misc import VERSION

log = logging.getLogger("caredesk.server")


def default_intercom(settings: Settings) -> IntercomNotes:
    if settings.intercom_access_token and settings.intercom_admin_id:
        return HttpIntercomNotes(settings.intercom_access_token, settings.intercom_admin_id)
    return LocalIntercomNotes()


def build_context(settings: Settings, intercom: IntercomNotes | None = None) -> AppContext:
    db = Database(settings.database_url)
    migrate(db.engine)
    hub = EventHub(db, settings.event_poll_seconds)
    ctx = AppContext(
        settings=settings,
        db=db,
        hub=hub,
        intercom=intercom or default_intercom(settings),
        actions=actions.discover(),
    )
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="intercom-notes")

    def deliver() -> None:
        try:
            deliver_pending(ctx.db, ctx.intercom)
        except Exception:
            log.exception("delivering Intercom notes failed; they stay queued")

    def schedule() -> None:
        executor.submit(deliver)

    ctx.deliver_intercom = schedule
    ctx.on_close.append(lambda: executor.shutdown(wait=True, cancel_futures=False))
    return ctx


def create_app(
    settings: Settings, *, intercom: IntercomNotes | None = None, ctx: AppContext | None = None
) -> FastAPI:
    ctx = ctx or build_context(settings, intercom)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        idempotency.purge(ctx)
        ctx.deliver_intercom()
        yield
        await ctx.hub.close()

    app = FastAPI(
        title="CareDesk",
        version=VERSION,
        lifespan=lifespan,
        description="The reference backend of CareDesk: webhooks in, conversations, "
        "challenge flows, snapshots, actions and a per-agent event stream out.",
    )
    app.state.ctx = ctx
    errors.install(app)

    @app.middleware("http")
    async def request_ids(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        rid = errors.request_id(request)
        response = await call_next(request)
        response.headers["X-Request-ID"] = rid
        return response

    for module in (auth, conversations, accounts, events, webhooks, misc):
        app.include_router(module.router)
    return app
