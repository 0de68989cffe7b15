"""Call-backs: a dock listing the callers who asked to be called back, oldest first, each with
its wait against the service level. It shows the call-backs controller's state and emits
intent (take, dial, record the outcome); every string from the server is plain text. The wait
and the LATE mark are recomputed every half minute, so a row turns late on screen when it does
on the server. Behind the idle lock the list is emptied (numbers are patients' data)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QBrush, QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
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
from desktop.controllers.callbacks import CallbacksController
from desktop.i18n import translate
from desktop.views.partials.formatting import age, clock
from desktop.views.partials.widgets import Banner, PlainLabel

ID = Qt.ItemDataRole.UserRole
SOON = timedelta(minutes=5)  # amber this long before a call-back is due


def tr(text: str) -> str:
    return translate("Callbacks", text)


def describe(callback: m.Callback, me: str | None, now: datetime) -> str:
    """Two lines: who to call and how they asked; how long they have waited against the
    service level, and whose it is."""
    if callback.source is m.CallbackSource.TEXT:
        how = tr("texted CALL ME")
    elif callback.line:
        how = tr("rang {0}").format(callback.line)
    else:
        how = tr("asked in the queue")
    if now > callback.due_at:
        sla = tr("LATE: due {0}").format(clock(callback.due_at, now))
    else:
        sla = tr("call back by {0}").format(clock(callback.due_at, now))
    if callback.status is m.CallbackStatus.TAKEN and callback.taken_by == me:
        who = tr("yours")
    elif callback.status is m.CallbackStatus.TAKEN:
        who = tr("taken by {0}").format(callback.taken_by_name or tr("another advisor"))
    else:
        who = tr("free to take")
    return tr("{number} · {how}\nwaited {age} · {sla} · {who}").format(
        number=callback.number_display,
        how=how,
        age=age(callback.requested_at, now),
        sla=sla,
        who=who,
    )


class CallbackList(QListWidget):
    """Enter takes the selected call-back, or dials it when it is already yours."""

    def __init__(self, on_enter: Callable[[], None]) -> None:
        super().__init__()
        self._on_enter = on_enter

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_enter()
            return
        super().keyPressEvent(event)


class CallbacksPanel(QDockWidget):
    def __init__(self, callbacks: CallbacksController, parent: QWidget | None = None) -> None:
        super().__init__(tr("Call-backs"), parent)
        self.setObjectName("callbacksPanel")
        self.callbacks = callbacks
        self.summary = PlainLabel()
        self.summary.setObjectName("callbackSummary")
        self.list = CallbackList(self._enter)
        self.list.setObjectName("callbackList")
        self.list.setAccessibleName(tr("Call-backs waiting, oldest first"))
        self.list.setAccessibleDescription(
            tr("Enter takes the selected call-back, or dials it when it is yours.")
        )
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setTabKeyNavigation(False)
        self.empty = PlainLabel(tr("Nobody is waiting for a call-back."))
        self.empty.setObjectName("callbacksEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.take = QPushButton(tr("Ta&ke"))
        self.take.setObjectName("takeCallback")
        self.dial = QPushButton(tr("&Dial"))
        self.dial.setObjectName("dialCallback")
        self.outcome = QComboBox()
        self.outcome.setObjectName("callbackOutcome")
        self.outcome.setAccessibleName(tr("How the call-back ended"))
        self.record = QPushButton(tr("Record o&utcome"))
        self.record.setObjectName("recordCallback")
        self.banner = Banner()
        self.banner.setObjectName("callbackMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.take)
        buttons.addWidget(self.dial)
        buttons.addStretch(1)
        finish = QHBoxLayout()
        finish.addWidget(self.outcome, 1)
        finish.addWidget(self.record)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.summary)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty, 1)
        column.addLayout(buttons)
        column.addLayout(finish)
        column.addWidget(self.banner)
        self.setWidget(body)

        self.take.clicked.connect(self._take)
        self.dial.clicked.connect(self._dial)
        self.record.clicked.connect(self._record)
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        callbacks.listChanged.connect(lambda _items: self.refresh())
        callbacks.busyChanged.connect(lambda _busy: self._enable())
        callbacks.done.connect(lambda text: self.banner.show_message(text, "ok"))
        callbacks.failed.connect(lambda text: self.banner.show_message(text, "error"))
        callbacks.dialByLink.connect(self.dial_by_link)
        self._ticker = QTimer(self)
        self._ticker.setInterval(30_000)
        self._ticker.timeout.connect(self.refresh)
        self._ticker.start()
        self.visibilityChanged.connect(self._shown)
        self.refresh()

    def _shown(self, visible: bool) -> None:
        if visible:
            self.refresh()

    def current(self) -> m.Callback | None:
        item = self.list.currentItem()
        return self.callbacks.get(item.data(ID)) if item is not None else None

    def refresh(self) -> None:
        if not self.isVisible():  # hidden, or behind the idle lock: no numbers on screen
            return
        self._fill_outcomes()
        now = datetime.now(UTC)
        me = self.callbacks.desk.me
        mine = me.id if me is not None else None
        kept = self.list.currentItem().data(ID) if self.list.currentItem() else None
        self.list.blockSignals(True)
        self.list.clear()
        for callback in self.callbacks.items:
            item = QListWidgetItem(describe(callback, mine, now))
            item.setData(ID, callback.id)
            # The colour marks the service level; the words say it too ("LATE", "by").
            if now > callback.due_at:
                item.setForeground(QBrush(theme.colour("error_fg")))
            elif callback.due_at - now < SOON:
                item.setForeground(QBrush(theme.colour("warn_fg")))
            self.list.addItem(item)
            if callback.id == kept:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        late = sum(1 for c in self.callbacks.items if now > c.due_at)
        waiting = sum(1 for c in self.callbacks.items if c.status is m.CallbackStatus.WAITING)
        self.summary.setText(
            tr("{0} waiting · {1} late · call back within {2} min").format(
                waiting, late, self.callbacks.sla_minutes
            )
        )
        has_items = bool(self.callbacks.items)
        self.list.setVisible(has_items)
        self.empty.setVisible(not has_items)
        self._enable()

    def clear(self) -> None:
        """Behind the idle lock: no caller's number left on screen."""
        self.list.clear()
        self.banner.clear_message()

    def _fill_outcomes(self) -> None:
        dispositions = self.callbacks.desk.wrap_up.dispositions
        codes = [self.outcome.itemData(i) for i in range(self.outcome.count())]
        if codes == [d.code for d in dispositions]:
            return
        self.outcome.clear()
        for disposition in dispositions:
            self.outcome.addItem(disposition.label, disposition.code)

    def _enable(self) -> None:
        callback = self.current()
        busy = self.callbacks.busy
        free = callback is not None and callback.status is m.CallbackStatus.WAITING
        mine = callback is not None and self.callbacks.mine(callback)
        self.take.setEnabled(free and not busy)
        self.dial.setEnabled(mine and not busy)
        self.outcome.setEnabled(mine)
        self.record.setEnabled(mine and not busy and self.outcome.count() > 0)

    def _enter(self) -> None:
        callback = self.current()
        if callback is None:
            return
        if callback.status is m.CallbackStatus.WAITING:
            self._take()
        elif self.callbacks.mine(callback):
            self._dial()

    def _take(self) -> None:
        callback = self.current()
        if callback is not None:
            self.banner.clear_message()
            self.callbacks.take(callback.id)

    def _dial(self) -> None:
        callback = self.current()
        if callback is not None:
            self.banner.clear_message()
            self.callbacks.dial(callback.id)

    def _record(self) -> None:
        callback = self.current()
        code = self.outcome.currentData()
        if callback is not None and code:
            self.banner.clear_message()
            self.callbacks.finish(callback.id, code)

    def dial_by_link(self, number: str) -> None:
        """No dialling API: a tel: link the system hands to the softphone."""
        if QDesktopServices.openUrl(QUrl(f"tel:{number}")):
            self.banner.show_message(tr("Your softphone has the number: press call."), "info")
        else:
            self.banner.show_message(
                tr("No softphone is set up to dial tel: links on this computer."), "warn"
            )
