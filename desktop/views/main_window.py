# Longer than 400 lines: the layout, and how a call, a workflow and the lock change it.
"""The main window: the conversation panel, the open conversation, the status bar."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop import resources
from desktop.controllers.desk import DeskController
from desktop.controllers.texts import TextsController
from desktop.idle import IdleWatcher
from desktop.state import Connection
from desktop.views.account_view import AccountView
from desktop.views.challenge_view import ChallengeView
from desktop.views.conversation_bar import ConversationBar
from desktop.views.conversation_panel import ConversationPanel
from desktop.views.help import ShortcutSheet
from desktop.views.lock_screen import LockScreen
from desktop.views.outbox import OutboxDialog
from desktop.views.partials.formatting import wf_text
from desktop.views.partials.widgets import NoticeBar, PlainLabel
from desktop.views.window.articles import ArticleSide
from desktop.views.window.docks import RoleDocks
from desktop.views.window.menus import MenuSlots, WindowMenus
from desktop.views.window.status import StatusWidgets
from desktop.views.window.warm_up import warm_up
from desktop.workflows.usage import Usage, default_path

if TYPE_CHECKING:  # each made when first used, not on the way to the first frame
    from desktop.palette_ranking import Entry
    from desktop.views.command_palette import CommandPalette
    from desktop.views.text_thread import TextThreadView  # with the first text conversation
    from desktop.views.workflow_runner import RunnerState, WorkflowRunner  # the first workflow
    from desktop.workflows.registry import Registry


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
        self._discovery: tuple[Registry, deque[Callable[[], None]]] | None = None  # half-way
        self._warming = False  # the warm-up after the first signed-in frame has started
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
        self.panel.openRequested.connect(desk.conversation.open)
        self.empty = PlainLabel(self.tr("Select a conversation, or wait for the next call."))
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)  # an article beside it leaves it a narrow column
        self.challenge = ChallengeView(desk)
        self.account = AccountView(desk)
        self.account.suggested.title_of = self._workflow_title
        self.account.suggested.chosen.connect(self.run_suggestion)
        self._runner: WorkflowRunner | None = None  # made when the first workflow opens
        self.stack = QStackedWidget()
        self.stack.setObjectName("centre")
        for widget in (self.empty, self.challenge, self.account):
            self.stack.addWidget(widget)
        # The page a conversation opened to, shown in the next turn of the event loop (see
        # show_page_next): anything shown before then wins over it.
        self._page_next: QWidget | None = None
        self._page_timer = QTimer(self)
        self._page_timer.setSingleShot(True)
        self._page_timer.setInterval(0)
        self._page_timer.timeout.connect(self._show_next_page)
        self.stack.currentChanged.connect(self._page_shown)

        self.bar = ConversationBar(desk)
        self.bar.transferRequested.connect(lambda: self.open_workflow("transfer"))
        content = QWidget()
        content.setObjectName("content")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        # Something to know once (no keyring on this computer): above everything, dismissable.
        self.notice = NoticeBar()
        column.addWidget(self.notice)
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
        # An article opened from the palette stands beside the account, not over it.
        self.side = QSplitter(Qt.Orientation.Horizontal)
        self.side.setObjectName("articleSplit")
        self.side.setChildrenCollapsible(False)
        self.side.addWidget(self.centre)
        column.addWidget(self.side, 1)

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
        self.idle.idle.connect(desk.idle_lock.lock)
        self.idle_minutes = 0  # IT's limit from the configuration (0: the server's)
        self._lock_parked: RunnerState | None = None
        self._lock_drafts: dict[str, str] = {}  # what was being written when the lock came on
        self._palette: CommandPalette | None = None  # made at the first Ctrl+K
        self.articles = ArticleSide(self, desk)

        self.status = StatusWidgets(self.statusBar(), desk)
        self.menus = WindowMenus(
            self,
            MenuSlots(
                sign_out=self.ask_sign_out,
                palette=self.open_palette,
                conversation_list=lambda: self.panel.list.setFocus(),
                open_conversation=lambda: self.page().setFocus(),
                availability=self.status.focus_availability,
                enquiries=lambda: self.docks.focus_enquiries(),
                callbacks=lambda: self.docks.focus_callbacks(),
                outbox=self.show_outbox,
                end=desk.wrap_up.end_conversation,
                wrap_up=self.bar.go_to_wrap_up,
                close=self.bar.submit,
                transfer=lambda: self.open_workflow("transfer"),
                shortcuts=self.show_shortcuts,
                new_article=lambda: self.articles.edit(None),
            ),
        )
        self.docks = RoleDocks(self, desk, self.menus.view_menu)
        self.status.enquiriesClicked.connect(self.docks.toggle_enquiries)
        self.status.callbacksClicked.connect(self.docks.toggle_callbacks)
        self.docks.callbacksCounted.connect(self._count_callbacks)
        self.docks.enquiriesCounted.connect(
            lambda: self.status.count_enquiries(self.docks.unread_enquiries)
        )
        self.docks.reminded.connect(
            lambda: self.statusBar().showMessage(
                self.tr("An enquiry has waited two days unread: see Enquiries (Ctrl+3)."),
                30_000,
            )
        )
        self.decisions: list[str] = []  # refund decisions heard, newest last
        desk.refunds.refundRequestChanged.connect(self._refund_decided)

        desk.conversation.conversationOpened.connect(self._opened)
        desk.conversation.snapshotLoaded.connect(self._snapshot_loaded)
        desk.conversation.conversationClosed.connect(self._conversation_closed)
        desk.conversations.conversationRemoved.connect(self._removed)
        desk.conversations.conversationAdded.connect(self._listed)
        desk.session.signedIn.connect(self._signed_in)
        desk.problem.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        desk.conversation.linkRefused.connect(self.show_link_refused)
        self.link_message: QMessageBox | None = None
        desk.presence.availabilityFailed.connect(
            lambda text: self.statusBar().showMessage(text, 10_000)
        )
        desk.wrap_up.wrapUpFailed.connect(lambda _text: self.bar.setVisible(True))
        desk.idle_lock.lockedChanged.connect(self._locked_changed)

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self.status.update_connection()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._clock.stop()
        self.idle.stop()
        super().closeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.desk.me is not None:
            self.desk.painted()  # the first signed-in frame: what waited for it may start
            if not self._warming:
                self._warming = True
                self.desk.tasks.spawn(
                    warm_up(self._catalogue_steps, self._widget_steps), name="warm-up"
                )

    def _widget_steps(self) -> list[Callable[[], object]]:
        """The runner, made and styled before the first workflow instead of in it."""

        def polish() -> None:
            for widget in (self.runner, *self.runner.findChildren(QWidget)):
                widget.ensurePolished()

        return [lambda: self.runner, polish]

    def _catalogue_steps(self) -> list[Callable[[], object]]:
        """The workflow catalogue a module a step, for the warm-up after the first frame
        (desktop/views/window/warm_up.py); nothing when the registry is already there."""
        if self._registry is not None:
            return []
        registry, loads = self._discovering()

        def one_module() -> None:
            if loads:  # empty once the registry was needed sooner and loaded the rest
                loads.popleft()()

        def scripts() -> Awaitable[None]:  # compiled on a thread: Jinja's Python, no Qt
            return asyncio.to_thread(registry.check_scripts)

        return [*([one_module] * len(loads)), scripts, lambda: self.registry]

    def _discovering(self) -> tuple[Registry, deque[Callable[[], None]]]:
        """The registry being filled, with the module loads still to run."""
        if self._discovery is None:
            from desktop.workflows.registry import discovery

            registry, loads = discovery(check_later=True)
            self._discovery = (registry, deque(loads))
        return self._discovery

    def showEvent(self, event: QShowEvent) -> None:
        self._clock.start()
        super().showEvent(event)
        self.docks.size_docks()

    def show_shortcuts(self) -> None:
        sheet = ShortcutSheet(self)
        sheet.open()

    def _signed_in(self, me: m.Me) -> None:
        self.status.signed_in(me)
        if self._own_usage:
            self.usage = Usage(default_path(f"{self.desk.server_url}|{me.id}"))
        self.start_idle_clock()
        self.docks.signed_in(me)
        self.menus.new_article.setVisible(self.desk.knowledge.can_edit)

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

    def ask_sign_out(self) -> None:
        """Signing out wipes the workstation's cache, the outbox with it: never silently."""
        pending = [i for i in self.desk.outbox.items if i.state == "pending"]
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
            OutboxDialog(self.desk.outbox, self).open()

    def _locked_changed(self, locked: bool) -> None:
        """Locked: no patient value left in any widget — views emptied, the list detached from
        its model, docks and messages cleared; unlocked: all of it back, the half-filled
        workflow included."""
        if locked:
            if self._palette is not None:
                self._palette.close_palette()
            in_runner = self._in_runner()
            self._lock_parked = self.runner.park() if in_runner else None
            if self._runner is not None:
                self._runner.clear()
            self.challenge.show_conversation_cleared()
            self.account.clear()
            self.bar.clear()
            self.show_page(self.empty)
            self.panel.list.setModel(self._blank_list)
            self.docks.hide_for_lock()
            if self.thread is not None:
                self._lock_drafts["text"] = self.thread.editor.toPlainText()
                self.thread.hide_for_lock()
            self.statusBar().clearMessage()
            self.idle.stop()
            self.pages.setCurrentWidget(self.lock_screen)
            self.lock_screen.shown()
            return
        self.panel.list.setModel(self.desk.conversations)
        self.docks.show_after_lock()
        if self.thread is not None:
            self.thread.show_thread(self.texts.sms_thread)
            self.thread.show_quick_responses(self.texts.quick)
            self.thread.editor.setPlainText(self._lock_drafts.pop("text", ""))
        self.docks.show_diary_after_lock()
        self.pages.setCurrentWidget(self.pages.widget(0))
        parked, self._lock_parked = self._lock_parked, None
        current = self.desk.current
        if parked is not None and current is not None:
            self._parked[current.id] = parked  # resumed when the conversation reopens
        self.start_idle_clock()

    def start_idle_clock(self) -> None:
        self.idle.start(self.desk.idle_lock.idle_lock_ms(self.idle_minutes))

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
        from desktop.palette_ranking import Entry

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
        in_runner = self._in_runner() and self.runner.conversation
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
            self.show_page(self.runner)
            return
        if parked is not None:
            # Its order and prescription lists come with the snapshot: resume when it is here.
            self._resuming = (conv.id, parked)
        if conv.auth_state.is_verified and conv.account_id:
            self.account.clear()
            self.show_page_next(self.account)
        else:
            self.account.clear()
            self.challenge.show_conversation(conv)
            self.show_page_next(self.challenge)

    def show_page_next(self, page: QWidget) -> None:
        """Show ``page`` in the next turn of the event loop. An answered call shows the bar,
        selects the row and switches the page: in one turn that was the shift's longest frame
        (the splitter's layout, then the new page's, then a whole paint); the bar and the row
        now paint first. A page shown meanwhile (a parked workflow resumed, the conversation
        closed) cancels this one."""
        self._page_next = page
        self._page_timer.start()

    def _show_next_page(self) -> None:
        page, self._page_next = self._page_next, None
        if page is not None:
            self.stack.setCurrentWidget(page)

    def show_page(self, page: QWidget) -> None:
        """Show ``page`` now, and forget any page that was to come next turn."""
        self._page_next = None
        self._page_timer.stop()
        self.stack.setCurrentWidget(page)

    def _page_shown(self, _index: int) -> None:
        if self._page_next is not None:  # a page shown by someone else first: it stays
            self._page_next = None
            self._page_timer.stop()

    def page(self) -> QWidget:
        """The page the advisor is on, or is about to be on (a switch waiting for its turn)."""
        return self._page_next or self.stack.currentWidget()

    def _listed(self, conversation_id: str) -> None:
        """The first text conversation listed makes the thread view in a turn of its own, before
        the advisor opens it: made at the open, its 7-15 ms joined the open's layout and paint
        in one frame, the longest of the shift in a slow hour (15.6 ms against 16)."""
        if self.thread is not None:
            return
        conv = self.desk.conversations.conversation(conversation_id)
        if conv is not None and conv.channel is m.Channel.SMS:
            QTimer.singleShot(0, self, self._thread_view)

    def _thread_view(self) -> TextThreadView:
        if self.thread is None:
            from desktop.views.text_thread import TextThreadView

            # Made in place, hidden: its children are polished once, under the window's style
            # sheet, not again when moved into the splitter (8.7 ms rather than 9.8, medians).
            self.thread = TextThreadView(self.texts, self.centre)
            self.thread.setVisible(False)
            self.articles.accept_articles(self.thread.editor, noted=True)
            self.centre.insertWidget(0, self.thread)
            self.centre.setStretchFactor(0, 2)
            self.centre.setStretchFactor(1, 3)
        return self.thread

    def _conversation_closed(self) -> None:
        if self.thread is not None:
            self.thread.setVisible(False)
        self.show_page(self.empty)

    def _count_callbacks(self) -> None:
        listed = self.docks.callback_list
        if listed is not None:
            self.status.count_callbacks(listed.waiting, listed.late, listed.held)

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
            self.show_page(self.runner)

    # --- the palette and the runner ------------------------------------------------------------

    @property
    def runner(self) -> WorkflowRunner:
        """The workflow form and script, made when the first workflow opens (it brings the
        catalogue's framework, jinja2 and phonenumbers with it)."""
        if self._runner is None:
            from desktop.views.workflow_runner import WorkflowRunner

            self._runner = WorkflowRunner(self.desk)
            self._runner.finished.connect(self._back_from_workflow)
            self.stack.addWidget(self._runner)
        return self._runner

    def _in_runner(self) -> bool:
        return self._runner is not None and self.page() is self._runner

    @property
    def palette(self) -> CommandPalette:
        """A child of the window itself, in no layout: it floats over whatever is shown."""
        if self._palette is None:
            from desktop.views.command_palette import CommandPalette

            self._palette = CommandPalette(self)
            self._palette.chosen.connect(self._chosen)
            self._palette.refused.connect(lambda text: self.statusBar().showMessage(text, 6000))
        return self._palette

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            registry, steps = self._discovering()
            while steps:  # what the warm-up has not loaded yet, at once
                steps.popleft()()
            registry.check_scripts()  # (or waits for the warm-up's thread doing it)
            self._discovery = None
            self._registry = registry
            for where, what in self._registry.problems:
                self.statusBar().showMessage(
                    self.tr("A workflow was skipped ({0}): {1}").format(where, what), 15_000
                )
        return self._registry

    def _workflow_title(self, workflow_id: str) -> str:
        from desktop.views.window import palette_entries

        return palette_entries.workflow_title(self.registry, workflow_id)

    def palette_entries(self) -> tuple[list[Entry], dict[str, str | None]]:
        """Workflows, articles (the caller's language first) and conversations, and why any
        of them cannot run now."""
        from desktop.views.window import palette_entries

        desk = self.desk
        entries, reasons = palette_entries.workflows(self.registry, desk)
        language = palette_entries.caller_language(desk)
        entries += palette_entries.articles(desk.knowledge.articles, language)
        entries += palette_entries.conversations(desk)
        return entries, reasons

    def open_palette(self) -> None:
        if self.desk.locked:
            return  # it lists callers by name
        from desktop.views.window import palette_entries  # with the catalogue: at the first Ctrl+K

        self.desk.knowledge.refresh_if_stale()
        focus = QApplication.focusWidget()
        if focus is not None and focus.property("insertsArticles"):
            # In a reply being written: the palette finds an article, its answer goes in.
            self.articles.insert_into = focus
            language = palette_entries.caller_language(self.desk)
            found = palette_entries.articles(self.desk.knowledge.articles, language)
            self.palette.open(found, {}, {}, mode="insert", back_to=focus)
            return
        self.articles.insert_into = None
        entries, reasons = self.palette_entries()
        frecency = {e.key: self.usage.frecency(e.key) for e in entries if e.kind != "conversation"}
        snapshot = self.desk.snapshot
        suggested = (
            palette_entries.suggestions(snapshot.suggestions, self.registry, reasons)
            if snapshot is not None
            else []
        )
        self.palette.open(entries, reasons, {k: v for k, v in frecency.items() if v > 0}, suggested)

    def _chosen(self, entry: Entry) -> None:
        from desktop.views.window import palette_entries

        if entry.kind == "conversation":
            self.desk.conversation.open(entry.payload)
            return
        if entry.kind == "article":
            if self.palette.mode == "insert":
                self.articles.insert(entry.payload)
            else:
                self.usage.record(entry.key)
                self.articles.open(entry.payload.id)
            return
        current = self.desk.current
        if current is None:
            return
        if entry.kind == "suggestion":
            suggested: palette_entries.Suggested = entry.payload
            self.runner.open(suggested.workflow, current)
            self.runner.fields.set_values(suggested.inputs)
            self.runner.update_script()
            self.show_page(self.runner)
            return
        self.usage.record(entry.key)
        self.desk.tasks.spawn(asyncio.to_thread(self.usage.save), name="usage-save")
        self.runner.open(entry.payload, current)
        self.show_page(self.runner)

    def run_suggestion(self, suggestion: m.Suggestion) -> None:
        """A suggestion chosen on the account view: its workflow, prefilled, as from the palette."""
        from desktop.views.window import palette_entries

        _entries, reasons = palette_entries.workflows(self.registry, self.desk)
        chosen = palette_entries.suggestions([suggestion], self.registry, reasons)
        if chosen:
            self._chosen(chosen[0])
        else:
            workflow = palette_entries.workflow_title(self.registry, suggestion.workflow_id)
            reason = reasons.get(f"workflow:{suggestion.workflow_id}") or ""
            self.statusBar().showMessage(f"“{workflow}” {reason}.", 6000)

    def _back_from_workflow(self) -> None:
        current = self.desk.current
        if current is None:
            self.show_page(self.empty)
        elif current.auth_state.is_verified and current.account_id:
            self.show_page(self.account)
        else:
            self.show_page(self.challenge)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._palette is not None and self._palette.isVisible():
            self._palette._place()

    def _removed(self, conversation_id: str) -> None:
        self._parked.pop(conversation_id, None)
        if self.desk.current_id is None:
            self.show_page(self.empty)

    def _tick(self) -> None:
        self.desk.conversations.tick()
        self.bar.tick()
        if self.desk.connection.state is not Connection.LIVE:
            self.status.update_connection()
