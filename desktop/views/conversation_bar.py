"""Above the open conversation: who and how long, End, Transfer, and — once it has ended — the
wrap-up: how it ended (the server's disposition codes), an optional note, and Close.

All of it by keyboard: Ctrl+Shift+E ends the call or chat, Ctrl+Shift+W goes to the wrap-up
(ending first if need be), Enter in the note closes. The bar never takes the focus by itself:
a call ending while the advisor types keeps their place.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.conversation_panel import elapsed
from desktop.views.partials.widgets import Banner, Busy, PlainLabel

# (ended, waiting, live) by channel; the phone's for any other.
DESCRIPTIONS = {
    m.Channel.CHAT: (
        QT_TRANSLATE_NOOP("ConversationBar", "Chat with {who} ended · wrap-up"),
        QT_TRANSLATE_NOOP("ConversationBar", "Chat from {who} · waiting"),
        QT_TRANSLATE_NOOP("ConversationBar", "Chatting with {who} · {time}"),
    ),
    m.Channel.SMS: (
        QT_TRANSLATE_NOOP("ConversationBar", "Texts with {who} ended · wrap-up"),
        QT_TRANSLATE_NOOP("ConversationBar", "Text from {who} · waiting"),
        QT_TRANSLATE_NOOP("ConversationBar", "Texting with {who} · {time}"),
    ),
    m.Channel.PHONE: (
        QT_TRANSLATE_NOOP("ConversationBar", "Call with {who} ended · wrap-up"),
        QT_TRANSLATE_NOOP("ConversationBar", "Call from {who} · waiting"),
        QT_TRANSLATE_NOOP("ConversationBar", "On call with {who} · {time}"),
    ),
}
END_WORDS = {
    m.Channel.CHAT: QT_TRANSLATE_NOOP("ConversationBar", "End chat  (Ctrl+Shift+E)"),
    m.Channel.SMS: QT_TRANSLATE_NOOP("ConversationBar", "End texting  (Ctrl+Shift+E)"),
    m.Channel.PHONE: QT_TRANSLATE_NOOP("ConversationBar", "End call  (Ctrl+Shift+E)"),
}


def describe(conv: m.Conversation) -> str:
    who = conv.caller.name or conv.caller.display
    ended, waiting, live = DESCRIPTIONS.get(conv.channel, DESCRIPTIONS[m.Channel.PHONE])
    if conv.state is m.ConversationState.WRAP_UP:
        text = ended
    elif conv.state is m.ConversationState.RINGING:
        text = waiting
    else:
        text = live
    return translate("ConversationBar", text).format(who=who, time=elapsed(conv))


class ConversationBar(QFrame):
    transferRequested = Signal()

    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationBar")
        self.desk = desk
        self.summary = PlainLabel()
        self.summary.setObjectName("conversationSummary")
        self.transfer = QPushButton(self.tr("Transfer…"))
        self.transfer.setObjectName("transferButton")
        self.transfer.setToolTip(self.tr("Hand the conversation to another advisor or team"))
        self.transfer.clicked.connect(self.transferRequested)
        self.end = QPushButton(self.tr("End call  (Ctrl+Shift+E)"))
        self.end.setObjectName("endConversation")
        self.end.setAccessibleName(self.tr("End the conversation"))
        self.end.clicked.connect(desk.wrap_up.end_conversation)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.transfer)
        top.addWidget(self.end)

        self.wrap = QWidget()
        self.wrap.setObjectName("wrapUp")
        outcome_label = QLabel(self.tr("Outcome"))
        self.outcome = QComboBox()
        self.outcome.setObjectName("disposition")
        self.outcome.setAccessibleName(self.tr("Outcome of the conversation"))
        self.outcome.setMinimumWidth(220)
        outcome_label.setBuddy(self.outcome)
        note_label = QLabel(self.tr("Note"))
        self.note = QLineEdit()
        self.note.setObjectName("wrapUpNote")
        self.note.setAccessibleName(self.tr("Wrap-up note (optional)"))
        self.note.setPlaceholderText(self.tr("Optional: what was agreed, what happens next"))
        self.note.setMaxLength(2000)
        note_label.setBuddy(self.note)
        self.close_button = QPushButton(self.tr("Close  (Ctrl+Shift+Enter)"))
        self.close_button.setObjectName("primary")
        self.close_button.setAccessibleName(self.tr("Close the conversation"))
        self.close_button.clicked.connect(self.submit)
        self.note.returnPressed.connect(self.submit)
        wrap = QHBoxLayout(self.wrap)
        wrap.setContentsMargins(0, 0, 0, 0)
        wrap.addWidget(outcome_label)
        wrap.addWidget(self.outcome)
        wrap.addWidget(note_label)
        wrap.addWidget(self.note, 1)
        wrap.addWidget(self.close_button)

        self.banner = Banner()
        self.banner.setObjectName("wrapUpMessage")
        self.busy = Busy()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.wrap)
        layout.addWidget(self.banner)
        layout.addWidget(self.busy)

        self._shown_for: str | None = None
        self._kept: tuple[str, str, int] | None = None  # (conversation, note, outcome) at lock
        desk.conversation.conversationOpened.connect(self._opened)
        desk.conversation.currentUpdated.connect(self.show_conversation)
        desk.conversation.conversationClosed.connect(self._cleared)
        desk.wrap_up.wrapUpFailed.connect(self._failed)
        desk.session.signedIn.connect(lambda _me: self._fill_outcomes())
        self._cleared()

    # --- state ----------------------------------------------------------------------------

    def _fill_outcomes(self) -> None:
        self.outcome.clear()
        self.outcome.addItem(self.tr("Choose…"), None)
        for disposition in self.desk.wrap_up.dispositions:
            self.outcome.addItem(disposition.label, disposition.code)

    def _opened(self, conv: m.Conversation) -> None:
        if conv.id != self._shown_for:
            self._shown_for = conv.id
            self.banner.clear_message()
            self.busy.setVisible(False)
            kept, self._kept = self._kept, None
            if kept is not None and kept[0] == conv.id:
                self.note.setText(kept[1])
                self.outcome.setCurrentIndex(kept[2])
            else:
                self.note.clear()
                self.outcome.setCurrentIndex(0)
        self.show_conversation(conv)

    def show_conversation(self, conv: m.Conversation) -> None:
        if conv.id != self.desk.current_id:
            return
        live = conv.state in (m.ConversationState.ACTIVE, m.ConversationState.WRAP_UP)
        self.setVisible(live)
        self.summary.setText(describe(conv))
        self.end.setText(
            translate("ConversationBar", END_WORDS.get(conv.channel, END_WORDS[m.Channel.PHONE]))
        )
        self.end.setVisible(conv.state is m.ConversationState.ACTIVE)
        self.transfer.setVisible(conv.state is m.ConversationState.ACTIVE)
        self.wrap.setVisible(conv.state is m.ConversationState.WRAP_UP)
        if self.outcome.count() <= 1 and self.desk.wrap_up.dispositions:
            self._fill_outcomes()

    def tick(self) -> None:
        conv = self.desk.current
        if conv is not None and self.isVisible():
            self.summary.setText(describe(conv))

    def clear(self) -> None:
        """The idle lock: no caller on screen; the note typed so far is kept in memory, out of
        every widget, and put back when the same conversation shows again."""
        if self._shown_for is not None:
            self._kept = (self._shown_for, self.note.text(), self.outcome.currentIndex())
        self.note.clear()
        self.summary.setText("")
        self.banner.clear_message()
        self._cleared()

    def _cleared(self) -> None:
        self._shown_for = None
        self.busy.setVisible(False)
        self.setVisible(False)

    # --- intent -----------------------------------------------------------------------------

    def go_to_wrap_up(self) -> None:
        """Ctrl+Shift+W: end the conversation if it is still live, and put the focus on the
        outcome (the advisor asked for it: this is the one time the bar takes the focus)."""
        conv = self.desk.current
        if conv is None:
            return
        if conv.state is m.ConversationState.ACTIVE:
            self.desk.wrap_up.end_conversation()
        self.wrap.setVisible(True)
        self.outcome.setFocus()

    def submit(self) -> None:
        conv = self.desk.current
        if conv is None:
            return
        if conv.state is not m.ConversationState.WRAP_UP:
            self.go_to_wrap_up()  # a live call is ended first, never closed under the caller
            return
        code = self.outcome.currentData()
        if code is None:
            self.banner.show_message(self.tr("Choose the outcome before closing."), "warn")
            self.outcome.setFocus()
            return
        self.banner.clear_message()
        self.busy.setVisible(True)
        self.desk.wrap_up.close_conversation(code, self.note.text())

    def _failed(self, message: str) -> None:
        self.busy.setVisible(False)
        self.banner.show_message(message, "error")
