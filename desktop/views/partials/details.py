"""A stat tile (a label, a value, a detail) and a grid of named values, all plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractScrollArea, QFormLayout, QFrame, QVBoxLayout, QWidget

from desktop.i18n import translate
from desktop.views.partials.widgets import PlainLabel


class StatTile(QFrame):
    def __init__(self, label: str, name: str) -> None:
        super().__init__()
        self.setObjectName("statTile")
        self.setAccessibleName(translate("Tiles", label))
        self.label = PlainLabel(translate("Tiles", label))
        self.label.setObjectName("statLabel")
        self.value = PlainLabel("—")
        self.value.setObjectName("statValue")
        self.value.setAccessibleName(name)
        self.detail = PlainLabel("")
        self.detail.setObjectName("statDetail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class DetailsGrid(QWidget):
    """Named values, one row each, every value plain text and selectable (a name from the
    server is never markup here: the row names are separate labels, not bold tags)."""

    def __init__(self, rows: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A value with no space to wrap at (an email address, a long reference) that is wider
        # than its column goes under its name, across the whole grid, instead of being cut at
        # the right edge: "daniel.white3@example.co" read out is a wrong address.
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # The gap between a name and its value is the value's own margin, not the layout's
        # spacing: Qt decides to wrap a row by the name's width plus the value's minimum width,
        # without the spacing between them, so a value up to that spacing too wide stayed
        # beside its name, its last letters cut.
        gap = max(layout.horizontalSpacing(), 0)
        layout.setHorizontalSpacing(0)
        self._layout = layout
        self.values: dict[str, PlainLabel] = {}
        self._visible: dict[str, bool] = {}
        self._stale = False  # values changed while the grid was off screen: fit it when shown
        for row in rows:
            name = PlainLabel(translate("Details", row))
            name.setObjectName("detailName")
            value = PlainLabel("—")
            value.setObjectName("detailValue")
            value.setWordWrap(True)
            value.setContentsMargins(gap, 0, 0, 0)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            value.setAccessibleName(translate("Details", row))
            layout.addRow(name, value)
            self.values[row] = value
            self._visible[row] = True  # as added

    # The grid's height is the height of its values at the width it has, fixed by the grid
    # itself whenever either changes. Left to Qt's height-for-width, it came from caches held
    # three widgets up (the group box, the account's side, the scroll area), and now and then
    # one of them kept an earlier account's height: an address lost its second line, the
    # postcode. A fixed height reaches the layouts above as a plain size constraint.
    def hasHeightForWidth(self) -> bool:
        return False

    def _fit(self) -> None:
        if not self.isVisible():
            # Off screen (on a tab not shown, or before the window is): fitted when shown, not
            # at each fill. The form's fit measures every value's text several times over, and
            # at an account's open it was a quarter of the time to the first paint, for three
            # grids of which one (the prescription's, behind the Orders tab) is not seen.
            self._stale = True
            return
        self._stale = False
        need = self._layout.totalHeightForWidth(self.width())  # the form's own, fresh as the text
        if need != self.minimumHeight() or need != self.maximumHeight():
            self.setFixedHeight(need)
            # Every layout above sizes from it: tell each now. Left to the layout requests Qt
            # posts up the tree, one of them sometimes found its layout already activated and
            # passed nothing on, and the group box kept its last height, clipping the grid.
            # Up to the page a scroll area holds (it sizes the page itself), no further: the
            # rest of the window does not change with the grid.
            above = self.parentWidget()
            while above is not None and not above.isWindow():
                above.updateGeometry()
                viewport = above.parentWidget()
                if viewport is not None and isinstance(
                    viewport.parentWidget(), QAbstractScrollArea
                ):
                    break
                above = viewport

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def show_values(self, values: dict[str, str | None]) -> None:
        for row, label in self.values.items():
            text = values.get(row)
            if label.text() != (text or ""):
                label.setText(text or "")
            visible = text is not None
            if self._visible.get(row) != visible:  # a layout pass only when a row comes or goes
                self._layout.setRowVisible(label, visible)
                self._visible[row] = visible
        self._fit()

    def clear_values(self) -> None:
        """Empty every value and keep the grid's height: the next account's values are most
        often as tall as the last one's, and a height that does not change is no layout above
        (the side, the records beside it, the page's scroll bar) at the ring nor at the open."""
        for label in self.values.values():
            label.setText("")
