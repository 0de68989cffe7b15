"""Runs one workflow: the form, the script to read out (with Copy), confirm, progress, result.

The form is ``runner/form.py``; sending it, with its idempotency key, is
``desktop/controllers/runner.py``. This screen shows them side by side and says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.controllers.runner import Key, RunnerController
from desktop.views.partials.formatting import wf_text
from desktop.views.partials.widgets import Banner, Busy, PlainLabel, repolish
from desktop.views.runner.form import WorkflowForm
from desktop.workflows.base import ScriptError, Workflow


@dataclass(frozen=True)
class RunnerState:
    workflow: Workflow
    values: dict[str, Any]
    key: Key | None
    message: str


class WorkflowRunner(QWidget):
    finished = Signal()  # back to the conversation
    completed = Signal(object)  # m.ActionResult

    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workflowRunner")
        self.desk = desk
        self.workflow: Workflow | None = None
        self.conversation: m.Conversation | None = None
        self._show_errors = False
        self.controller = RunnerController(desk)
        self.controller.done.connect(self._done)
        self.controller.refused.connect(self._refused)
        self.controller.kept.connect(self._kept)
        self.fields = WorkflowForm(desk)
        self.fields.changed.connect(self._changed)
        self.fields.submitRequested.connect(self.submit)
        self.fields.problem.connect(lambda text, level: self.banner.show_message(text, level))
        # The form's editors and their error labels, by field key (what tests fill in).
        self.inputs, self.errors = self.fields.inputs, self.fields.errors

        self.title = PlainLabel()
        self.title.setObjectName("viewTitle")
        self.about = PlainLabel()
        self.about.setObjectName("viewSubtitle")
        self.about.setWordWrap(True)

        self.card = QFrame()
        self.card.setObjectName("scriptCard")
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        self.card_title = card_title = PlainLabel(self.tr("Say to the caller"))
        card_title.setObjectName("statLabel")
        self.script = PlainLabel()
        self.script.setObjectName("scriptText")
        self.script.setWordWrap(True)
        self.script.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy = QPushButton(self.tr("Copy script  (Ctrl+Shift+C)"))
        self.copy.setObjectName("copyScript")
        self.copy.clicked.connect(self.copy_script)
        card = QVBoxLayout(self.card)
        card.addWidget(card_title)
        card.addWidget(self.script, 1)
        card.addWidget(self.copy, 0, Qt.AlignmentFlag.AlignRight)

        self.banner = Banner()
        self.banner.setObjectName("runnerMessage")
        self.busy = Busy()
        self.back = QPushButton(self.tr("Back  (Esc)"))
        self.back.setObjectName("backFromWorkflow")
        self.back.clicked.connect(self.finished)
        self.confirm = QPushButton(self.tr("Confirm  (Ctrl+Enter)"))
        self.confirm.setObjectName("primary")
        self.confirm.setAccessibleName(self.tr("Confirm"))
        self.confirm.clicked.connect(self.submit)
        # Shown when the server says a refund needs a lead: send it to them as a request.
        self.ask_lead = QPushButton(self.tr("Ask a lead to approve  (Ctrl+Shift+L)"))
        self.ask_lead.setObjectName("askLead")
        self.ask_lead.setVisible(False)
        self.ask_lead.clicked.connect(self.ask_a_lead)
        QShortcut(
            QKeySequence("Ctrl+Shift+L"),
            self,
            self.ask_a_lead,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        desk.refunds.refundRequested.connect(self._asked)
        desk.refunds.refundRequestFailed.connect(self._failed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.ask_lead)
        buttons.addWidget(self.confirm)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addWidget(self.fields, 1)
        columns.addWidget(self.card, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.about)
        layout.addLayout(columns)
        layout.addWidget(self.banner)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        layout.addStretch(1)

        # Qt reads "Ctrl" as Command on macOS: these are Cmd+Shift+C and Cmd+Enter there.
        QShortcut(
            QKeySequence("Ctrl+Shift+C"),
            self,
            self.copy_script,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.submit,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        QShortcut(
            QKeySequence("Escape"),
            self,
            self.finished.emit,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    # --- opening a workflow ---------------------------------------------------------------

    def open(self, workflow: Workflow, conversation: m.Conversation) -> None:
        self.workflow, self.conversation = workflow, conversation
        self._show_errors = False
        self.controller.key = None
        self.ask_lead.setVisible(False)
        self._set_refused(False)
        self.title.setText(wf_text(workflow.title))
        self.about.setText(wf_text(workflow.doc))
        self.banner.clear_message()
        self.busy.setVisible(False)
        self.confirm.setEnabled(True)
        editors = self.fields.build(workflow, conversation)
        self.update_script()
        (editors[0] if editors else self.confirm).setFocus()

    def clear(self) -> None:
        """Empty every field, the script and the messages (the idle lock)."""
        self.workflow = self.conversation = None
        self.fields.clear()
        for label in (self.title, self.about, self.script):
            label.setText("")
        self.banner.clear_message()
        self.ask_lead.setVisible(False)

    # --- parking: each conversation keeps its half-filled workflow ---------------------------

    def park(self) -> RunnerState | None:
        """What is on screen, to come back to: the workflow, the typed values, and the key the
        values would be sent with (so a resumed retry still cannot apply twice)."""
        if self.workflow is None or self.conversation is None:
            return None
        return RunnerState(
            self.workflow, self.raw_values(), self.controller.key, self.banner.text()
        )

    def resume(self, state: RunnerState, conversation: m.Conversation) -> None:
        self.open(state.workflow, conversation)
        self.fields.set_values(state.values)
        self.controller.key = state.key
        self.update_script()

    # --- values, script, validation -------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        return self.fields.raw_values()

    def _changed(self) -> None:
        self._set_refused(False)
        self.update_script()

    def update_script(self) -> dict[str, Any] | None:
        """Re-render the script; returns the parsed values when the form is complete."""
        assert self.workflow is not None
        values, problems = self.workflow.parse(self.raw_values())
        self.fields.show_problems(problems, self._show_errors)
        if problems:
            self.script.setText(self.tr("The script appears when the form is complete."))
            self.copy.setEnabled(False)
            return None
        language = self.workflow.script_language(self.desk.snapshot)
        # The patient's language, when the account says so and the workflow has the script.
        self.card_title.setText(
            self.tr("Say to the caller")
            + (f" · {QLocale(language).nativeLanguageName()}" if language != "en" else "")
        )
        try:
            text = self.workflow.render(
                snapshot=self.desk.snapshot,
                conversation=self.conversation,
                me=self.desk.me,
                values=values,
            )
        except ScriptError as exc:
            self.script.setText(str(exc))
            self.copy.setEnabled(False)
            return None
        self.script.setText(text)
        self.copy.setEnabled(True)
        return values

    def copy_script(self) -> None:
        if self.copy.isEnabled():
            QGuiApplication.clipboard().setText(self.script.text())
            self.banner.show_message(self.tr("Script copied."), "info")

    def submit(self) -> None:
        if self.workflow is None or self.conversation is None or not self.confirm.isEnabled():
            return
        self._show_errors = True
        values = self.update_script()
        if values is None:
            first_bad = next((k for k, e in self.errors.items() if e.isVisible()), None)
            self.banner.show_message(self.tr("Check the highlighted fields."), "warn")
            if first_bad:
                self.inputs[first_bad].setFocus()
            return
        self._set_refused(False)
        if self.controller.submit(self.workflow, self.conversation, values):
            self.confirm.setEnabled(False)
            self.busy.setVisible(True)
            self.banner.clear_message()

    def _done(self, result: m.ActionResult) -> None:
        self.busy.setVisible(False)
        self.banner.show_message(self.tr("Done: {0}").format(result.summary), "ok")
        self.confirm.setEnabled(False)
        self.back.setFocus()
        self.completed.emit(result)

    def _refused(self, message: str, fields: dict[str, str], lead_may_approve: bool) -> None:
        for field_key, text in fields.items():
            if field_key in self.errors:
                self.errors[field_key].setText(text)
                self.errors[field_key].setVisible(True)
        self._failed(message)
        if lead_may_approve:
            self.ask_lead.setVisible(True)
            self.ask_lead.setFocus()

    def _kept(self) -> None:
        self.busy.setVisible(False)
        self.confirm.setEnabled(False)
        self.banner.show_message(
            self.tr("Offline: kept, and sent as soon as the connection is back."), "info"
        )
        self.back.setFocus()

    def ask_a_lead(self) -> None:
        """The refund the server refused for the limit goes to a lead as a request."""
        if not self.ask_lead.isVisible() or self.workflow is None:
            return
        values = self.update_script()
        if values is None:
            return
        self.ask_lead.setEnabled(False)
        self.busy.setVisible(True)
        self.desk.refunds.ask_for_refund(
            values["order_id"], values["amount_pence"], values["reason"]
        )

    def _asked(self, request: m.RefundRequest) -> None:
        self.busy.setVisible(False)
        self.ask_lead.setVisible(False)
        self.ask_lead.setEnabled(True)
        self.confirm.setEnabled(False)
        self.banner.show_message(
            self.tr(
                "Asked a lead to approve £{0} on {1}. The decision will show here and on "
                "the account."
            ).format(f"{request.amount_pence / 100:.2f}", request.order_id),
            "info",
        )
        self.script.setText(
            self.tr(
                "Tell the caller: a team lead will look at the refund today, and we'll let "
                "them know by text or email."
            )
        )
        self.copy.setEnabled(True)
        self._set_refused(False)
        self.back.setFocus()

    def _failed(self, message: str) -> None:
        """The server refused (or could not be reached): say so as an error, and take the
        script away — read out, it would tell the caller something that did not happen."""
        self.busy.setVisible(False)
        self.confirm.setEnabled(True)
        self.banner.show_message(self.tr("Not done. {0}").format(message), "error")
        self.script.setText(
            self.tr(
                "Nothing was done, so there is nothing to read out. Put it right and confirm "
                "again, or tell the caller you cannot do this now."
            )
        )
        self._set_refused(True)
        self.copy.setEnabled(False)

    def _set_refused(self, refused: bool) -> None:
        if bool(self.card.property("refused")) != refused:
            self.card.setProperty("refused", refused)
            repolish(self.card)
