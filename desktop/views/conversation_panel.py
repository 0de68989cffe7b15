"""The live side panel: this advisor's conversations, ringing first, with timers and badges."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop import resources, theme
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.state import ConversationModel, Roles, auth_badge
from desktop.views.partials.widgets import PlainLabel

STATE_WORDS = {
    m.ConversationState.RINGING: QT_TRANSLATE_NOOP("Panel", "Ringing"),
    m.ConversationState.ACTIVE: QT_TRANSLATE_NOOP("Panel", "On call"),
    m.ConversationState.WRAP_UP: QT_TRANSLATE_NOOP("Panel", "Wrap-up"),
}
CHAT_STATE_WORDS = {
    m.ConversationState.RINGING: QT_TRANSLATE_NOOP("Panel", "Waiting"),
    m.ConversationState.ACTIVE: QT_TRANSLATE_NOOP("Panel", "Chatting"),
}
TEXT_STATE_WORDS = {
    m.ConversationState.RINGING: QT_TRANSLATE_NOOP("Panel", "New text"),
    m.ConversationState.ACTIVE: QT_TRANSLATE_NOOP("Panel", "Texting"),
}
CHANNEL_ICONS = {m.Channel.CHAT: "chat", m.Channel.SMS: "sms"}


def badge(conv: m.Conversation) -> tuple[str, QColor, QColor]:
    """Text, text colour and fill of the authentication badge, in the scheme in use."""
    label, family = auth_badge(conv)
    return (
        translate("Badges", label),
        theme.colour(f"{family}_fg"),
        theme.colour(f"{family}_bg"),
    )


def elapsed(conv: m.Conversation, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    since = (
        conv.answered_at
        if conv.state is not m.ConversationState.RINGING and conv.answered_at
        else conv.started_at
    )
    seconds = max(0, int((now - since).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def status_line(conv: m.Conversation) -> str:
    words = {m.Channel.CHAT: CHAT_STATE_WORDS, m.Channel.SMS: TEXT_STATE_WORDS}.get(
        conv.channel, STATE_WORDS
    )
    word = words.get(conv.state, STATE_WORDS.get(conv.state, conv.state.value))
    return f"{translate('Panel', word)} · {elapsed(conv)}"


class ConversationDelegate(QStyledItemDelegate):
    ROW_HEIGHT = 60

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), self.ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        conv: m.Conversation | None = index.data(Roles.CONVERSATION)
        if conv is None:
            return
        painter.save()
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ringing = conv.state is m.ConversationState.RINGING
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif ringing:
            painter.fillRect(rect, theme.colour("ringing_bg"))
            painter.fillRect(
                QRect(rect.left(), rect.top(), 4, rect.height()), theme.colour("ringing_edge")
            )
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        if selected:
            muted = QColor(text_colour)
        elif ringing:
            text_colour, muted = theme.colour("ringing_fg"), theme.colour("ringing_muted")
        else:
            muted = theme.colour("muted")

        icon_rect = QRect(rect.left() + 14, rect.top() + 18, 24, 24)
        icon = resources.icon(CHANNEL_ICONS.get(conv.channel, "phone"))
        # Drawn as a pixmap: QIcon.paint in PySide6 6.12 drops a reference to None on every
        # call, and a list repainted all day would end the process (tests/desktop/test_panel_paint).
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        pixmap = icon.pixmap(icon_rect.size(), ratio)
        if selected:  # the icon's own colour vanishes on the highlight: draw it in the text's
            tint = QPainter(pixmap)
            tint.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            tint.fillRect(pixmap.rect(), text_colour)
            tint.end()
        painter.drawPixmap(icon_rect, pixmap)

        text_left = rect.left() + 50
        name_font = QFont(option.font)
        name_font.setBold(True)
        name_font.setPointSizeF(option.font.pointSizeF() + 0.5)
        painter.setFont(name_font)
        painter.setPen(text_colour)
        label, fg, bg = badge(conv)
        badge_font = QFont(option.font)
        badge_font.setPointSizeF(max(7.5, option.font.pointSizeF() - 1.5))
        badge_font.setBold(True)
        metrics = painter.fontMetrics()
        painter.setFont(badge_font)
        badge_width = painter.fontMetrics().horizontalAdvance(label) + 16
        badge_rect = QRect(rect.right() - badge_width - 12, rect.top() + 10, badge_width, 20)
        painter.setFont(name_font)
        name_width = badge_rect.left() - text_left - 8
        caller = conv.caller.name or conv.caller.display
        painter.drawText(
            QRect(text_left, rect.top() + 8, name_width, 24),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(caller, Qt.TextElideMode.ElideRight, name_width),
        )

        painter.setFont(option.font)
        painter.setPen(muted)
        second = status_line(conv)
        if index.data(Roles.UNREAD):  # a text came in since the advisor last looked
            word = translate("Panel", "New text")
            second = f"{word} · {elapsed(conv)}"
            unread_font = QFont(option.font)
            unread_font.setBold(True)
            painter.setFont(unread_font)
            painter.setPen(text_colour if selected else theme.colour("accent"))
        if conv.caller.name and conv.caller.number:
            second = f"{conv.caller.display} · {second}"
        painter.drawText(
            QRect(text_left, rect.top() + 32, rect.width() - 70, 20),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            second,
        )

        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(badge_rect, 10, 10)
        painter.setPen(fg)
        painter.setFont(badge_font)
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, label)

        painter.setPen(palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()


class ConversationList(QListView):
    """The list paints its own empty-state message: it is never hidden and shown again, which
    would relayout the window and delay the first paint of the call that just rang."""

    EMPTY = QT_TRANSLATE_NOOP(
        "Panel", "No conversations.\nCalls and chats appear here the moment they arrive."
    )

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Qt gives the view a new selection model with every model and leaves the old one to
        its owner: the lock swaps the model twice, and each swap kept one more for the day."""
        old = self.selectionModel()
        super().setModel(model)
        if old is not None and old is not self.selectionModel():
            old.deleteLater()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            colour = self.palette().color(QPalette.ColorRole.Text)
            colour.setAlpha(150)
            painter.setPen(colour)
            area = self.viewport().rect().adjusted(24, 0, -24, 0)
            painter.drawText(
                area,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                translate("Panel", self.EMPTY),
            )


class ConversationPanel(QWidget):
    """The list and its header; selecting a row (mouse, arrows, Enter) opens it."""

    openRequested = Signal(str)

    def __init__(self, model: ConversationModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationPanel")
        self.header = PlainLabel(self.tr("Conversations"))
        self.header.setObjectName("panelHeader")
        self.list = ConversationList()
        self.list.setObjectName("conversationList")
        self.list.setModel(model)
        self.list.setItemDelegate(ConversationDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.activated.connect(self._activated)
        self.list.clicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        self._model = model
        # Any change of a row (answered, ended) can change the counts, not only new rows.
        for sig in (model.rowsInserted, model.rowsRemoved, model.rowsMoved, model.modelReset):
            sig.connect(self._update_header)
        model.dataChanged.connect(self._row_changed)
        self._update_header()

    def _activated(self, index: QModelIndex) -> None:
        conversation_id = index.data(Roles.ID)
        if conversation_id:
            self.openRequested.emit(conversation_id)

    def select(self, conversation_id: str) -> None:
        row = self._model.row_of(conversation_id)
        if row >= 0:
            self.list.setCurrentIndex(self._model.index(row))

    def _row_changed(self, _first: QModelIndex, _last: QModelIndex, roles: list[int]) -> None:
        display = Qt.ItemDataRole.DisplayRole.value
        # The once-a-second timer repaint (DisplayRole only) changes no count.
        if [getattr(r, "value", r) for r in roles] != [display]:
            self._update_header()

    def _update_header(self, *_changed: object) -> None:
        count = self._model.rowCount()
        ringing = sum(
            1
            for i in range(count)
            if self._model.data(self._model.index(i), Roles.CONVERSATION).state
            is m.ConversationState.RINGING
        )
        text = self.tr("Conversations · {0}").format(count)
        if ringing:
            text += " · " + self.tr("{0} ringing").format(ringing)
        self.header.setText(text)
