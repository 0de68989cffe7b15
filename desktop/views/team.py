"""For leads: the floor — every agent, whether they take conversations, and what they are on.

Loaded once at sign-in and kept current by ``agent.updated`` events; the controller holds the
data, this dock only shows it (plain text, sorted by name).
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem, QWidget

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.i18n import QT_TRANSLATE_NOOP, translate

AVAILABILITY_WORDS = {
    m.Availability.AVAILABLE: QT_TRANSLATE_NOOP("Team", "Available"),
    m.Availability.BUSY: QT_TRANSLATE_NOOP("Team", "Busy"),
    m.Availability.AWAY: QT_TRANSLATE_NOOP("Team", "Away"),
}


def availability_word(value: m.Availability) -> str:
    return translate("Team", AVAILABILITY_WORDS[value])


def since(moment: datetime, now: datetime | None = None) -> str:
    minutes = max(0, int(((now or datetime.now(UTC)) - moment).total_seconds() // 60))
    if minutes < 60:
        return translate("Team", "{0} min").format(minutes)
    return translate("Team", "{0} h {1:02d} min").format(minutes // 60, minutes % 60)


def line(agent: m.AgentPresence, now: datetime | None = None) -> str:
    doing = translate("Team", " · on a conversation") if agent.conversation_id else ""
    return (
        translate("Team", "{name} — {state} for {time}").format(
            name=agent.display_name,
            state=availability_word(agent.availability),
            time=since(agent.since, now),
        )
        + doing
    )


class TeamPanel(QDockWidget):
    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(translate("Team", "Team"), parent)
        self.setObjectName("teamPanel")
        self.list = QListWidget()
        self.list.setObjectName("teamList")
        self.list.setAccessibleName(self.tr("Team availability"))
        self.list.setTabKeyNavigation(False)
        self.setWidget(self.list)
        desk.presence.floorChanged.connect(self.show_floor)
        self.show_floor(list(desk.presence.floor.values()))

    def show_floor(self, agents: list[m.AgentPresence]) -> None:
        self.list.clear()
        now = datetime.now(UTC)
        for agent in sorted(agents, key=lambda a: a.display_name.casefold()):
            item = QListWidgetItem(line(agent, now))
            item.setData(0x0100, agent.agent_id)  # Qt.UserRole
            self.list.addItem(item)
