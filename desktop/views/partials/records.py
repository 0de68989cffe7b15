"""Read-only record tables (one column per getter, Ctrl+C copies whole rows) and wrapping lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QListWidget,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.views.partials.details import DetailsGrid

T = TypeVar("T")


class RecordsModel(QStandardItemModel, Generic[T]):
    """A read-only table over a list of records, one column per (title, getter).

    Each cell's text is taken once, when the rows are set, and held by Qt's own item model.
    A model of ours in Python answered every question the view asked (for each cell about eight
    roles: its text, font, alignment, colours, icon...) with a call into Python: about 1,000
    calls per account opened, to fit the columns and paint two short tables, and for the
    history (up to 1,200 rows, every one measured to fit its height) tens of thousands. The
    records are few (an account's snapshot holds 20 orders at most), so reading them all once
    costs less than one such fit.
    """

    def __init__(
        self, columns: Sequence[tuple[str, Callable[[T], str]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(0, len(columns), parent)
        self._columns = list(columns)
        self._rows: list[T] = []
        self.setHorizontalHeaderLabels([translate("Columns", title) for title, _ in columns])
        # Read-only: not editable, not dragged, never with children (a QAbstractTableModel's).
        self._flags = (
            Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    @property
    def rows(self) -> list[T]:
        return self._rows

    def set_rows(self, rows: Sequence[T]) -> None:
        records = list(rows)
        cells = [[self._cell(get(r)) for _, get in self._columns] for r in records]
        # One reset for the views, not a signal per row and per cell while the rows go in.
        self.beginResetModel()
        blocked = self.blockSignals(True)
        try:
            self.setRowCount(0)
            for row in cells:
                self.appendRow(row)
            self._rows = records
        finally:
            self.blockSignals(blocked)
            self.endResetModel()

    def _cell(self, text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setToolTip(text)  # the whole text of a cell the column had to elide
        item.setFlags(self._flags)
        return item


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


FIT_ROWS = 30


def table(model: QAbstractItemModel, name: str, fit: int, spoken: str) -> RecordsTable:
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
    # Fitted from the rows on screen and a few more, not from up to 1,000 (Qt's default): with
    # that, a patient with years of orders had every row measured, on the UI thread, each time
    # their account opened. The columns that fit hold dates, numbers and states.
    header.setResizeContentsPrecision(FIT_ROWS)
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


class RecordsWithDetails(QWidget, Generic[T]):
    """A table of records with the whole of the chosen one under it: the short facts in
    columns, every fact of the current row in a grid of named values below."""

    def __init__(
        self,
        columns: Sequence[tuple[str, Callable[[T], str]]],
        name: str,
        fit: int,
        spoken: str,
        details: DetailsGrid,
        describe: Callable[[T], dict[str, str | None]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model: RecordsModel[T] = RecordsModel(columns, self)
        self.table = table(self.model, name, fit=fit, spoken=spoken)
        self.details = details
        self._describe = describe
        self._shown = False  # whether the details followed a row since show_rows began
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(self.table, 1)
        column.addWidget(self.details, 0)
        self.table.selectionModel().currentRowChanged.connect(
            lambda index, _old: self._show(index.row())
        )

    def show_rows(self, rows: Sequence[T]) -> None:
        self._shown = False
        self.model.set_rows(rows)
        if self.model.rowCount():
            # After the reset the table has no current row, so choosing the first moves it and
            # the details show that row (``_show``). Shown again here unconditionally, as
            # before, they were laid out twice at every account's open.
            self.table.selectRow(0)
        if not self._shown:
            self._show(0)  # no rows (the details empty), or the current row did not move

    def _show(self, row: int) -> None:
        self._shown = True
        rows = self.model.rows
        if 0 <= row < len(rows):
            self.details.show_values(self._describe(rows[row]))
        else:
            self.details.clear_values()

    def clear(self) -> None:
        self.model.set_rows([])
        self.details.clear_values()
