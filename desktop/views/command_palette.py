"""The Ctrl/Cmd-K palette: type a few letters, pick a workflow, an article or a conversation,
press Enter.

An overlay over the window. Every keystroke re-ranks (see ``desktop.palette_ranking``); the
matched letters are highlighted; entries that cannot run now stay visible, greyed, with the
reason. Articles and the workflows suggested for the account carry a tag saying so; the
suggestions stand above the results until the advisor types. Up/Down move, Enter runs, Esc
closes.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop import theme
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.palette_ranking import Entry, Match, PaletteIndex
from desktop.views.partials.widgets import PlainLabel

# The tag at the right of an entry's title, by kind (workflows carry none).
TAGS = {
    "article": QT_TRANSLATE_NOOP("PaletteDelegate", "Article"),
    "suggestion": QT_TRANSLATE_NOOP("PaletteDelegate", "Suggested"),
}


@dataclass(frozen=True)
class Row:
    match: Match
    disabled_reason: str | None


class PaletteModel(QAbstractListModel):
    MATCH = Qt.ItemDataRole.UserRole + 1
    REASON = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.match.entry.title
        if role == self.MATCH:
            return row.match
        if role == self.REASON:
            return row.disabled_reason
        if role == Qt.ItemDataRole.AccessibleTextRole:
            tag = TAGS.get(row.match.entry.kind)
            if tag:
                return f"{translate('PaletteDelegate', tag)}: {row.match.entry.title}, " + (
                    row.match.entry.subtitle
                )
            if row.disabled_reason:
                return self.tr("{0}, unavailable: {1}").format(
                    row.match.entry.title, row.disabled_reason
                )
            return row.match.entry.title
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class PaletteDelegate(QStyledItemDelegate):
    """Paints a row: the title with its matched letters bold in the accent colour, the kind's
    tag at its right, the subtitle (and why it cannot run now) below.

    Each row's title is laid out once (a QTextLayout with its highlight, and the elided
    subtitle) and kept by everything it shows, rather than laid out anew at every paint: a
    repaint that changes nothing (the selection moving, the window exposed again) and a row
    whose highlight the last letter did not change draw what was kept."""

    HEIGHT = 46
    KEPT = 256  # laid-out rows kept; about ten are on screen

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, tuple[QFont, QFont, QFontMetrics]] = {}
        self._rows: OrderedDict[tuple[object, ...], tuple[QTextLayout, str]] = OrderedDict()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), self.HEIGHT)

    def _fonts_for(self, font: QFont) -> tuple[QFont, QFont, QFontMetrics]:
        """The title's font and the small one (tag, subtitle) for the view's font."""
        key = font.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            title_font = QFont(font)
            title_font.setPointSizeF(font.pointSizeF() + 0.5)
            small = QFont(font)
            small.setPointSizeF(max(7.5, font.pointSizeF() - 1))
            fonts = self._fonts[key] = (title_font, small, QFontMetrics(small))
        return fonts

    def _laid_out(
        self,
        match: Match,
        reason: str | None,
        selected: bool,
        title_font: QFont,
        small_metrics: QFontMetrics,
        width: int,
        subtitle_room: int,
    ) -> tuple[QTextLayout, str]:
        accent = theme.colour("accent" if not reason else "muted")
        key = (
            match.entry.title,
            match.positions,
            selected,
            accent.rgba(),
            title_font.key(),
            width,
            match.entry.subtitle,
            reason,
            subtitle_room,
        )
        kept = self._rows.get(key)
        if kept is not None:
            self._rows.move_to_end(key)
            return kept
        layout = QTextLayout(match.entry.title, title_font)
        formats = []
        for pos in match.positions:
            fmt = QTextLayout.FormatRange()
            fmt.start, fmt.length = pos, 1
            char = QTextCharFormat()
            char.setFontWeight(QFont.Weight.Bold)
            if not selected:
                char.setForeground(accent)
            fmt.format = char
            formats.append(fmt)
        layout.setFormats(formats)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(width)
        layout.endLayout()
        sub = match.entry.subtitle + (f" — {reason}" if reason else "")
        elided = small_metrics.elidedText(sub, Qt.TextElideMode.ElideRight, subtitle_room)
        kept = self._rows[key] = (layout, elided)
        if len(self._rows) > self.KEPT:
            self._rows.popitem(last=False)
        return kept

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        match: Match = index.data(PaletteModel.MATCH)
        reason: str | None = index.data(PaletteModel.REASON)
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        if reason and not selected:
            text = theme.colour("muted")
        title_font, small, small_metrics = self._fonts_for(option.font)
        tag = TAGS.get(match.entry.kind)
        tag_width = 0
        if tag:
            tag_text = translate("PaletteDelegate", tag)
            tag_width = small_metrics.horizontalAdvance(tag_text) + 14
            box = QRect(rect.right() - 14 - tag_width, rect.top() + 6, tag_width, 18)
            painter.setFont(small)
            colour = theme.colour("accent" if match.entry.kind == "suggestion" else "muted")
            painter.setPen(QColor(text) if selected else colour)
            painter.drawRoundedRect(box, 4, 4)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tag_text)
        room = rect.width() - 28
        layout, subtitle = self._laid_out(
            match,
            reason,
            selected,
            title_font,
            small_metrics,
            room - tag_width - (8 if tag else 0),
            room,
        )
        # The title, with the matched characters bold and in the accent colour.
        painter.setPen(text)
        layout.draw(painter, rect.topLeft() + QRect(14, 5, 0, 0).topLeft())
        painter.setFont(small)
        painter.setPen(QColor(text) if selected else theme.colour("muted"))
        painter.drawText(
            QRect(rect.left() + 14, rect.top() + 25, room, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            subtitle,
        )
        painter.restore()


class CommandPalette(QFrame):
    """Emits ``chosen`` with the entry Enter (or a click) picked; disabled entries say why."""

    chosen = Signal(object)  # Entry
    refused = Signal(str)  # the reason an entry cannot run now

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # A border, not a drop-shadow effect: an effect makes Qt repaint the busy view beneath
        # the palette whenever the palette changes, and that costs more than the ranking.
        self.setAutoFillBackground(True)
        self.input = QLineEdit()
        self.input.setObjectName("paletteInput")
        self.input.setAccessibleName(self.tr("Command palette"))
        self.list = QListView()
        self.list.setObjectName("paletteList")
        self.model = PaletteModel(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(PaletteDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.clicked.connect(lambda index: self._choose(index.row()))
        self.empty = PlainLabel(self.tr("Nothing matches. Try fewer letters."))
        self.empty.setObjectName("emptyState")
        self.empty.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.input)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        self.input.textChanged.connect(self.refresh)
        self.input.installEventFilter(self)
        self.index = PaletteIndex([])
        self._reasons: dict[str, str | None] = {}
        self._frecency: dict[str, float] = {}
        self._suggestions: list[Entry] = []
        self._placeholders = {
            "run": self.tr("Type a workflow, an article or a caller… (Esc to close)"),
            "insert": self.tr("Type an article to insert its answer… (Esc to close)"),
        }
        self.mode = "run"
        self._back_to: QWidget | None = None
        self.hide()

    # --- opening and ranking --------------------------------------------------------------

    def open(
        self,
        entries: list[Entry],
        reasons: dict[str, str | None],
        frecency: dict[str, float],
        suggestions: list[Entry] | None = None,
        mode: str = "run",
        back_to: QWidget | None = None,
    ) -> None:
        """``suggestions`` stand above the results while nothing is typed; ``mode`` is "run"
        (choose to run or open) or "insert" (an article's answer goes into a reply); closed,
        the focus goes ``back_to`` (the reply being written) or to the window."""
        self._suggestions = list(suggestions or [])
        self._back_to = back_to
        self.mode = mode
        self.input.setPlaceholderText(self._placeholders[mode])
        if [e.key for e in entries] != [e.key for e in self.index.entries] or entries != list(
            self.index.entries
        ):
            self.index = PaletteIndex(entries)
        self._reasons, self._frecency = reasons, frecency
        # Rank first, then size: placed before the rows are in, the palette took the height of
        # whatever the last query left (one row after a precise search).
        self.input.blockSignals(True)
        self.input.clear()
        self.input.blockSignals(False)
        self.refresh()
        self._place()
        self.show()
        self.raise_()
        self.input.setFocus()

    def refresh(self) -> None:
        query = self.input.text()
        matches = self.index.rank(query, self._frecency, limit=50)
        if not query.strip():
            matches = [Match(s, 0.0) for s in self._suggestions] + matches
        self.model.set_rows([Row(mt, self._reasons.get(mt.entry.key)) for mt in matches])
        self.empty.setVisible(not matches)
        self.list.setVisible(bool(matches))
        if matches:
            self.list.setCurrentIndex(self.model.index(0))
        if self.isVisible() and self.height() != self._wanted_height():
            self._place()

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        width = min(680, max(420, host.width() - 80))
        top = 56  # below the menu bar, over the top of the content
        wanted = min(self._wanted_height(), host.height() - top - 40)
        self.setGeometry((host.width() - width) // 2, top, width, wanted)

    def _wanted_height(self) -> int:
        rows = min(self.model.rowCount(), 9)
        listed = rows * PaletteDelegate.HEIGHT + 4 if rows else 30
        return 20 + self.input.sizeHint().height() + 8 + listed

    # --- keys -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.list.currentIndex().row())
                return True
            if key == Qt.Key.Key_Escape:
                self.close_palette()
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        count = self.model.rowCount()
        if count:
            row = (self.list.currentIndex().row() + step) % count
            self.list.setCurrentIndex(self.model.index(row))

    def _choose(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            return
        chosen = self.model.rows[row]
        if chosen.disabled_reason:
            self.refused.emit(f"“{chosen.match.entry.title}” {chosen.disabled_reason}.")
            return
        self.close_palette()
        self.chosen.emit(chosen.match.entry)

    def close_palette(self) -> None:
        self.hide()
        back, self._back_to = self._back_to, None
        target = back if back is not None and back.isVisible() else self.parentWidget()
        if target is not None:
            target.setFocus()
