"""For pharmacists: the escalations queue and the appointment diary, as docks beside the desk.

Both show the pharmacy controller's state and emit intent; every string from the server is
plain text. The queue's ages and SLA marks are recomputed every half minute, so a row turns
late on screen when it does on the server.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QBrush, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
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
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.pharmacy import PharmacyController
from desktop.views.widgets import Banner, PlainLabel

ID = Qt.ItemDataRole.UserRole
SOON = timedelta(minutes=15)  # amber this long before a claim is due
STATUS_WORDS = (
    QT_TRANSLATE_NOOP("AppointmentStatus", "booked"),
    QT_TRANSLATE_NOOP("AppointmentStatus", "done"),
    QT_TRANSLATE_NOOP("AppointmentStatus", "no_show"),
    QT_TRANSLATE_NOOP("AppointmentStatus", "cancelled"),
)


def tr(text: str) -> str:
    return translate("Pharmacy", text)


def age(since: datetime, now: datetime) -> str:
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return tr("{0} min").format(minutes)
    if minutes < 48 * 60:
        return tr("{0} h {1} min").format(minutes // 60, minutes % 60)
    return tr("{0} days").format(minutes // (24 * 60))


def clock(at: datetime, now: datetime) -> str:
    """A time today as 14:05; another day's with its date."""
    local = at.astimezone()
    return local.strftime("%H:%M" if local.date() == now.astimezone().date() else "%d %b %H:%M")


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


def slot_text(slot: m.AppointmentSlot, with_day: bool) -> str:
    at = slot.starts_at.astimezone()
    when = at.strftime("%a %d %b %H:%M" if with_day else "%H:%M")
    booked = slot.appointment
    if booked is None:
        return tr("{0}  free").format(when)
    return tr("{when}  {patient}: {reason} ({status})").format(
        when=when,
        patient=booked.patient_name,
        reason=booked.reason,
        status=translate("AppointmentStatus", booked.status.value),
    )


class AppointmentsPanel(QDockWidget):
    def __init__(self, pharmacy: PharmacyController, parent: QWidget | None = None) -> None:
        super().__init__(tr("Appointments"), parent)
        self.setObjectName("appointmentsPanel")
        self.pharmacy = pharmacy
        self.previous = QPushButton(tr("◀ Earlier"))
        self.previous.setObjectName("diaryPrevious")
        self.previous.setAccessibleName(tr("Earlier"))
        self.today = QPushButton(tr("&Today"))
        self.today.setObjectName("diaryToday")
        self.next = QPushButton(tr("Later ▶"))
        self.next.setObjectName("diaryNext")
        self.next.setAccessibleName(tr("Later"))
        self.span = QComboBox()
        self.span.setObjectName("diarySpan")
        self.span.setAccessibleName(tr("Show a day or a week"))
        self.span.addItem(tr("Day"), 1)
        self.span.addItem(tr("Week"), 7)
        self.heading = PlainLabel()
        self.heading.setObjectName("diaryHeading")
        self.list = QListWidget()
        self.list.setObjectName("diaryList")
        self.list.setAccessibleName(tr("Appointment slots"))
        self.list.setWordWrap(True)
        self.list.setTabKeyNavigation(False)
        self.open = QPushButton(tr("Op&en"))
        self.open.setObjectName("openAppointment")
        self.call = QPushButton(tr("Ca&ll"))
        self.call.setObjectName("callPatient")
        self.done = QPushButton(tr("Do&ne"))
        self.done.setObjectName("appointmentDone")
        self.no_show = QPushButton(tr("No-sho&w"))
        self.no_show.setObjectName("appointmentNoShow")
        self.cancel = QPushButton(tr("C&ancel appointment"))
        self.cancel.setObjectName("appointmentCancel")
        self.move_to = QComboBox()
        self.move_to.setObjectName("moveTo")
        self.move_to.setAccessibleName(tr("Free slot to move to"))
        self.move = QPushButton(tr("&Move"))
        self.move.setObjectName("moveAppointment")
        self.banner = Banner()
        self.banner.setObjectName("appointmentMessage")

        nav = QHBoxLayout()
        for widget in (self.previous, self.today, self.next):
            nav.addWidget(widget)
        nav.addStretch(1)
        nav.addWidget(self.span)
        actions = QHBoxLayout()
        for widget in (self.open, self.call):
            actions.addWidget(widget)
        actions.addStretch(1)
        marking = QHBoxLayout()
        for widget in (self.done, self.no_show):
            marking.addWidget(widget)
        marking.addStretch(1)
        marking.addWidget(self.cancel)
        moving = QHBoxLayout()
        moving.addWidget(self.move_to, 1)
        moving.addWidget(self.move)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(nav)
        column.addWidget(self.heading)
        column.addWidget(self.list, 1)
        column.addLayout(actions)
        column.addLayout(marking)
        column.addLayout(moving)
        column.addWidget(self.banner)
        self.setWidget(body)

        self.previous.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(1))
        self.today.clicked.connect(lambda: self.pharmacy.load_diary(None, self._days()))
        self.span.currentIndexChanged.connect(
            lambda _i: self.pharmacy.load_diary(self.pharmacy.diary_start, self._days())
        )
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        self.list.itemActivated.connect(lambda _item: self._open())
        self.open.clicked.connect(self._open)
        self.call.clicked.connect(self._call)
        self.done.clicked.connect(lambda: self._status("done"))
        self.no_show.clicked.connect(lambda: self._status("no_show"))
        self.cancel.clicked.connect(lambda: self._status("cancelled"))
        self.move.clicked.connect(self._move)
        pharmacy.diaryLoaded.connect(self.show_diary)
        pharmacy.diaryFailed.connect(lambda text: self.banner.show_message(text, "error"))
        pharmacy.appointmentDone.connect(lambda text: self.banner.show_message(text, "ok"))
        pharmacy.appointmentFailed.connect(lambda text: self.banner.show_message(text, "error"))
        pharmacy.dialByLink.connect(self.dial_by_link)
        self.visibilityChanged.connect(
            lambda visible: (
                visible and pharmacy.diary is not None and self.show_diary(pharmacy.diary)
            )
        )
        if pharmacy.diary is not None:
            self.show_diary(pharmacy.diary)
        else:
            self._enable()

    def _days(self) -> int:
        return int(self.span.currentData())

    def _step(self, direction: int) -> None:
        diary = self.pharmacy.diary
        if diary is None:
            return
        self.pharmacy.load_diary(diary.start + timedelta(days=direction * diary.days), diary.days)

    def show_diary(self, diary: m.Diary) -> None:
        if not self.isVisible():  # hidden, or behind the idle lock: no patient names
            return
        week = diary.days > 1
        last = diary.start + timedelta(days=diary.days - 1)
        booked = [s for s in diary.slots if s.appointment is not None]
        self.heading.setText(
            tr("{range}: {booked} booked, {free} free").format(
                range=(
                    f"{diary.start:%a %d %b} – {last:%a %d %b}"
                    if week
                    else f"{diary.start:%A %d %B}"
                ),
                booked=len(booked),
                free=len(diary.slots) - len(booked),
            )
        )
        kept = self.list.currentItem().data(ID) if self.list.currentItem() else None
        self.list.blockSignals(True)
        self.list.clear()
        # A week shows its appointments; a day every slot, free ones too.
        for slot in booked if week else diary.slots:
            item = QListWidgetItem(slot_text(slot, week))
            item.setData(ID, slot.appointment.id if slot.appointment else None)
            if slot.appointment is None:
                item.setForeground(QBrush(theme.colour("muted")))
            else:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if kept is not None and item.data(ID) == kept:
                self.list.setCurrentItem(item)
        if week and not booked:
            self.list.addItem(tr("No appointments this week."))
        self.list.blockSignals(False)
        now = datetime.now(UTC)
        self.move_to.clear()
        for slot in diary.slots:
            if slot.appointment is None and slot.starts_at > now:
                self.move_to.addItem(
                    slot.starts_at.astimezone().strftime("%a %d %b %H:%M"), slot.starts_at
                )
        self._enable()

    def selected(self) -> m.BookedAppointment | None:
        item = self.list.currentItem()
        diary = self.pharmacy.diary
        if item is None or diary is None or not item.data(ID):
            return None
        for slot in diary.slots:
            if slot.appointment is not None and slot.appointment.id == item.data(ID):
                return slot.appointment
        return None

    def _enable(self) -> None:
        booked = self.selected()
        open_one = booked is not None and booked.status is m.AppointmentStatus.BOOKED
        due = open_one and booked is not None and booked.starts_at <= datetime.now(UTC)
        self.open.setEnabled(open_one)
        self.call.setEnabled(open_one and booked is not None and bool(booked.phone))
        self.cancel.setEnabled(open_one)
        self.done.setEnabled(due)
        self.no_show.setEnabled(due)
        self.move.setEnabled(open_one and self.move_to.count() > 0)
        self.move_to.setEnabled(open_one)

    def _open(self) -> None:
        booked = self.selected()
        if booked is not None and booked.status is m.AppointmentStatus.BOOKED:
            self.banner.clear_message()
            self.pharmacy.open_appointment(booked.id)

    def _call(self) -> None:
        """Click-to-call: through the server's telephony API, else ``dial_by_link``."""
        booked = self.selected()
        if booked is None or not booked.phone:
            return
        self.banner.clear_message()
        self.pharmacy.dial(booked.id, booked.phone)

    def dial_by_link(self, number: str) -> None:
        """No dialling API: a tel: link the system hands to the softphone."""
        if not QDesktopServices.openUrl(QUrl(f"tel:{number}")):
            self.banner.show_message(
                tr("No softphone is set up to dial tel: links on this computer."), "warn"
            )

    def _status(self, status: str) -> None:
        booked = self.selected()
        if booked is not None:
            self.banner.clear_message()
            self.pharmacy.set_status(booked.id, status)

    def _move(self) -> None:
        booked = self.selected()
        when = self.move_to.currentData()
        if booked is not None and isinstance(when, datetime):
            self.banner.clear_message()
            self.pharmacy.move(booked.id, when)
