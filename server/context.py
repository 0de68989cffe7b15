"""What every request handler needs: settings, database, event hub, Intercom notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request

from server.actions import Action
from server.config import Settings
from server.db import Database
from server.events import EventHub
from server.intercom import IntercomNotes
from server.session_checks import SessionChecks
from server.sms import DemoSms, LocalMessages, Senders


@dataclass
class AppContext:
    settings: Settings
    db: Database
    hub: EventHub
    intercom: IntercomNotes
    actions: dict[str, Action] = field(default_factory=dict)
    session_checks: SessionChecks | None = None  # the open streams' periodic checks, batched
    # Texts (the SMS provider), emails and app messages, delivered from the outbox.
    senders: Senders = field(default_factory=lambda: Senders(DemoSms(), LocalMessages()))
    # Called after a commit that may have queued Intercom notes or messages; the app sets it.
    deliver_outboxes: Callable[[], None] = lambda: None
    # Waits until every delivery scheduled so far has run (tests, shutdown).
    drain_outboxes: Callable[[], None] = lambda: None
    on_close: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Release the database and any worker threads (the app's lifespan ends the hub)."""
        for callback in self.on_close:
            callback()
        self.db.dispose()


def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx
