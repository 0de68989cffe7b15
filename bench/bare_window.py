"""The baseline for cold start and memory: a bare PySide6 "hello" window, started the same way.

Cold start: READY at its first paint event, as the desk says READY at its own. Memory
(``--settled``): READY with the resident memory once that first frame is painted, collected and
settled, as bench.memory_probe reads the desk's (a collection, then 0.2 s). Read at the paint
event, before the frame was painted, it left out the window's backing store (a 1366×768 image
is 4 MB) that the desk's figure holds."""

from __future__ import annotations

import gc
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
    def __init__(self, settled: bool) -> None:
        super().__init__()
        self.settled = settled

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            if self.settled:  # the frame is painted when the loop turns again
                QTimer.singleShot(0, self.collect)
            else:
                print(f"READY rss={rss_mb():.1f}", flush=True)
                QTimer.singleShot(0, QApplication.quit)
        return False

    def collect(self) -> None:
        gc.collect()
        QTimer.singleShot(200, self.report)

    def report(self) -> None:
        print(f"READY rss={rss_mb():.1f}", flush=True)
        QApplication.quit()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    label = QLabel("Hello")
    label.resize(1366, 768)
    probe = FirstPaint(settled="--settled" in sys.argv[1:])
    label.installEventFilter(probe)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
