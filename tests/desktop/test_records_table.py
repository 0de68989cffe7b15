"""The account's record tables: each record's cells are read once, when the rows are set, and
held by Qt's own model, so fitting the columns and painting the rows call no Python; what the
view shows, its tooltips, its header and Ctrl+C are those cells; and the cells cannot be edited."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.views.partials.records import RecordsModel, table


@dataclass(frozen=True)
class Parcel:
    ref: str
    where: str


def test_each_cell_is_read_once_however_often_the_table_is_fitted_and_painted(qtbot) -> None:
    reads: list[str] = []

    def where(p: Parcel) -> str:
        reads.append(p.ref)
        return p.where

    model = RecordsModel[Parcel]([("Order", lambda p: p.ref), ("Status", where)])
    view = table(model, "parcels", fit=1, spoken="Parcels")
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    parcels = [Parcel(f"ord_{n}", "a long way from home " * (n % 3 + 1)) for n in range(12)]
    model.set_rows(parcels)
    for _ in range(3):
        view.resizeColumnsToContents()
        view.resizeRowsToContents()
        view.grab()  # painted, every row on screen
        QApplication.processEvents()
    assert sorted(reads) == sorted(p.ref for p in parcels)  # once each, not per question
    assert model.rows == parcels

    shown = model.index(4, 1)
    assert shown.data() == parcels[4].where
    assert shown.data(Qt.ItemDataRole.ToolTipRole) == parcels[4].where  # the whole, if elided
    assert not model.flags(shown) & Qt.ItemFlag.ItemIsEditable
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Status"

    view.selectRow(4)
    view.copy_rows()
    assert QGuiApplication.clipboard().text() == f"Order\tStatus\nord_4\t{parcels[4].where}"


def test_new_rows_replace_the_old_in_one_reset(qtbot) -> None:
    model = RecordsModel[Parcel]([("Order", lambda p: p.ref)])
    view = table(model, "parcels", fit=1, spoken="Parcels")
    qtbot.addWidget(view)
    resets: list[int] = []
    inserted: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.rowsInserted.connect(lambda *_: inserted.append(1))
    model.set_rows([Parcel("a", ""), Parcel("b", "")])
    model.set_rows([Parcel("c", "")])
    assert resets == [2, 1] and inserted == []  # one reset each, no per-row signals
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["c"]
    model.set_rows([])
    assert model.rowCount() == 0 and model.rows == []
    assert model.columnCount() == 1
