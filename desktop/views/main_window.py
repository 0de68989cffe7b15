"""The main window: the conversation panel, the open conversation, the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QWidget

from backend_client import models as m
from desktop import resources
from desktop.controller import DeskController
from desktop.state import Connection
from desktop.views.account_view import AccountView
from desktop.views.challenge_view import ChallengeView
from desktop.views.conversation_panel import ConversationPanel


class MainWindow(QMainWindow):
    signOutRequested = Signal()

    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("CareDesk")
        self.setWindowIcon(resources.icon("caredesk"))
        self.desk = desk

        self.panel = ConversationPanel(desk.conversations)
        self.panel.setMinimumWidth(300)
        self.panel.openRequested.connect(desk.open)
        self.empty = QLabel("Select a conversation, or wait for the next call.")
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.challenge = ChallengeView(desk)
        self.account = AccountView(desk)
        self.stack = QStackedWidget()
        self.stack.setObjectName("centre")
        for widget in (self.empty, self.challenge, self.account):
            self.stack.addWidget(widget)

        splitter = QSplitter()
        splitter.addWidget(self.panel)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 1000])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.connection_label = QLabel()
        self.connection_label.setObjectName("connectionStatus")
        self.agent_label = QLabel()
        self.agent_label.setObjectName("agentStatus")
        self.statusBar().addWidget(self.connection_label)
        self.statusBar().addPermanentWidget(self.agent_label)

        menu = self.menuBar().addMenu("&File")
        sign_out = QAction("Sign &out", self)
        sign_out.triggered.connect(self.signOutRequested)
        menu.addAction(sign_out)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        view = self.menuBar().addMenu("&View")
        focus_list = QAction("&Conversations", self)
        focus_list.setShortcut(QKeySequence("Ctrl+1"))
        focus_list.triggered.connect(lambda: self.panel.list.setFocus())
        view.addAction(focus_list)
        focus_main = QAction("Open &conversation", self)
        focus_main.setShortcut(QKeySequence("Ctrl+2"))
        focus_main.triggered.connect(lambda: self.stack.currentWidget().setFocus())
        view.addAction(focus_main)

        desk.conversationOpened.connect(self._opened)
        desk.conversationClosed.connect(lambda: self.stack.setCurrentWidget(self.empty))
        desk.conversations.conversationRemoved.connect(self._removed)
        desk.connection.changed.connect(self._update_connection)
        desk.signedIn.connect(self._signed_in)
        desk.problem.connect(lambda text: self.statusBar().showMessage(text, 10_000))

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._update_connection()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._clock.stop()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._clock.start()
        super().showEvent(event)

    def _signed_in(self, me: m.Me) -> None:
        roles = ", ".join(r.value for r in me.roles if r is not m.Role.ADVISOR) or "advisor"
        self.agent_label.setText(f"{me.display_name} · {roles}")

    def _opened(self, conv: m.Conversation) -> None:
        self.panel.select(conv.id)
        if conv.auth_state.is_verified and conv.account_id:
            self.account.clear()
            self.stack.setCurrentWidget(self.account)
        else:
            self.account.clear()
            self.challenge.show_conversation(conv)
            self.stack.setCurrentWidget(self.challenge)

    def _removed(self, conversation_id: str) -> None:
        if self.desk.current_id is None:
            self.stack.setCurrentWidget(self.empty)

    def _tick(self) -> None:
        self.desk.conversations.tick()
        if self.desk.connection.state is not Connection.LIVE:
            self._update_connection()

    def _update_connection(self) -> None:
        state = self.desk.connection.state
        self.connection_label.setText(self.desk.connection.text())
        self.connection_label.setProperty("state", state.value)
        self.connection_label.style().unpolish(self.connection_label)
        self.connection_label.style().polish(self.connection_label)
