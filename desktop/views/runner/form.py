"""A workflow's form: one editor per field, Enter moving on, the postcode lookup that fills the
address, and the choices the server holds (quick responses, pharmacists). It shows and reads
values; the runner screen decides what they mean."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.partials.formatting import wf_text
from desktop.views.partials.widgets import PlainLabel
from desktop.views.team import availability_word
from desktop.workflows.base import SERVER_CHOICES, Field, Workflow

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


class WorkflowForm(QWidget):
    changed = Signal()  # a value changed: the script follows
    submitRequested = Signal()  # Enter on the last field
    problem = Signal(str, str)  # what went wrong filling it (a lookup, a list), its level

    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.workflow: Workflow | None = None
        self.conversation: m.Conversation | None = None
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._editors: list[QWidget] = []
        self._lookup_for: tuple[str, str] | None = None  # (address field, postcode) asked for
        self._addresses: dict[str, list[m.Address]] = {}
        # A server-held field's value to select once its choices arrive (resuming).
        self._wanted: dict[str, Any] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        desk.forms.addressesFound.connect(self._addresses_found)
        desk.forms.addressLookupFailed.connect(self._lookup_failed)
        desk.forms.fieldChoicesFound.connect(self._choices_found)
        desk.forms.fieldChoicesFailed.connect(self._choices_failed)

    def _emit_changed(self, *_args: object) -> None:
        self.changed.emit()

    def build(self, workflow: Workflow, conversation: m.Conversation) -> list[QWidget]:
        """The editors for ``workflow``'s fields, in order; the server's lists asked for."""
        self.workflow, self.conversation = workflow, conversation
        self._lookup_for = None
        self._addresses = {}
        self._wanted = {}
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
            editors[-1].returnPressed.connect(self.submitRequested.emit)
        for f in workflow.fields:
            source = self.inputs.get(f.lookup_from) if f.kind == "address" else None
            if isinstance(source, QLineEdit):
                source.returnPressed.connect(lambda key=f.key: self._look_up(key))
        for kind in dict.fromkeys(f.kind for f in workflow.fields if f.kind in SERVER_CHOICES):
            self.desk.forms.load_field_choices(
                kind, conversation.id, workflow.script_language(self.desk.snapshot)
            )
        return editors

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
            combo.currentIndexChanged.connect(self._emit_changed)
            combo.installEventFilter(self)
            widget = combo
        elif f.kind in ("choice", "order", "prescription", "issue"):
            combo = QComboBox()
            if not f.required:
                combo.addItem("—", None)
            for value, label in f.choices(snapshot):
                combo.addItem(wf_text(label) if f.kind == "choice" else label, value)
            if f.default is not None:
                combo.setCurrentIndex(max(0, combo.findData(f.default)))
            combo.currentIndexChanged.connect(self._emit_changed)
            combo.installEventFilter(self)
            widget = combo
        elif f.kind == "bool":
            box = QCheckBox(wf_text(f.label))
            box.setChecked(bool(f.default))
            box.toggled.connect(self._emit_changed)
            widget = box
        elif f.kind == "multiline":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(72)
            text.textChanged.connect(self._emit_changed)
            widget = text
        else:
            line = QLineEdit()
            line.setPlaceholderText(
                wf_text(f.help) or translate("WorkflowRunner", PLACEHOLDERS.get(f.kind, ""))
            )
            if f.max_length:
                line.setMaxLength(f.max_length)
            line.textChanged.connect(self._emit_changed)
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
                self.submitRequested.emit()
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
        self.desk.forms.lookup_addresses(postcode)

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
        self.problem.emit(self.tr("The address lookup did not work. {0}").format(message), "warn")

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
        self.changed.emit()

    def _choices_failed(self, kind: str, conversation_id: str, message: str) -> None:
        for f, combo in self._server_combos(kind, conversation_id):
            combo.blockSignals(True)
            combo.clear()
            if f.required:
                combo.addItem(self.tr("Could not be loaded"), None)
            else:  # left empty, it still means what it always means
                combo.addItem(translate("WorkflowRunner", NO_CHOICE.get(kind, "—")), None)
            combo.blockSignals(False)
            self.problem.emit(
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
        self.changed.emit()

    def clear(self) -> None:
        self.workflow = self.conversation = None
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs.clear()
        self.errors.clear()
        self._editors = []
        self._addresses = {}
        self._wanted = {}

    def set_values(self, values: dict[str, Any]) -> None:
        """Put back what was typed (resuming); a server-held field's value is selected when
        the server's choices arrive."""
        assert self.workflow is not None
        held = {f.key for f in self.workflow.fields if f.kind in SERVER_CHOICES}
        for key, value in values.items():
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

    def show_problems(self, problems: dict[str, str], visible: bool) -> None:
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(visible and key in problems)

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
