"""Retention: what the server keeps only for a while is deleted once its time is up.

Idempotency records (``idempotency_keep_hours``), webhook replay keys (``webhook_keep_days``),
expired sign-in failures and app-token failures, and app-call tokens a day past their expiry.
The app runs ``purge`` at start and then every ``INTERVAL`` seconds; it is safe to run from
several processes at once (each delete is by age alone).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import anyio
from sqlalchemy import delete

from server.core.context import AppContext
from server.core.orm import AppCallToken, IdempotencyRecord, TokenFailure, WebhookDelivery, utcnow
from server.identity import app_tokens, login_throttle

log = logging.getLogger("caredesk.server.maintenance")
INTERVAL = 3600.0


def purge(ctx: AppContext, now: datetime | None = None) -> dict[str, int]:
    now = now or utcnow()
    s = ctx.settings
    removed: dict[str, int] = {}
    # Deletes by age conflict with no writer: they need not wait their turn among them.
    with ctx.db.transaction(turns=False) as session:

        def drop(name: str, statement: object) -> None:
            result = session.execute(statement)  # type: ignore[call-overload]
            removed[name] = int(getattr(result, "rowcount", 0) or 0)

        drop(
            "idempotency_records",
            delete(IdempotencyRecord).where(
                IdempotencyRecord.created_at < now - timedelta(hours=s.idempotency_keep_hours)
            ),
        )
        drop(
            "webhook_deliveries",
            delete(WebhookDelivery).where(
                WebhookDelivery.received_at < now - timedelta(days=s.webhook_keep_days)
            ),
        )
        drop(
            "token_failures",
            delete(TokenFailure).where(TokenFailure.at < now - app_tokens.RETENTION),
        )
        drop(
            "app_call_tokens",
            delete(AppCallToken).where(AppCallToken.expires_at < now - timedelta(days=1)),
        )
        removed["login_failures"] = login_throttle.purge(session, s, now)
    return removed


async def run_forever(ctx: AppContext, interval: float = INTERVAL) -> None:
    while True:
        try:
            removed = await anyio.to_thread.run_sync(purge, ctx)
            if any(removed.values()):
                log.info("retention: removed %s", removed)
        except Exception:
            log.exception("retention purge failed; trying again later")
        await asyncio.sleep(interval)


# Queued texts and notes are retried, and enquiries reminded and rerouted, this often.
SWEEP_INTERVAL = 30.0


def sweep(ctx: AppContext, now: datetime | None = None) -> dict[str, int]:
    """The time-based rules: enquiry reminders and reroutes (``messaging.enquiries.sweep``)."""
    from server.messaging import enquiries

    with ctx.db.transaction() as session:
        return enquiries.sweep(session, ctx.settings, now)


async def sweep_forever(ctx: AppContext, interval: float = SWEEP_INTERVAL) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            done = await anyio.to_thread.run_sync(sweep, ctx)
            if any(done.values()):
                log.info("enquiries: %s", done)
        except Exception:
            log.exception("the enquiry sweep failed; trying again later")
        ctx.deliver_outboxes()  # what a gateway refused for a while goes again
