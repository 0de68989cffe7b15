"""The enquiry inbox, as a dock beside the desk: the team's web-form enquiries, unread ones in
bold and marked NEW, and the one being read with its answer box.

It shows the enquiries controller's state and emits intent. Every string from the form is plain
text. One box serves the three ways to answer: send it as a reply (by email, app or text), keep
it as the note of a phone answer, or give it as the reason for a rejection.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop.controllers.enquiries import EnquiriesController
from desktop.views.partials.enquiry_text import (
    REPLY_CHANNELS,
    attachments_text,
    row_text,
    state_text,
    thread_text,
    tr,
)
from desktop.views.partials.formatting import clock
from desktop.views.partials.widgets import Banner, Busy, PlainLabel, repolish

ID = Qt.ItemDataRole.UserRole


class EnquiriesPanel(QDockWidget):
    def __init__(self, enquiries: EnquiriesController, parent: QWidget | None = None) -> None:
        super().__init__(tr("Enquiries"), parent)
        self.setObjectName("enquiriesDock")
        self.enquiries = enquiries
        self.banner = Banner()
        self.banner.setObjectName("enquiriesBanner")
        self.busy = Busy()
        self.empty = PlainLabel(
            tr("No enquiries. New ones from the web form and by email appear here.")
        )
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.list = QListWidget()
        self.list.setObjectName("enquiryList")
        self.list.setAccessibleName(tr("Enquiries, oldest open first"))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)

        self.subject = PlainLabel()
        self.subject.setObjectName("textTitle")
        self.subject.setWordWrap(True)
        self.sender = PlainLabel()
        self.sender.setObjectName("viewSubtitle")
        self.sender.setWordWrap(True)
        self.sender.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QPlainTextEdit()
        self.body.setObjectName("enquiryBody")
        self.body.setReadOnly(True)
        self.body.setAccessibleName(tr("The enquiry"))
        self.attachments = PlainLabel()
        self.attachments.setObjectName("enquiryAttachments")
        self.attachments.setWordWrap(True)
        self.attachments.setVisible(False)
        self.state = PlainLabel()
        self.state.setObjectName("enquiryState")
        self.state.setWordWrap(True)
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("enquiryAnswer")
        self.answer.setPlaceholderText(
            tr("Your reply, the note of the phone call, or the reason for rejecting it")
        )
        self.answer.setAccessibleName(tr("Answer"))
        self.answer.setTabChangesFocus(True)
        self.answer.setFixedHeight(90)
        self.answer.textChanged.connect(self._enable)
        self.channel = QComboBox()
        self.channel.setAccessibleName(tr("Reply by"))
        for channel, word in REPLY_CHANNELS:
            self.channel.addItem(tr(word), channel.value)
        self.channel.currentIndexChanged.connect(self._enable)
        self.counter = PlainLabel()
        self.counter.setObjectName("textCounter")
        self.reply = QPushButton(tr("Send &reply"))
        self.reply.setObjectName("primary")
        self.reply.clicked.connect(self._reply)
        self.by_phone = QPushButton(tr("Answered by &phone"))
        self.by_phone.setToolTip(tr("You called the sender: the box holds the note of the call"))
        self.by_phone.clicked.connect(self._by_phone)
        self.reject = QPushButton(tr("Re&ject"))
        self.reject.setToolTip(
            tr("Not for us (spam, a duplicate): the box holds the reason; it counts as answered")
        )
        self.reject.clicked.connect(self._reject)

        self.away = QPushButton(tr("Out of &office…"))
        self.away.setToolTip(tr("Reply to new enquiries at once while a team is away"))
        self.away.clicked.connect(self._ask_out_of_office)
        me = enquiries.desk.me
        self.away.setVisible(me is not None and m.Role.LEAD in me.roles)

        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(self.subject)
        column.addWidget(self.sender)
        column.addWidget(self.body, 1)
        column.addWidget(self.attachments)
        column.addWidget(self.state)
        column.addWidget(self.answer)
        row = QHBoxLayout()
        row.addWidget(self.channel)
        row.addWidget(self.counter, 1)
        row.addWidget(self.reply)
        column.addLayout(row)
        others = QHBoxLayout()
        others.addStretch(1)
        others.addWidget(self.by_phone)
        others.addWidget(self.reject)
        column.addLayout(others)
        self.detail = detail

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self.count = PlainLabel()
        self.count.setObjectName("panelHeader")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 8)
        head = QHBoxLayout()
        head.addWidget(self.count, 1)
        head.addWidget(self.away)
        layout.addLayout(head)
        layout.addWidget(self.busy)
        layout.addWidget(self.banner)
        layout.addWidget(self.empty, 1)
        layout.addWidget(split, 1)
        self.split = split
        self.setWidget(body)

        enquiries.listChanged.connect(self.show_list)
        enquiries.opened.connect(self.show_enquiry)
        enquiries.done.connect(self._done)
        enquiries.failed.connect(lambda text: self.banner.show_message(text, "error"))
        enquiries.busyChanged.connect(self._busy)
        self._ages = QTimer(self)
        self._ages.setInterval(60_000)
        self._ages.timeout.connect(lambda: self.show_list(enquiries.ordered()))
        self._ages.start()
        self.show_list(enquiries.ordered())
        self.show_enquiry(None)

    # --- state in -------------------------------------------------------------------------

    def show_list(self, items: list[m.EnquirySummary]) -> None:
        now = datetime.now(UTC)
        selected = self.selected_id()
        self.list.clear()
        for item in items:
            row = QListWidgetItem(row_text(item, now))
            row.setData(ID, item.id)
            if item.state is m.EnquiryState.OPEN and not item.read:
                font = QFont(row.font())
                font.setBold(True)
                row.setFont(font)
            self.list.addItem(row)
            if item.id == selected:
                self.list.setCurrentItem(row)
        self.empty.setVisible(not items)
        self.split.setVisible(bool(items))
        unread = self.enquiries.unread
        self.count.setText(
            tr("{0} unread · {1} open").format(
                unread, sum(1 for i in items if i.state is m.EnquiryState.OPEN)
            )
        )
        self.setWindowTitle(tr("Enquiries ({0})").format(unread) if unread else tr("Enquiries"))

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(ID)) if item is not None else None

    def show_enquiry(self, enquiry: m.Enquiry | None) -> None:
        self.current = enquiry
        self.detail.setVisible(enquiry is not None)
        if enquiry is None:
            return
        self.subject.setText(enquiry.subject)
        contact = [enquiry.name]
        contact += [x for x in (enquiry.email, enquiry.phone) if x]
        received = tr("received {0}").format(clock(enquiry.created_at, datetime.now(UTC)))
        contact.append(received)
        if enquiry.secondary and enquiry.rerouted_from:
            contact.append(tr("rerouted from {0}").format(enquiry.rerouted_from))
        if enquiry.source is m.EnquirySource.EMAIL:
            contact.append(tr("by email {0}").format(enquiry.reference).strip())
        if enquiry.follows:
            contact.append(tr("replies to {0}, answered").format(enquiry.follows))
        self.sender.setText(" · ".join(contact))
        now = datetime.now(UTC)
        self.body.setPlainText(thread_text(enquiry, now))
        every = enquiry.attachments + [a for msg in enquiry.messages for a in msg.attachments]
        self.attachments.setText(attachments_text(every))
        self.attachments.setVisible(bool(every))
        self.state.setText(state_text(enquiry))
        self._enable()

    def _enable(self) -> None:
        enquiry = getattr(self, "current", None)
        open_ = enquiry is not None and enquiry.state is m.EnquiryState.OPEN
        idle = not self.enquiries.busy
        text = self.answer.toPlainText().strip()
        channel = m.AnswerChannel(self.channel.currentData())
        over = channel is m.AnswerChannel.SMS and len(text) > m.SMS_MAX_CHARS
        self.counter.setText(
            tr("{0} / {1} characters").format(len(text), m.SMS_MAX_CHARS)
            if channel is m.AnswerChannel.SMS
            else ""
        )
        self.counter.setProperty("over", over)
        repolish(self.counter)
        # Once answered, the enquiry shows how; there is nothing left to write.
        for widget in (self.answer, self.channel, self.counter, self.reply, self.by_phone):
            widget.setVisible(open_)
        self.reject.setVisible(open_)
        self.reply.setEnabled(open_ and idle and bool(text) and not over)
        self.by_phone.setEnabled(open_ and idle and bool(text))
        self.reject.setEnabled(open_ and idle and len(text) >= 3)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self._enable()

    def hide_for_lock(self) -> None:
        """The idle lock: no name, subject or message stays in a widget."""
        self.list.clear()
        self.answer.clear()
        self.body.clear()
        for label in (self.subject, self.sender, self.state, self.count, self.attachments):
            label.clear()
        self.banner.clear_message()
        self.current = None
        self.detail.setVisible(False)

    # --- intent out -----------------------------------------------------------------------

    def _chosen(self, item: QListWidgetItem) -> None:
        """A click or Enter opens it (arrowing past does not mark it read)."""
        enquiry_id = str(item.data(ID))
        if self.current is not None and self.current.id == enquiry_id:
            return  # already open (a click that also activates): keep the draft
        self.banner.clear_message()
        self.answer.clear()
        self.enquiries.open(enquiry_id)

    def _reply(self) -> None:
        if self.current is not None:
            channel = m.AnswerChannel(self.channel.currentData())
            self.enquiries.answer(self.current.id, channel, self.answer.toPlainText())

    def _by_phone(self) -> None:
        if self.current is not None:
            self.enquiries.answer(self.current.id, m.AnswerChannel.PHONE, self.answer.toPlainText())

    def _reject(self) -> None:
        if self.current is not None:
            self.enquiries.reject(self.current.id, self.answer.toPlainText())

    def _ask_out_of_office(self) -> None:
        me = self.enquiries.desk.me
        teams = sorted({i.team for i in self.enquiries.items.values()} | {me.team if me else ""})
        dialog = OutOfOfficeDialog([t for t in teams if t], self)
        dialog.chosen.connect(self.enquiries.set_out_of_office)
        dialog.open()

    def _done(self, text: str) -> None:
        self.answer.clear()
        self.banner.show_message(text, "ok")


class OutOfOfficeDialog(QDialog):
    """Which team, what senders are told, and until when (or off)."""

    chosen = Signal(str, str, object)  # team, message, until (None: off)

    def __init__(self, teams: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outOfOffice")
        self.setWindowTitle(tr("Out-of-office reply"))
        self.setMinimumWidth(440)
        self.team = QComboBox()
        self.team.addItems(teams)
        self.team.setAccessibleName(tr("Team"))
        self.message = QPlainTextEdit()
        self.message.setPlaceholderText(
            tr("What senders are told, e.g. we are closed until Monday 9:00")
        )
        self.message.setAccessibleName(tr("Reply"))
        self.message.setTabChangesFocus(True)
        self.message.setFixedHeight(90)
        self.until = QDateTimeEdit(QDateTime.currentDateTime().addDays(1))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("dd MMM yyyy HH:mm")
        self.until.setAccessibleName(tr("Until"))
        self.problem = Banner()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(tr("&Team"), self.team)
        form.addRow(tr("&Reply"), self.message)
        form.addRow(tr("&Until"), self.until)
        for field in (self.team, self.message, self.until):
            label = form.labelForField(field)
            if isinstance(label, QLabel):  # room for the glyphs' overhang past the text's width
                label.setMinimumWidth(label.sizeHint().width() + 6)
        buttons = QDialogButtonBox()
        self.on = buttons.addButton(tr("Switch &on"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.off = buttons.addButton(tr("Switch o&ff"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.on.clicked.connect(self._on)
        self.off.clicked.connect(self._off)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(buttons)

    def _on(self) -> None:
        text = self.message.toPlainText().strip()
        until = self.until.dateTime().toPython()
        if not text or len(text) > m.SMS_MAX_CHARS:
            self.problem.show_message(
                tr("Write the reply (up to {0} characters: it may go by text).").format(
                    m.SMS_MAX_CHARS
                ),
                "error",
            )
            return
        self.chosen.emit(self.team.currentText(), text, until.astimezone(UTC))
        self.accept()

    def _off(self) -> None:
        self.chosen.emit(self.team.currentText(), "", None)
        self.accept()
