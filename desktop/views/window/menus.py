"""The window's menus, each entry with its shortcut (Qt's "Ctrl" is Command on macOS)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass
class MenuSlots:
    """What each entry does: the window's intents, handed in so the menus know no screen."""

    sign_out: Callable[[], object]
    palette: Callable[[], object]
    conversation_list: Callable[[], object]
    open_conversation: Callable[[], object]
    availability: Callable[[], object]
    enquiries: Callable[[], object]
    callbacks: Callable[[], object]
    outbox: Callable[[], object]
    end: Callable[[], object]
    wrap_up: Callable[[], object]
    close: Callable[[], object]
    transfer: Callable[[], object]
    shortcuts: Callable[[], object]
    new_article: Callable[[], object]


class WindowMenus(QObject):
    def __init__(self, window: QMainWindow, slots: MenuSlots) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        menu = bar.addMenu(self.tr("&File"))
        sign_out = QAction(self.tr("Sign &out"), window)
        sign_out.triggered.connect(lambda _checked=False: slots.sign_out())
        menu.addAction(sign_out)
        quit_action = QAction(self.tr("&Quit"), window)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(window.close)
        menu.addAction(quit_action)
        view = bar.addMenu(self.tr("&View"))
        self.view_menu = view
        self._action(view, self.tr("&Command palette…"), "Ctrl+K", slots.palette)
        self._action(view, self.tr("Conversation &list"), "Ctrl+1", slots.conversation_list)
        self._action(view, self.tr("&Open conversation"), "Ctrl+2", slots.open_conversation)
        self._action(view, self.tr("&Availability"), "Ctrl+Shift+A", slots.availability)
        self._action(view, self.tr("&Enquiries"), "Ctrl+3", slots.enquiries)
        self._action(view, self.tr("Call-&backs"), "Ctrl+4", slots.callbacks)
        self._action(view, self.tr("&Waiting to send…"), "", slots.outbox)
        # Leads and pharmacists only: shown at sign-in when the signed-in user may edit.
        self.new_article = self._action(
            view, self.tr("New &knowledge article…"), "", slots.new_article
        )
        self.new_article.setVisible(False)
        conversation = bar.addMenu(self.tr("&Conversation"))
        self._action(conversation, self.tr("&End call or chat"), "Ctrl+Shift+E", slots.end)
        self._action(conversation, self.tr("&Wrap up…"), "Ctrl+Shift+W", slots.wrap_up)
        self._action(
            conversation, self.tr("&Close after wrap-up"), "Ctrl+Shift+Return", slots.close
        )
        self._action(conversation, self.tr("&Transfer…"), "", slots.transfer)
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Keyboard shortcuts"), "F1", slots.shortcuts)
        QShortcut(QKeySequence("Ctrl+/"), window, slots.shortcuts)

    def _action(self, menu: QMenu, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action
