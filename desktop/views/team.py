"""For leads: the floor — every agent, whether they take conversations, and what they are on.

Loaded once at sign-in and kept current by ``agent.updated`` events; the controller holds the
data, this dock only shows it (plain text, sorted by name).
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem, QWidget

from backend_client import models as m
from desktop.controller import DeskController

AVAILABILITY_WORDS = {
    m.Availability.AVAILABLE: "Available",
    m.Availability.BUSY: "Busy",
    m.Availability.AWAY: "Away",
}


def since(moment: datetime, now: datetime | None = None) -> str:
    minutes = max(0, int(((now or datetime.now(UTC)) - moment).total_seconds() // 60))
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def line(agent: m.AgentPresence, now: datetime | None = None) -> str:
    doing = " · on a conversation" if agent.conversation_id else ""
    word = AVAILABILITY_WORDS[agent.availability]
    return f"{agent.display_name} — {word} for {since(agent.since, now)}{doing}"


class TeamPanel(QDockWidget):
    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__("Team", parent)
        self.setObjectName("teamPanel")
        self.list = QListWidget()
        self.list.setObjectName("teamList")
        self.list.setAccessibleName("Team availability")
        self.list.setTabKeyNavigation(False)
        self.setWidget(self.list)
        desk.floorChanged.connect(self.show_floor)
        self.show_floor(list(desk.floor.values()))

    def show_floor(self, agents: list[m.AgentPresence]) -> None:
        self.list.clear()
        now = datetime.now(UTC)
        for agent in sorted(agents, key=lambda a: a.display_name.casefold()):
            item = QListWidgetItem(line(agent, now))
            item.setData(0x0100, agent.agent_id)  # Qt.UserRole
            self.list.addItem(item)
