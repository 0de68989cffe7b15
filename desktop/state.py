"""Desk state as Qt models and signals: the conversation list and the connection's health.

Views observe these; they never own state. The conversation model is fed from the event stream
and keeps the newest version of each conversation (a late, older event never wins).
"""

from __future__ import annotations

import time
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from backend_client import models as m
from desktop.i18n import QT_TRANSLATE_NOOP, translate

OPEN = {m.ConversationState.RINGING, m.ConversationState.ACTIVE, m.ConversationState.WRAP_UP}
_STATE_ORDER = {
    m.ConversationState.RINGING: 0,
    m.ConversationState.ACTIVE: 1,
    m.ConversationState.WRAP_UP: 2,
}


class Roles:
    CONVERSATION = Qt.ItemDataRole.UserRole + 1
    ID = Qt.ItemDataRole.UserRole + 2
    UNREAD = Qt.ItemDataRole.UserRole + 3  # a text came in since the advisor last looked


def sort_key(conv: m.Conversation) -> tuple[int, float]:
    """Ringing first (oldest ringing on top: it has waited longest), then newest first."""
    order = _STATE_ORDER.get(conv.state, 3)
    started = conv.started_at.timestamp()
    return (order, started if conv.state is m.ConversationState.RINGING else -started)


BADGES = (
    QT_TRANSLATE_NOOP("Badges", "Locked"),
    QT_TRANSLATE_NOOP("Badges", "Verified"),
    QT_TRANSLATE_NOOP("Badges", "DOB check"),
    QT_TRANSLATE_NOOP("Badges", "Call back"),
    QT_TRANSLATE_NOOP("Badges", "Not verified"),
)


def auth_badge(conv: m.Conversation) -> tuple[str, str]:
    """The authentication badge's word (English: translate with the "Badges" context) and its
    colour family (error, ok, warn, neutral)."""
    if conv.auth_state is m.AuthState.LOCKED:
        return "Locked", "error"
    if conv.auth_state.is_verified:
        return "Verified", "ok"
    if conv.pending is m.PendingCheck.DATE_OF_BIRTH:
        return "DOB check", "warn"
    if conv.pending is m.PendingCheck.CALLBACK:
        return "Call back", "warn"
    return "Not verified", "neutral"


def spoken(conv: m.Conversation) -> str:
    """A row as a screen reader says it: who, how, where it stands, and whether verified."""
    who = conv.caller.name or conv.caller.display
    chat = conv.channel is m.Channel.CHAT
    state = {
        m.ConversationState.RINGING: (
            translate("Spoken", "waiting") if chat else translate("Spoken", "ringing")
        ),
        m.ConversationState.ACTIVE: translate("Spoken", "in progress"),
        m.ConversationState.WRAP_UP: translate("Spoken", "in wrap-up"),
    }.get(conv.state, conv.state.value.replace("_", " "))
    if chat:
        text = translate("Spoken", "Chat from {who}, {state}, {badge}")
    elif conv.channel is m.Channel.SMS:
        text = translate("Spoken", "Texts from {who}, {state}, {badge}")
    else:
        text = translate("Spoken", "Call from {who}, {state}, {badge}")
    return text.format(who=who, state=state, badge=translate("Badges", auth_badge(conv)[0]))


class ConversationModel(QAbstractListModel):
    """This agent's open conversations, one row each, sorted for the side panel."""

    conversationAdded = Signal(str)
    conversationChanged = Signal(str)
    conversationRemoved = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[m.Conversation] = []
        self._unread: set[str] = set()  # text conversations with a text the advisor has not seen

    # --- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        conv = self._rows[index.row()]
        if role == Roles.CONVERSATION:
            return conv
        if role == Roles.ID:
            return conv.id
        if role == Qt.ItemDataRole.DisplayRole:
            return conv.caller.name or conv.caller.display
        if role == Roles.UNREAD:
            return conv.id in self._unread
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if conv.id in self._unread:
                news = translate("Spoken", "new text")
                return f"{spoken(conv)}, {news}"
            return spoken(conv)
        return None

    # --- state changes --------------------------------------------------------------------

    def conversation(self, conversation_id: str) -> m.Conversation | None:
        return next((c for c in self._rows if c.id == conversation_id), None)

    def row_of(self, conversation_id: str) -> int:
        return next((i for i, c in enumerate(self._rows) if c.id == conversation_id), -1)

    def replace_all(self, conversations: list[m.Conversation]) -> None:
        self.beginResetModel()
        self._rows = sorted((c for c in conversations if c.state in OPEN), key=sort_key)
        self.endResetModel()

    def upsert(self, conv: m.Conversation) -> None:
        row = self.row_of(conv.id)
        if row >= 0:
            if self._rows[row].version > conv.version:
                return  # an older copy arriving late
            if conv.state not in OPEN:
                self.remove(conv.id)
                return
            self._rows[row] = conv
            self._resort(row)
            self.conversationChanged.emit(conv.id)
            return
        if conv.state not in OPEN:
            return
        position = 0
        key = sort_key(conv)
        while position < len(self._rows) and sort_key(self._rows[position]) <= key:
            position += 1
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, conv)
        self.endInsertRows()
        self.conversationAdded.emit(conv.id)

    def _resort(self, row: int) -> None:
        conv = self._rows[row]
        target = sorted(self._rows, key=sort_key).index(conv)
        if target != row:
            dest = target + 1 if target > row else target
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
            self._rows.pop(row)
            self._rows.insert(target, conv)
            self.endMoveRows()
            row = target
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def mark_unread(self, conversation_id: str, unread: bool) -> None:
        """A text came in on a conversation not on screen (True), or it was opened (False)."""
        if unread == (conversation_id in self._unread):
            return
        if unread:
            self._unread.add(conversation_id)
        else:
            self._unread.discard(conversation_id)
        row = self.row_of(conversation_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row), self.index(row))

    def remove(self, conversation_id: str) -> None:
        self._unread.discard(conversation_id)
        row = self.row_of(conversation_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self._rows.pop(row)
        self.endRemoveRows()
        self.conversationRemoved.emit(conversation_id)

    def tick(self) -> None:
        """Repaint the timers (once a second) without touching the data."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._rows) - 1), [Qt.ItemDataRole.DisplayRole]
            )

    def ids(self) -> list[str]:
        return [c.id for c in self._rows]


class Connection(Enum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"


class ConnectionState(QObject):
    """The event stream's health for the status bar."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = Connection.CONNECTING
        self.retry_at: float | None = None  # time.monotonic() of the next try
        self.error: str | None = None
        self.failures = 0

    def set_live(self) -> None:
        self.state, self.retry_at, self.error, self.failures = Connection.LIVE, None, None, 0
        self.changed.emit()

    def set_reconnecting(self, retry_in: float, error: str | None, attempt: int) -> None:
        self.failures = attempt
        # After a few failed tries in a row the desk says plainly that it is offline.
        self.state = Connection.OFFLINE if attempt >= 4 else Connection.RECONNECTING
        self.retry_at = time.monotonic() + retry_in
        self.error = error
        self.changed.emit()

    def text(self) -> str:
        if self.state is Connection.LIVE:
            return translate("Connection", "● Live")
        if self.state is Connection.CONNECTING:
            return translate("Connection", "Connecting…")
        seconds = 0
        if self.retry_at is not None:
            seconds = max(0, round(self.retry_at - time.monotonic()))
        label = (
            translate("Connection", "Offline")
            if self.state is Connection.OFFLINE
            else translate("Connection", "Reconnecting")
        )
        if seconds:
            return translate("Connection", "{0} — retrying in {1} s").format(label, seconds)
        return translate("Connection", "{0} — retrying now").format(label)
