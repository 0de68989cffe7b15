"""The idle lock: nothing of any patient on screen, the advisor's password to come back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.controllers.desk import DeskController
from desktop.views.partials.widgets import Banner, PlainLabel


class LockScreen(QWidget):
    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.desk = desk
        title = PlainLabel(self.tr("CareDesk is locked"))
        title.setObjectName("viewTitle")
        self.who = PlainLabel()
        self.who.setObjectName("viewSubtitle")
        self.who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Your password"))
        self.password.setPlaceholderText(self.tr("Your password"))
        self.password.returnPressed.connect(self.submit)
        self.unlock = QPushButton(self.tr("Unlock"))
        self.unlock.setObjectName("primary")
        self.unlock.clicked.connect(self.submit)
        self.banner = Banner()
        self.banner.setObjectName("unlockMessage")
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(self.who)
        column.addLayout(row)
        column.addWidget(self.banner)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(460)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        desk.idle_lock.unlockFailed.connect(self._failed)

    def shown(self) -> None:
        me = self.desk.me
        self.who.setText(
            self.tr("Locked after a while without use. {0}, enter your password.").format(
                me.display_name if me else ""
            )
        )
        self.banner.clear_message()
        self.password.clear()
        self.unlock.setEnabled(True)
        self.password.setFocus()

    def submit(self) -> None:
        if not self.password.text():
            return
        self.unlock.setEnabled(False)
        self.banner.clear_message()
        self.desk.idle_lock.unlock(self.password.text())
        self.password.clear()

    def _failed(self, message: str) -> None:
        self.unlock.setEnabled(True)
        self.banner.show_message(message, "error")
        self.password.setFocus()
