"""The open conversation: which one is on screen, its account's snapshot and history, and the
caredesk:// links that open one."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m
from desktop import links
from desktop.controllers.explain import explain
from desktop.i18n import translate
from desktop.state import OPEN

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController

log = logging.getLogger("caredesk.desk")


class ConversationController(QObject):
    conversationOpened = Signal(object)  # m.Conversation
    conversationClosed = Signal()
    currentUpdated = Signal(object)  # m.Conversation: the open conversation changed (state…)
    snapshotLoading = Signal()
    snapshotLoaded = Signal(object)  # m.Snapshot
    snapshotCleared = Signal()
    snapshotFailed = Signal(str)
    snapshotFromCache = Signal(object)  # datetime: the cached snapshot shown is as of then
    historyLoaded = Signal(object)  # m.History of the open account
    historyFailed = Signal(str)
    linkRefused = Signal(str)  # a caredesk:// link the desk would not (or could not) follow

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self._pending_links: list[links.Link] = []  # arrived before sign-in
        # One key per call link: a softphone that opens the same link twice opens one conversation.
        self._link_keys: dict[links.CallLink, str] = {}
        desk.conversations.conversationChanged.connect(self._row_changed)

    # --- which conversation is open ---------------------------------------------------------

    def open(self, conversation_id: str) -> None:
        desk = self.desk
        conv = desk.conversations.conversation(conversation_id)
        if conv is None:
            return
        if desk.locked:
            desk.current_id = conversation_id  # shown at unlock, not behind the lock
            return
        if conversation_id != desk.current_id:
            self.clear_snapshot()
        desk.current_id = conversation_id
        log.debug(
            "opened conversation %s (%s, %s)", conv.id, conv.channel.value, conv.auth_state.value
        )
        self.conversationOpened.emit(conv)
        if conv.auth_state.is_verified and conv.account_id:
            self.load_snapshot()
        elif conv.auth_state is not m.AuthState.LOCKED:
            desk.challenge.load_questions(conv.suggested_caller_type or m.CallerType.PATIENT)

    def changed(self, conv: m.Conversation) -> None:
        """A conversation event: the list row, and what it means for the one on screen."""
        desk = self.desk
        before = desk.conversations.conversation(conv.id)
        desk.conversations.upsert(conv)
        if before is None and conv.state is m.ConversationState.RINGING:
            desk.feed.incomingCall.emit(conv)
        answered_now = conv.state is m.ConversationState.ACTIVE and (
            before is None or before.state is m.ConversationState.RINGING
        )
        current = desk.current
        if answered_now and (current is None or current.state not in OPEN):
            self.open(conv.id)  # answered on the softphone, nothing live open: open it
        elif answered_now and before is None:
            # Assigned while the advisor works on another conversation (a chat, usually):
            # announce it; never replace what is on screen.
            desk.feed.incomingCall.emit(conv)
        elif conv.id == desk.current_id:
            self._refresh_current(before, conv)

    def removed(self, conversation_id: str) -> None:
        self.desk.conversations.remove(conversation_id)
        if conversation_id == self.desk.current_id:
            self.close_current()

    def _refresh_current(self, before: m.Conversation | None, conv: m.Conversation) -> None:
        if conv.state not in OPEN:
            self.close_current()
            return
        if (
            before is not None
            and before.auth_state == conv.auth_state
            and before.pending == conv.pending
        ):
            return  # same view; the panel row already shows the fresher details
        self.open(conv.id)

    def close_current(self) -> None:
        self.desk.tasks.cancel("snapshot")
        self.desk.tasks.cancel("challenge")
        self.desk.current_id = None
        self.clear_snapshot()
        self.conversationClosed.emit()

    def _row_changed(self, conversation_id: str) -> None:
        if conversation_id == self.desk.current_id:
            conv = self.desk.current
            if conv is not None:
                self.currentUpdated.emit(conv)

    # --- the account's snapshot -------------------------------------------------------------

    def clear_snapshot(self) -> None:
        self.desk.snapshot = None
        self.snapshotCleared.emit()

    def load_snapshot(self) -> None:
        desk = self.desk
        if desk.locked:
            return  # reloaded at unlock
        conv = desk.current
        if conv is None or not conv.auth_state.is_verified or not conv.account_id:
            self.clear_snapshot()
            return
        self.snapshotLoading.emit()
        desk.tasks.spawn(self._load_snapshot(conv.id, conv.account_id), name="snapshot")

    async def _load_snapshot(self, conversation_id: str, account_id: str) -> None:
        desk = self.desk
        assert desk.client is not None
        from_cache = False
        try:
            snap = await desk.client.accounts.snapshot(account_id, conversation_id)
        except errors.APIConnectionError as exc:
            # Offline: the copy kept from the last time this verified conversation opened it.
            cached = await desk.cache.snapshot(account_id) if desk.cache is not None else None
            if cached is None:
                self.snapshotFailed.emit(desk.explain(exc))
                return
            snap, from_cache = cached, True
        except errors.CareDeskError as exc:
            log.info("snapshot of %s refused: %s", account_id, type(exc).__name__)
            self.snapshotFailed.emit(desk.explain(exc))
            return
        current = desk.current
        # Only for the conversation still open and still verified: never a stale patient.
        if current is None or current.id != conversation_id or not current.auth_state.is_verified:
            return
        desk.snapshot = snap
        log.debug("snapshot of %s shown%s", account_id, " from the cache" if from_cache else "")
        self.snapshotLoaded.emit(snap)
        if from_cache:
            self.snapshotFromCache.emit(snap.as_of)
        elif desk.cache is not None:
            desk.tasks.spawn(desk.cache.put_snapshot(snap), name="cache-snapshot")

    # --- the account's history ----------------------------------------------------------------

    def load_history(self) -> None:
        conv = self.desk.current
        if conv is None or not conv.auth_state.is_verified or not conv.account_id:
            return
        self.desk.tasks.spawn(self._load_history(conv.id, conv.account_id), name="history")

    async def _load_history(self, conversation_id: str, account_id: str) -> None:
        desk = self.desk
        assert desk.client is not None
        try:
            history = await desk.client.accounts.history(account_id, conversation_id)
        except errors.CareDeskError as exc:
            self.historyFailed.emit(desk.explain(exc))
            return
        if desk.current_id == conversation_id and desk.snapshot is not None:
            self.historyLoaded.emit(history)

    # --- caredesk:// links ----------------------------------------------------------------

    def follow_text(self, text: str) -> asyncio.Task[None] | None:
        """A link as another program handed it over: parsed here, refused with a reason.
        Returns the task that follows it (None when refused, or kept until sign-in)."""
        try:
            link = links.parse(text)
        except links.LinkError as exc:
            log.info("refused a caredesk link: %s", exc)
            self.linkRefused.emit(exc.message)
            return None
        return self.follow_link(link)

    def follow_link(self, link: links.Link) -> asyncio.Task[None] | None:
        if self.desk.client is None or self.desk.me is None:
            self._pending_links.append(link)  # followed once signed in
            return None
        return self.desk.tasks.spawn(self._follow(link))

    def follow_pending_links(self) -> None:
        pending, self._pending_links = self._pending_links, []
        for link in pending:
            self.follow_link(link)

    async def _follow(self, link: links.Link) -> None:
        desk = self.desk
        assert desk.client is not None
        try:
            if isinstance(link, links.ConversationLink):
                conv = await desk.client.conversations.retrieve(link.conversation_id)
            else:
                key = self._link_keys.setdefault(link, uuid.uuid4().hex)
                conv = await desk.client.conversations.create(
                    m.NewConversation(
                        channel=m.Channel.PHONE,
                        direction=m.Direction.INBOUND,
                        caller_number=link.number,
                        external_id=link.call_id,
                        digits=link.digits,
                    ),
                    idempotency_key=key,
                )
        except errors.NotFoundError:
            self.linkRefused.emit(
                translate("Links", "The link's conversation does not exist, or is not yours.")
            )
            return
        except errors.CareDeskError as exc:
            self.linkRefused.emit(explain(exc, desk.server_url))
            return
        desk.conversations.upsert(conv)
        self.open(conv.id)
