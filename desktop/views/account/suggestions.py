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
        self._room = -1  # the width the text was last elided to
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_full(text)

    def set_full(self, text: str) -> None:
        self.full = text
        # Qt renders a tooltip that looks like markup: give it the text escaped, as rich text,
        # so a reason holding "<h1>" shows those characters.
        self.setToolTip(QtGui.convertFromPlainText(text))
        self._room = -1
        self._elide(self.width())

    def minimumSizeHint(self) -> QSize:
        return QSize(80, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        # From the whole text, not the elided one it shows: the width it would like to have.
        wanted = self.fontMetrics().horizontalAdvance(self.full) + 36
        return QSize(min(wanted, 520), super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide(event.size().width())

    def _elide(self, width: int) -> None:
        room = max(40, width - 36)
        if room != self._room:  # a layout pass resizes it many times, mostly to the same width
            self._room = room
            self.setText(
                self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, room)
            )


class SuggestionStrip(QFrame):
    """Always one row under the header, so the stats and records below never move between
    accounts: up to ``MAX_SUGGESTIONS`` buttons, made once and given new text, or a quiet "none".

    (Made per account and shown with the strip, the buttons and the content they pushed down
    were two thirds of an open's frame: 23 ms against 8 ms for an account without suggestions.)
    """

    chosen = Signal(object)  # m.Suggestion

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestions")
        # The workflow's title for an id; the window supplies it (it holds the catalogue).
        self.title_of: Callable[[str], str] = lambda workflow_id: workflow_id
        self.label = PlainLabel(self.tr("Suggested next"))
        self.label.setObjectName("statLabel")
        self.none = PlainLabel("")
        self.none.setObjectName("statDetail")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.label)
        self.row.addWidget(self.none)
        self._pool: list[ElidedButton] = []
        self._shown: list[m.Suggestion] = []
        for n in range(m.MAX_SUGGESTIONS):
            button = ElidedButton("")
            button.setObjectName("suggestion")
            button.setAccessibleName(self.tr("Suggested workflow"))  # until it stands for one
            button.clicked.connect(lambda _=False, n=n: self._chose(n))
            button.setVisible(False)
            self.row.addWidget(button)
            self._pool.append(button)
        self.row.addStretch(0)
        # The row keeps a button's height whether or not it holds any: nothing below it moves.
        policy = self._pool[0].sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self._pool[0].setSizePolicy(policy)

    @property
    def buttons(self) -> list[ElidedButton]:
        """The buttons that stand for the account's suggestions, in order."""
        return self._pool[: len(self._shown)]

    def _chose(self, n: int) -> None:
        if n < len(self._shown):
            self.chosen.emit(self._shown[n])

    def show_suggestions(self, suggestions: list[m.Suggestion]) -> None:
        items = suggested(suggestions)
        self._shown = [s for s, _ in items]
        for button, (suggestion, reason) in zip(self._pool, items, strict=False):
            title = self.title_of(suggestion.workflow_id)
            # QPushButton shows its text as plain text: a reason is never markup.
            button.set_full(f"{title}: {reason}")
            button.setAccessibleName(self.tr("Suggested: {0}, because {1}").format(title, reason))
        for n, button in enumerate(self._pool):
            if button.isHidden() != (n >= len(items)):
                button.setVisible(n < len(items))
        self.none.setText("" if items else self.tr("nothing for this account"))

    def clear(self) -> None:
        """Nothing of the account stays, not even in a hidden button's text or tooltip."""
        self._shown = []
        for button in self._pool:
            if not button.isHidden():
                button.setVisible(False)
            if button.full:
                button.set_full("")
                button.setAccessibleName(self.tr("Suggested workflow"))
        self.none.setText("")
