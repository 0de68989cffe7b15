"""Desktop fixtures: the qasync loop on pytest-qt's QApplication, and a signed-in desk.

pytest-qt has no qasync support of its own. Each test gets a qasync loop on the test's
QApplication and drives it with ``run(coro)``; inside, ``until(condition)`` lets Qt and the
loop work while waiting for what a user would see.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import TypeVar

import pytest
import qasync
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.app import DeskApp, apply_style
from desktop.config import DeskConfig
from tests.live_server import LiveServer
from tests.support import until

T = TypeVar("T")


class Loop:
    def __init__(self, loop: qasync.QEventLoop) -> None:
        self.loop = loop

    def run(self, coro: Awaitable[T], timeout: float = 30) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))


@pytest.fixture(scope="session", autouse=True)
def windows_come_and_go(qapp: QApplication) -> None:
    """Tests show and close windows of their own, in any order: the last one closing must not
    quit the application, or the next test's qasync loop stops as it starts (a widget test
    without a loop, then the demo's, failed so)."""
    qapp.setQuitOnLastWindowClosed(False)


@pytest.fixture(scope="session")
def qasync_loop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """One qasync loop for the session: closing and re-making loops on one QApplication leaves
    Qt timers of the old loop behind, which crash when they fire."""
    loop = qasync.QEventLoop(qapp)
    yield loop
    loop.close()


@pytest.fixture
def aloop(qasync_loop: qasync.QEventLoop, qapp: QApplication, qtbot) -> Iterator[Loop]:  # type: ignore[no-untyped-def]
    # Depends on qtbot so the loop is idle before pytest-qt deletes the test's widgets.
    apply_style(qapp)
    asyncio.set_event_loop(qasync_loop)
    yield Loop(qasync_loop)
    leftovers = [t for t in asyncio.all_tasks(qasync_loop) if not t.done()]
    for task in leftovers:
        task.cancel()
    if leftovers:
        qasync_loop.run_until_complete(asyncio.gather(*leftovers, return_exceptions=True))
    asyncio.set_event_loop(None)


def model_text(model: QAbstractItemModel) -> list[str]:
    root = QModelIndex()
    # A list model's columnCount is private in PySide6: it has one column.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    out = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    for row in range(model.rowCount(root)):
        for col in range(columns):
            value = model.data(model.index(row, col, root))
            if value is not None:
                out.append(str(value))
    return out


def widget_text(root: QWidget) -> str:
    """Everything a person could read in ``root`` and every widget below it, shown or not."""
    parts: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        parts += [widget.toolTip(), widget.accessibleName(), widget.statusTip()]
        if isinstance(widget, QLabel | QAbstractButton):
            parts.append(widget.text())
        if isinstance(widget, QLineEdit):
            parts += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QComboBox):
            parts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            parts += model_text(widget.model())
    return "\n".join(p for p in parts if p)


@contextlib.asynccontextmanager
async def open_desk(server: LiveServer, username: str = "advisor") -> AsyncIterator[DeskApp]:
    """A signed-in desk on ``server`` with its window shown at 1366×768, closed afterwards."""
    app = DeskApp(QApplication.instance(), DeskConfig(server_url=server.url))  # type: ignore[arg-type]
    try:
        await app.desk.session.sign_in(server.url, username, "demo")
        app.window.resize(1366, 768)
        app.window.show()
        await until(lambda: app.window.status.connection_label.text() == "● Live", what="Live")
        yield app
    finally:
        await app.desk.aclose()
        app.window.close()
        app.window.deleteLater()


def one_turn() -> None:
    """What the event loop does between two turns: posted events, then due timers."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()


@contextlib.contextmanager
def offline_desk(aloop: Loop) -> Iterator[DeskApp]:
    """A desk with no server behind it, its window shown at 1366×768, closed afterwards: for
    what the window does with what it is given."""
    app = DeskApp(QApplication.instance(), DeskConfig(server_url="http://127.0.0.1:9"))  # type: ignore[arg-type]
    try:
        app.window.resize(1366, 768)
        app.window.show()
        one_turn()
        yield app
    finally:
        aloop.run(app.desk.aclose())
        app.window.close()
        app.window.deleteLater()
