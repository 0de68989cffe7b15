"""The History tab: everything that happened on the account, newest first, loaded when the tab
is first shown for a conversation (and again after a fresh snapshot)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QVBoxLayout, QWidget

from backend_client import models as m
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.partials.formatting import when, words
from desktop.views.partials.records import RecordsModel, table
from desktop.views.partials.widgets import PlainLabel

KINDS = {
    "Call": QT_TRANSLATE_NOOP("Timeline", "Call"),
    "Chat": QT_TRANSLATE_NOOP("Timeline", "Chat"),
    "Workflow": QT_TRANSLATE_NOOP("Timeline", "Workflow"),
    "Note": QT_TRANSLATE_NOOP("Timeline", "Note"),
    "Text": QT_TRANSLATE_NOOP("Timeline", "Text"),
    "Email": QT_TRANSLATE_NOOP("Timeline", "Email"),
    "Appointment": QT_TRANSLATE_NOOP("Timeline", "Appointment"),
    "Issue": QT_TRANSLATE_NOOP("Timeline", "Issue"),
}


class TimelineEntry:
    __slots__ = ("at", "kind", "text")

    def __init__(self, at: datetime, kind: str, text: str) -> None:
        self.at, self.kind, self.text = at, kind, text


def timeline(history: m.History, dispositions: dict[str, str]) -> list[TimelineEntry]:
    """Everything that happened on the account, newest first: contacts (with how they ended),
    workflow runs, notes, texts sent, appointments and issues."""
    entries: list[TimelineEntry] = []
    for c in history.contacts:
        how = "Chat" if c.channel is m.Channel.CHAT else "Call"
        ended = dispositions.get(c.disposition or "", c.disposition) or words(c.state.value)
        entries.append(
            TimelineEntry(
                c.started_at,
                how,
                f"{c.agent_name or translate('Timeline', 'not answered')} · {ended}",
            )
        )
    for r in history.workflow_runs:
        entries.append(TimelineEntry(r.created_at, "Workflow", f"{r.agent_name}: {r.summary}"))
    for n in history.notes:
        entries.append(TimelineEntry(n.created_at, "Note", f"{n.agent_name}: {n.body}"))
    for msg in history.messages:
        what = "Text" if msg.channel == "sms" else "Email"
        entries.append(TimelineEntry(msg.created_at, what, f"to {msg.to}: {msg.body}"))
    for a in history.appointments:
        entries.append(
            TimelineEntry(
                a.starts_at,
                "Appointment",
                f"{a.pharmacist_name}, {a.minutes} min: {a.reason} ({words(a.status)})",
            )
        )
    for i in history.issues:
        outcome = f" → {i.resolution} ({i.assignee})" if i.resolution else ""
        entries.append(
            TimelineEntry(
                i.created_at, "Issue", f"{i.title} — {i.team} ({words(i.status)}){outcome}"
            )
        )
    return sorted(entries, key=lambda e: e.at, reverse=True)


class HistoryTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RecordsModel[TimelineEntry](
            [
                (QT_TRANSLATE_NOOP("Columns", "When"), lambda e: when(e.at)),
                (
                    QT_TRANSLATE_NOOP("Columns", "What"),
                    lambda e: translate("Timeline", KINDS.get(e.kind, e.kind)),
                ),
                (QT_TRANSLATE_NOOP("Columns", "Detail"), lambda e: e.text),
            ],
            self,
        )
        self.table = table(self.model, "historyTable", fit=2, spoken=self.tr("History"))
        self.table.setWordWrap(True)
        self.state = PlainLabel("")
        self.state.setObjectName("statDetail")
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(self.state, 0)
        column.addWidget(self.table, 1)

    def loading(self) -> None:
        self.state.setText(self.tr("Loading the history…"))

    def failed(self, why: str) -> None:
        self.state.setText(self.tr("Not loaded: {0}").format(why))

    def show_history(self, history: m.History, dispositions: dict[str, str]) -> None:
        entries = timeline(history, dispositions)
        self.model.set_rows(entries)
        self.table.resizeRowsToContents()
        self.state.setText(
            self.tr("%n entries, newest first", "", len(entries))
            if entries
            else self.tr("Nothing recorded yet")
        )

    def clear(self) -> None:
        self.model.set_rows([])
        self.state.setText("")
