"""The Qt binding must not drop references to None: on Python 3.11 (None not yet immortal)
every void call that does ends the process after a few thousand calls — PySide6 6.12.0 did, and
the desk died repainting its conversation list. An upgrade that brings it back fails here."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QLabel

from desktop import resources


def test_void_calls_keep_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    pixmap = QPixmap(64, 64)
    painter = QPainter(pixmap)
    icon = resources.icon("phone")
    try:
        before = sys.getrefcount(None)
        for _ in range(500):
            label.setVisible(False)
            painter.save()
            painter.setPen(QColor("#000000"))
            painter.fillRect(QRect(0, 0, 8, 8), QColor("#ffffff"))
            painter.drawLine(0, 0, 8, 8)
            icon.paint(painter, QRect(0, 0, 24, 24))
            painter.restore()
        after = sys.getrefcount(None)
    finally:
        painter.end()
    # Immortal None (3.12+) reports a constant; on 3.11 a binding that drops references
    # shows thousands fewer.
    assert after >= before - 50, f"None lost {before - after} references in 3,500 calls"
