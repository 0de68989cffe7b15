"""The account at a glance: who, the stats that answer most calls, then the detail.

It shows a snapshot only while the controller holds one (a verified conversation); ``clear``
empties every widget, so nothing of a patient stays behind a locked or closed conversation.
The pieces are in ``desktop/views/account/``: the header, the side summary, one module a tab.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.views.account.header import AccountHeader, AccountStats
from desktop.views.account.history_tab import HistoryTab
from desktop.views.account.orders_tab import OrdersTab
from desktop.views.account.prescriptions_tab import PrescriptionsTab
from desktop.views.account.suggestions import SuggestionStrip
from desktop.views.account.summary import AccountSummary
from desktop.views.partials.widgets import Banner, Busy


class AccountView(QWidget):
    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountView")
        self.desk = desk
        self.header = AccountHeader()
        self.stats = AccountStats()
        self.banner = Banner()
        self.busy = Busy()
        self.orders = OrdersTab()
        self.prescriptions = PrescriptionsTab()
        self.history_tab = HistoryTab()
        self.summary = AccountSummary()
        self.suggested = SuggestionStrip()
        # What the tests and the other screens read of it by name.
        self.name, self.tiles = self.header.name, self.stats.tiles
        self.orders_model, self.orders_table = self.orders.model, self.orders.table
        self.order_details = self.orders.details
        self.history = self.history_tab.model
        self.activity = self.summary.activity

        self.tabs = QTabWidget()
        self.tabs.setObjectName("accountTabs")
        self.tabs.setAccessibleName(self.tr("Account records"))
        self.tabs.addTab(self.orders, self.tr("&Orders"))
        self.tabs.addTab(self.prescriptions, self.tr("&Prescriptions"))
        self.tabs.addTab(self.history_tab, self.tr("&History"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self._history_for: str | None = None  # the conversation the history was loaded for

        body = QHBoxLayout()
        body.addWidget(self.tabs, 1)
        body.addWidget(self.summary)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 14, 24, 14)
        column.setSpacing(10)
        column.addWidget(self.header)
        column.addWidget(self.banner)
        column.addWidget(self.busy)
        column.addWidget(self.suggested)
        column.addWidget(self.stats)
        column.addLayout(body, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        # The second turn of a fill (show_snapshot): a zero-interval timer fires after the event
        # loop has laid out and painted what the first turn changed.
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._fill_next)
        self._filling: m.Snapshot | None = None
        self._steps: list[Callable[[m.Snapshot], None]] = []
        self._shown_account: str | None = None

        conversation = desk.conversation
        conversation.snapshotLoading.connect(lambda: self.busy.setVisible(True))
        conversation.snapshotLoaded.connect(self.show_snapshot)
        conversation.snapshotCleared.connect(self.clear)
        conversation.snapshotFailed.connect(self._failed)
        conversation.snapshotFromCache.connect(self._from_cache)
        conversation.historyLoaded.connect(self.show_history)
        conversation.historyFailed.connect(self.history_tab.failed)
        self.clear()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.history_tab:
            self.load_history()

    def load_history(self) -> None:
        current = self.desk.current_id
        if current is None or self._history_for == current:
            return
        self._history_for = current
        self.history_tab.loading()
        self.desk.conversation.load_history()

    def show_history(self, history: m.History) -> None:
        labels = {d.code: d.label for d in self.desk.wrap_up.dispositions}
        self.history_tab.show_history(history, labels)

    def show_snapshot(self, snap: m.Snapshot) -> None:
        """Fill the view in two turns of the event loop: the records, then the rest (the
        suggestions, the stats, the summary and, last, the header). The first turn is laid out
        and painted before the second begins, so the advisor's keys go between them and an open
        is two shorter frames instead of one long one (in one turn it was the shift's longest
        stall, 30-40 ms). Three turns cut the longest turn further, but each turn is a layout and
        a paint of its own: an open from the cache took 21.6 ms at p95 against its 20 ms budget.
        The name comes last: whoever waits for it (an advisor, a test, the bench) sees the whole
        account."""
        self.busy.setVisible(False)
        self.banner.clear_message()
        if self._shown_account != snap.identity.account_id:
            # Another patient: nothing of the last one stays beside these records.
            self.header.clear()
            self.stats.clear()
            self.summary.clear()
            self.suggested.clear()
            self._shown_account = None
        self._filling = snap
        self._steps = [self._fill_records, self._fill_rest]
        self._fill_next()

    @property
    def filling(self) -> bool:
        """A snapshot is on its way onto the screen (its later turns are still to come)."""
        return self._filling is not None

    def _fill_next(self) -> None:
        snap = self._filling
        if snap is None:
            return
        self._steps.pop(0)(snap)
        if self._steps:
            self._next.start()
        else:
            self._filling = None

    def _fill_records(self, snap: m.Snapshot) -> None:
        self.orders.show_orders(snap.orders)
        self.prescriptions.show_prescriptions(snap.prescriptions)

    def _fill_rest(self, snap: m.Snapshot) -> None:
        # First, while the layouts above it are still settled: showing a button lays out every
        # ancestor at once, which after the changes below would be a whole pass more.
        self.suggested.show_suggestions(snap.suggestions)
        self.stats.show_snapshot(snap)
        self.summary.show_snapshot(snap)
        self.header.show_snapshot(snap)
        self._shown_account = snap.identity.account_id
        # A fresh snapshot (a workflow ran, the account changed): the history is stale too.
        self._history_for = None
        if self.tabs.currentWidget() is self.history_tab:
            self.load_history()

    def clear(self) -> None:
        """Forget everything about the patient that was shown (and what was on its way)."""
        self._filling = None
        self._next.stop()
        self._shown_account = None
        self.busy.setVisible(False)
        self.banner.clear_message()
        self.header.clear()
        self.stats.clear()
        self.orders.clear()
        self.prescriptions.clear()
        self.history_tab.clear()
        self._history_for = None
        self.summary.clear()
        self.suggested.clear()
        self.tabs.setCurrentIndex(0)

    def _from_cache(self, as_of: datetime) -> None:
        self.banner.show_message(
            self.tr("Offline: the account as of {0}. Anything changed since is not shown.").format(
                as_of.astimezone().strftime("%H:%M")
            ),
            "warn",
        )

    def _failed(self, message: str) -> None:
        self.busy.setVisible(False)
        self.banner.show_message(message, "error")
