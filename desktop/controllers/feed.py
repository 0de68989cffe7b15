"""The live feed: the conversation list, the event stream with its resync after an outage, and
each event handed to the controller whose state it changes."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import StreamStatus, errors
from backend_client import models as m

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController

log = logging.getLogger("caredesk.desk")

# Events that change the conversation list, which the cache keeps near current.
_LIST_EVENTS = (
    m.EventType.CONVERSATION_CREATED,
    m.EventType.CONVERSATION_UPDATED,
    m.EventType.CONVERSATION_REMOVED,
)


class LiveFeedController(QObject):
    incomingCall = Signal(object)  # m.Conversation, ringing for this agent
    securityAlert = Signal(object)  # m.SecurityAlert, for leads
    eventReceived = Signal(object)  # m.Event: every event, for the other screens' controllers

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self._list_save: asyncio.Task[None] | None = None

    async def live(self) -> None:
        desk = self.desk
        assert desk.client is not None
        client = desk.client
        while True:
            try:
                listing = await client.conversations.list()
                break
            except errors.APIConnectionError as exc:
                desk.connection.set_reconnecting(2.0, str(exc), desk.connection.failures + 1)
                if desk.cache is not None and not desk.conversations.rowCount():
                    cached = await desk.cache.conversations()
                    if cached:
                        desk.conversations.replace_all(cached)  # the last list, while offline
                await asyncio.sleep(2.0)
        desk.conversations.replace_all(listing.items)
        self._save_list_soon()
        for conv in listing.items:
            if conv.state is m.ConversationState.RINGING:
                self.incomingCall.emit(conv)
        try:
            async for event in client.events.stream(
                listing.last_event_id, on_status=self._on_stream_status
            ):
                self.apply_event(event)
        except errors.AuthenticationError:
            desk.tasks.spawn(
                desk.session.sign_out("Your session ended. Sign in again."), name="sign-out"
            )

    def _on_stream_status(self, status: StreamStatus) -> None:
        log.debug("event stream %s (attempt %s)", "live" if status.live else "down", status.attempt)
        desk = self.desk
        if status.live:
            was_down = desk.connection.failures > 0
            desk.connection.set_live()
            if was_down:
                desk.tasks.spawn(self._resync(), name="resync")
                desk.tasks.spawn(desk.outbox.replay_outbox(), name="outbox")
        else:
            desk.connection.set_reconnecting(status.retry_in or 0.0, status.error, status.attempt)

    async def _resync(self) -> None:
        """After an outage the stream replays what was missed; reload the open account too."""
        if self.desk.current_id and self.desk.snapshot is not None:
            self.desk.conversation.load_snapshot()

    def apply_event(self, event: m.Event) -> None:
        self._apply_event(event)
        self.eventReceived.emit(event)
        if event.type in _LIST_EVENTS:
            self._save_list_soon()

    def _apply_event(self, event: m.Event) -> None:
        desk = self.desk
        if event.type in (m.EventType.CONVERSATION_CREATED, m.EventType.CONVERSATION_UPDATED):
            desk.conversation.changed(event.conversation())
        elif event.type is m.EventType.CONVERSATION_REMOVED:
            desk.conversation.removed(m.RemovedConversation.model_validate(event.data).id)
        elif event.type is m.EventType.ACCOUNT_UPDATED:
            changed = m.AccountChanged.model_validate(event.data)
            current = desk.current
            if current is not None and current.account_id == changed.account_id:
                desk.conversation.load_snapshot()
        elif event.type is m.EventType.SECURITY_ALERT:  # sent to leads only
            self.securityAlert.emit(m.SecurityAlert.model_validate(event.data))
        elif event.type is m.EventType.REFUND_REQUEST_UPDATED:
            desk.refunds.changed(m.RefundRequest.model_validate(event.data))
        elif event.type is m.EventType.AGENT_UPDATED:  # sent to leads only
            desk.presence.agent_changed(m.AgentPresence.model_validate(event.data))

    def _save_list_soon(self) -> None:
        """Keep the cached conversation list near current without a write per event."""
        if self.desk.cache is not None and (self._list_save is None or self._list_save.done()):
            self._list_save = self.desk.tasks.spawn(self._save_list(), name="cache-list")

    async def _save_list(self) -> None:
        await asyncio.sleep(1.0)
        desk = self.desk
        if desk.cache is not None:
            rows = [desk.conversations.conversation(i) for i in desk.conversations.ids()]
            await desk.cache.put_conversations([c for c in rows if c is not None])
