"""Ending the open conversation and closing it with a disposition, once."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController


class WrapUpController(QObject):
    wrapUpFailed = Signal(str)  # the server refused to end or close the open conversation
    closedConversation = Signal(object)  # m.Conversation, closed by this advisor

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        # Idempotency keys for closing, per conversation and per (disposition, note): a retry
        # of the same close after a timeout can never close twice or note twice.
        self._close_keys: dict[str, tuple[tuple[str, str], str]] = {}

    def reset(self) -> None:
        self._close_keys.clear()

    @property
    def dispositions(self) -> list[m.Disposition]:
        me = self.desk.me
        return list(me.settings.dispositions) if me else []

    def end_conversation(self) -> None:
        """The advisor ends the call or chat on the desk: it goes to wrap-up."""
        conv = self.desk.current
        if conv is not None and conv.state is m.ConversationState.ACTIVE:
            self.desk.tasks.spawn(self._wrap_up(conv.id), name="wrap-up")

    async def _wrap_up(self, conversation_id: str) -> None:
        assert self.desk.client is not None
        try:
            conv = await self.desk.client.conversations.wrap_up(conversation_id)
        except errors.CareDeskError as exc:
            self.wrapUpFailed.emit(self.desk.explain(exc))
            return
        self.desk.conversations.upsert(conv)

    def close_conversation(self, disposition: str, note: str = "") -> None:
        conv = self.desk.current
        if conv is None:
            return
        values = (disposition, note.strip())
        kept = self._close_keys.get(conv.id)
        key = kept[1] if kept is not None and kept[0] == values else uuid.uuid4().hex
        self._close_keys[conv.id] = (values, key)
        self.desk.tasks.spawn(self._close(conv.id, values, key), name="close")

    async def _close(self, conversation_id: str, values: tuple[str, str], key: str) -> None:
        desk = self.desk
        assert desk.client is not None
        try:
            conv = await desk.client.conversations.close(
                conversation_id, values[0], values[1], idempotency_key=key
            )
        except errors.CareDeskError as exc:
            self.wrapUpFailed.emit(desk.explain(exc))
            return
        self._close_keys.pop(conversation_id, None)
        desk.conversations.upsert(conv)
        if conversation_id == desk.current_id:
            desk.conversation.close_current()
        self.closedConversation.emit(conv)
