"""The account at a glance: who, the stats that answer most calls, then the detail.

It shows a snapshot only while the controller holds one (a verified conversation); ``clear``
empties every widget, so nothing of a patient stays behind a locked or closed conversation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

import phonenumbers
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop.controller import DeskController
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.widgets import Banner, Busy, PlainLabel

T = TypeVar("T")


def day(d: date | datetime | None) -> str:
    if d is None:
        return "—"
    if isinstance(d, datetime):
        d = d.astimezone().date()
    # In the desk's language (QLocale's default is set with the translations).
    return QLocale().toString(QDate(d.year, d.month, d.day), "dd MMM yyyy")


def when(t: datetime) -> str:
    local = t.astimezone()
    today = datetime.now(UTC).astimezone().date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return QLocale().toString(QDate(local.year, local.month, local.day), "dd MMM") + (
        local.strftime(" %H:%M")
    )


# Server words the desk shows (order, prescription and issue states, delivery methods), for the
# translation tools; an unknown word still shows, capitalised.
STATE_WORDS = (
    QT_TRANSLATE_NOOP("States", "Placed"),
    QT_TRANSLATE_NOOP("States", "Awaiting prescription"),
    QT_TRANSLATE_NOOP("States", "Dispensing"),
    QT_TRANSLATE_NOOP("States", "Dispatched"),
    QT_TRANSLATE_NOOP("States", "Delivered"),
    QT_TRANSLATE_NOOP("States", "Cancelled"),
    QT_TRANSLATE_NOOP("States", "Active"),
    QT_TRANSLATE_NOOP("States", "Paused"),
    QT_TRANSLATE_NOOP("States", "Open"),
    QT_TRANSLATE_NOOP("States", "Resolved"),
    QT_TRANSLATE_NOOP("States", "Claimed"),
    QT_TRANSLATE_NOOP("States", "Booked"),
    QT_TRANSLATE_NOOP("States", "Post"),
    QT_TRANSLATE_NOOP("States", "Courier"),
    QT_TRANSLATE_NOOP("States", "Collection point"),
    QT_TRANSLATE_NOOP("States", "Closed"),
    QT_TRANSLATE_NOOP("States", "Missed"),
    QT_TRANSLATE_NOOP("States", "Abandoned"),
    QT_TRANSLATE_NOOP("States", "Wrap up"),
)


def words(value: str) -> str:
    return translate("States", value.replace("_", " ").capitalize())


def readable_number(e164: str) -> str:
    """ "+447700900123" → "07700 900123" at home, international format abroad."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(parsed) == "GB"
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, fmt)


def pounds(pence: int) -> str:
    return f"£{pence / 100:.2f}"


class RecordsModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of records, one column per (title, getter)."""

    def __init__(
        self, columns: Sequence[tuple[str, Callable[[T], str]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    @property
    def rows(self) -> list[T]:
        return self._rows

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # The tooltip carries the whole text of a cell the column had to elide.
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            return self._columns[index.column()][1](self._rows[index.row()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("Columns", self._columns[section][0])
        return None


class RecordsTable(QTableView):
    """A read-only table: rows selected whole, Ctrl+C copies them (tab-separated, with the
    header), Tab leaves the table instead of walking its cells."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_rows()
            return
        super().keyPressEvent(event)

    def copy_rows(self) -> None:
        model = self.model()
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()}) or (
            [self.currentIndex().row()] if self.currentIndex().isValid() else []
        )
        if not rows or model is None:
            return
        columns = range(model.columnCount())
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
        lines += ["\t".join(str(model.index(r, c).data() or "") for c in columns) for r in rows]
        QGuiApplication.clipboard().setText("\n".join(lines))


def table(model: QAbstractTableModel, name: str, fit: int, spoken: str) -> RecordsTable:
    view = RecordsTable()
    view.setObjectName(name)
    view.setAccessibleName(spoken)
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    header = view.horizontalHeader()
    # Short columns fit their contents; the last shares what is left. The whole record is in
    # the details under the table, so nothing an advisor needs hides behind an ellipsis.
    for column in range(model.columnCount()):
        mode = (
            QHeaderView.ResizeMode.ResizeToContents
            if column < fit
            else QHeaderView.ResizeMode.Stretch
        )
        header.setSectionResizeMode(column, mode)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(False)
    # Take the height that is left, not a default size hint that pushes the details off screen.
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
    view.setMinimumHeight(110)
    return view


def wrapping_list(name: str, spoken: str) -> QListWidget:
    """A list whose long lines wrap instead of hiding behind a horizontal scroll bar."""
    view = QListWidget()
    view.setObjectName(name)
    view.setAccessibleName(spoken)
    view.setTabKeyNavigation(False)
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
    view.setMinimumHeight(60)
    view.setSpacing(2)
    return view


class StatTile(QFrame):
    def __init__(self, label: str, name: str) -> None:
        super().__init__()
        self.setObjectName("statTile")
        self.setAccessibleName(translate("Tiles", label))
        self.label = PlainLabel(translate("Tiles", label))
        self.label.setObjectName("statLabel")
        self.value = PlainLabel("—")
        self.value.setObjectName("statValue")
        self.value.setAccessibleName(name)
        self.detail = PlainLabel("")
        self.detail.setObjectName("statDetail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


DETAIL_ROWS = (
    QT_TRANSLATE_NOOP("Details", "Phone"),
    QT_TRANSLATE_NOOP("Details", "Email"),
    QT_TRANSLATE_NOOP("Details", "Address"),
    QT_TRANSLATE_NOOP("Details", "GP"),
    QT_TRANSLATE_NOOP("Details", "Representatives"),
    QT_TRANSLATE_NOOP("Details", "Dependants"),
)


class DetailsGrid(QWidget):
    """Named values, one row each, every value plain text and selectable (a name from the
    server is never markup here: the row names are separate labels, not bold tags)."""

    def __init__(self, rows: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._layout = layout
        self.values: dict[str, PlainLabel] = {}
        self._visible: dict[str, bool] = {}
        for row in rows:
            name = PlainLabel(translate("Details", row))
            name.setObjectName("detailName")
            value = PlainLabel("—")
            value.setObjectName("detailValue")
            value.setWordWrap(True)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            value.setAccessibleName(translate("Details", row))
            layout.addRow(name, value)
            self.values[row] = value

    def show_values(self, values: dict[str, str | None]) -> None:
        for row, label in self.values.items():
            text = values.get(row)
            if label.text() != (text or ""):
                label.setText(text or "")
            visible = text is not None
            if self._visible.get(row) != visible:  # a layout pass only when a row comes or goes
                self._layout.setRowVisible(label, visible)
                self._visible[row] = visible

    def clear_values(self) -> None:
        for label in self.values.values():
            label.setText("")


ORDER_DETAIL_ROWS = (
    QT_TRANSLATE_NOOP("Details", "Order"),
    QT_TRANSLATE_NOOP("Details", "Delivery"),
    QT_TRANSLATE_NOOP("Details", "Tracking"),
    QT_TRANSLATE_NOOP("Details", "Deliver to"),
    QT_TRANSLATE_NOOP("Details", "Items"),
    QT_TRANSLATE_NOOP("Details", "Paid"),
    QT_TRANSLATE_NOOP("Details", "Refunds"),
)
SCRIPT_DETAIL_ROWS = (
    QT_TRANSLATE_NOOP("Details", "Medicine"),
    QT_TRANSLATE_NOOP("Details", "Dosage"),
    QT_TRANSLATE_NOOP("Details", "Repeat"),
    QT_TRANSLATE_NOOP("Details", "Next due"),
    QT_TRANSLATE_NOOP("Details", "Prescriber"),
)
YES_NO = {True: QT_TRANSLATE_NOOP("Words", "Yes"), False: QT_TRANSLATE_NOOP("Words", "No")}


def yes_no(value: bool) -> str:
    return translate("Words", YES_NO[value])


def order_details(o: m.Order) -> dict[str, str | None]:
    address = o.address
    left = o.total_pence - o.refunded_pence
    return {
        "Order": translate("Details", "{order} · placed {day} · {status}").format(
            order=o.id, day=day(o.placed_at), status=words(o.status)
        ),
        "Delivery": translate("Details", "{method} · expected {day}").format(
            method=words(o.delivery_method), day=day(o.expected_delivery)
        ),
        "Tracking": f"{o.carrier or ''} {o.tracking_code or ''}".strip()
        or translate("Details", "none yet"),
        "Deliver to": ", ".join(x for x in (address.line1, address.line2, address.city) if x)
        + f" {address.postcode}",
        "Items": "; ".join(f"{x.medicine} ×{x.quantity}" for x in o.lines) or "—",
        "Paid": pounds(o.total_pence),
        "Refunds": (
            translate("Details", "{refunded} refunded · {left} can still be refunded").format(
                refunded=pounds(o.refunded_pence), left=pounds(left)
            )
            if o.total_pence
            else translate("Details", "nothing was paid (free prescription)")
        ),
    }


def prescription_details(p: m.Prescription) -> dict[str, str | None]:
    return {
        "Medicine": p.medicine,
        "Dosage": p.dosage,
        "Repeat": f"{yes_no(p.repeat)} · {words(p.status)}",
        "Next due": day(p.next_due),
        "Prescriber": p.gp_ods_code or "—",
    }


KINDS = {
    "Call": QT_TRANSLATE_NOOP("Timeline", "Call"),
    "Chat": QT_TRANSLATE_NOOP("Timeline", "Chat"),
    "Workflow": QT_TRANSLATE_NOOP("Timeline", "Workflow"),
    "Note": QT_TRANSLATE_NOOP("Timeline", "Note"),
    "Text": QT_TRANSLATE_NOOP("Timeline", "Text"),
    "Email": QT_TRANSLATE_NOOP("Timeline", "Email"),
    "Appointment": QT_TRANSLATE_NOOP("Timeline", "Appointment"),
    "Issue": QT_TRANSLATE_NOOP("Timeline", "Issue"),
}


class TimelineEntry:
    __slots__ = ("at", "kind", "text")

    def __init__(self, at: datetime, kind: str, text: str) -> None:
        self.at, self.kind, self.text = at, kind, text


def timeline(history: m.History, dispositions: dict[str, str]) -> list[TimelineEntry]:
    """Everything that happened on the account, newest first: contacts (with how they ended),
    workflow runs, notes, texts sent, appointments and issues."""
    entries: list[TimelineEntry] = []
    for c in history.contacts:
        how = "Chat" if c.channel is m.Channel.CHAT else "Call"
        ended = dispositions.get(c.disposition or "", c.disposition) or words(c.state.value)
        entries.append(
            TimelineEntry(
                c.started_at,
                how,
                f"{c.agent_name or translate('Timeline', 'not answered')} · {ended}",
            )
        )
    for r in history.workflow_runs:
        entries.append(TimelineEntry(r.created_at, "Workflow", f"{r.agent_name}: {r.summary}"))
    for n in history.notes:
        entries.append(TimelineEntry(n.created_at, "Note", f"{n.agent_name}: {n.body}"))
    for msg in history.messages:
        what = "Text" if msg.channel == "sms" else "Email"
        entries.append(TimelineEntry(msg.created_at, what, f"to {msg.to}: {msg.body}"))
    for a in history.appointments:
        entries.append(
            TimelineEntry(
                a.starts_at,
                "Appointment",
                f"{a.pharmacist_name}, {a.minutes} min: {a.reason} ({words(a.status)})",
            )
        )
    for i in history.issues:
        outcome = f" → {i.resolution} ({i.assignee})" if i.resolution else ""
        entries.append(
            TimelineEntry(
                i.created_at, "Issue", f"{i.title} — {i.team} ({words(i.status)}){outcome}"
            )
        )
    return sorted(entries, key=lambda e: e.at, reverse=True)


class AccountView(QWidget):
    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountView")
        self.desk = desk

        self.name = PlainLabel()
        self.name.setObjectName("viewTitle")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identity = PlainLabel()
        self.identity.setObjectName("viewSubtitle")
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.flags = QHBoxLayout()
        self.flags.setSpacing(6)
        self.banner = Banner()
        self.busy = Busy()

        self.tiles = {
            "since": StatTile(QT_TRANSLATE_NOOP("Tiles", "Patient since"), "patientSince"),
            "orders": StatTile(QT_TRANSLATE_NOOP("Tiles", "Orders"), "orderCount"),
            "last": StatTile(QT_TRANSLATE_NOOP("Tiles", "Last order"), "lastOrder"),
            "delivery": StatTile(QT_TRANSLATE_NOOP("Tiles", "Next delivery"), "nextDelivery"),
            "repeats": StatTile(QT_TRANSLATE_NOOP("Tiles", "Active repeats"), "activeRepeats"),
            "issues": StatTile(QT_TRANSLATE_NOOP("Tiles", "Open issues"), "openIssues"),
        }
        tiles = QGridLayout()
        tiles.setSpacing(10)
        for i, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, i)

        # Orders: the short facts in columns, the whole order under the table.
        self.orders_model: RecordsModel[m.Order] = RecordsModel(
            [
                (QT_TRANSLATE_NOOP("Columns", "Order"), lambda o: o.id),
                (QT_TRANSLATE_NOOP("Columns", "Placed"), lambda o: day(o.placed_at)),
                (QT_TRANSLATE_NOOP("Columns", "Status"), lambda o: words(o.status)),
                (QT_TRANSLATE_NOOP("Columns", "Paid"), lambda o: pounds(o.total_pence)),
                (
                    QT_TRANSLATE_NOOP("Columns", "Refundable"),
                    lambda o: pounds(o.total_pence - o.refunded_pence),
                ),
                (
                    QT_TRANSLATE_NOOP("Columns", "Items"),
                    lambda o: ", ".join(f"{x.medicine} ×{x.quantity}" for x in o.lines),
                ),
            ],
            self,
        )
        self.orders_table = table(self.orders_model, "ordersTable", fit=5, spoken=self.tr("Orders"))
        self.order_details = DetailsGrid(ORDER_DETAIL_ROWS)
        self.order_details.setObjectName("orderDetails")
        self.scripts_model: RecordsModel[m.Prescription] = RecordsModel(
            [
                (QT_TRANSLATE_NOOP("Columns", "Medicine"), lambda p: p.medicine),
                (QT_TRANSLATE_NOOP("Columns", "Repeat"), lambda p: yes_no(p.repeat)),
                (QT_TRANSLATE_NOOP("Columns", "Status"), lambda p: words(p.status)),
                (QT_TRANSLATE_NOOP("Columns", "Next due"), lambda p: day(p.next_due)),
                (QT_TRANSLATE_NOOP("Columns", "Dosage"), lambda p: p.dosage),
            ],
            self,
        )
        self.scripts_table = table(
            self.scripts_model, "prescriptionsTable", fit=4, spoken=self.tr("Prescriptions")
        )
        self.script_details = DetailsGrid(SCRIPT_DETAIL_ROWS)
        self.script_details.setObjectName("prescriptionDetails")
        self.history = RecordsModel[TimelineEntry](
            [
                (QT_TRANSLATE_NOOP("Columns", "When"), lambda e: when(e.at)),
                (
                    QT_TRANSLATE_NOOP("Columns", "What"),
                    lambda e: translate("Timeline", KINDS.get(e.kind, e.kind)),
                ),
                (QT_TRANSLATE_NOOP("Columns", "Detail"), lambda e: e.text),
            ],
            self,
        )
        self.history_table = table(self.history, "historyTable", fit=2, spoken=self.tr("History"))
        self.history_table.setWordWrap(True)
        self.history_state = PlainLabel("")
        self.history_state.setObjectName("statDetail")

        self.tabs = QTabWidget()
        self.tabs.setObjectName("accountTabs")
        self.tabs.setAccessibleName(self.tr("Account records"))
        self.tabs.addTab(self._page(self.orders_table, self.order_details), self.tr("&Orders"))
        self.tabs.addTab(
            self._page(self.scripts_table, self.script_details), self.tr("&Prescriptions")
        )
        self.tabs.addTab(self._page(self.history_state, self.history_table, 1), self.tr("&History"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self._history_for: str | None = None  # the conversation the history was loaded for
        self.orders_table.selectionModel().currentRowChanged.connect(
            lambda index, _old: self._show_order(index.row())
        )
        self.scripts_table.selectionModel().currentRowChanged.connect(
            lambda index, _old: self._show_prescription(index.row())
        )

        self.details = DetailsGrid(DETAIL_ROWS)
        self.details.setObjectName("accountDetails")
        details_box = QGroupBox(self.tr("Contact and care"))
        QVBoxLayout(details_box).addWidget(self.details)
        self.issues = wrapping_list("openIssuesList", self.tr("Open issues"))
        issues_box = QGroupBox(self.tr("Open issues"))
        QVBoxLayout(issues_box).addWidget(self.issues)
        self.activity = wrapping_list("activityList", self.tr("Recent workflows and notes"))
        activity_box = QGroupBox(self.tr("Recent workflows and notes"))
        QVBoxLayout(activity_box).addWidget(self.activity)

        side_widget = QWidget()
        side_widget.setMaximumWidth(360)
        side = QVBoxLayout(side_widget)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(details_box)
        side.addWidget(issues_box, 1)
        side.addWidget(activity_box, 2)
        body = QHBoxLayout()
        body.addWidget(self.tabs, 1)
        body.addWidget(side_widget)

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.identity)
        head.addLayout(names, 1)
        head.addLayout(self.flags)
        head.setAlignment(self.flags, Qt.AlignmentFlag.AlignTop)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 14, 24, 14)
        column.setSpacing(10)
        column.addLayout(head)
        column.addWidget(self.banner)
        column.addWidget(self.busy)
        column.addLayout(tiles)
        column.addLayout(body, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        desk.snapshotLoading.connect(lambda: self.busy.setVisible(True))
        desk.snapshotLoaded.connect(self.show_snapshot)
        desk.snapshotCleared.connect(self.clear)
        desk.snapshotFailed.connect(self._failed)
        desk.snapshotFromCache.connect(self._from_cache)
        desk.historyLoaded.connect(self.show_history)
        desk.historyFailed.connect(
            lambda text: self.history_state.setText(self.tr("Not loaded: {0}").format(text))
        )
        self.clear()

    @staticmethod
    def _page(first: QWidget, second: QWidget, stretch_second: int = 0) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(first, 0 if stretch_second else 1)
        column.addWidget(second, stretch_second)
        return page

    def _show_order(self, row: int) -> None:
        orders = self.orders_model.rows
        if 0 <= row < len(orders):
            self.order_details.show_values(order_details(orders[row]))
        else:
            self.order_details.clear_values()

    def _show_prescription(self, row: int) -> None:
        scripts = self.scripts_model.rows
        if 0 <= row < len(scripts):
            self.script_details.show_values(prescription_details(scripts[row]))
        else:
            self.script_details.clear_values()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.history_table.parentWidget():
            self.load_history()

    def load_history(self) -> None:
        current = self.desk.current_id
        if current is None or self._history_for == current:
            return
        self._history_for = current
        self.history_state.setText(self.tr("Loading the history…"))
        self.desk.load_history()

    def show_history(self, history: m.History) -> None:
        labels = {d.code: d.label for d in self.desk.dispositions}
        entries = timeline(history, labels)
        self.history.set_rows(entries)
        self.history_table.resizeRowsToContents()
        self.history_state.setText(
            self.tr("%n entries, newest first", "", len(entries))
            if entries
            else self.tr("Nothing recorded yet")
        )

    def show_snapshot(self, snap: m.Snapshot) -> None:
        who = snap.identity
        stats = snap.stats
        self.busy.setVisible(False)
        self.banner.clear_message()
        self.name.setText(who.name)
        self.identity.setText(
            self.tr("%n years · born {0} · NHS {1}", "", who.age).format(
                day(who.date_of_birth), who.nhs_number or "—"
            )
        )
        exemption = [self.tr("Exemption: {0}").format(who.exemption)] if who.exemption else []
        self._set_flags(who.flags + exemption)
        self.tiles["since"].set(day(stats.patient_since))
        self.tiles["orders"].set(str(stats.orders))
        last = stats.last_order
        self.tiles["last"].set(
            words(last.status) if last else self.tr("None"), day(last.placed_at) if last else ""
        )
        self.tiles["delivery"].set(
            day(stats.next_delivery) if stats.next_delivery else self.tr("None due")
        )
        self.tiles["repeats"].set(str(stats.active_repeats))
        oldest = stats.oldest_open_issue_days
        self.tiles["issues"].set(
            str(stats.open_issues),
            self.tr("oldest %n day(s)", "", oldest) if oldest is not None else "",
        )
        self.orders_model.set_rows(snap.orders)
        self.scripts_model.set_rows(snap.prescriptions)
        for view in (self.orders_table, self.scripts_table):
            if view.model().rowCount():
                view.selectRow(0)
        self._show_order(0)
        self._show_prescription(0)
        address = who.address
        gp = who.nominated_gp
        self.details.show_values(
            {
                "Phone": ", ".join(readable_number(p) for p in who.phones) or "—",
                "Email": who.email or "—",
                "Address": ", ".join(x for x in (address.line1, address.line2, address.city) if x)
                + f" {address.postcode}",
                "GP": f"{gp.name} ({gp.ods_code})" if gp else self.tr("none nominated"),
                "Representatives": ", ".join(
                    f"{r.name} ({r.relationship})" for r in who.representatives
                )
                or None,
                "Dependants": ", ".join(d.name for d in who.dependants) or None,
            }
        )
        self.issues.clear()
        for issue in snap.open_issues:
            self.issues.addItem(
                self.tr("{title} — {team}, {days} d").format(
                    title=issue.title, team=issue.team, days=issue.age_days
                )
            )
        if not snap.open_issues:
            self.issues.addItem(self.tr("No open issues"))
        self.activity.clear()
        items = [
            (r.created_at, f"{when(r.created_at)}  {r.agent_name}: {r.summary}")
            for r in snap.workflow_runs
        ]
        items += [
            (
                n.created_at,
                self.tr("{when}  {who} noted: {body}").format(
                    when=when(n.created_at), who=n.agent_name, body=n.body
                ),
            )
            for n in snap.notes
        ]
        for _, text in sorted(items, key=lambda x: x[0], reverse=True)[:30]:
            self.activity.addItem(text)
        if not items:
            self.activity.addItem(self.tr("Nothing recorded yet"))
        # A fresh snapshot (a workflow ran, the account changed): the history is stale too.
        self._history_for = None
        if self.tabs.currentWidget() is self.history_table.parentWidget():
            self.load_history()

    def clear(self) -> None:
        """Forget everything about the patient that was shown."""
        self.busy.setVisible(False)
        self.banner.clear_message()
        self.name.setText("")
        self.identity.setText("")
        self._set_flags([])
        for tile in self.tiles.values():
            tile.set("—")
        self.orders_model.set_rows([])
        self.scripts_model.set_rows([])
        self.order_details.clear_values()
        self.script_details.clear_values()
        self.history.set_rows([])
        self.history_state.setText("")
        self._history_for = None
        self.details.clear_values()
        self.issues.clear()
        self.activity.clear()
        self.tabs.setCurrentIndex(0)

    def _from_cache(self, as_of: datetime) -> None:
        self.banner.show_message(
            self.tr("Offline: the account as of {0}. Anything changed since is not shown.").format(
                as_of.astimezone().strftime("%H:%M")
            ),
            "warn",
        )

    def _failed(self, message: str) -> None:
        self.busy.setVisible(False)
        self.banner.show_message(message, "error")

    def _set_flags(self, flags: list[str]) -> None:
        shown = [
            w.text()
            for i in range(self.flags.count())
            if isinstance(w := self.flags.itemAt(i).widget(), PlainLabel)
        ]
        if shown == flags:
            return  # the same flags: no widgets made and unmade
        while self.flags.count():
            item = self.flags.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.setParent(None)  # out of the widget tree now, not at the next loop turn
                widget.deleteLater()
        for flag in flags:
            label = PlainLabel(flag)
            label.setObjectName("flag")
            label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.flags.addWidget(label)
