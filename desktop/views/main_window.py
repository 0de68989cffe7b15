"""The main window: the conversation panel, the open conversation, the status bar."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFrame,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop import resources
from desktop.controller import DeskController
from desktop.enquiries import EnquiriesController
from desktop.i18n import translate
from desktop.idle import IdleWatcher
from desktop.lead import LeadController
from desktop.palette_ranking import Entry
from desktop.pharmacy import PharmacyController
from desktop.state import Connection, spoken
from desktop.texts import TextsController
from desktop.views.account_view import AccountView
from desktop.views.challenge_view import ChallengeView
from desktop.views.command_palette import CommandPalette
from desktop.views.conversation_bar import ConversationBar
from desktop.views.conversation_panel import ConversationPanel
from desktop.views.help import ShortcutSheet
from desktop.views.lock_screen import LockScreen
from desktop.views.outbox import OutboxDialog
from desktop.views.pharmacy import AppointmentsPanel, EscalationsPanel
from desktop.views.requests import RefundRequestsPanel
from desktop.views.team import TeamPanel, availability_word
from desktop.views.widgets import PlainLabel
from desktop.views.workflow_runner import RunnerState, WorkflowRunner, wf_text
from desktop.workflows.registry import Registry, discover
from desktop.workflows.usage import Usage, default_path

if TYPE_CHECKING:  # imported for real only when a lead signs in (see _add_lead_docks)
    from desktop.views.enquiries import EnquiriesPanel  # when the inbox is first opened
    from desktop.views.lead import FloorPanel, KpiPanel
    from desktop.views.text_thread import TextThreadView  # with the first text conversation


class MainWindow(QMainWindow):
    signOutRequested = Signal()

    def __init__(
        self,
        desk: DeskController,
        registry: Registry | None = None,
        usage: Usage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._registry = registry  # discovered when first needed: not on the way to the first paint
        # Half-filled workflows of conversations the advisor switched away from, by conversation.
        self._parked: dict[str, RunnerState] = {}
        self._resuming: tuple[str, RunnerState] | None = None
        self.usage = usage if usage is not None else Usage()
        self._own_usage = usage is None  # switched to the advisor's own file at sign-in
        self.setObjectName("mainWindow")
        self.setWindowTitle("CareDesk")
        self.setWindowIcon(resources.icon("caredesk"))
        self.desk = desk

        self.panel = ConversationPanel(desk.conversations)
        self.panel.setMinimumWidth(300)
        self.panel.openRequested.connect(desk.open)
        self.empty = PlainLabel(self.tr("Select a conversation, or wait for the next call."))
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.challenge = ChallengeView(desk)
        self.account = AccountView(desk)
        self.runner = WorkflowRunner(desk)
        self.runner.finished.connect(self._back_from_workflow)
        self.stack = QStackedWidget()
        self.stack.setObjectName("centre")
        for widget in (self.empty, self.challenge, self.account, self.runner):
            self.stack.addWidget(widget)

        self.bar = ConversationBar(desk)
        self.bar.transferRequested.connect(lambda: self.open_workflow("transfer"))
        content = QWidget()
        content.setObjectName("content")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.bar)
        # A text conversation's thread sits above the challenge or the account: the advisor
        # reads the texts while verifying and working.
        self.texts = TextsController(desk)
        self.thread: TextThreadView | None = None  # made with the first text conversation
        self.texts.notice.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.texts.dialByLink.connect(self._dial_by_link)
        self.centre = QSplitter(Qt.Orientation.Vertical)
        self.centre.setObjectName("centreSplit")
        self.centre.setChildrenCollapsible(False)
        # Scrolls rather than growing the window past a 768-pixel screen when a text's thread
        # and a challenge share the height.
        self.stack_scroll = QScrollArea()
        self.stack_scroll.setObjectName("centreScroll")
        self.stack_scroll.setWidgetResizable(True)
        self.stack_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stack_scroll.setWidget(self.stack)
        self.centre.addWidget(self.stack_scroll)
        column.addWidget(self.centre, 1)

        splitter = QSplitter()
        splitter.addWidget(self.panel)
        splitter.addWidget(content)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 1000])
        splitter.setChildrenCollapsible(False)
        self.lock_screen = LockScreen(desk)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.lock_screen)
        self.setCentralWidget(self.pages)
        self._blank_list = QStandardItemModel(self)  # what the list shows while locked
        self.idle = IdleWatcher(QApplication.instance(), self)  # type: ignore[arg-type]
        self.idle.idle.connect(desk.lock)
        self.idle_minutes = 0  # IT's limit from the configuration (0: the server's)
        self._lock_parked: RunnerState | None = None
        self._lock_drafts: dict[str, str] = {}  # what was being written when the lock came on
        self._enquiries_open = False  # whether the inbox was open when the lock came on
        # A child of the window itself, in no layout: it floats over whatever is shown.
        self.palette = CommandPalette(self)
        self.palette.chosen.connect(self._chosen)
        self.palette.refused.connect(lambda text: self.statusBar().showMessage(text, 6000))

        self.connection_label = PlainLabel()
        self.connection_label.setObjectName("connectionStatus")
        self.agent_label = PlainLabel()
        self.agent_label.setObjectName("agentStatus")
        # Permanent widgets: a passing status message never hides whether the desk is online.
        self.availability = QComboBox()
        self.availability.setObjectName("availability")
        self.availability.setAccessibleName(self.tr("Your availability"))
        self.availability.setToolTip(self.tr("Whether you take new conversations (Ctrl+Shift+A)"))
        for value in m.Availability:
            self.availability.addItem(availability_word(value), value.value)
        self.availability.activated.connect(self._availability_chosen)
        self.outbox_label = PlainLabel()
        self.outbox_label.setObjectName("outboxStatus")
        self.outbox_label.setVisible(False)
        self.enquiries_button = QPushButton()
        self.enquiries_button.setObjectName("enquiriesStatus")
        self.enquiries_button.setFlat(True)
        self.enquiries_button.setToolTip(self.tr("The enquiry inbox (Ctrl+3)"))
        self.enquiries_button.clicked.connect(self._toggle_enquiries)
        self.enquiries_button.setVisible(False)
        self.statusBar().addPermanentWidget(self.enquiries_button)
        self.statusBar().addPermanentWidget(self.outbox_label)
        self.statusBar().addPermanentWidget(self.connection_label)
        self.statusBar().addPermanentWidget(self.availability)
        self.statusBar().addPermanentWidget(self.agent_label)

        menu = self.menuBar().addMenu(self.tr("&File"))
        sign_out = QAction(self.tr("Sign &out"), self)
        sign_out.triggered.connect(self.ask_sign_out)
        menu.addAction(sign_out)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        view = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu = view
        # Qt's "Ctrl" is Command on macOS: Cmd+K there.
        self._action(view, self.tr("&Command palette…"), "Ctrl+K", self.open_palette)
        self._action(
            view, self.tr("Conversation &list"), "Ctrl+1", lambda: self.panel.list.setFocus()
        )
        self._action(
            view,
            self.tr("&Open conversation"),
            "Ctrl+2",
            lambda: self.stack.currentWidget().setFocus(),
        )
        self._action(view, self.tr("&Availability"), "Ctrl+Shift+A", self._focus_availability)
        self._action(view, self.tr("&Enquiries"), "Ctrl+3", self._focus_enquiries)
        self._action(view, self.tr("&Waiting to send…"), "", self.show_outbox)
        conversation = self.menuBar().addMenu(self.tr("&Conversation"))
        self._action(
            conversation, self.tr("&End call or chat"), "Ctrl+Shift+E", desk.end_conversation
        )
        self._action(conversation, self.tr("&Wrap up…"), "Ctrl+Shift+W", self.bar.go_to_wrap_up)
        self._action(
            conversation, self.tr("&Close after wrap-up"), "Ctrl+Shift+Return", self.bar.submit
        )
        self._action(
            conversation, self.tr("&Transfer…"), "", lambda: self.open_workflow("transfer")
        )
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Keyboard shortcuts"), "F1", self.show_shortcuts)
        QShortcut(QKeySequence("Ctrl+/"), self, self.show_shortcuts)
        self.team: TeamPanel | None = None
        # The enquiry inbox: made at sign-in, for every role.
        self.enquiry_inbox: EnquiriesController | None = None
        self.enquiries: EnquiriesPanel | None = None
        self.refunds: RefundRequestsPanel | None = None
        # The pharmacist's screen: its controller and docks, made at a pharmacist's sign-in.
        self.pharmacy: PharmacyController | None = None
        self.escalations: EscalationsPanel | None = None
        self.appointments: AppointmentsPanel | None = None
        # The lead's floor and figures: made at a lead's sign-in (they bring the charts).
        self.lead: LeadController | None = None
        self.floor_panel: FloorPanel | None = None
        self.kpi_panel: KpiPanel | None = None
        self.decisions: list[str] = []  # refund decisions heard, newest last
        desk.refundRequestChanged.connect(self._refund_decided)

        desk.conversationOpened.connect(self._opened)
        desk.snapshotLoaded.connect(self._snapshot_loaded)
        desk.conversationClosed.connect(self._conversation_closed)
        desk.conversations.conversationRemoved.connect(self._removed)
        desk.connection.changed.connect(self._update_connection)
        desk.signedIn.connect(self._signed_in)
        desk.problem.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        desk.linkRefused.connect(self.show_link_refused)
        self.link_message: QMessageBox | None = None
        desk.availabilityChanged.connect(self._availability_shown)
        desk.availabilityFailed.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        desk.wrapUpFailed.connect(lambda _text: self.bar.setVisible(True))
        desk.lockedChanged.connect(self._locked_changed)
        desk.outboxChanged.connect(self._outbox_changed)
        self.outbox: list[Any] = []

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._update_connection()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._clock.stop()
        self.idle.stop()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._clock.start()
        super().showEvent(event)
        self._size_docks()

    def _size_docks(self) -> None:
        """Role docks take about a quarter of the width: the account view keeps the rest
        (View menu: a dock closed or floated comes back there)."""
        dock = self.escalations or self.floor_panel or self.enquiries
        if dock is not None and self.isVisible():
            width = max(360, self.width() // 4)
            self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    def _action(self, menu: QMenu, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def show_shortcuts(self) -> None:
        sheet = ShortcutSheet(self)
        sheet.open()

    def _signed_in(self, me: m.Me) -> None:
        roles = ", ".join(
            translate("Roles", r.value) for r in me.roles if r is not m.Role.ADVISOR
        ) or translate("Roles", "advisor")
        self.agent_label.setText(f"{me.display_name} · {roles}")
        if self._own_usage:
            self.usage = Usage(default_path(f"{self.desk.server_url}|{me.id}"))
        self.start_idle_clock()
        if self.enquiry_inbox is None:
            # Every role answers its team's web-form enquiries (a lead sees every team's). The
            # status bar counts them; it (or Ctrl+3) opens the inbox, made then: the account
            # keeps the width, and a desk that never opens it never builds it.
            self.enquiry_inbox = EnquiriesController(self.desk)
            self.enquiry_inbox.listChanged.connect(lambda _items: self._count_enquiries())
            self.enquiry_inbox.reminded.connect(
                lambda _item: self.statusBar().showMessage(
                    self.tr("An enquiry has waited two days unread: see Enquiries (Ctrl+3)."),
                    30_000,
                )
            )
            self.enquiries_button.setVisible(True)
            self._count_enquiries()
        if m.Role.LEAD in me.roles and self.team is None:
            self.team = TeamPanel(self.desk, self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.team)
            self.refunds = RefundRequestsPanel(self.desk, self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.refunds)
            self._add_lead_docks()
        pharmacist = m.Role.PHARMACIST in me.roles
        if pharmacist and self.pharmacy is None:
            self.pharmacy = PharmacyController(self.desk)
            self.escalations = EscalationsPanel(self.pharmacy, self)
            self.appointments = AppointmentsPanel(self.pharmacy, self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.escalations)
            self.tabifyDockWidget(self.escalations, self.appointments)
            self.escalations.raise_()
            self.view_menu.addSeparator()
            for dock in (self.escalations, self.appointments):
                self.view_menu.addAction(dock.toggleViewAction())  # closed docks come back
            self._size_docks()
        for dock in (self.escalations, self.appointments):
            if dock is not None:
                dock.setVisible(pharmacist)

    def _refund_decided(self, request: m.RefundRequest) -> None:
        """The advisor who asked hears the lead's decision wherever they are."""
        me = self.desk.me
        if me is None or request.state is m.RefundRequestState.PENDING:
            return
        if m.Role.LEAD in me.roles and request.requested_by != me.display_name:
            return  # a lead sees decisions in the requests dock
        text = (
            self.tr("Refund approved: £{0} on {1} for {2}.")
            if request.state is m.RefundRequestState.APPROVED
            else self.tr("Refund declined: £{0} on {1} for {2}.")
        ).format(f"{request.amount_pence / 100:.2f}", request.order_id, request.patient_name)
        if request.note:
            text += " " + request.note
        self.decisions.append(text)
        self.statusBar().showMessage(text, 30_000)

    def _outbox_changed(self, items: list[Any]) -> None:
        """What waits to be sent stays in sight; a refusal is said once and stays listed."""
        before = {i.seq for i in self.outbox if i.state == "refused"}
        self.outbox = items
        pending = [i for i in items if i.state == "pending"]
        refused = [i for i in items if i.state == "refused"]
        parts = []
        if pending:
            parts.append(self.tr("%n waiting to send", "", len(pending)))
        if refused:
            parts.append(self.tr("%n refused", "", len(refused)))
        self.outbox_label.setText(" · ".join(parts))
        self.outbox_label.setToolTip(
            "\n".join(
                f"{wf_text(i.title)}: {i.refusal}" if i.refusal else wf_text(i.title) for i in items
            )
        )
        self.outbox_label.setVisible(bool(items))
        self.outbox_label.setProperty("refused", bool(refused))
        self.outbox_label.style().unpolish(self.outbox_label)
        self.outbox_label.style().polish(self.outbox_label)
        for item in refused:
            if item.seq not in before:
                self.statusBar().showMessage(
                    self.tr("Not done after reconnecting: {0}: {1}").format(
                        wf_text(item.title), item.refusal
                    ),
                    30_000,
                )

    def ask_sign_out(self) -> None:
        """Signing out wipes the workstation's cache, the outbox with it: never silently."""
        pending = [i for i in self.outbox if i.state == "pending"]
        if pending:
            answer = QMessageBox.question(
                self,
                self.tr("Sign out"),
                self.tr(
                    "%n action(s) made offline have not been sent yet. Signing out discards "
                    "them. Sign out anyway?",
                    "",
                    len(pending),
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.signOutRequested.emit()

    def show_outbox(self) -> None:
        if not self.desk.locked:
            OutboxDialog(self).open()

    def _locked_changed(self, locked: bool) -> None:
        """Locked: no patient value left in any widget — views emptied, the list detached from
        its model, docks and messages cleared; unlocked: all of it back, the half-filled
        workflow included."""
        if locked:
            self.palette.close_palette()
            in_runner = self.stack.currentWidget() is self.runner
            self._lock_parked = self.runner.park() if in_runner else None
            self.runner.clear()
            self.challenge.show_conversation_cleared()
            self.account.clear()
            self.bar.clear()
            self.stack.setCurrentWidget(self.empty)
            self.panel.list.setModel(self._blank_list)
            for dock in self._role_docks():
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
            if self.enquiries is not None:
                self._lock_drafts["enquiry"] = self.enquiries.answer.toPlainText()
                self._enquiries_open = self.enquiries.isVisible()
                self.enquiries.hide_for_lock()
                self.enquiries.hide()
            if self.thread is not None:
                self._lock_drafts["text"] = self.thread.editor.toPlainText()
                self.thread.hide_for_lock()
            self.statusBar().clearMessage()
            self.idle.stop()
            self.pages.setCurrentWidget(self.lock_screen)
            self.lock_screen.shown()
            return
        self.panel.list.setModel(self.desk.conversations)
        for dock in self._role_docks():
            dock.show()
        if self.refunds is not None:
            self.refunds.refresh()
        if self.escalations is not None:
            self.escalations.refresh()
        if self.enquiries is not None and self.enquiry_inbox is not None:
            self.enquiries.show_list(self.enquiry_inbox.ordered())
            self.enquiries.show_enquiry(self.enquiry_inbox.current)
            self.enquiries.answer.setPlainText(self._lock_drafts.pop("enquiry", ""))
            self.enquiries.setVisible(self._enquiries_open)
        if self.thread is not None:
            self.thread.show_thread(self.texts.thread)
            self.thread.show_quick_responses(self.texts.quick)
            self.thread.editor.setPlainText(self._lock_drafts.pop("text", ""))
        if self.appointments is not None and self.pharmacy and self.pharmacy.diary is not None:
            self.appointments.show_diary(self.pharmacy.diary)
        self.pages.setCurrentWidget(self.pages.widget(0))
        parked, self._lock_parked = self._lock_parked, None
        current = self.desk.current
        if parked is not None and current is not None:
            self._parked[current.id] = parked  # resumed when the conversation reopens
        self.start_idle_clock()

    def start_idle_clock(self) -> None:
        self.idle.start(self.desk.idle_lock_ms(self.idle_minutes))

    def _count_enquiries(self) -> None:
        unread = self.enquiry_inbox.unread if self.enquiry_inbox is not None else 0
        self.enquiries_button.setText(
            self.tr("Enquiries: %n unread", "", unread) if unread else self.tr("Enquiries")
        )
        self.enquiries_button.setProperty("unread", unread > 0)
        self.enquiries_button.style().unpolish(self.enquiries_button)
        self.enquiries_button.style().polish(self.enquiries_button)

    def _toggle_enquiries(self) -> None:
        if self.enquiries is not None and self.enquiries.isVisible():
            self.enquiries.hide()
        else:
            self._focus_enquiries()

    def _focus_enquiries(self) -> None:
        if self.enquiry_inbox is None:
            return
        if self.enquiries is None:
            from desktop.views.enquiries import EnquiriesPanel

            self.enquiries = EnquiriesPanel(self.enquiry_inbox, self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.enquiries)
            beside = self.floor_panel or self.escalations
            if beside is not None:
                self.tabifyDockWidget(beside, self.enquiries)
        self.enquiries.show()
        self.enquiries.raise_()
        self._size_docks()
        self.enquiries.list.setFocus()

    def _focus_availability(self) -> None:
        self.availability.setFocus()
        self.availability.showPopup()

    def _availability_chosen(self, index: int) -> None:
        self.desk.set_availability(m.Availability(self.availability.itemData(index)))

    def _add_lead_docks(self) -> None:
        # Imported here, not at the top: the charts load pyqtgraph and numpy, which only a
        # lead's desk needs (an advisor's start-up and memory stay without them).
        from desktop.views.lead import FloorPanel, KpiPanel

        self.lead = LeadController(self.desk)
        self.floor_panel = FloorPanel(self.lead, self)
        self.kpi_panel = KpiPanel(self.lead, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.floor_panel)
        self.tabifyDockWidget(self.floor_panel, self.kpi_panel)
        assert self.team is not None and self.refunds is not None
        self.tabifyDockWidget(self.floor_panel, self.team)
        self.tabifyDockWidget(self.floor_panel, self.refunds)
        self.floor_panel.raise_()
        self.view_menu.addSeparator()
        for dock in (self.floor_panel, self.kpi_panel, self.team, self.refunds):
            self.view_menu.addAction(dock.toggleViewAction())

    def _role_docks(self) -> list[QDockWidget]:
        me = self.desk.me
        docks: list[QDockWidget] = [
            d for d in (self.team, self.refunds, self.floor_panel, self.kpi_panel) if d is not None
        ]
        if me is not None and m.Role.PHARMACIST in me.roles:
            docks += [d for d in (self.escalations, self.appointments) if d is not None]
        return docks

    def show_link_refused(self, text: str) -> None:
        """A caredesk:// link the desk did not follow: said in a box that does not block the
        call in progress (non-modal), in plain text."""
        if self.link_message is not None:
            self.link_message.close()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Link not opened"), text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAccessibleName(self.tr("Link not opened"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: setattr(self, "link_message", None))
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()
        self.link_message = box

    def bring_to_front(self) -> None:
        """Another launch handed over a link: show this window (window managers may only flash
        it in the task bar; that is theirs to decide)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def _availability_shown(self, value: m.Availability) -> None:
        self.availability.setCurrentIndex(self.availability.findData(value.value))
        self.availability.setProperty("availability", value.value)
        self.availability.style().unpolish(self.availability)
        self.availability.style().polish(self.availability)

    def open_workflow(self, workflow_id: str) -> None:
        """Open a workflow by id on the open conversation, as the palette would."""
        if self.desk.locked:
            return
        workflow = next((w for w in self.registry if w.id == workflow_id), None)
        current = self.desk.current
        if workflow is None or current is None:
            return
        online = self.desk.connection.state is Connection.LIVE
        reason = workflow.unavailable_because(self.desk.me, current, online)
        if reason:
            self.statusBar().showMessage(f"“{wf_text(workflow.title)}” {reason}.", 6000)
            return
        self._chosen(
            Entry(f"workflow:{workflow.id}", workflow.title, kind="workflow", payload=workflow)
        )

    def _opened(self, conv: m.Conversation) -> None:
        self.panel.select(conv.id)
        texting = conv.channel is m.Channel.SMS
        if texting:
            thread = self._thread_view()
            if not thread.isVisible():
                # The texts get about half the height; the challenge or account the rest.
                total = max(self.centre.height(), 600)
                self.centre.setSizes([total * 9 // 20, total - total * 9 // 20])
            thread.setVisible(True)
        elif self.thread is not None:
            self.thread.setVisible(False)
        in_runner = self.stack.currentWidget() is self.runner and self.runner.conversation
        if in_runner and self.runner.conversation.id == conv.id:  # type: ignore[union-attr]
            return  # a refresh of the conversation being worked on: stay in the workflow
        if in_runner:
            # Switching away mid-workflow: park it with its conversation, to come back to.
            left = self.runner.conversation.id  # type: ignore[union-attr]
            state = self.runner.park()
            if state is not None:
                self._parked[left] = state
        self._resuming = None
        parked = self._parked.pop(conv.id, None)
        if parked is not None and not (conv.auth_state.is_verified and conv.account_id):
            self.runner.resume(parked, conv)  # needs no account: straight back to it
            self.stack.setCurrentWidget(self.runner)
            return
        if parked is not None:
            # Its order and prescription lists come with the snapshot: resume when it is here.
            self._resuming = (conv.id, parked)
        if conv.auth_state.is_verified and conv.account_id:
            self.account.clear()
            self.stack.setCurrentWidget(self.account)
        else:
            self.account.clear()
            self.challenge.show_conversation(conv)
            self.stack.setCurrentWidget(self.challenge)

    def _thread_view(self) -> TextThreadView:
        if self.thread is None:
            from desktop.views.text_thread import TextThreadView

            self.thread = TextThreadView(self.texts)
            self.thread.setVisible(False)
            self.centre.insertWidget(0, self.thread)
            self.centre.setStretchFactor(0, 2)
            self.centre.setStretchFactor(1, 3)
        return self.thread

    def _conversation_closed(self) -> None:
        if self.thread is not None:
            self.thread.setVisible(False)
        self.stack.setCurrentWidget(self.empty)

    def _dial_by_link(self, number: str) -> None:
        """No dialling API: the softphone takes the number from a tel: link."""
        if QDesktopServices.openUrl(QUrl(f"tel:{number}")):
            text = self.tr("Your softphone has the number: press call.")
        else:
            text = self.tr("No softphone is set up to dial tel: links on this computer.")
        self._thread_view().problem.show_message(text, "info")

    def _snapshot_loaded(self, _snapshot: m.Snapshot) -> None:
        resuming, self._resuming = self._resuming, None
        current = self.desk.current
        if resuming is not None and current is not None and current.id == resuming[0]:
            self.runner.resume(resuming[1], current)
            self.stack.setCurrentWidget(self.runner)

    # --- the palette and the runner ------------------------------------------------------------

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = discover()
            for where, what in self._registry.problems:
                self.statusBar().showMessage(
                    self.tr("A workflow was skipped ({0}): {1}").format(where, what), 15_000
                )
        return self._registry

    def palette_entries(self) -> tuple[list[Entry], dict[str, str | None]]:
        desk = self.desk
        online = desk.connection.state is Connection.LIVE
        entries: list[Entry] = []
        reasons: dict[str, str | None] = {}
        for wf in self.registry:
            key = f"workflow:{wf.id}"
            title = wf_text(wf.title)
            # Found by its English words too: the keywords and title stay searchable.
            keywords = wf.keywords + ((wf.title,) if title != wf.title else ())
            entries.append(Entry(key, title, wf_text(wf.category), keywords, wf.id, "workflow", wf))
            reasons[key] = wf.unavailable_because(desk.me, desk.current, online)
        model = desk.conversations
        for conversation_id in model.ids():
            conv = model.conversation(conversation_id)
            if conv is None:
                continue
            who = conv.caller.name or conv.caller.display
            key = f"conversation:{conv.id}"
            entries.append(
                Entry(
                    key,
                    self.tr("Go to conversation: {0}").format(who),
                    f"{spoken(conv)}",
                    tuple(filter(None, (conv.caller.display, conv.caller.number))),
                    conv.id,
                    "conversation",
                    conv.id,
                )
            )
            reasons[key] = None
        return entries, reasons

    def open_palette(self) -> None:
        if self.desk.locked:
            return  # it lists callers by name
        entries, reasons = self.palette_entries()
        frecency = {e.key: self.usage.frecency(e.key) for e in entries if e.kind == "workflow"}
        self.palette.open(entries, reasons, {k: v for k, v in frecency.items() if v > 0})

    def _chosen(self, entry: Entry) -> None:
        if entry.kind == "conversation":
            self.desk.open(entry.payload)
            return
        current = self.desk.current
        if current is None:
            return
        self.usage.record(entry.key)
        self.desk.tasks.spawn(asyncio.to_thread(self.usage.save), name="usage-save")
        self.runner.open(entry.payload, current)
        self.stack.setCurrentWidget(self.runner)

    def _back_from_workflow(self) -> None:
        current = self.desk.current
        if current is None:
            self.stack.setCurrentWidget(self.empty)
        elif current.auth_state.is_verified and current.account_id:
            self.stack.setCurrentWidget(self.account)
        else:
            self.stack.setCurrentWidget(self.challenge)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.palette.isVisible():
            self.palette._place()

    def _removed(self, conversation_id: str) -> None:
        self._parked.pop(conversation_id, None)
        if self.desk.current_id is None:
            self.stack.setCurrentWidget(self.empty)

    def _tick(self) -> None:
        self.desk.conversations.tick()
        self.bar.tick()
        if self.desk.connection.state is not Connection.LIVE:
            self._update_connection()

    def _update_connection(self) -> None:
        state = self.desk.connection.state
        self.connection_label.setText(self.desk.connection.text())
        self.connection_label.setProperty("state", state.value)
        self.connection_label.style().unpolish(self.connection_label)
        self.connection_label.style().polish(self.connection_label)
