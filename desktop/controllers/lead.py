"""The team lead's screen controller: the live floor and the KPIs.

The floor is the server's (``GET /v1/floor``), fetched again whenever an event says it changed
(``floor.updated``, ``agent.updated``, a refund request, a security alert), at most once per
second however many arrive. The KPIs are computed by the server (``GET /v1/stats``); this
controller only fetches them and writes them to CSV when asked.
"""

from __future__ import annotations

import asyncio
import csv
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.controllers.explain import explain

log = logging.getLogger("caredesk.lead")
DEBOUNCE_SECONDS = 1.0
FLOOR_EVENTS = (
    m.EventType.FLOOR_UPDATED,
    m.EventType.AGENT_UPDATED,
    m.EventType.REFUND_REQUEST_UPDATED,
    m.EventType.SECURITY_ALERT,
)


class LeadController(QObject):
    floorLoaded = Signal(object)  # m.Floor
    floorFailed = Signal(str)
    unlocked = Signal(str)  # what was unlocked, for the banner
    statsLoaded = Signal(object)  # m.Stats
    statsFailed = Signal(str)

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.floor: m.Floor | None = None
        self.stats: m.Stats | None = None
        self.period = m.StatsPeriod.TODAY
        self._soon: asyncio.Task[None] | None = None
        desk.session.signedIn.connect(lambda _me: self.refresh())
        desk.session.signedOut.connect(lambda _why: self._clear())
        desk.feed.eventReceived.connect(self._event)
        if desk.me is not None:
            self.refresh()

    @property
    def active(self) -> bool:
        me = self.desk.me
        return me is not None and m.Role.LEAD in me.roles

    def _clear(self) -> None:
        self.floor, self.stats = None, None

    def refresh(self) -> None:
        if self.active:
            self.desk.tasks.spawn(self._load_floor(), name="lead-floor")
            self.load_stats(self.period)

    def _event(self, event: m.Event) -> None:
        if self.active and event.type in FLOOR_EVENTS:
            self._floor_soon()

    def _floor_soon(self) -> None:
        if self._soon is not None and not self._soon.done():
            return  # one fetch answers every event of the last second
        self._soon = self.desk.tasks.spawn(self._debounced(), name="lead-floor-soon")

    async def _debounced(self) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        await self._load_floor()

    async def _load_floor(self) -> None:
        if self.desk.client is None:
            return
        try:
            floor = await self.desk.client.floor.retrieve()
        except errors.CareDeskError as exc:
            self.floorFailed.emit(explain(exc, self.desk.server_url))
            return
        self.floor = floor
        self.floorLoaded.emit(floor)

    def unlock(self, kind: str, target_id: str) -> None:
        """A locked challenge (``conversation``) or a locked account (``account``): the lead
        lets the advisor ask again."""
        self.desk.tasks.spawn(self._unlock(kind, target_id), name="lead-unlock")

    async def _unlock(self, kind: str, target_id: str) -> None:
        if self.desk.client is None:
            return
        try:
            if kind == "account":
                await self.desk.client.challenge.clear_account_lock(target_id)
                said = target_id
            else:
                conv = await self.desk.client.challenge.unlock(target_id)
                said = conv.caller.display
        except errors.CareDeskError as exc:
            self.floorFailed.emit(explain(exc, self.desk.server_url))
            return
        self.unlocked.emit(said)
        await self._load_floor()

    def load_stats(self, period: m.StatsPeriod) -> None:
        self.period = period
        self.desk.tasks.spawn(self._load_stats(period), name="lead-stats")

    async def _load_stats(self, period: m.StatsPeriod) -> None:
        if self.desk.client is None or not self.active:
            return
        try:
            stats = await self.desk.client.floor.stats(period)
        except errors.CareDeskError as exc:
            self.statsFailed.emit(explain(exc, self.desk.server_url))
            return
        self.stats = stats
        self.statsLoaded.emit(stats)


def export_csv(stats: m.Stats, path: Path) -> None:
    """The KPIs as a spreadsheet opens them: one figure per row, then the calls per bucket,
    then the open escalations per team and age."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["figure", "value"])
        out.writerow(["period", stats.period.value])
        out.writerow(["from", stats.start.isoformat()])
        out.writerow(["to", stats.end.isoformat()])
        for name in (
            "calls_answered",
            "calls_missed",
            "calls_abandoned",
            "average_answer_seconds",
            "average_handle_seconds",
            "first_contact_resolution",
            "chat_first_response_seconds",
            "phone_answer_breaches",
            "chat_response_breaches",
        ):
            value = getattr(stats, name)
            out.writerow([name, "" if value is None else value])
        out.writerow([])
        out.writerow(["bucket", "start", "answered", "missed", "abandoned"])
        for bucket in stats.buckets:
            out.writerow(
                [
                    bucket.label,
                    bucket.start.isoformat(),
                    bucket.answered,
                    bucket.missed,
                    bucket.abandoned,
                ]
            )
        out.writerow([])
        out.writerow(["team", "under 2 h", "under 1 day", "under 1 week", "older"])
        for team in stats.escalations:
            out.writerow([team.team, team.under_2h, team.under_1d, team.under_1w, team.older])
        out.writerow([])
        out.writerow(
            [
                "enquiries team",
                "answered",
                "median hours",
                "within a day",
                "waiting",
                "target hours",
                "within target",
                "overdue",
            ]
        )
        for row in stats.enquiry_response:
            out.writerow(
                [
                    row.team,
                    row.answered,
                    "" if row.median_hours is None else row.median_hours,
                    "" if row.within_day is None else row.within_day,
                    row.waiting,
                    "" if row.target_hours is None else row.target_hours,
                    "" if row.within_target is None else row.within_target,
                    row.overdue,
                ]
            )
