"""For team leads: the live floor, a dock beside the desk: the queue against its SLA, locked
challenges to unlock, requests. It shows the lead controller's state and emits intent; every
string from the server is plain text."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop import theme
from desktop.controllers.lead import LeadController
from desktop.i18n import translate
from desktop.views.partials.formatting import minutes_and_seconds
from desktop.views.partials.widgets import Banner, PlainLabel

ID = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    return translate("Lead", text)


def waiting_text(item: m.WaitingConversation, now: datetime) -> str:
    waited = (now - item.started_at).total_seconds()
    sla = (
        tr("over {0} s").format(item.sla_seconds)
        if waited > item.sla_seconds
        else tr("within {0} s").format(item.sla_seconds)
    )
    channel = tr("chat") if item.channel is m.Channel.CHAT else tr("call")
    line = f" · {item.line}" if item.line else ""
    text = f"{minutes_and_seconds(waited)}  {sla} · {channel} · {item.caller_display}{line}"
    if item.routing_reason:
        text += "\n" + tr("Routed: {0}").format(item.routing_reason)
    return text


def callbacks_text(floor: m.Floor) -> str:
    oldest = (
        tr("oldest {0} min").format(round(floor.oldest_callback_minutes))
        if floor.oldest_callback_minutes is not None
        else tr("none waiting")
    )
    return tr("Call-backs: {waiting} waiting, {late} late · {oldest}").format(
        waiting=floor.callbacks_waiting, late=floor.callbacks_late, oldest=oldest
    )


class FloorPanel(QDockWidget):
    def __init__(self, lead: LeadController, parent: QWidget | None = None) -> None:
        super().__init__(tr("Floor"), parent)
        self.setObjectName("floorPanel")
        self.lead = lead
        self.summary = PlainLabel()
        self.summary.setObjectName("floorSummary")
        self.summary.setWordWrap(True)
        self.waiting = QListWidget()
        self.waiting.setObjectName("waitingList")
        self.waiting.setAccessibleName(tr("Waiting for an agent, longest first"))
        self.waiting.setTabKeyNavigation(False)
        self.waiting.setWordWrap(True)
        self.locked = QListWidget()
        self.locked.setObjectName("lockedList")
        self.locked.setAccessibleName(tr("Locked challenges waiting for a lead"))
        self.locked.setTabKeyNavigation(False)
        self.locked.setMaximumHeight(110)
        self.unlock = QPushButton(tr("&Unlock challenge"))
        self.unlock.setObjectName("unlockChallenge")
        self.banner = Banner()
        self.banner.setObjectName("floorMessage")
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.summary)
        column.addWidget(PlainLabel(tr("Waiting for an agent")))
        column.addWidget(self.waiting, 1)
        column.addWidget(PlainLabel(tr("Locked challenges")))
        column.addWidget(self.locked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.unlock)
        column.addLayout(row)
        column.addWidget(self.banner)
        self.setWidget(body)
        self.unlock.clicked.connect(self._unlock)
        self.locked.currentItemChanged.connect(
            lambda *_: self.unlock.setEnabled(self.locked.currentItem() is not None)
        )
        lead.floorLoaded.connect(self.show_floor)
        lead.floorFailed.connect(lambda text: self.banner.show_message(text, "error"))
        lead.unlocked.connect(
            lambda who: self.banner.show_message(tr("Unlocked: {0}").format(who), "ok")
        )
        # The waits tick on screen between fetches; the server's figures replace them.
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        self.unlock.setEnabled(False)
        self.visibilityChanged.connect(self._shown)

    def _shown(self, visible: bool) -> None:
        if visible and self.lead.floor is not None:
            self.show_floor(self.lead.floor)

    def clear(self) -> None:
        """Callers' numbers off the screen (the idle lock)."""
        self.waiting.clear()
        self.locked.clear()

    def show_floor(self, floor: m.Floor) -> None:
        if not self.isVisible():
            return
        self._tick()
        current = self.locked.currentItem()
        kept = current.data(ID) if current is not None else None
        self.locked.clear()
        for item in floor.locked:
            entry = QListWidgetItem(
                tr("{caller} · {agent} · since {time}").format(
                    caller=item.caller_display,
                    agent=item.agent_name or tr("no agent"),
                    time=item.since.astimezone().strftime("%H:%M"),
                )
            )
            entry.setData(ID, ("conversation", item.id))
            self.locked.addItem(entry)
        for account in floor.unlock_requests:
            entry = QListWidgetItem(
                tr("Account {account} · challenges locked since {time}").format(
                    account=account.account_id,
                    time=account.since.astimezone().strftime("%d %b %H:%M"),
                )
            )
            entry.setData(ID, ("account", account.account_id))
            self.locked.addItem(entry)
        for n in range(self.locked.count()):
            if self.locked.item(n).data(ID) == kept:
                self.locked.setCurrentRow(n)
        if not floor.locked and not floor.unlock_requests:
            self.locked.addItem(tr("None"))
            self.locked.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.unlock.setEnabled(
            bool(floor.locked or floor.unlock_requests) and self.locked.currentItem() is not None
        )

    def _tick(self) -> None:
        floor = self.lead.floor
        if floor is None or not self.isVisible():  # hidden (or behind the idle lock): no names
            return
        now = datetime.now(UTC)
        self.waiting.clear()
        over = 0
        for item in floor.waiting:
            entry = QListWidgetItem(waiting_text(item, now))
            entry.setData(ID, item.id)
            if (now - item.started_at).total_seconds() > item.sla_seconds:
                over += 1
                entry.setForeground(QBrush(theme.colour("error_fg")))
            self.waiting.addItem(entry)
        if not floor.waiting:
            self.waiting.addItem(tr("Nobody is waiting."))
        breaches = floor.breaches_today
        self.summary.setText(
            tr(
                "{waiting} waiting, {over} over SLA · {locked} locked · "
                "{refunds} refund requests · late today: {phone} calls, {chat} chats, "
                "{escalations} escalations"
            ).format(
                waiting=len(floor.waiting),
                over=over,
                locked=len(floor.locked) + floor.locked_accounts,
                refunds=floor.pending_refund_requests,
                phone=breaches.get("phone", 0),
                chat=breaches.get("chat", 0),
                escalations=breaches.get("escalations", 0),
            )
            + "\n"
            + callbacks_text(floor)
        )

    def _unlock(self) -> None:
        item = self.locked.currentItem()
        if item is not None and item.data(ID):
            kind, target = item.data(ID)
            self.banner.clear_message()
            self.lead.unlock(kind, target)
