"""For pharmacists: the escalations queue, a dock beside the desk. It shows the pharmacy
controller's state and emits intent; every string from the server is plain text. Ages and SLA
marks are recomputed every half minute, so a row turns late on screen when it does on the server.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop import theme
from desktop.controllers.pharmacy import PharmacyController
from desktop.i18n import translate
from desktop.views.partials.formatting import age, clock
from desktop.views.partials.widgets import Banner, PlainLabel

ID = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    return translate("Pharmacy", text)


SOON = timedelta(minutes=15)  # amber this long before a claim is due


def late(escalation: m.Escalation, now: datetime) -> bool:
    return (escalation.acknowledged_at or now) > escalation.ack_due_at


def describe(escalation: m.Escalation, now: datetime) -> str:
    if late(escalation, now):
        sla = tr("LATE: claim was due {0}").format(clock(escalation.ack_due_at, now))
    elif escalation.acknowledged_at is not None:
        sla = tr("claimed in time")
    else:
        sla = tr("claim by {0}").format(clock(escalation.ack_due_at, now))
    if escalation.assignee and escalation.status is m.IssueStatus.CLAIMED:
        who = tr("claimed by {0}").format(escalation.assignee)
    elif escalation.assignee:
        who = tr("for {0}, unclaimed").format(escalation.assignee)
    else:
        who = tr("unclaimed")
    return tr("{age} · {patient}: {title}\n{sla} · {who} · escalated by {by}").format(
        age=age(escalation.created_at, now),
        patient=escalation.patient_name,
        title=escalation.title,
        sla=sla,
        who=who,
        by=escalation.escalated_by or tr("the system"),
    )


class EscalationsPanel(QDockWidget):
    def __init__(self, pharmacy: PharmacyController, parent: QWidget | None = None) -> None:
        super().__init__(tr("Escalations"), parent)
        self.setObjectName("escalationsPanel")
        self.pharmacy = pharmacy
        self.summary = PlainLabel()
        self.summary.setObjectName("escalationSummary")
        self.list = QListWidget()
        self.list.setObjectName("escalationList")
        self.list.setAccessibleName(tr("Escalations waiting, oldest first"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setTabKeyNavigation(False)
        self.details = PlainLabel()
        self.details.setObjectName("escalationDetails")
        self.details.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setObjectName("clinicalNote")
        self.note.setAccessibleName(tr("Clinical note"))
        self.note.setPlaceholderText(tr("Clinical note: a reply to the advisor, or the outcome"))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.claim = QPushButton(tr("Cla&im"))
        self.claim.setObjectName("claimEscalation")
        self.reply = QPushButton(tr("&Reply"))
        self.reply.setObjectName("replyEscalation")
        self.resolve = QPushButton(tr("Re&solve"))
        self.resolve.setObjectName("resolveEscalation")
        self.banner = Banner()
        self.banner.setObjectName("escalationMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.claim)
        buttons.addStretch(1)
        buttons.addWidget(self.reply)
        buttons.addWidget(self.resolve)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.summary)
        column.addWidget(self.list, 1)
        column.addWidget(self.details)
        column.addWidget(self.note)
        column.addLayout(buttons)
        column.addWidget(self.banner)
        self.setWidget(body)

        self.claim.clicked.connect(self._claim)
        self.reply.clicked.connect(lambda: self._note(resolve=False))
        self.resolve.clicked.connect(lambda: self._note(resolve=True))
        self.list.currentItemChanged.connect(lambda *_: self._selected())
        self.note.textChanged.connect(self._enable)
        pharmacy.escalationsChanged.connect(lambda _items: self.refresh())
        pharmacy.escalationDone.connect(lambda text: self.banner.show_message(text, "ok"))
        pharmacy.escalationFailed.connect(lambda text: self.banner.show_message(text, "error"))
        self._ticker = QTimer(self)
        self._ticker.setInterval(30_000)
        self._ticker.timeout.connect(self.refresh)
        self._ticker.start()
        self.visibilityChanged.connect(lambda visible: visible and self.refresh())
        self.refresh()

    def current(self) -> m.Escalation | None:
        item = self.list.currentItem()
        return self.pharmacy.escalations.get(item.data(ID)) if item is not None else None

    def refresh(self) -> None:
        if not self.isVisible():  # hidden, or behind the idle lock: no patient names
            return
        now = datetime.now(UTC)
        kept = self.list.currentItem().data(ID) if self.list.currentItem() else None
        self.list.blockSignals(True)
        self.list.clear()
        waiting = self.pharmacy.ordered()
        overdue = 0
        for escalation in waiting:
            item = QListWidgetItem(describe(escalation, now))
            item.setData(ID, escalation.id)
            # The colour marks the SLA; the words say it too ("LATE", "claim by").
            if late(escalation, now):
                overdue += 1
                item.setForeground(QBrush(theme.colour("error_fg")))
            elif escalation.acknowledged_at is None and escalation.ack_due_at - now < SOON:
                item.setForeground(QBrush(theme.colour("warn_fg")))
            self.list.addItem(item)
            if escalation.id == kept:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        hours = self.pharmacy.ack_minutes / 60
        self.summary.setText(
            tr("{0} waiting · {1} late · claim within {2:g} h").format(len(waiting), overdue, hours)
        )
        self._selected()

    def _selected(self) -> None:
        escalation = self.current()
        self.details.setText(
            escalation.description or tr("No details given.") if escalation else ""
        )
        self._enable()

    def _enable(self) -> None:
        escalation = self.current()
        me = self.pharmacy.desk.me
        mine_or_free = escalation is not None and (
            escalation.assignee_id is None or (me is not None and escalation.assignee_id == me.id)
        )
        written = bool(self.note.toPlainText().strip())
        self.claim.setEnabled(
            mine_or_free and escalation is not None and escalation.status is m.IssueStatus.OPEN
        )
        self.reply.setEnabled(mine_or_free and written)
        self.resolve.setEnabled(mine_or_free and written)

    def _claim(self) -> None:
        escalation = self.current()
        if escalation is not None:
            self.banner.clear_message()
            self.pharmacy.claim(escalation.id)

    def _note(self, resolve: bool) -> None:
        escalation = self.current()
        text = self.note.toPlainText().strip()
        if escalation is None or not text:
            return
        self.banner.clear_message()
        if resolve:
            self.pharmacy.resolve(escalation.id, text)
        else:
            self.pharmacy.reply(escalation.id, text)
        self.note.clear()
