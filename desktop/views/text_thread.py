"""An SMS conversation: the texts in and out, and the reply box with quick responses.

Shown above the challenge or account view while a text conversation is open, so the advisor
reads the texts while verifying. Every text is plain text in a label of its own. The reply box
counts characters against the one-text limit, and a quick response sent unchanged goes as the
quick response (the server fills it in and records which one it was).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop.controllers.texts import TextsController
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.partials.formatting import clock
from desktop.views.partials.widgets import Banner, PlainLabel, repolish

LANGUAGES = (("en", "English"), ("pl", "Polski"))
STATUS_WORDS = {
    m.TextStatus.QUEUED: QT_TRANSLATE_NOOP("Texts", "sending…"),
    m.TextStatus.SENT: QT_TRANSLATE_NOOP("Texts", "sent"),
    m.TextStatus.DELIVERED: QT_TRANSLATE_NOOP("Texts", "delivered"),
    m.TextStatus.FAILED: QT_TRANSLATE_NOOP("Texts", "not delivered"),
    m.TextStatus.RECEIVED: QT_TRANSLATE_NOOP("Texts", "received"),
}
KIND_WORDS = {
    m.TextKind.MISSED_CALL: QT_TRANSLATE_NOOP("Texts", "automatic, after a missed call"),
    m.TextKind.AFTER_HOURS: QT_TRANSLATE_NOOP("Texts", "automatic, after hours"),
    m.TextKind.APP_LINK: QT_TRANSLATE_NOOP("Texts", "app link"),
    m.TextKind.QUICK_RESPONSE: QT_TRANSLATE_NOOP("Texts", "quick response"),
}


def tr(text: str) -> str:
    return translate("Texts", text)


class Bubble(QFrame):
    """One text: theirs on the left, ours on the right, with who, when and how it went.

    As wide as its words on one line, up to its room (``set_room``): three quarters of the
    thread's width, and never more than ``WIDEST``. A word-wrapped label alone asks for a width
    of its own choosing (about 150 px for a short sentence), and the bubbles wrapped there
    however wide the thread was."""

    WIDEST = 520

    def __init__(self, text: m.Text, caller: str) -> None:
        super().__init__()
        self._room = self.WIDEST
        self.text_id = text.id
        self.ours = text.direction is m.Direction.OUTBOUND
        self.setObjectName("textOut" if self.ours else "textIn")
        self.setProperty("failed", text.status is m.TextStatus.FAILED)
        self._column = column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        column.setSpacing(2)
        self.body = PlainLabel(text.body)
        self.body.setObjectName("textBody")
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = PlainLabel()
        self.meta.setObjectName("textMeta")
        self._shown: tuple[object, ...] = ()
        self.show_text(text, caller)
        column.addWidget(self.body)
        column.addWidget(self.meta)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.setMaximumWidth(self.WIDEST)

    def set_room(self, thread_width: int) -> None:
        """The thread is ``thread_width`` wide: the widest this bubble may be follows it."""
        room = max(1, min(self.WIDEST, thread_width * 3 // 4))
        if room != self._room:
            self._room = room
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        """Its words' width wrapped within its room (the label wraps them the same way, with
        the same font metrics), or the status line's if that is wider; tall enough for them."""
        margins = self._column.contentsMargins()
        frame = margins.left() + margins.right() + 2 * self.frameWidth()
        words = self.body.fontMetrics().boundingRect(
            QRect(0, 0, max(1, self._room - frame), 1 << 20),
            Qt.TextFlag.TextWordWrap,
            self.body.text(),
        )
        status = self.meta.fontMetrics().horizontalAdvance(self.meta.text())
        width = min(self._room, max(words.width(), status) + frame)
        return QSize(width, self.heightForWidth(width))

    def show_text(self, text: m.Text, caller: str) -> None:
        """The text's who, when and how it went, as it stands now (its words never change)."""
        shown = (text.status, text.sent_by, caller)
        if shown == self._shown:
            return
        self._shown = shown
        who = (text.sent_by or tr("CareDesk")) if self.ours else caller
        meta = [who, clock(text.at, text.at)]
        if self.ours:
            meta.append(tr(STATUS_WORDS[text.status]))
        if text.kind in KIND_WORDS:
            meta.append(tr(KIND_WORDS[text.kind]))
        self.meta.setText(" · ".join(meta))
        self.setAccessibleName(f"{who}: {text.body}")
        failed = text.status is m.TextStatus.FAILED
        if self.property("failed") != failed:  # the stylesheet colours a failed text
            self.setProperty("failed", failed)
            self.style().unpolish(self)
            self.style().polish(self)


class _Texts(QWidget):
    """The column the bubbles stand in; says when its width changes."""

    widthChanged = Signal(int)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.widthChanged.emit(event.size().width())


class TextThreadView(QWidget):
    """The thread and the reply box; it emits nothing the controller does not own."""

    def __init__(self, texts: TextsController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts
        self.setObjectName("textThread")
        self._preview: tuple[str, str] | None = None  # the quick response in the box, as shown
        self._bubbles: list[Bubble] = []  # as shown, oldest first

        self.title = PlainLabel()
        self.title.setObjectName("textTitle")
        self.opted_out = Banner()
        self.opted_out.setObjectName("optedOut")
        self.problem = Banner()
        self.problem.setObjectName("textProblem")

        self.list = _Texts()
        self.list.widthChanged.connect(self._fit_bubbles)
        self.rows = QVBoxLayout(self.list)
        self.rows.setContentsMargins(12, 8, 12, 8)
        self.rows.setSpacing(8)
        self.rows.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("textScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.list)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll.setAccessibleName(tr("Texts in this conversation"))
        self.scroll.setMinimumHeight(90)
        # New texts keep the newest in sight, once the layout knows how tall they are.
        self.scroll.verticalScrollBar().rangeChanged.connect(
            lambda _low, high: self.scroll.verticalScrollBar().setValue(high)
        )

        self.quick = QComboBox()
        self.quick.setObjectName("quickResponses")
        self.quick.setAccessibleName(tr("Quick response"))
        self.quick.activated.connect(self._quick_chosen)
        self.language = QComboBox()
        self.language.setAccessibleName(tr("Language of the quick responses"))
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.activated.connect(self._language_chosen)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("textEditor")
        self.editor.setPlaceholderText(tr("Write a text, or choose a quick response…"))
        self.editor.setAccessibleName(tr("Your reply"))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(54)
        self.editor.textChanged.connect(self._count)
        self.counter = PlainLabel()
        self.counter.setObjectName("textCounter")
        self.send = QPushButton(tr("&Send text"))
        self.send.setObjectName("primary")
        self.send.setToolTip(tr("Send (Ctrl+Enter)"))
        self.send.clicked.connect(self._send)
        QShortcut(QKeySequence("Ctrl+Return"), self.editor, self._send)
        self.call = QPushButton(tr("&Call back"))
        self.call.setToolTip(tr("Your softphone dials the number that texted"))
        self.call.clicked.connect(texts.call_back)
        self.app_link = QPushButton(tr("Send app &link"))
        self.app_link.setToolTip(
            tr("Texts a one-time link: opened in the pharmacy app, it verifies the caller")
        )
        self.app_link.clicked.connect(texts.send_app_link)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.call)
        top.addWidget(self.app_link)
        # One row for choosing, counting and sending: the thread keeps the height.
        choose = QHBoxLayout()
        choose.addWidget(self.quick, 1)
        choose.addWidget(self.language)
        choose.addWidget(self.counter)
        choose.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.opted_out)
        layout.addWidget(self.problem)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.editor)
        layout.addLayout(choose)

        texts.threadChanged.connect(self.show_thread)
        texts.quickResponsesLoaded.connect(self.show_quick_responses)
        texts.failed.connect(lambda text: self.problem.show_message(text, "error"))
        texts.sent.connect(self._sent)
        texts.busyChanged.connect(lambda _busy: self._count())
        self.show_quick_responses(texts.quick)
        self.show_thread(texts.sms_thread)

    # --- state in -------------------------------------------------------------------------

    def show_thread(self, thread: m.TextThread | None) -> None:
        conv = self.texts.conversation
        caller = conv.caller.name or conv.caller.display if conv else ""
        self.title.setText(tr("Texts with {0}").format(caller) if conv else "")
        items = thread.items if thread else []
        self._show_items(items, caller)
        if thread is not None and thread.opted_out:
            self.opted_out.show_message(
                tr("This number replied STOP: no text can be sent until it texts START."),
                "warn",
            )
        else:
            self.opted_out.clear_message()
        self._count()

    def _show_items(self, items: list[m.Text], caller: str) -> None:
        """The thread as it stands. A text sent, delivered or answered changes one bubble or
        adds one: the others stay as they are. Rebuilt whole at every change, the thread's
        bubbles were made, styled and deleted again at each status of each text, several times
        in the frames of a verification by link."""
        shown = [bubble.text_id for bubble in self._bubbles]
        if [text.id for text in items[: len(shown)]] != shown:  # another thread, or one cut
            self._clear_bubbles()
        for text, bubble in zip(items, self._bubbles, strict=False):
            bubble.show_text(text, caller)
        for text in items[len(self._bubbles) :]:
            self._add_bubble(text, caller)

    def _clear_bubbles(self) -> None:
        self._bubbles = []
        while self.rows.count() > 1:
            item = self.rows.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # out of the window now, not at the next loop turn
                widget.deleteLater()

    def _thread_width(self) -> int:
        margins = self.rows.contentsMargins()
        return self.list.width() - margins.left() - margins.right()

    def _fit_bubbles(self, _list_width: int = 0) -> None:
        width = self._thread_width()
        for bubble in self._bubbles:
            bubble.set_room(width)

    def _add_bubble(self, text: m.Text, caller: str) -> None:
        bubble = Bubble(text, caller)
        bubble.set_room(self._thread_width())
        row = QHBoxLayout()
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        if text.direction is m.Direction.OUTBOUND:
            row.addStretch(1)
            row.addWidget(bubble)
        else:
            row.addWidget(bubble)
            row.addStretch(1)
        self.rows.addWidget(holder)
        self._bubbles.append(bubble)

    def show_quick_responses(self, items: list[m.QuickResponse]) -> None:
        self.quick.clear()
        self.quick.addItem(tr("Quick response…"), None)
        for item in items:
            self.quick.addItem(item.title, item.id)
            self.quick.setItemData(
                self.quick.count() - 1, item.preview, Qt.ItemDataRole.ToolTipRole
            )
        self.quick.setEnabled(bool(items))

    def bubbles(self) -> list[Bubble]:
        return list(self._bubbles)

    def hide_for_lock(self) -> None:
        """The idle lock: no text, number or draft stays in a widget."""
        self._clear_bubbles()
        self.title.clear()
        self.editor.clear()
        self.problem.clear_message()
        self.opted_out.clear_message()
        self.quick.clear()

    # --- intent out -----------------------------------------------------------------------

    def _language_chosen(self, index: int) -> None:
        # A quick response already in the box stays as written, and goes as free text: the
        # server would fill it in the new language, which is not what the advisor read.
        self._preview = None
        self.quick.setCurrentIndex(0)
        self.texts.set_language(str(self.language.itemData(index)))

    def _quick_chosen(self, index: int) -> None:
        ident = self.quick.itemData(index)
        if ident is None:
            return
        chosen = next((q for q in self.texts.quick if q.id == ident), None)
        if chosen is None:
            return
        self._preview = (chosen.id, chosen.preview)
        self.editor.setPlainText(chosen.preview)
        self.editor.setFocus()

    def _count(self) -> None:
        length = len(self.editor.toPlainText().strip())
        over = length > m.SMS_MAX_CHARS
        self.counter.setText(tr("{0} / {1}").format(length, m.SMS_MAX_CHARS))
        self.counter.setToolTip(tr("Characters, of the most one text can hold"))
        self.counter.setProperty("over", over)
        repolish(self.counter)
        thread = self.texts.sms_thread
        can = thread is not None and not thread.opted_out and not self.texts.busy
        self.send.setEnabled(can and 0 < length <= m.SMS_MAX_CHARS)
        self.app_link.setEnabled(
            thread is not None
            and not thread.opted_out
            and self.texts.conversation is not None
            and not self.texts.conversation.auth_state.is_verified
        )
        self.call.setEnabled(self.texts.conversation is not None)

    def _send(self) -> None:
        if not self.send.isEnabled():
            return
        text = self.editor.toPlainText().strip()
        self.problem.clear_message()
        if self._preview is not None and text == self._preview[1].strip():
            self.texts.reply(quick_response=self._preview[0])
        else:
            self.texts.reply(text)

    def _sent(self, _text: m.Text) -> None:
        self.editor.clear()
        self._preview = None
        self.quick.setCurrentIndex(0)
