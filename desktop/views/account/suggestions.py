"""The next workflows suggested for the account, each with its reason, as buttons above the
stats: chosen, the workflow opens with what the rule already knows filled in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from backend_client import models as m
from desktop.views.partials.formatting import suggested
from desktop.views.partials.widgets import PlainLabel


class ElidedButton(QPushButton):
    """A button whose long text ends in "…" where the width runs out, whole in its tooltip and
    for screen readers: a reason never pushes the account wider than the window."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.full = text
        # Qt renders a tooltip that looks like markup: give it the text escaped, as rich text,
        # so a reason holding "<h1>" shows those characters.
        self.setToolTip(QtGui.convertFromPlainText(text))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), 520), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = max(40, event.size().width() - 36)
        self.setText(self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, room))


class SuggestionStrip(QFrame):
    chosen = Signal(object)  # m.Suggestion

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestions")
        # The workflow's title for an id; the window supplies it (it holds the catalogue).
        self.title_of: Callable[[str], str] = lambda workflow_id: workflow_id
        self.label = PlainLabel(self.tr("Suggested next"))
        self.label.setObjectName("statLabel")
        self.buttons: list[QPushButton] = []
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.label)
        self.setVisible(False)

    def show_suggestions(self, suggestions: list[m.Suggestion]) -> None:
        self.clear()
        for n, (suggestion, reason) in enumerate(suggested(suggestions)):
            # QPushButton shows its text as plain text: a reason is never markup.
            button = ElidedButton(f"{self.title_of(suggestion.workflow_id)}: {reason}")
            button.setObjectName("suggestion")
            button.setAccessibleName(
                self.tr("Suggested: {0}, because {1}").format(
                    self.title_of(suggestion.workflow_id), reason
                )
            )
            button.clicked.connect(lambda _=False, s=suggestion: self.chosen.emit(s))
            self.row.insertWidget(1 + n, button)
            self.buttons.append(button)
        self.setVisible(bool(self.buttons))

    def clear(self) -> None:
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        self.setVisible(False)
