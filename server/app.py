"""The FastAPI application: ``create_app(settings)`` wires the database, the hub and the routes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend_client import models as m
from server import actions, maintenance
from server.core import errors, logs, metrics, redaction
from server.core.body_limit import BodyLimitMiddleware
from server.core.config import Settings
from server.core.context import AppContext
from server.core.db import Database, migrate, schema_head
from server.core.events import EventHub
from server.identity.session_checks import SessionChecks
from server.messaging.intercom import (
    HttpIntercomNotes,
    IntercomNotes,
    LocalIntercomNotes,
    deliver_pending,
)
from server.messaging.sms import DemoSms, LocalMessages, Senders, SmsProvider, TwilioSms
from server.messaging.sms import deliver_pending as deliver_messages
from server.routes import (
    accounts,
    auth,
    callbacks,
    conversations,
    email,
    enquiries,
    events,
    knowledge,
    lead,
    misc,
    ops,
    pharmacy,
    telephony,
    texts,
    webhooks,
)
from server.routes.misc import VERSION
from server.telephony import insight_cards, routing

log = logging.getLogger("caredesk.server")
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def default_intercom(settings: Settings) -> IntercomNotes:
    if settings.intercom_access_token and settings.intercom_admin_id:
        return HttpIntercomNotes(
            settings.intercom_access_token, settings.intercom_admin_id, settings.intercom_api_url
        )
    return LocalIntercomNotes()


def default_sms(settings: Settings) -> SmsProvider:
    if settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_sender:
        status_url = (
            f"{settings.public_url}/webhooks/twilio/status" if settings.public_url else None
        )
        return TwilioSms(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_sender,
            status_callback=status_url,
        )
    return DemoSms()


def build_context(
    settings: Settings, intercom: IntercomNotes | None = None, sms: SmsProvider | None = None
) -> AppContext:
    if len(settings.token_pepper) < 16:
        raise ValueError(
            "The token pepper is missing or shorter than 16 characters: set CAREDESK_TOKEN_PEPPER "
            "or CAREDESK_TOKEN_PEPPER_FILE."
        )
    routing.check_rules(settings)
    db = Database(settings.database_url)
    migrate(db.engine)
    head = schema_head()
    hub = EventHub(db, settings.event_poll_seconds)
    ctx = AppContext(
        settings=settings,
        db=db,
        hub=hub,
        intercom=intercom or default_intercom(settings),
        actions=actions.discover(),
        session_checks=SessionChecks(db),
        senders=Senders(sms or default_sms(settings), LocalMessages()),
        schema_head=head,
    )
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outboxes")

    def deliver() -> None:
        try:
            deliver_pending(ctx.db, ctx.intercom)
        except Exception:
            log.exception("delivering Intercom notes failed; they stay queued")
        try:
            deliver_messages(ctx.db, ctx.senders)
        except Exception:
            log.exception("delivering texts and messages failed; they stay queued")
        try:
            insight_cards.deliver_pending(ctx.db, ctx.settings)
        except Exception:
            log.exception("delivering Aircall insight cards failed; they stay queued")

    def schedule() -> None:
        executor.submit(deliver)

    def drain() -> None:
        executor.submit(lambda: None).result()  # one worker: what was queued before is done

    ctx.deliver_outboxes = schedule
    ctx.drain_outboxes = drain
    ctx.on_close.append(lambda: executor.shutdown(wait=True, cancel_futures=False))
    return ctx


class RequestIdMiddleware:
    """Gives every request an id (the caller's X-Request-ID, or a new one) and returns it.

    Plain ASGI rather than BaseHTTPMiddleware: that one re-pipes every chunk of a streamed
    response through a memory stream, which the event stream pays for on every event.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")[:64]
        # A caller's id is kept only when it is a plain token: it goes into log lines.
        rid = given if given and _SAFE_ID.fullmatch(given) else uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = rid
        token = logs.REQUEST_ID.set(rid)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logs.REQUEST_ID.reset(token)


def create_app(
    settings: Settings,
    *,
    intercom: IntercomNotes | None = None,
    sms: SmsProvider | None = None,
    ctx: AppContext | None = None,
) -> FastAPI:
    ctx = ctx or build_context(settings, intercom, sms)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        retention = asyncio.create_task(maintenance.run_forever(ctx), name="caredesk-retention")
        # Outboxes retried, enquiry reminders and reroutes: every SWEEP_INTERVAL seconds.
        sweeps = asyncio.create_task(maintenance.sweep_forever(ctx), name="caredesk-sweeps")
        ctx.deliver_outboxes()
        await ctx.hub.start()  # listening before the first desk, so /readyz can say ready
        try:
            yield
        finally:
            for task in (retention, sweeps):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await ctx.hub.close()
            if ctx.session_checks is not None:
                await ctx.session_checks.close()

    app = FastAPI(
        title="CareDesk",
        version=VERSION,
        lifespan=lifespan,
        description="The reference backend of CareDesk: webhooks in, conversations, "
        "challenge flows, snapshots, actions and a per-agent event stream out.",
    )
    app.state.ctx = ctx
    errors.install(app)

    # Added last, so outermost: the size cap sees a body before anything reads it, and the
    # metrics see every answer, the size cap's refusals too.
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        larger=(
            ("/webhooks/email/mailgun", m.EMAIL_MAX_BYTES + email.FORM_OVERHEAD, 406),
            (email.PREFIX, m.EMAIL_MAX_BYTES, 413),
        ),
    )
    app.add_middleware(metrics.MetricsMiddleware)
    redaction.install()

    modules = (
        auth,
        conversations,
        accounts,
        events,
        webhooks,
        telephony,
        callbacks,
        misc,
        pharmacy,
        lead,
        texts,
        enquiries,
        email,
        knowledge,
        ops,
    )
    routers = [module.router for module in modules] + [accounts.requests_router]
    for router in routers:
        app.include_router(router)
    logs.quiet_parameter_alias_warnings(
        logs.parameter_aliases(route for router in routers for route in router.routes)
    )
    return app
