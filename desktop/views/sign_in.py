"""Sign-in: server, username, password; each failure explained in its own words."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backend_client import errors
from desktop import resources
from desktop.controllers.explain import explain
from desktop.tasks import TaskOwner
from desktop.views.partials.widgets import Banner, Busy, PlainLabel

SignInCall = Callable[[str, str, str], Awaitable[object]]


class SignInDialog(QDialog):
    signedIn = Signal(object)

    def __init__(
        self,
        sign_in: SignInCall,
        server_url: str,
        *,
        server_locked: bool = False,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in to CareDesk"))
        self.setWindowIcon(resources.icon("caredesk"))
        self.setMinimumWidth(440)
        self._sign_in = sign_in
        self._tasks = TaskOwner()

        title = PlainLabel(self.tr("Sign in to CareDesk"))
        title.setObjectName("viewTitle")
        subtitle = PlainLabel(self.tr("Use your CareDesk username or work email."))
        subtitle.setObjectName("viewSubtitle")

        self.server = QLineEdit(server_url)
        self.server.setObjectName("serverUrl")
        self.server.setReadOnly(server_locked)
        if server_locked:
            self.server.setToolTip(self.tr("Set by your IT team"))
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Password"), self.password)

        self.message = Banner()
        self.message.setObjectName("signInMessage")
        self.busy = Busy()
        self.button = QPushButton(self.tr("Sign in"))
        self.button.setObjectName("primary")
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        (self.password if username else self.username).setFocus()

    def submit(self) -> None:
        url, user, password = (
            self.server.text().strip(),
            self.username.text().strip(),
            self.password.text(),
        )
        if not url or not user or not password:
            self.message.show_message(
                self.tr("Enter the server, your username and your password."), "warn"
            )
            return
        self._set_busy(True)
        self.message.clear_message()
        self._tasks.spawn(self._attempt(url, user, password), name="sign-in")

    async def _attempt(self, url: str, user: str, password: str) -> None:
        try:
            me = await self._sign_in(url, user, password)
        except errors.CareDeskError as exc:
            self._set_busy(False)
            self.password.clear()
            self.message.show_message(explain(exc, url), "error")
            self.password.setFocus()
            return
        self._set_busy(False)
        self.signedIn.emit(me)
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.button, self.username, self.password):
            widget.setEnabled(not busy)
