"""Small shared widgets: plain-text labels, the banner, a dismissable notice and a busy
indicator."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from desktop.i18n import QT_TRANSLATE_NOOP, translate

KIND_WORD = {
    "error": QT_TRANSLATE_NOOP("Banner", "Error"),
    "warn": QT_TRANSLATE_NOOP("Banner", "Warning"),
    "ok": QT_TRANSLATE_NOOP("Banner", "Done"),
    "info": QT_TRANSLATE_NOOP("Banner", "Note"),
}


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
    """A one-line message in a coloured band: info, ok, warn or error.

    Styled by its ``banner`` property (views give each banner its own object name), and
    announced to screen readers when shown: errors and warnings assertively, the rest politely.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("banner")
        self.setProperty("banner", True)
        self.setProperty("kind", "info")
        self.setWordWrap(True)
        self.setVisible(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.announced: list[str] = []  # what was said to assistive technology, newest last

    def kind(self) -> str:
        return str(self.property("kind"))

    def show_message(self, text: str, kind: str = "info") -> None:
        self.setProperty("kind", kind)
        self.setText(text)
        repolish(self)
        self.setVisible(bool(text))
        word = translate("Banner", KIND_WORD.get(kind, "Note"))
        spoken = f"{word}: {text}" if text else ""
        self.setAccessibleName(spoken)
        if text:
            self._announce(spoken, assertive=kind in ("error", "warn"))

    def _announce(self, spoken: str, assertive: bool) -> None:
        self.announced.append(spoken)
        del self.announced[:-20]
        event = QAccessibleAnnouncementEvent(self, spoken)
        event.setPoliteness(
            QAccessible.AnnouncementPoliteness.Assertive
            if assertive
            else QAccessible.AnnouncementPoliteness.Polite
        )
        QAccessible.updateAccessibility(event)

    def clear_message(self) -> None:
        self.setText("")
        self.setAccessibleName("")
        self.setVisible(False)


class NoticeBar(QWidget):
    """A banner the reader dismisses: something to know once, not an error to fix now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.banner = Banner()
        self.dismiss = QPushButton(translate("NoticeBar", "&Got it"))
        self.dismiss.setAccessibleName(translate("NoticeBar", "Dismiss this notice"))
        self.dismiss.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 8, 0)
        row.addWidget(self.banner, 1)
        row.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)

    def show_notice(self, text: str, kind: str = "warn") -> None:
        self.banner.show_message(text, kind)
        self.setVisible(True)

    def hideEvent(self, event: QHideEvent) -> None:
        if self.dismiss.hasFocus() and self.window() is not None:
            self.window().setFocus()  # focus does not vanish with the bar
        super().hideEvent(event)


class Busy(QWidget):
    """A thin indeterminate bar for anything slower than a blink: a block that slides along.

    It appears only when the work is still going after ``REVEAL_MS``, so a fast answer never
    flashes a bar, and it paints one rectangle 25 times a second. (Fusion's busy QProgressBar
    redrew its whole striped groove at every animation frame: an eighth of the UI thread's time
    over a shift.)"""

    REVEAL_MS = 250
    FRAME_MS = 40
    CYCLE_FRAMES = 40  # 1.6 s from one end to the other

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(translate("Busy", "Working…"))
        self._wanted = False
        self._frame = 0
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.setInterval(self.REVEAL_MS)
        self._reveal.timeout.connect(self._appear)
        self._animation = QTimer(self)
        self._animation.setInterval(self.FRAME_MS)
        self._animation.timeout.connect(self._advance)
        super().setVisible(False)

    @property
    def wanted(self) -> bool:
        """Work is going on (the bar shows, or will once ``REVEAL_MS`` have passed)."""
        return self._wanted

    def setVisible(self, visible: bool) -> None:
        self._wanted = visible
        if visible:
            if not self.isVisible() and not self._reveal.isActive():
                self._reveal.start()
            return
        self._reveal.stop()
        self._animation.stop()
        super().setVisible(False)

    def _appear(self) -> None:
        if self._wanted:
            self._frame = 0
            super().setVisible(True)
            self._animation.start()

    def _advance(self) -> None:
        self._frame = (self._frame + 1) % self.CYCLE_FRAMES
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        width, height = self.width(), self.height()
        painter.fillRect(0, 0, width, height, self.palette().color(QPalette.ColorRole.Midlight))
        block = max(24, width // 4)
        x = (width + block) * self._frame // self.CYCLE_FRAMES - block
        painter.fillRect(x, 0, block, height, self.palette().color(QPalette.ColorRole.Highlight))


def repolish(widget: QWidget) -> None:
    """A dynamic property changed: the stylesheet's rules for it apply again."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
