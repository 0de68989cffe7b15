"""Runs one workflow: the form, the script to read out (with Copy), confirm, progress, result."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backend_client import errors
from backend_client import models as m
from desktop.controller import DeskController, explain
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.state import Connection
from desktop.views.team import availability_word
from desktop.views.widgets import Banner, Busy, PlainLabel
from desktop.workflows.base import SERVER_CHOICES, Field, ScriptError, Workflow

PLACEHOLDERS = {
    "money": QT_TRANSLATE_NOOP("WorkflowRunner", "e.g. 12.50"),
    "date": QT_TRANSLATE_NOOP("WorkflowRunner", "dd/mm/yyyy"),
    "phone": QT_TRANSLATE_NOOP("WorkflowRunner", "e.g. 07700 900123"),
    "email": QT_TRANSLATE_NOOP("WorkflowRunner", "name@example.com"),
    "postcode": QT_TRANSLATE_NOOP("WorkflowRunner", "e.g. LS1 4AB"),
    "list": QT_TRANSLATE_NOOP("WorkflowRunner", "comma-separated"),
}

# What leaving an optional server-held field empty means, where "—" would not say it.
NO_CHOICE = {"pharmacist": QT_TRANSLATE_NOOP("WorkflowRunner", "Any pharmacist (the team's queue)")}


def wf_text(text: str) -> str:
    """A workflow's own words (title, description, labels, help) in the desk's language."""
    return translate("Workflow", text) if text else text


@dataclass(frozen=True)
class RunnerState:
    workflow: Workflow
    values: dict[str, Any]
    key: tuple[str, dict[str, Any]] | None
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
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._show_errors = False
        self._key: tuple[str, dict[str, Any]] | None = (
            None  # idempotency key and the values it is for
        )
        self._editors: list[QWidget] = []
        self._lookup_for: tuple[str, str] | None = None  # (address field, postcode) asked for
        self._addresses: dict[str, list[m.Address]] = {}
        # A server-held field's value to select once its choices arrive (resuming).
        self._wanted: dict[str, Any] = {}
        desk.addressesFound.connect(self._addresses_found)
        desk.addressLookupFailed.connect(self._lookup_failed)
        desk.fieldChoicesFound.connect(self._choices_found)
        desk.fieldChoicesFailed.connect(self._choices_failed)

        self.title = PlainLabel()
        self.title.setObjectName("viewTitle")
        self.about = PlainLabel()
        self.about.setObjectName("viewSubtitle")
        self.about.setWordWrap(True)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)

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
        desk.refundRequested.connect(self._asked)
        desk.refundRequestFailed.connect(self._failed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.ask_lead)
        buttons.addWidget(self.confirm)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addWidget(self.form_host, 1)
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
        self._key = None
        self._lookup_for = None
        self._addresses = {}
        self._wanted = {}
        self.ask_lead.setVisible(False)
        self._set_refused(False)
        self.title.setText(wf_text(workflow.title))
        self.about.setText(wf_text(workflow.doc))
        self.banner.clear_message()
        self.busy.setVisible(False)
        self.confirm.setEnabled(True)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs.clear()
        self.errors.clear()
        editors: list[QWidget] = []
        for f in workflow.fields:
            editor = self._editor(f)
            error = PlainLabel()
            error.setObjectName(f"error_{f.key}")
            error.setProperty("fieldError", True)
            error.setVisible(False)
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            optional = not f.required and f.kind not in ("bool", "address")
            label = wf_text(f.label) + (self.tr(" (optional)") if optional else "")
            self.form.addRow(label if f.kind != "bool" else "", holder)
            self.inputs[f.key], self.errors[f.key] = editor, error
            editors.append(editor)
        self._editors = editors
        for current, following in itertools.pairwise(editors):
            if isinstance(current, QLineEdit):
                current.returnPressed.connect(following.setFocus)
        if editors and isinstance(editors[-1], QLineEdit):
            editors[-1].returnPressed.connect(self.submit)
        for f in workflow.fields:
            source = self.inputs.get(f.lookup_from) if f.kind == "address" else None
            if isinstance(source, QLineEdit):
                source.returnPressed.connect(lambda key=f.key: self._look_up(key))
        for kind in dict.fromkeys(f.kind for f in workflow.fields if f.kind in SERVER_CHOICES):
            self.desk.load_field_choices(
                kind, conversation.id, workflow.script_language(self.desk.snapshot)
            )
        self.update_script()
        (editors[0] if editors else self.confirm).setFocus()

    def _editor(self, f: Field) -> QWidget:
        snapshot = self.desk.snapshot
        widget: QWidget
        if f.kind == "address":
            combo = QComboBox()
            combo.addItem(self.tr("Type the postcode above and press Enter"), None)
            combo.setEnabled(False)
            combo.currentIndexChanged.connect(lambda _i, key=f.key: self._address_picked(key))
            combo.installEventFilter(self)
            widget = combo
        elif f.kind in SERVER_CHOICES:
            combo = QComboBox()
            combo.addItem(self.tr("Loading…"), None)
            combo.setEnabled(False)
            combo.currentIndexChanged.connect(self._changed)
            combo.installEventFilter(self)
            widget = combo
        elif f.kind in ("choice", "order", "prescription"):
            combo = QComboBox()
            if not f.required:
                combo.addItem("—", None)
            for value, label in f.choices(snapshot):
                combo.addItem(wf_text(label) if f.kind == "choice" else label, value)
            if f.default is not None:
                combo.setCurrentIndex(max(0, combo.findData(f.default)))
            combo.currentIndexChanged.connect(self._changed)
            combo.installEventFilter(self)
            widget = combo
        elif f.kind == "bool":
            box = QCheckBox(wf_text(f.label))
            box.setChecked(bool(f.default))
            box.toggled.connect(self._changed)
            widget = box
        elif f.kind == "multiline":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(72)
            text.textChanged.connect(self._changed)
            widget = text
        else:
            line = QLineEdit()
            line.setPlaceholderText(
                wf_text(f.help) or translate("WorkflowRunner", PLACEHOLDERS.get(f.kind, ""))
            )
            if f.max_length:
                line.setMaxLength(f.max_length)
            line.textChanged.connect(self._changed)
            widget = line
        widget.setObjectName(f"field_{f.key}")
        widget.setAccessibleName(wf_text(f.label))
        if f.help:
            widget.setToolTip(wf_text(f.help))
        return widget

    # --- Enter in a list chooses and moves on; postcode lookup -------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QComboBox)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and watched in self._editors
        ):
            position = self._editors.index(watched)
            if position + 1 < len(self._editors):
                self._editors[position + 1].setFocus()
            else:
                self.submit()
            return True
        return super().eventFilter(watched, event)

    def _look_up(self, key: str) -> None:
        assert self.workflow is not None
        field = next(f for f in self.workflow.fields if f.key == key)
        source = next(f for f in self.workflow.fields if f.key == field.lookup_from)
        postcode, problem = source.parse(self.raw_values().get(source.key))
        combo = self.inputs[key]
        assert isinstance(combo, QComboBox)
        if problem or not postcode:
            return  # the postcode field says what is wrong with it
        self._lookup_for = (key, postcode)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Looking up {0}…").format(postcode), None)
        combo.blockSignals(False)
        combo.setEnabled(False)
        self.desk.lookup_addresses(postcode)

    def _addresses_found(self, postcode: str, addresses: list[m.Address]) -> None:
        if self._lookup_for is None or self._lookup_for[1] != postcode:
            return  # an answer for a postcode no longer on screen
        key = self._lookup_for[0]
        combo = self.inputs.get(key)
        if not isinstance(combo, QComboBox):
            return
        self._addresses[key] = addresses
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(
            self.tr("Pick the address (%n at {0})", "", len(addresses)).format(postcode)
            if addresses
            else self.tr("No addresses found at {0}: type it below").format(postcode),
            None,
        )
        for n, address in enumerate(addresses):
            combo.addItem(
                ", ".join(x for x in (address.line1, address.line2, address.city) if x), n
            )
        combo.blockSignals(False)
        combo.setEnabled(bool(addresses))
        if addresses and combo.isVisibleTo(self):
            combo.setFocus()

    def _lookup_failed(self, postcode: str, message: str) -> None:
        if self._lookup_for is None or self._lookup_for[1] != postcode:
            return
        combo = self.inputs.get(self._lookup_for[0])
        if isinstance(combo, QComboBox):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("Lookup failed: type the address below"), None)
            combo.blockSignals(False)
        self.banner.show_message(
            self.tr("The address lookup did not work. {0}").format(message), "warn"
        )

    # --- choices the server holds: quick responses, pharmacists --------------------------------

    def _server_combos(self, kind: str, conversation_id: str) -> list[tuple[Field, QComboBox]]:
        """The fields of ``kind`` on screen, when the answer is for this conversation."""
        if self.workflow is None or self.conversation is None:
            return []
        if self.conversation.id != conversation_id:
            return []  # an answer for a workflow no longer on screen
        return [
            (f, combo)
            for f in self.workflow.fields
            if f.kind == kind and isinstance(combo := self.inputs.get(f.key), QComboBox)
        ]

    def _choice_rows(self, kind: str, items: list[Any]) -> list[tuple[str, str, str]]:
        """(value, label, tooltip) for each choice."""
        if kind == "quick_response":  # the value is the text as it will go
            return [(q.preview, q.title, q.preview) for q in items]
        return [
            (p.username, f"{p.display_name} · {availability_word(p.availability)}", "")
            for p in items
        ]

    def _choices_found(self, kind: str, conversation_id: str, items: list[Any]) -> None:
        combos = self._server_combos(kind, conversation_id)
        if not combos:
            return
        rows = self._choice_rows(kind, items)
        for f, combo in combos:
            combo.blockSignals(True)
            combo.clear()
            if not f.required:
                combo.addItem(translate("WorkflowRunner", NO_CHOICE.get(kind, "—")), None)
            for value, label, tip in rows:
                combo.addItem(label, value)
                if tip:
                    combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            if combo.count() == 0:
                combo.addItem(self.tr("Nothing to choose from"), None)
            wanted = self._wanted.pop(f.key, None)
            combo.setCurrentIndex(max(0, combo.findData(wanted)) if wanted is not None else 0)
            combo.setEnabled(bool(rows) or not f.required)
            combo.blockSignals(False)
        self._changed()

    def _choices_failed(self, kind: str, conversation_id: str, message: str) -> None:
        for f, combo in self._server_combos(kind, conversation_id):
            combo.blockSignals(True)
            combo.clear()
            if f.required:
                combo.addItem(self.tr("Could not be loaded"), None)
            else:  # left empty, it still means what it always means
                combo.addItem(translate("WorkflowRunner", NO_CHOICE.get(kind, "—")), None)
            combo.blockSignals(False)
            self.banner.show_message(
                self.tr("The choices for “{0}” could not be loaded. {1}").format(
                    wf_text(f.label), message
                ),
                "error",
            )

    def _address_picked(self, key: str) -> None:
        combo = self.inputs[key]
        assert isinstance(combo, QComboBox)
        index = combo.currentData()
        found = self._addresses.get(key, [])
        if index is None or not 0 <= index < len(found):
            return
        address = found[index]
        for field_key, value in (
            ("line1", address.line1),
            ("line2", address.line2 or ""),
            ("city", address.city),
        ):
            widget = self.inputs.get(field_key)
            if isinstance(widget, QLineEdit):
                widget.setText(value)
        self._changed()

    def clear(self) -> None:
        """Empty every field, the script and the messages (the idle lock)."""
        self.workflow = self.conversation = None
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs.clear()
        self.errors.clear()
        self._editors = []
        self._addresses = {}
        self._wanted = {}
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
        return RunnerState(self.workflow, self.raw_values(), self._key, self.banner.text())

    def resume(self, state: RunnerState, conversation: m.Conversation) -> None:
        self.open(state.workflow, conversation)
        held = {f.key for f in state.workflow.fields if f.kind in SERVER_CHOICES}
        for key, value in state.values.items():
            widget = self.inputs.get(key)
            if key in held:
                self._wanted[key] = value  # selected when the server's choices arrive
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value or ""))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value or ""))
        self._key = state.key
        self.update_script()

    # --- values, script, validation -------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                raw[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                raw[key] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                raw[key] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                raw[key] = widget.text()
        return raw

    def _changed(self) -> None:
        self._set_refused(False)
        self.update_script()

    def update_script(self) -> dict[str, Any] | None:
        """Re-render the script; returns the parsed values when the form is complete."""
        assert self.workflow is not None
        values, problems = self.workflow.parse(self.raw_values())
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(self._show_errors and key in problems)
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
        # The same values after a failed attempt reuse the key: a retry can never apply twice.
        if self._key is None or self._key[1] != values:
            self._key = (uuid.uuid4().hex, values)
        self._set_refused(False)
        if self.workflow.offline and self.desk.connection.state is not Connection.LIVE:
            self._queue(self.workflow, self.conversation, values, self._key[0])
            return
        self.confirm.setEnabled(False)
        self.busy.setVisible(True)
        self.banner.clear_message()
        self.desk.tasks.spawn(
            self._run(self.workflow, self.conversation, values, self._key[0]), name="workflow"
        )

    async def _run(
        self, workflow: Workflow, conversation: m.Conversation, values: dict[str, Any], key: str
    ) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            result = await workflow.run(client, conversation, values, idempotency_key=key)
        except errors.ValidationError as exc:
            for field_key, message in exc.fields.items():
                if field_key in self.errors:
                    self.errors[field_key].setText(message)
                    self.errors[field_key].setVisible(True)
            self._failed(explain(exc))
            return
        except errors.APIConnectionError as exc:
            if workflow.offline:  # the network dropped just now: keep it, same key
                self.busy.setVisible(False)
                self._queue(workflow, conversation, values, key)
                return
            self._failed(explain(exc, self.desk.server_url))
            return
        except errors.CareDeskError as exc:
            self._failed(explain(exc, self.desk.server_url))
            if exc.code == "lead_required" and workflow.action == "refund":
                self.ask_lead.setVisible(True)
                self.ask_lead.setFocus()
            return
        self.busy.setVisible(False)
        self.banner.show_message(self.tr("Done: {0}").format(result.summary), "ok")
        self.confirm.setEnabled(False)
        self.back.setFocus()
        self.completed.emit(result)

    def _queue(
        self, workflow: Workflow, conversation: m.Conversation, values: dict[str, Any], key: str
    ) -> None:
        self.desk.queue_action(workflow, conversation, values, key)
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
        self.desk.ask_for_refund(values["order_id"], values["amount_pence"], values["reason"])

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
            self.card.style().unpolish(self.card)
            self.card.style().polish(self.card)
