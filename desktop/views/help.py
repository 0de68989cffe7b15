"""The keyboard shortcuts sheet (F1 or Ctrl+/): every menu shortcut of the window, read from the
actions themselves so it cannot drift, and the keys that work inside a view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.views.partials.widgets import PlainLabel

IN_VIEWS: tuple[tuple[str, str], ...] = (
    ("Ctrl+/", QT_TRANSLATE_NOOP("ShortcutSheet", "This sheet")),
    ("Up, Down, Enter", QT_TRANSLATE_NOOP("ShortcutSheet", "Command palette: move, run")),
    ("Esc", QT_TRANSLATE_NOOP("ShortcutSheet", "Close the palette, or leave a workflow")),
    (
        "Ctrl+Shift+C",
        QT_TRANSLATE_NOOP("ShortcutSheet", "Copy the script or the answer to read out"),
    ),
    ("Ctrl+K", QT_TRANSLATE_NOOP("ShortcutSheet", "In a reply: insert an article's answer")),
    ("Ctrl+Enter", QT_TRANSLATE_NOOP("ShortcutSheet", "Confirm a workflow")),
    ("Enter", QT_TRANSLATE_NOOP("ShortcutSheet", "Next field; in the last field, confirm")),
    ("Ctrl+C", QT_TRANSLATE_NOOP("ShortcutSheet", "Copy the selected row of a table")),
    (
        "Alt+O, Alt+P, Alt+H",
        QT_TRANSLATE_NOOP("ShortcutSheet", "Account: orders, prescriptions, history"),
    ),
)


def native(keys: str) -> str:
    """Keys as this platform writes them (⌘ on macOS)."""
    parts = [p.strip() for p in keys.split(",")]
    return ", ".join(
        QKeySequence(p).toString(QKeySequence.SequenceFormat.NativeText) or p for p in parts
    )


def window_shortcuts(window: QMainWindow) -> list[tuple[str, str]]:
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if isinstance(action, QAction) and not action.shortcut().isEmpty():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                rows.append((keys, action.text().replace("&", "").rstrip("…")))
    return rows


class ShortcutSheet(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        rows = window_shortcuts(window) + [(native(k), self.tr(what)) for k, what in IN_VIEWS]
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Does")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(self.tr("Ctrl is ⌘ on macOS.")))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 560)
