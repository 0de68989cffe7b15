"""The agent's own availability, and for leads the floor: every agent's presence, live."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController

log = logging.getLogger("caredesk.desk")


class PresenceController(QObject):
    availabilityChanged = Signal(object)  # m.Availability, as the server keeps it
    availabilityFailed = Signal(str)
    floorChanged = Signal(object)  # list[m.AgentPresence], for leads

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.floor: dict[str, m.AgentPresence] = {}

    def reset(self) -> None:
        self.floor = {}

    def set_availability(self, availability: m.Availability) -> None:
        self.desk.tasks.cancel("availability")  # the latest choice wins
        self.desk.tasks.spawn(self._set_availability(availability), name="availability")

    async def _set_availability(self, availability: m.Availability) -> None:
        desk = self.desk
        if desk.client is None or desk.me is None:
            return
        try:
            presence = await desk.client.agents.set_availability(availability)
        except errors.CareDeskError as exc:
            self.availabilityFailed.emit(desk.explain(exc))
            self.availabilityChanged.emit(desk.me.availability)  # show what the server has
            return
        desk.me = desk.me.model_copy(update={"availability": presence.availability})
        self.availabilityChanged.emit(presence.availability)

    async def load_floor(self) -> None:
        assert self.desk.client is not None
        try:
            listing = await self.desk.client.agents.list()
        except errors.CareDeskError as exc:
            log.warning("the floor could not be loaded: %s", exc)
            return
        self.floor = {a.agent_id: a for a in listing.agents}
        self.floorChanged.emit(list(self.floor.values()))

    def agent_changed(self, presence: m.AgentPresence) -> None:
        self.floor[presence.agent_id] = presence
        self.floorChanged.emit(list(self.floor.values()))
