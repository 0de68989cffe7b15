"""The account's header: who the patient is, their flags, and the stats that answer most calls."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from backend_client import models as m
from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.views.partials.details import StatTile
from desktop.views.partials.formatting import day, words
from desktop.views.partials.widgets import PlainLabel


class AccountHeader(QWidget):
    """Who the patient is (name, age, NHS number) and their flags."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = PlainLabel()
        self.name.setObjectName("viewTitle")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identity = PlainLabel()
        self.identity.setObjectName("viewSubtitle")
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.flags = QHBoxLayout()
        self.flags.setSpacing(6)
        head = QHBoxLayout(self)
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(10)  # the account view's own spacing, as when this sat in its column
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.identity)
        head.addLayout(names, 1)
        head.addLayout(self.flags)
        head.setAlignment(self.flags, Qt.AlignmentFlag.AlignTop)

    def show_snapshot(self, snap: m.Snapshot) -> None:
        who = snap.identity
        self.name.setText(who.name)
        self.identity.setText(
            self.tr("%n years · born {0} · NHS {1}", "", who.age).format(
                day(who.date_of_birth), who.nhs_number or "—"
            )
        )
        exemption = [self.tr("Exemption: {0}").format(who.exemption)] if who.exemption else []
        self._set_flags(who.flags + exemption)

    def clear(self) -> None:
        self.name.setText("")
        self.identity.setText("")
        self._set_flags([])

    def _set_flags(self, flags: list[str]) -> None:
        shown = [
            w.text()
            for i in range(self.flags.count())
            if isinstance(w := self.flags.itemAt(i).widget(), PlainLabel)
        ]
        if shown == flags:
            return  # the same flags: no widgets made and unmade
        while self.flags.count():
            item = self.flags.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.setParent(None)  # out of the widget tree now, not at the next loop turn
                widget.deleteLater()
        for flag in flags:
            label = PlainLabel(flag)
            label.setObjectName("flag")
            label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.flags.addWidget(label)


class AccountStats(QWidget):
    """The stats that answer most calls, one tile each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = {
            "since": StatTile(QT_TRANSLATE_NOOP("Tiles", "Patient since"), "patientSince"),
            "orders": StatTile(QT_TRANSLATE_NOOP("Tiles", "Orders"), "orderCount"),
            "last": StatTile(QT_TRANSLATE_NOOP("Tiles", "Last order"), "lastOrder"),
            "delivery": StatTile(QT_TRANSLATE_NOOP("Tiles", "Next delivery"), "nextDelivery"),
            "repeats": StatTile(QT_TRANSLATE_NOOP("Tiles", "Active repeats"), "activeRepeats"),
            "issues": StatTile(QT_TRANSLATE_NOOP("Tiles", "Open issues"), "openIssues"),
        }
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(10)
        self.columns = 0
        self._reflow(len(self.tiles))

    # One row of six when there is room; two rows of three when the account shares the width
    # (an article open beside it), so nothing scrolls sideways.
    NARROW = 820

    def _reflow(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow(len(self.tiles) if event.size().width() >= self.NARROW else 3)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        # As narrow as three tiles: the reflow takes it from there.
        widest = max(t.minimumSizeHint().width() for t in self.tiles.values())
        return QSize(min(hint.width(), 3 * widest + 20), hint.height())

    def show_snapshot(self, snap: m.Snapshot) -> None:
        stats = snap.stats
        self.tiles["since"].set(day(stats.patient_since))
        self.tiles["orders"].set(str(stats.orders))
        last = stats.last_order
        self.tiles["last"].set(
            words(last.status) if last else self.tr("None"), day(last.placed_at) if last else ""
        )
        self.tiles["delivery"].set(
            day(stats.next_delivery) if stats.next_delivery else self.tr("None due")
        )
        self.tiles["repeats"].set(str(stats.active_repeats))
        oldest = stats.oldest_open_issue_days
        self.tiles["issues"].set(
            str(stats.open_issues),
            self.tr("oldest %n day(s)", "", oldest) if oldest is not None else "",
        )

    def clear(self) -> None:
        for tile in self.tiles.values():
            tile.set("—")
