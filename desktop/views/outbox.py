"""What was done offline and waits to be sent, and what the server refused after reconnecting:
each with its reason, a refused one dismissed by the advisor once they have dealt with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desktop.views.partials.formatting import wf_text
from desktop.views.partials.widgets import PlainLabel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.controllers.outbox import OutboxController


class OutboxDialog(QDialog):
    def __init__(self, outbox: OutboxController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxDialog")
        self.setWindowTitle(self.tr("Waiting to send"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.outbox = outbox
        self.list = QListWidget()
        self.list.setObjectName("outboxList")
        self.list.setAccessibleName(self.tr("Actions waiting to send"))
        self.list.setWordWrap(True)
        self.dismiss = QPushButton(self.tr("Dismiss the refused one"))
        self.dismiss.setObjectName("dismissRefused")
        self.dismiss.clicked.connect(self._dismiss)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.dismiss, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            PlainLabel(self.tr("Sent in this order as soon as the connection is back."))
        )
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        outbox.outboxChanged.connect(lambda _items: self._fill())
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        self._fill()
        self.resize(520, 360)

    def _fill(self) -> None:
        self.list.clear()
        for item in self.outbox.items:
            text = wf_text(item.title)
            if item.state == "refused":
                text = self.tr("{0} — refused: {1}").format(text, item.refusal)
            else:
                text = self.tr("{0} — waiting").format(text)
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, (item.seq, item.state))
            self.list.addItem(row)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._enable()

    def _enable(self) -> None:
        row = self.list.currentItem()
        self.dismiss.setEnabled(
            row is not None and row.data(Qt.ItemDataRole.UserRole)[1] == "refused"
        )

    def _dismiss(self) -> None:
        row = self.list.currentItem()
        if row is not None:
            seq, state = row.data(Qt.ItemDataRole.UserRole)
            if state == "refused":
                self.outbox.dismiss_refused(seq)
