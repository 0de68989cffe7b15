"""An error nobody caught: logged, shown in a dialog with a report the advisor can copy to the
service desk, and the desk goes on (Qt keeps running after a slot raises; asyncio after a task
does). The report has versions and the traceback's frames, never the exception's message or any
value, so it can be pasted into a ticket without carrying a patient's details."""

from __future__ import annotations

import asyncio
import logging
import platform
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.logs import log_file, safe_traceback

log = logging.getLogger("caredesk.crash")


def tr(text: str) -> str:
    return QCoreApplication.translate("CrashDialog", text)


def report(exc: BaseException, where: str) -> str:
    try:
        from importlib.metadata import version

        desk_version = version("caredesk")
    except Exception:
        desk_version = "unknown"
    return "\n".join(
        [
            f"CareDesk {desk_version}, Python {platform.python_version()}, "
            f"PySide6 {pyside_version}, {platform.platform()}",
            f"When: {datetime.now(UTC).isoformat(timespec='seconds')}",
            f"Where: {where}",
            f"Log: {log_file()}",
            *(f"Server request: {rid}" for rid in _request_ids(exc)),
            "",
            safe_traceback(exc),
        ]
    )


def _request_ids(exc: BaseException) -> list[str]:
    """The server's ids of the requests behind this error (its cause chain), for its logs."""
    found: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        rid = getattr(current, "request_id", None)
        if isinstance(rid, str) and rid and rid not in found:
            found.append(rid[:64])
        current = current.__cause__ or current.__context__
    return found


class CrashDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(tr("CareDesk met an error"))
        self.setAccessibleName(tr("CareDesk met an error"))
        intro = QLabel(
            tr(
                "Something went wrong inside CareDesk. What you were doing may not have finished: "
                "check it before going on. Copy this report into a ticket for the service desk; "
                "it holds no patient details."
            )
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QPlainTextEdit(text)
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName(tr("Error report"))
        self.details.setMinimumSize(560, 220)
        buttons = QDialogButtonBox()
        self.copy = QPushButton(tr("&Copy report"))
        self.copy.setAccessibleName(tr("Copy report"))
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        carry_on = buttons.addButton(tr("Carry &on"), QDialogButtonBox.ButtonRole.AcceptRole)
        carry_on.setAccessibleName(tr("Carry on"))
        carry_on.setDefault(True)
        self.copy.clicked.connect(self._copy)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details)
        layout.addWidget(buttons)

    def add(self, text: str) -> None:
        self.details.appendPlainText("\n" + "-" * 40 + "\n" + text)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy.setText(tr("Copied"))


class CrashReporter(QObject):
    """Installed once at start-up. Errors from other threads reach the dialog through a queued
    signal; while a dialog is open, further reports are appended to it, not stacked."""

    reported = Signal(str)

    def __init__(self, parent_widget: Callable[[], QWidget | None] = lambda: None) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self.dialog: CrashDialog | None = None
        self.count = 0
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook
        if loop is not None:
            loop.set_exception_handler(self._loop_handler)

    def handle(self, exc: BaseException, where: str) -> None:
        self.count += 1
        text = report(exc, where)
        log.error("unhandled error in %s:\n%s", where, safe_traceback(exc))
        if QApplication.instance() is not None:
            self.reported.emit(text)

    def _excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        self.handle(exc.with_traceback(tb), "the desk's main thread")

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            name = args.thread.name if args.thread is not None else "?"
            self.handle(args.exc_value, f"thread {name}")

    def _loop_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            self.handle(exc, "a background task")
        else:
            # A message from asyncio itself (an unclosed transport…): no error to show.
            log.warning("event loop: %s", context.get("message", "no message"))

    def _show(self, text: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(text)
            return
        self.dialog = CrashDialog(text, self._parent_widget())
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        # Shown from the event loop, never inside the failing call's stack.
        QTimer.singleShot(0, self.dialog.show)
