"""The SMS conversation's controller: the thread of the open text conversation, the quick
responses, replies, the app link and moving to a call.

The view shows its state and emits intent. The controller talks to the client through the
desk's connection, owns the idempotency keys (a reply retried after a dropped connection is sent
once; a key is dropped once its reply is accepted, so the same words can be sent again on
purpose) and runs every call as one of the desk's tasks. The thread stays current from
``text.updated`` events: a text in, and each text out as it goes from queued to sent.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.controllers.explain import explain
from desktop.i18n import translate

log = logging.getLogger("caredesk.texts")


class TextsController(QObject):
    threadChanged = Signal(object)  # m.TextThread of the open SMS conversation, or None
    quickResponsesLoaded = Signal(object)  # list[m.QuickResponse], filled in for this advisor
    sent = Signal(object)  # m.Text the server accepted
    failed = Signal(str)  # why a reply, a link or a call did not happen
    notice = Signal(str)  # what happened, for the status bar
    dialByLink = Signal(str)  # no dialling API: the number, for the softphone's tel: link
    busyChanged = Signal(bool)  # a reply is on its way
    textElsewhere = Signal(object)  # m.Text that came in on a conversation not open

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.conversation: m.Conversation | None = None
        self.sms_thread: m.TextThread | None = None
        self.quick: list[m.QuickResponse] = []
        self.language = "en"
        self._keys: dict[tuple[str, ...], str] = {}
        self.busy = False
        desk.conversation.conversationOpened.connect(self._opened)
        desk.conversation.currentUpdated.connect(self._current_updated)
        desk.conversation.conversationClosed.connect(self._clear)
        desk.session.signedOut.connect(lambda _why: self._clear())
        desk.feed.eventReceived.connect(self._event)

    # --- what is shown ----------------------------------------------------------------------

    def _opened(self, conv: m.Conversation) -> None:
        if conv.channel is not m.Channel.SMS:
            self._clear()
            return
        same = self.conversation is not None and self.conversation.id == conv.id
        self.conversation = conv
        self.desk.conversations.mark_unread(conv.id, False)
        if not same:
            self.sms_thread = None
            self.threadChanged.emit(None)
            self.desk.tasks.spawn(self._load(conv.id), name="text-thread")

    def _current_updated(self, conv: m.Conversation) -> None:
        if self.conversation is not None and conv.id == self.conversation.id:
            self.conversation = conv

    def _clear(self) -> None:
        self.conversation = None
        self.sms_thread = None
        self.threadChanged.emit(None)

    async def _load(self, conversation_id: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            thread = await client.texts.thread(conversation_id)
            quick = await client.texts.quick_responses(conversation_id, self.language)
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        if self.conversation is None or self.conversation.id != conversation_id:
            return  # the advisor moved on while it loaded
        self.sms_thread = thread
        self.quick = quick.items
        self.threadChanged.emit(thread)
        self.quickResponsesLoaded.emit(quick.items)

    def _event(self, event: m.Event) -> None:
        if event.type is not m.EventType.TEXT_UPDATED:
            return
        text = m.Text.model_validate(event.data)
        if self.sms_thread is None or text.conversation_id != self.sms_thread.conversation_id:
            if text.direction is m.Direction.INBOUND:
                self.desk.conversations.mark_unread(text.conversation_id, True)
                self.textElsewhere.emit(text)  # a reply in a conversation not on screen
            return
        self._merge(text)
        if text.direction is m.Direction.INBOUND:
            # It may have been STOP or START: whether the number may be texted is the server's.
            self.desk.tasks.spawn(self._refresh(text.conversation_id), name="text-thread")

    async def _refresh(self, conversation_id: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            thread = await client.texts.thread(conversation_id)
        except errors.CareDeskError as exc:
            log.info("thread not refreshed: %s", type(exc).__name__)
            return
        if self.sms_thread is not None and self.sms_thread.conversation_id == conversation_id:
            self.sms_thread = thread
            self.threadChanged.emit(thread)

    def _merge(self, text: m.Text) -> None:
        assert self.sms_thread is not None
        items = [t for t in self.sms_thread.items if t.id != text.id]
        items.append(text)
        items.sort(key=lambda t: (t.at, t.id))
        self.sms_thread = self.sms_thread.model_copy(update={"items": items})
        self.threadChanged.emit(self.sms_thread)

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        self.language = language
        if self.conversation is not None:
            self.desk.tasks.spawn(self._reload_quick(self.conversation.id), name="quick-responses")

    async def _reload_quick(self, conversation_id: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            quick = await client.texts.quick_responses(conversation_id, self.language)
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        self.quick = quick.items
        self.quickResponsesLoaded.emit(quick.items)

    # --- intent -----------------------------------------------------------------------------

    def reply(self, text: str = "", quick_response: str | None = None) -> None:
        """Free text, or a quick response by id (sent as the server fills it in)."""
        conv = self.conversation
        body = text.strip()
        if conv is None or self.busy or (not body and quick_response is None):
            return
        if quick_response is None and len(body) > m.SMS_MAX_CHARS:
            self.failed.emit(
                translate("Texts", "A text is at most {0} characters.").format(m.SMS_MAX_CHARS)
            )
            return
        parts = (conv.id, "reply", quick_response or "", self.language, body)
        key = self._keys.setdefault(parts, uuid.uuid4().hex)
        self._set_busy(True)
        self.desk.tasks.spawn(self._reply(conv.id, body, quick_response, key, parts))

    async def _reply(
        self,
        conversation_id: str,
        text: str,
        quick_response: str | None,
        key: str,
        parts: tuple[str, ...],
    ) -> None:
        client = self.desk.client
        try:
            if client is None:
                return
            sent = await client.texts.send(
                conversation_id,
                text=None if quick_response else text,
                quick_response=quick_response,
                language=self.language,
                idempotency_key=key,
            )
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        finally:
            self._set_busy(False)
        self._keys.pop(parts, None)
        if self.sms_thread is not None and self.sms_thread.conversation_id == conversation_id:
            self._merge(sent)
        self.sent.emit(sent)

    def send_app_link(self) -> None:
        conv = self.conversation
        if conv is None:
            return
        key = self._keys.setdefault((conv.id, "app-link"), uuid.uuid4().hex)
        self.desk.tasks.spawn(self._app_link(conv.id, key), name="app-link")

    async def _app_link(self, conversation_id: str, key: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            text = await client.texts.send_app_link(conversation_id, idempotency_key=key)
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        self._keys.pop((conversation_id, "app-link"), None)
        if self.sms_thread is not None and self.sms_thread.conversation_id == conversation_id:
            self._merge(text)
        self.notice.emit(
            translate("Texts", "App link sent: the caller is verified when they open it.")
        )

    def call_back(self) -> None:
        conv = self.conversation
        if conv is None:
            return
        key = self._keys.setdefault((conv.id, "dial"), uuid.uuid4().hex)
        self.desk.tasks.spawn(self._dial(conv, key), name="dial")

    async def _dial(self, conv: m.Conversation, key: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            result = await client.conversations.dial(conv.id, idempotency_key=key)
        except errors.ConflictError as exc:
            if exc.code in ("dial_not_configured", "no_telephony_user") and conv.caller.number:
                self.dialByLink.emit(conv.caller.number)
                return
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        finally:
            self._keys.pop((conv.id, "dial"), None)
        self.notice.emit(
            translate("Texts", "Your softphone is dialling {0}.").format(conv.caller.display)
        )
        log.info("dialling through %s", result.via)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busyChanged.emit(busy)
