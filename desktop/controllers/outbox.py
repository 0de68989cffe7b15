"""The outbox: actions made offline, kept with their idempotency key and sent, oldest first,
when the server is back; refusals stay listed until dismissed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from backend_client import models as m
from desktop.i18n import translate

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController
    from desktop.workflows.base import Workflow


class OutboxController(QObject):
    outboxChanged = Signal(object)  # list[outbox.Queued]: what waits to be sent, or was refused
    queued = Signal(object)  # outbox.Queued: an action made offline, waiting

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.items: list[Any] = []  # outbox.Queued, as last read from the cache

    def reset(self) -> None:
        """Signed out: the cache and what waited in it are gone."""
        self.items = []

    def publish(self, items: list[Any]) -> None:
        """What waits now: kept for whoever asks later, and said to whoever listens."""
        self.items = items
        self.outboxChanged.emit(items)

    def queue_action(
        self, workflow: Workflow, conversation: m.Conversation, values: dict[str, Any], key: str
    ) -> None:
        """Offline: keep the action, with the key it will be sent with, until the server is back."""
        self.desk.tasks.spawn(self._queue(workflow, conversation, values, key), name=f"queue-{key}")

    async def _queue(
        self, workflow: Workflow, conversation: m.Conversation, values: dict[str, Any], key: str
    ) -> None:
        cache = self.desk.cache
        if cache is None:
            self.desk.problem.emit(
                translate("Errors", "Offline, and there is no cache to keep this in.")
            )
            return
        item = await cache.queue(
            workflow.action,
            workflow.action_request(conversation, values),
            workflow.account_for(conversation),
            workflow.title,
            key,
        )
        self.queued.emit(item)
        self.publish(await cache.waiting())

    async def replay_outbox(self) -> None:
        """Send what waits, oldest first; refusals stay listed with their reason."""
        desk = self.desk
        cache, client = desk.cache, desk.client
        if cache is None or client is None:
            return
        report = await cache.replay(client)
        if report.sent or report.refused:
            self.publish(await cache.waiting())
        for item, _result in report.sent:
            current = desk.current
            if item.account_id and current and current.account_id == item.account_id:
                desk.conversation.load_snapshot()
                break

    def dismiss_refused(self, seq: int) -> None:
        self.desk.tasks.spawn(self._dismiss(seq), name=f"dismiss-{seq}")

    async def _dismiss(self, seq: int) -> None:
        cache = self.desk.cache
        if cache is not None:
            await cache.dismiss(seq)
            self.publish(await cache.waiting())
