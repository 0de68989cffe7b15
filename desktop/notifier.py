"""Tray notifications: "a call is ringing for you", even when the window is behind others."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from backend_client import models as m
from desktop import resources


class Notifier(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(resources.icon("caredesk"), self)
            self.tray.setToolTip("CareDesk")
            self.tray.show()
        self.shown: list[tuple[str, str]] = []  # what was announced, for the status bar and tests

    def incoming(self, conv: m.Conversation) -> None:
        ringing = conv.state is m.ConversationState.RINGING
        if conv.channel is m.Channel.CHAT:
            title = self.tr("Incoming chat") if ringing else self.tr("New chat")
        elif conv.channel is m.Channel.SMS:
            title = self.tr("New text")
        else:
            title = self.tr("Incoming call") if ringing else self.tr("New call")
        QApplication.beep()
        # A name only once verified; before that, the number is all we know.
        self._show(title, conv.caller.name or conv.caller.display)

    def text_received(self, conv: m.Conversation) -> None:
        """A reply in one of the advisor's text conversations while another is on screen."""
        self._show(self.tr("New text"), conv.caller.name or conv.caller.display)

    def security_alert(self, alert: m.SecurityAlert) -> None:
        """For leads: a guessing budget spent, an account's challenge locked."""
        self._show(
            self.tr("Security alert"), alert.message, QSystemTrayIcon.MessageIcon.Warning, 15000
        )

    def _show(
        self,
        title: str,
        body: str,
        icon: QSystemTrayIcon.MessageIcon = QSystemTrayIcon.MessageIcon.Information,
        milliseconds: int = 8000,
    ) -> None:
        self.shown.append((title, body))
        if self.tray is not None:
            self.tray.showMessage(title, body, icon, milliseconds)
