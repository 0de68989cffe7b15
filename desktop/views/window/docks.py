"""The docks a role adds to the window, made at sign-in: the enquiry inbox (every role, built
when first opened), the call-backs (advisors, built when first opened), the lead's floor,
figures, team and refund requests, the pharmacist's escalations and diary; each hidden and
emptied behind the idle lock, and shown again after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.controllers.enquiries import EnquiriesController

if TYPE_CHECKING:  # imported for real only when first needed, for the roles that have them
    from desktop.controllers.callbacks import CallbacksController
    from desktop.controllers.lead import LeadController
    from desktop.controllers.pharmacy import PharmacyController
    from desktop.views.callbacks import CallbacksPanel  # when the call-backs are first opened
    from desktop.views.diary import AppointmentsPanel
    from desktop.views.enquiries import EnquiriesPanel  # when the inbox is first opened
    from desktop.views.escalations import EscalationsPanel
    from desktop.views.lead_figures import KpiPanel  # when a lead signs in
    from desktop.views.lead_floor import FloorPanel
    from desktop.views.requests import RefundRequestsPanel
    from desktop.views.team import TeamPanel


class RoleDocks(QObject):
    enquiriesCounted = Signal()  # the inbox's unread count may have changed
    reminded = Signal()  # an enquiry has waited two days unread
    callbacksCounted = Signal()  # the call-backs waiting (or held) may have changed

    def __init__(self, window: QMainWindow, desk: DeskController, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window, self.desk, self.view_menu = window, desk, view_menu
        self.team: TeamPanel | None = None
        # The enquiry inbox: made at sign-in, for every role; its dock when first opened.
        self.enquiry_inbox: EnquiriesController | None = None
        self.enquiries: EnquiriesPanel | None = None
        # Call-backs: made at an advisor's sign-in; the dock when first opened.
        self.callback_list: CallbacksController | None = None
        self.callbacks: CallbacksPanel | None = None
        self._callbacks_open = False
        self.refunds: RefundRequestsPanel | None = None
        # The pharmacist's screen: its controller and docks, made at a pharmacist's sign-in.
        self.pharmacy: PharmacyController | None = None
        self.escalations: EscalationsPanel | None = None
        self.appointments: AppointmentsPanel | None = None
        # The lead's floor and figures: made at a lead's sign-in (they bring the charts).
        self.lead: LeadController | None = None
        self.floor_panel: FloorPanel | None = None
        self.kpi_panel: KpiPanel | None = None
        self._enquiries_open = False  # whether the inbox was open when the lock came on
        self._enquiry_draft = ""  # what was being written when the lock came on

    def signed_in(self, me: m.Me) -> None:
        window = self.window
        if self.enquiry_inbox is None:
            # Every role answers its team's web-form enquiries (a lead sees every team's). The
            # status bar counts them; it (or Ctrl+3) opens the inbox, made then: the account
            # keeps the width, and a desk that never opens it never builds it.
            self.enquiry_inbox = EnquiriesController(self.desk)
            self.enquiry_inbox.listChanged.connect(lambda _items: self.enquiriesCounted.emit())
            self.enquiry_inbox.reminded.connect(lambda _item: self.reminded.emit())
            self.enquiriesCounted.emit()
        if m.Role.ADVISOR in me.roles and self.callback_list is None:
            # Callers who asked to be called back: the status bar counts them; it (or Ctrl+4)
            # opens the dock, made then.
            from desktop.controllers.callbacks import CallbacksController

            self.callback_list = CallbacksController(self.desk)
            self.callback_list.listChanged.connect(lambda _items: self.callbacksCounted.emit())
            self.callbacksCounted.emit()
        if m.Role.LEAD in me.roles and self.team is None:
            from desktop.views.requests import RefundRequestsPanel
            from desktop.views.team import TeamPanel

            self.team = TeamPanel(self.desk, window)
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.team)
            self.refunds = RefundRequestsPanel(self.desk, window)
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.refunds)
            self._add_lead_docks()
        pharmacist = m.Role.PHARMACIST in me.roles
        if pharmacist and self.pharmacy is None:
            from desktop.controllers.pharmacy import PharmacyController
            from desktop.views.diary import AppointmentsPanel
            from desktop.views.escalations import EscalationsPanel

            self.pharmacy = PharmacyController(self.desk)
            self.escalations = EscalationsPanel(self.pharmacy, window)
            self.appointments = AppointmentsPanel(self.pharmacy, window)
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.escalations)
            window.tabifyDockWidget(self.escalations, self.appointments)
            self.escalations.raise_()
            self.view_menu.addSeparator()
            for dock in (self.escalations, self.appointments):
                self.view_menu.addAction(dock.toggleViewAction())  # closed docks come back
            self.size_docks()
        for dock in (self.escalations, self.appointments):
            if dock is not None:
                dock.setVisible(pharmacist)

    def _add_lead_docks(self) -> None:
        # Imported here, not at the top: the charts load pyqtgraph and numpy, which only a
        # lead's desk needs (an advisor's start-up and memory stay without them).
        from desktop.controllers.lead import LeadController
        from desktop.views.lead_figures import KpiPanel
        from desktop.views.lead_floor import FloorPanel

        window = self.window
        self.lead = LeadController(self.desk)
        self.floor_panel = FloorPanel(self.lead, window)
        self.kpi_panel = KpiPanel(self.lead, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.floor_panel)
        window.tabifyDockWidget(self.floor_panel, self.kpi_panel)
        assert self.team is not None and self.refunds is not None
        window.tabifyDockWidget(self.floor_panel, self.team)
        window.tabifyDockWidget(self.floor_panel, self.refunds)
        self.floor_panel.raise_()
        self.view_menu.addSeparator()
        for dock in (self.floor_panel, self.kpi_panel, self.team, self.refunds):
            self.view_menu.addAction(dock.toggleViewAction())

    def size_docks(self) -> None:
        """Role docks take about a quarter of the width: the account view keeps the rest
        (View menu: a dock closed or floated comes back there)."""
        dock = self.escalations or self.floor_panel or self.enquiries or self.callbacks
        window = self.window
        if dock is not None and window.isVisible():
            width = max(360, window.width() // 4)
            window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    def role_docks(self) -> list[QDockWidget]:
        me = self.desk.me
        docks: list[QDockWidget] = [
            d for d in (self.team, self.refunds, self.floor_panel, self.kpi_panel) if d is not None
        ]
        if me is not None and m.Role.PHARMACIST in me.roles:
            docks += [d for d in (self.escalations, self.appointments) if d is not None]
        return docks

    # --- the enquiry inbox ------------------------------------------------------------------

    @property
    def unread_enquiries(self) -> int:
        return self.enquiry_inbox.unread if self.enquiry_inbox is not None else 0

    def toggle_enquiries(self) -> None:
        if self.enquiries is not None and self.enquiries.isVisible():
            self.enquiries.hide()
        else:
            self.focus_enquiries()

    def focus_enquiries(self) -> None:
        if self.enquiry_inbox is None:
            return
        if self.enquiries is None:
            from desktop.views.enquiries import EnquiriesPanel

            self.enquiries = EnquiriesPanel(self.enquiry_inbox, self.window)
            # Ctrl+K in the reply inserts an article's answer (no conversation to note it on).
            self.window.articles.accept_articles(self.enquiries.answer, noted=False)  # type: ignore[attr-defined]
            self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.enquiries)
            beside = self.floor_panel or self.escalations
            if beside is not None:
                self.window.tabifyDockWidget(beside, self.enquiries)
        self.enquiries.show()
        self.enquiries.raise_()
        self.size_docks()
        self.enquiries.list.setFocus()

    # --- call-backs ----------------------------------------------------------------------------

    def toggle_callbacks(self) -> None:
        if self.callbacks is not None and self.callbacks.isVisible():
            self.callbacks.hide()
        else:
            self.focus_callbacks()

    def focus_callbacks(self) -> None:
        if self.callback_list is None:
            return
        if self.callbacks is None:
            from desktop.views.callbacks import CallbacksPanel

            self.callbacks = CallbacksPanel(self.callback_list, self.window)
            self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.callbacks)
            beside = self.floor_panel or self.escalations or self.enquiries
            if beside is not None:
                self.window.tabifyDockWidget(beside, self.callbacks)
        self.callbacks.show()
        self.callbacks.raise_()
        self.size_docks()
        self.callbacks.list.setFocus()

    # --- behind the idle lock -----------------------------------------------------------------

    def hide_for_lock(self) -> None:
        """No patient's name or reason left in a dock while the desk is locked."""
        for dock in self.role_docks():
            dock.hide()
        if self.refunds is not None:
            self.refunds.list.clear()
        for view in (self.escalations, self.appointments):
            if view is not None:  # patients' names and reasons: not behind the lock
                view.list.clear()
                view.banner.clear_message()
        if self.escalations is not None:
            self.escalations.details.clear()
            self.escalations.note.clear()
        if self.floor_panel is not None:
            self.floor_panel.clear()
        if self.callbacks is not None:
            self._callbacks_open = self.callbacks.isVisible()
            self.callbacks.clear()
            self.callbacks.hide()
        if self.enquiries is not None:
            self._enquiry_draft = self.enquiries.answer.toPlainText()
            self._enquiries_open = self.enquiries.isVisible()
            self.enquiries.hide_for_lock()
            self.enquiries.hide()

    def show_after_lock(self) -> None:
        for dock in self.role_docks():
            dock.show()
        if self.refunds is not None:
            self.refunds.refresh()
        if self.escalations is not None:
            self.escalations.refresh()
        if self.enquiries is not None and self.enquiry_inbox is not None:
            self.enquiries.show_list(self.enquiry_inbox.ordered())
            self.enquiries.show_enquiry(self.enquiry_inbox.current)
            self.enquiries.answer.setPlainText(self._enquiry_draft)
            self._enquiry_draft = ""
            self.enquiries.setVisible(self._enquiries_open)
        if self.callbacks is not None:
            self.callbacks.setVisible(self._callbacks_open)
            self.callbacks.refresh()

    def show_diary_after_lock(self) -> None:
        if self.appointments is not None and self.pharmacy and self.pharmacy.diary is not None:
            self.appointments.show_diary(self.pharmacy.diary)
