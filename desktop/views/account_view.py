"""The account at a glance: who, the stats that answer most calls, then the detail.

It shows a snapshot only while the controller holds one (a verified conversation); ``clear``
empties every widget, so nothing of a patient stays behind a locked or closed conversation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

import phonenumbers
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
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
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop.controller import DeskController
from desktop.views.widgets import Banner, Busy, PlainLabel

T = TypeVar("T")


def day(d: date | datetime | None) -> str:
    if d is None:
        return "—"
    if isinstance(d, datetime):
        d = d.astimezone().date()
    return d.strftime("%d %b %Y")


def when(t: datetime) -> str:
    local = t.astimezone()
    today = datetime.now(UTC).astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%d %b %H:%M")


def words(value: str) -> str:
    return value.replace("_", " ").capitalize()


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
            return self._columns[section][0]
        return None


def table(model: QAbstractTableModel, name: str, fit: int) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    header = view.horizontalHeader()
    # Short columns fit their contents; the rest share what is left and elide, never scroll.
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
    view.setMinimumHeight(150)
    return view


def wrapping_list(name: str) -> QListWidget:
    """A list whose long lines wrap instead of hiding behind a horizontal scroll bar."""
    view = QListWidget()
    view.setObjectName(name)
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)
    view.setSpacing(2)
    return view


class StatTile(QFrame):
    def __init__(self, label: str, name: str) -> None:
        super().__init__()
        self.setObjectName("statTile")
        self.setAccessibleName(label)
        self.label = PlainLabel(label)
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


DETAIL_ROWS = ("Phone", "Email", "Address", "GP", "Representatives", "Dependants")


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
        for row in rows:
            name = PlainLabel(row)
            name.setObjectName("detailName")
            value = PlainLabel("—")
            value.setObjectName("detailValue")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(row)
            layout.addRow(name, value)
            self.values[row] = value

    def show_values(self, values: dict[str, str | None]) -> None:
        for row, label in self.values.items():
            text = values.get(row)
            label.setText(text or "")
            self._layout.setRowVisible(label, text is not None)

    def clear_values(self) -> None:
        for label in self.values.values():
            label.setText("")


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
        self.flags = QHBoxLayout()
        self.flags.setSpacing(6)
        self.banner = Banner()
        self.busy = Busy()

        self.tiles = {
            "since": StatTile("Patient since", "patientSince"),
            "orders": StatTile("Orders", "orderCount"),
            "last": StatTile("Last order", "lastOrder"),
            "delivery": StatTile("Next delivery", "nextDelivery"),
            "repeats": StatTile("Active repeats", "activeRepeats"),
            "issues": StatTile("Open issues", "openIssues"),
        }
        tiles = QGridLayout()
        tiles.setSpacing(10)
        for i, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, i)

        self.orders_model: RecordsModel[m.Order] = RecordsModel(
            [
                ("Order", lambda o: o.id),
                ("Placed", lambda o: day(o.placed_at)),
                ("Status", lambda o: words(o.status)),
                ("Delivery", lambda o: f"{words(o.delivery_method)} · {day(o.expected_delivery)}"),
                ("Tracking", lambda o: f"{o.carrier or ''} {o.tracking_code or ''}".strip() or "—"),
                ("Items", lambda o: ", ".join(f"{x.medicine} ×{x.quantity}" for x in o.lines)),
            ],
            self,
        )
        self.scripts_model: RecordsModel[m.Prescription] = RecordsModel(
            [
                ("Medicine", lambda p: p.medicine),
                ("Dosage", lambda p: p.dosage),
                ("Repeat", lambda p: "Yes" if p.repeat else "No"),
                ("Status", lambda p: words(p.status)),
                ("Next due", lambda p: day(p.next_due)),
            ],
            self,
        )
        orders_box = QGroupBox("Orders")
        QVBoxLayout(orders_box).addWidget(table(self.orders_model, "ordersTable", fit=3))
        scripts_box = QGroupBox("Prescriptions")
        QVBoxLayout(scripts_box).addWidget(table(self.scripts_model, "prescriptionsTable", fit=1))

        self.details = DetailsGrid(DETAIL_ROWS)
        self.details.setObjectName("accountDetails")
        details_box = QGroupBox("Contact and care")
        QVBoxLayout(details_box).addWidget(self.details)
        self.issues = wrapping_list("openIssuesList")
        issues_box = QGroupBox("Open issues")
        QVBoxLayout(issues_box).addWidget(self.issues)
        self.activity = wrapping_list("activityList")
        activity_box = QGroupBox("Recent workflows and notes")
        QVBoxLayout(activity_box).addWidget(self.activity)

        side = QVBoxLayout()
        side.addWidget(details_box)
        side.addWidget(issues_box)
        side.addWidget(activity_box, 1)
        main = QVBoxLayout()
        main.addWidget(orders_box, 3)
        main.addWidget(scripts_box, 2)
        body = QHBoxLayout()
        body.addLayout(main, 3)
        body.addLayout(side, 2)

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.identity)
        head.addLayout(names, 1)
        head.addLayout(self.flags)
        head.setAlignment(self.flags, Qt.AlignmentFlag.AlignTop)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 18, 24, 18)
        column.setSpacing(12)
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
        self.clear()

    def show_snapshot(self, snap: m.Snapshot) -> None:
        who = snap.identity
        stats = snap.stats
        self.busy.setVisible(False)
        self.banner.clear_message()
        self.name.setText(who.name)
        self.identity.setText(
            f"{who.age} years · born {day(who.date_of_birth)} · NHS {who.nhs_number or '—'}"
        )
        self._set_flags(who.flags + ([f"Exemption: {who.exemption}"] if who.exemption else []))
        self.tiles["since"].set(day(stats.patient_since))
        self.tiles["orders"].set(str(stats.orders))
        last = stats.last_order
        self.tiles["last"].set(
            words(last.status) if last else "None", day(last.placed_at) if last else ""
        )
        self.tiles["delivery"].set(day(stats.next_delivery) if stats.next_delivery else "None due")
        self.tiles["repeats"].set(str(stats.active_repeats))
        oldest = stats.oldest_open_issue_days
        self.tiles["issues"].set(
            str(stats.open_issues),
            f"oldest {oldest} day{'s' if oldest != 1 else ''}" if oldest is not None else "",
        )
        self.orders_model.set_rows(snap.orders)
        self.scripts_model.set_rows(snap.prescriptions)
        address = who.address
        gp = who.nominated_gp
        self.details.show_values(
            {
                "Phone": ", ".join(readable_number(p) for p in who.phones) or "—",
                "Email": who.email or "—",
                "Address": ", ".join(x for x in (address.line1, address.line2, address.city) if x)
                + f" {address.postcode}",
                "GP": f"{gp.name} ({gp.ods_code})" if gp else "none nominated",
                "Representatives": ", ".join(
                    f"{r.name} ({r.relationship})" for r in who.representatives
                )
                or None,
                "Dependants": ", ".join(d.name for d in who.dependants) or None,
            }
        )
        self.issues.clear()
        for issue in snap.open_issues:
            self.issues.addItem(f"{issue.title} — {issue.team}, {issue.age_days} d")
        if not snap.open_issues:
            self.issues.addItem("No open issues")
        self.activity.clear()
        items = [
            (r.created_at, f"{when(r.created_at)}  {r.agent_name}: {r.summary}")
            for r in snap.workflow_runs
        ]
        items += [
            (n.created_at, f"{when(n.created_at)}  {n.agent_name} noted: {n.body}")
            for n in snap.notes
        ]
        for _, text in sorted(items, key=lambda x: x[0], reverse=True)[:30]:
            self.activity.addItem(text)
        if not items:
            self.activity.addItem("Nothing recorded yet")

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
        self.details.clear_values()
        self.issues.clear()
        self.activity.clear()

    def _failed(self, message: str) -> None:
        self.busy.setVisible(False)
        self.banner.show_message(message, "error")

    def _set_flags(self, flags: list[str]) -> None:
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
