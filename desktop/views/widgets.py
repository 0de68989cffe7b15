"""Small shared widgets: plain-text labels, the banner and a busy indicator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget


class PlainLabel(QLabel):
    """A label that shows its text as typed, never as rich text.

    QLabel's default (Qt.AutoText) renders anything that looks like HTML: a representative
    named ``<h1 style=color:red>LEAD APPROVED`` would become a red heading. Every string from
    the server or a patient goes through one of these (or a painted delegate, which is plain).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)


class Banner(PlainLabel):
    """A one-line message in a coloured band: info, ok, warn or error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setVisible(False)

    def show_message(self, text: str, kind: str = "info") -> None:
        self.setProperty("kind", kind)
        self.setText(text)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.setVisible(False)


class Busy(QProgressBar):
    """An indeterminate progress bar for anything slower than a blink."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 0)
        self.setTextVisible(False)
        self.setMaximumHeight(4)
        self.setVisible(False)
