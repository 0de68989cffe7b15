"""For pharmacists: the appointment diary, a dock beside the desk: a day or a week of slots,
each appointment opened, called, marked or moved from here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QDesktopServices
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
from desktop.controllers.pharmacy import PharmacyController
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.partials.widgets import Banner, PlainLabel

ID = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    return translate("Pharmacy", text)


STATUS_WORDS = (
    QT_TRANSLATE_NOOP("AppointmentStatus", "booked"),
    QT_TRANSLATE_NOOP("AppointmentStatus", "done"),
    QT_TRANSLATE_NOOP("AppointmentStatus", "no_show"),
    QT_TRANSLATE_NOOP("AppointmentStatus", "cancelled"),
)


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
