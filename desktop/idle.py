"""The idle lock's clock: any key, click or wheel on the desk restarts it; when it runs out the
desk locks (patient data hidden until the advisor's password is given again).

Input from the keyboard and mouse reaches a window (a ``QWindow``) before the widget it is for,
so the clock watches the desk's windows: each as it takes the focus, and every window there is
when the clock starts. It was an event filter on the application, which Qt calls for every event
of every object (paints, layouts, timers of every widget: hundreds in a frame), each a call into
Python, to find the few that are input.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, app: QApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._app = app
        app.focusWindowChanged.connect(self._watch)

    def _watch(self, window: QWindow | None) -> None:
        # Installing a filter twice on one window keeps one (Qt moves it to the front).
        if window is not None:
            window.installEventFilter(self)

    def start(self, milliseconds: int) -> None:
        """Lock after ``milliseconds`` without input; 0 or less turns the lock off."""
        for window in self._app.topLevelWindows():
            self._watch(window)
        self._timer.setInterval(max(0, milliseconds))
        if milliseconds > 0:
            self._timer.start()
        else:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self._timer.isActive():
            self._timer.start()  # restart the countdown
        return False

    def close(self) -> None:
        self._timer.stop()
        self._app.focusWindowChanged.disconnect(self._watch)
        for window in self._app.topLevelWindows():
            window.removeEventFilter(self)
