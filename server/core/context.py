"""What every request handler needs: settings, database, event hub, Intercom notes.

The context is built by the composition root (``server.app.build_context``), which alone knows
the concrete senders and actions; the machinery names the domain's types for checking only, so
the core never depends on a domain at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request

from server.core.config import Settings
from server.core.db import Database
from server.core.events import EventHub

if TYPE_CHECKING:
    from server.actions import Action
    from server.identity.session_checks import SessionChecks
    from server.messaging.intercom import IntercomNotes
    from server.messaging.sms import Senders


@dataclass
class AppContext:
    settings: Settings
    db: Database
    hub: EventHub
    intercom: IntercomNotes
    # Texts (the SMS provider), emails and app messages, delivered from the outbox.
    senders: Senders
    actions: dict[str, Action] = field(default_factory=dict)
    session_checks: SessionChecks | None = None  # the open streams' periodic checks, batched
    # Called after a commit that may have queued Intercom notes or messages; the app sets it.
    deliver_outboxes: Callable[[], None] = lambda: None
    # Waits until every delivery scheduled so far has run (tests, shutdown).
    drain_outboxes: Callable[[], None] = lambda: None
    on_close: list[Callable[[], None]] = field(default_factory=list)
    # The newest migration this code knows (``/readyz`` compares the database's with it).
    schema_head: str | None = None
    # Told to stop: not ready, event streams ended, no new ones (``begin_drain``).
    draining: bool = False

    def begin_drain(self) -> None:
        self.draining = True
        self.hub.drain()

    def close(self) -> None:
        """Release the database and any worker threads (the app's lifespan ends the hub)."""
        for callback in self.on_close:
            callback()
        self.db.dispose()


def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


async def request_ctx(request: Request) -> AppContext:
    """``get_ctx`` as a route's dependency. A coroutine, so FastAPI calls it on the event loop:
    a plain function it would run on a worker thread, a hand-off there and back for one
    attribute read, on every request."""
    return get_ctx(request)
