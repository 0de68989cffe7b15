"""The status bar's permanent widgets: the enquiry and call-back counts, what waits to be
sent, whether the desk is online, the advisor's availability, and who is signed in. Permanent: a
passing status message never hides whether the desk is online."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QPushButton, QStatusBar

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.i18n import translate
from desktop.views.partials.formatting import wf_text
from desktop.views.partials.widgets import PlainLabel, repolish
from desktop.views.team import availability_word


class StatusWidgets(QObject):
    enquiriesClicked = Signal()
    callbacksClicked = Signal()

    def __init__(self, bar: QStatusBar, desk: DeskController) -> None:
        super().__init__(bar)
        self.bar, self.desk = bar, desk
        self.connection_label = PlainLabel()
        self.connection_label.setObjectName("connectionStatus")
        self.agent_label = PlainLabel()
        self.agent_label.setObjectName("agentStatus")
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
        self.enquiries_button.clicked.connect(lambda: self.enquiriesClicked.emit())
        self.enquiries_button.setVisible(False)
        self.callbacks_button = QPushButton()
        self.callbacks_button.setObjectName("callbacksStatus")
        self.callbacks_button.setFlat(True)
        self.callbacks_button.setToolTip(self.tr("Callers waiting for a call-back (Ctrl+4)"))
        self.callbacks_button.clicked.connect(lambda: self.callbacksClicked.emit())
        self.callbacks_button.setVisible(False)
        for widget in (
            self.callbacks_button,
            self.enquiries_button,
            self.outbox_label,
            self.connection_label,
            self.availability,
            self.agent_label,
        ):
            bar.addPermanentWidget(widget)
        self._outbox_shown: list[Any] = []  # what the status bar last said, for new refusals
        desk.outbox.outboxChanged.connect(self.outbox_changed)
        desk.presence.availabilityChanged.connect(self.availability_shown)
        desk.connection.changed.connect(self.update_connection)

    def signed_in(self, me: m.Me) -> None:
        roles = ", ".join(
            translate("Roles", r.value) for r in me.roles if r is not m.Role.ADVISOR
        ) or translate("Roles", "advisor")
        self.agent_label.setText(f"{me.display_name} · {roles}")

    def count_enquiries(self, unread: int) -> None:
        self.enquiries_button.setVisible(True)
        self.enquiries_button.setText(
            self.tr("Enquiries: %n unread", "", unread) if unread else self.tr("Enquiries")
        )
        self.enquiries_button.setProperty("unread", unread > 0)
        repolish(self.enquiries_button)

    def count_callbacks(self, waiting: int, late: int, held: int) -> None:
        """Shown while a caller waits for a call-back or this advisor holds one."""
        parts = []
        if waiting:
            parts.append(self.tr("%n waiting", "", waiting))
        if late:
            parts.append(self.tr("%n late", "", late))
        if held:
            parts.append(self.tr("%n yours", "", held))
        self.callbacks_button.setText(self.tr("Call-backs: {0}").format(", ".join(parts)))
        self.callbacks_button.setVisible(bool(parts))
        self.callbacks_button.setProperty("late", late > 0)
        repolish(self.callbacks_button)

    def outbox_changed(self, items: list[Any]) -> None:
        """What waits to be sent stays in sight; a refusal is said once and stays listed."""
        before = {i.seq for i in self._outbox_shown if i.state == "refused"}
        self._outbox_shown = items
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
        repolish(self.outbox_label)
        for item in refused:
            if item.seq not in before:
                self.bar.showMessage(
                    self.tr("Not done after reconnecting: {0}: {1}").format(
                        wf_text(item.title), item.refusal
                    ),
                    30_000,
                )

    def focus_availability(self) -> None:
        self.availability.setFocus()
        self.availability.showPopup()

    def _availability_chosen(self, index: int) -> None:
        self.desk.presence.set_availability(m.Availability(self.availability.itemData(index)))

    def availability_shown(self, value: m.Availability) -> None:
        self.availability.setCurrentIndex(self.availability.findData(value.value))
        self.availability.setProperty("availability", value.value)
        repolish(self.availability)

    def update_connection(self) -> None:
        state = self.desk.connection.state
        self.connection_label.setText(self.desk.connection.text())
        self.connection_label.setProperty("state", state.value)
        repolish(self.connection_label)
