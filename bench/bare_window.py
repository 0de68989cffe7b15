"""The baseline for cold start and memory: a bare PySide6 "hello" window, started the same way."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(f"READY rss={rss_mb():.1f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    label = QLabel("Hello")
    label.resize(1366, 768)
    probe = FirstPaint()
    label.installEventFilter(probe)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
