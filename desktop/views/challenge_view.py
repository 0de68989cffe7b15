"""Verify the caller: the server's questions, typed as the caller says them.

The view never holds an answer to compare against; it only sends what the advisor typed and
shows the server's verdict. Enter moves to the next field and submits at the last.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.partials.widgets import Banner, Busy, PlainLabel

CALLER_TYPES = [
    (QT_TRANSLATE_NOOP("ChallengeView", "Patient"), m.CallerType.PATIENT),
    (
        QT_TRANSLATE_NOOP("ChallengeView", "Representative (carer, parent)"),
        m.CallerType.REPRESENTATIVE,
    ),
    (QT_TRANSLATE_NOOP("ChallengeView", "GP practice or pharmacy"), m.CallerType.PROFESSIONAL),
]


class ChallengeView(QWidget):
    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("challengeView")
        self.desk = desk
        self.fields: dict[str, QLineEdit] = {}
        # Which questions the fields answer: the same ones again (a second load of the same
        # conversation's questions) must not wipe what the advisor has typed.
        self._shown_questions: tuple[str, str, tuple[str, ...]] | None = None

        self.title = PlainLabel(self.tr("Verify the caller"))
        self.title.setObjectName("viewTitle")
        self.subtitle = PlainLabel()
        self.subtitle.setObjectName("viewSubtitle")
        self.caller_type = QComboBox()
        self.caller_type.setObjectName("callerType")
        for label, value in CALLER_TYPES:
            self.caller_type.addItem(translate("ChallengeView", label), value.value)
        self.caller_type.currentIndexChanged.connect(self._caller_type_changed)
        type_row = QFormLayout()
        type_row.addRow(self.tr("&Caller is"), self.caller_type)

        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setVerticalSpacing(10)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.attempts = PlainLabel()
        self.attempts.setObjectName("attemptsLeft")
        self.banner = Banner()
        self.banner.setObjectName("challengeMessage")
        self.busy = Busy()
        self.verify = QPushButton(self.tr("Verify"))
        self.verify.setObjectName("primary")
        self.verify.clicked.connect(self.submit)
        self.callback = QPushButton(self.tr("I have called back on the registered number"))
        self.callback.setObjectName("confirmCallback")
        self.callback.clicked.connect(desk.challenge.confirm_callback)
        self.callback.setVisible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.attempts)
        buttons.addStretch(1)
        buttons.addWidget(self.callback)
        buttons.addWidget(self.verify)

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addLayout(type_row)
        column.addWidget(self.form_host)
        column.addWidget(self.banner)
        column.addWidget(self.busy)
        column.addLayout(buttons)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMinimumWidth(520)
        holder.setMaximumWidth(680)
        outer.addWidget(holder)
        outer.addStretch(1)

        desk.challenge.questionsLoaded.connect(self.show_questions)
        desk.challenge.challengeAnswered.connect(self.show_result)
        desk.challenge.challengeFailed.connect(self._failed)

    # --- showing a conversation -----------------------------------------------------------

    def show_conversation(self, conv: m.Conversation) -> None:
        self._clear_fields()
        self.banner.clear_message()
        self.callback.setVisible(False)
        if conv.channel is m.Channel.CHAT:
            subtitle = self.tr("Chat from {0}")
        elif conv.channel is m.Channel.SMS:
            subtitle = self.tr("Texts from {0}: ask the questions by text, or send an app link")
        else:
            subtitle = self.tr("Call from {0}")
        self.subtitle.setText(subtitle.format(conv.caller.display))
        self.caller_type.blockSignals(True)
        suggested = conv.suggested_caller_type or m.CallerType.PATIENT
        self.caller_type.setCurrentIndex(max(0, self.caller_type.findData(suggested.value)))
        self.caller_type.blockSignals(False)
        self.caller_type.setEnabled(conv.pending is not m.PendingCheck.DATE_OF_BIRTH)
        if conv.auth_state is m.AuthState.LOCKED:
            self._show_locked()
        elif conv.pending is m.PendingCheck.CALLBACK:
            self._show_callback(conv.callback_number)
        else:
            if conv.pending is m.PendingCheck.DATE_OF_BIRTH:
                self.banner.show_message(
                    self.tr(
                        "The caller used the app from a number that is not on the account: "
                        "ask for their date of birth."
                    ),
                    "info",
                )
            self.busy.setVisible(True)
            self.verify.setEnabled(False)
        self._set_attempts(conv.attempts_left)

    def show_conversation_cleared(self) -> None:
        """Nothing of the caller left: typed answers, the number, the messages (idle lock)."""
        self._clear_fields()
        self.subtitle.setText("")
        self.banner.clear_message()
        self.callback.setVisible(False)

    def show_questions(self, questions: m.ChallengeQuestions) -> None:
        self.busy.setVisible(False)
        shown = (
            questions.conversation_id,
            questions.caller_type.value,
            tuple(q.key for q in questions.questions),
        )
        if shown == self._shown_questions and self.fields:
            self._set_attempts(questions.attempts_left)  # the same form: keep the answers
            return
        self._clear_fields()
        self._shown_questions = shown
        previous: QLineEdit | None = None
        for q in questions.questions:
            edit = QLineEdit()
            edit.setObjectName(f"answer_{q.key}")
            edit.setPlaceholderText(q.hint or "")
            edit.setAccessibleName(q.label)
            edit.setMaxLength(300)
            self.form.addRow(f"{q.label}", edit)
            self.fields[q.key] = edit
            if previous is not None:
                previous.returnPressed.connect(edit.setFocus)
            previous = edit
        if previous is not None:
            previous.returnPressed.connect(self.submit)
        self._set_attempts(questions.attempts_left)
        self.verify.setEnabled(bool(self.fields))
        if self.fields:
            next(iter(self.fields.values())).setFocus()

    def show_result(self, result: m.ChallengeResult) -> None:
        self.busy.setVisible(False)
        self._set_attempts(result.attempts_left)
        if result.outcome is m.ChallengeOutcome.VERIFIED:
            self.banner.show_message(self.tr("Verified. Opening the account…"), "ok")
            self._clear_fields()
        elif result.outcome is m.ChallengeOutcome.LOCKED:
            self._show_locked(result.message)
        elif result.outcome is m.ChallengeOutcome.CALLBACK_REQUIRED:
            self._show_callback(result.callback_number)
        else:
            left = result.attempts_left
            self.banner.show_message(
                self.tr(
                    "Not verified. Check the answers with the caller. %n attempt(s) left.", "", left
                ),
                "error",
            )
            self.verify.setEnabled(True)
            if self.fields:
                first = next(iter(self.fields.values()))
                first.setFocus()
                first.selectAll()

    # --- internals ------------------------------------------------------------------------

    def submit(self) -> None:
        if not self.fields or not self.verify.isEnabled():
            return
        missing = [k for k, e in self.fields.items() if not e.text().strip()]
        if missing:
            self.banner.show_message(self.tr("Fill in every answer before verifying."), "warn")
            self.fields[missing[0]].setFocus()
            return
        answers = {k: e.text() for k, e in self.fields.items()}
        self.verify.setEnabled(False)
        self.busy.setVisible(True)
        self.banner.clear_message()
        self.desk.challenge.submit_challenge(self.selected_caller_type(), answers)

    def selected_caller_type(self) -> m.CallerType:
        # Qt hands item data back as a plain str: make it the enum again.
        return m.CallerType(self.caller_type.currentData())

    def _caller_type_changed(self) -> None:
        self.banner.clear_message()
        self._clear_fields()
        self.verify.setEnabled(False)
        self.busy.setVisible(True)
        self.desk.challenge.load_questions(self.selected_caller_type())

    def _failed(self, message: str) -> None:
        self.busy.setVisible(False)
        self.banner.show_message(message, "error")
        self.verify.setEnabled(bool(self.fields))

    def _show_locked(self, reason: str | None = None) -> None:
        """Locked: the server's reason when it gave one (the account may be locked after
        failures on other calls, not this one), and what to do next."""
        self._clear_fields()
        self.caller_type.setEnabled(False)
        self.verify.setEnabled(False)
        self.busy.setVisible(False)
        self.banner.show_message(
            self.tr(
                "Locked. {0} You can offer to call the patient back on the number we hold."
            ).format(
                reason
                or self.tr(
                    "Too many failed attempts: ask a team lead to unlock the conversation. "
                    "Do not discuss the account."
                )
            ),
            "error",
        )

    def _show_callback(self, number: str | None) -> None:
        self._clear_fields()
        self.verify.setEnabled(False)
        self.busy.setVisible(False)
        self.banner.show_message(
            (
                self.tr(
                    "The calling number is not the organisation's registered number. End this "
                    "call, call the organisation back on {0}, then confirm below."
                ).format(number)
                if number
                else self.tr(
                    "The calling number is not the organisation's registered number. End this "
                    "call, call the organisation back, then confirm below."
                )
            ),
            "warn",
        )
        self.callback.setVisible(True)
        self.callback.setFocus()

    def _set_attempts(self, left: int) -> None:
        self.attempts.setText(self.tr("%n attempt(s) left", "", left))

    def _clear_fields(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields.clear()
        self._shown_questions = None
