"""The pharmacist's screen controller: the escalations queue and the appointment diary.

Views show its state and emit intent; it talks to the client through the desk's connection,
owns the idempotency keys (a retried claim or note never happens twice) and runs every call as
a task of the desk's. Escalations stay current from ``escalation.updated`` events; the diary
reloads on ``appointment.updated``.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.controllers.explain import explain
from desktop.i18n import translate

log = logging.getLogger("caredesk.pharmacy")
WORKING = (m.IssueStatus.OPEN, m.IssueStatus.CLAIMED)


class PharmacyController(QObject):
    escalationsChanged = Signal(object)  # list[m.Escalation], oldest first
    escalationDone = Signal(str)  # what happened, for the advisor-facing banner
    escalationFailed = Signal(str)
    diaryLoaded = Signal(object)  # m.Diary
    diaryFailed = Signal(str)
    appointmentDone = Signal(str)
    appointmentFailed = Signal(str)
    dialByLink = Signal(str)  # no dialling API: the number, for the softphone's tel: link

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.escalations: dict[str, m.Escalation] = {}
        self.ack_minutes = 120
        self.diary: m.Diary | None = None
        self.diary_start: date | None = None
        self.diary_days = 1
        self._keys: dict[tuple[str, ...], str] = {}
        desk.session.signedIn.connect(self._signed_in)
        desk.session.signedOut.connect(lambda _why: self._clear())
        desk.feed.eventReceived.connect(self._event)
        if desk.me is not None:
            self._signed_in(desk.me)

    @property
    def active(self) -> bool:
        me = self.desk.me
        return me is not None and m.Role.PHARMACIST in me.roles

    def _signed_in(self, me: m.Me) -> None:
        if m.Role.PHARMACIST in me.roles:
            self.desk.tasks.spawn(self._load_escalations(), name="escalations")
            self.load_diary(self.diary_start, self.diary_days)

    def _clear(self) -> None:
        self.escalations.clear()
        self.diary = None
        self._keys.clear()
        self.escalationsChanged.emit([])

    def _key(self, *parts: str) -> str:
        return self._keys.setdefault(parts, uuid.uuid4().hex)

    def ordered(self) -> list[m.Escalation]:
        return sorted(self.escalations.values(), key=lambda e: (e.created_at, e.id))

    # --- escalations ----------------------------------------------------------------------

    async def _load_escalations(self) -> None:
        if self.desk.client is None:
            return
        try:
            listing = await self.desk.client.escalations.list()
        except errors.CareDeskError as exc:
            self.escalationFailed.emit(explain(exc, self.desk.server_url))
            return
        self.ack_minutes = listing.ack_minutes
        self.escalations = {e.id: e for e in listing.items}
        self.escalationsChanged.emit(self.ordered())

    def _event(self, event: m.Event) -> None:
        if not self.active:
            return
        if event.type is m.EventType.ESCALATION_UPDATED:
            self._apply(m.Escalation.model_validate(event.data))
        elif event.type is m.EventType.APPOINTMENT_UPDATED:
            self.load_diary(self.diary_start, self.diary_days)

    def _apply(self, escalation: m.Escalation) -> None:
        if escalation.status in WORKING:
            self.escalations[escalation.id] = escalation
        else:
            self.escalations.pop(escalation.id, None)
        self.escalationsChanged.emit(self.ordered())

    def claim(self, issue_id: str) -> None:
        key = self._key(issue_id, "claim")
        self.desk.tasks.spawn(self._escalation_call("claim", issue_id, "", key))

    def reply(self, issue_id: str, text: str) -> None:
        key = self._key(issue_id, "reply", text.strip())
        self.desk.tasks.spawn(self._escalation_call("reply", issue_id, text.strip(), key))

    def resolve(self, issue_id: str, text: str) -> None:
        key = self._key(issue_id, "resolve", text.strip())
        self.desk.tasks.spawn(self._escalation_call("resolve", issue_id, text.strip(), key))

    async def _escalation_call(self, verb: str, issue_id: str, text: str, key: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            if verb == "claim":
                done = await client.escalations.claim(issue_id, idempotency_key=key)
                said = translate("Pharmacy", "Claimed: {0}").format(done.title)
            elif verb == "reply":
                done = await client.escalations.reply(issue_id, text, idempotency_key=key)
                said = translate("Pharmacy", "Reply noted on the account: {0}").format(done.title)
            else:
                done = await client.escalations.resolve(issue_id, text, idempotency_key=key)
                said = translate("Pharmacy", "Resolved: {0}").format(done.title)
        except errors.ConflictError as exc:
            self.escalationFailed.emit(exc.message)
            self.desk.tasks.spawn(self._load_escalations(), name="escalations")
            return
        except errors.CareDeskError as exc:
            self.escalationFailed.emit(explain(exc, self.desk.server_url))
            return
        self._apply(done)
        self.escalationDone.emit(said)

    # --- appointments ---------------------------------------------------------------------

    def load_diary(self, start: date | None, days: int) -> None:
        self.diary_start, self.diary_days = start, days
        self.desk.tasks.spawn(self._load_diary(start, days), name="diary")

    async def _load_diary(self, start: date | None, days: int) -> None:
        if self.desk.client is None or not self.active:
            return
        try:
            diary = await self.desk.client.appointments.diary(start, days)
        except errors.CareDeskError as exc:
            self.diaryFailed.emit(explain(exc, self.desk.server_url))
            return
        self.diary = diary
        if self.diary_start is None:
            self.diary_start = diary.start
        self.diaryLoaded.emit(diary)

    def set_status(self, appointment_id: str, status: str) -> None:
        key = self._key(appointment_id, "status", status)
        self.desk.tasks.spawn(self._appointment_call(appointment_id, status, None, key))

    def move(self, appointment_id: str, starts_at: datetime) -> None:
        key = self._key(appointment_id, "move", starts_at.isoformat())
        self.desk.tasks.spawn(self._appointment_call(appointment_id, "move", starts_at, key))

    async def _appointment_call(
        self, appointment_id: str, verb: str, when: datetime | None, key: str
    ) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            if when is not None:
                done = await client.appointments.move(appointment_id, when, idempotency_key=key)
                said = translate("Pharmacy", "Moved {0} to {1}").format(
                    done.patient_name, done.starts_at.astimezone().strftime("%a %d %b %H:%M")
                )
            else:
                done = await client.appointments.set_status(
                    appointment_id, verb, idempotency_key=key
                )
                said = translate("Pharmacy", "{0}: {1}").format(
                    done.patient_name, translate("AppointmentStatus", done.status.value)
                )
        except errors.CareDeskError as exc:
            self.appointmentFailed.emit(explain(exc, self.desk.server_url))
            return
        self.appointmentDone.emit(said)
        self.load_diary(self.diary_start, self.diary_days)

    def dial(self, appointment_id: str, number: str) -> None:
        """Click-to-call: the telephony provider's API where the server has one (Aircall puts
        the number in the pharmacist's phone app), otherwise a tel: link for the softphone."""
        self.desk.tasks.spawn(self._dial(appointment_id, number), name="dial")

    async def _dial(self, appointment_id: str, number: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            result = await client.appointments.dial(appointment_id)
        except errors.ConflictError as exc:
            if exc.code in ("dial_not_configured", "no_telephony_user"):
                self.dialByLink.emit(number)
            else:
                self.appointmentFailed.emit(exc.message)
            return
        except errors.CareDeskError as exc:
            self.appointmentFailed.emit(explain(exc, self.desk.server_url))
            return
        self.appointmentDone.emit(
            translate("Pharmacy", "Aircall has {0} ready to call in your phone app.").format(
                result.number
            )
        )

    def open_appointment(self, appointment_id: str) -> None:
        """The conversation to call the patient in: opened on the desk like any other."""
        key = self._key(appointment_id, "open")
        self.desk.tasks.spawn(self._open(appointment_id, key), name="open-appointment")

    async def _open(self, appointment_id: str, key: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            conv = await client.appointments.open(appointment_id, idempotency_key=key)
        except errors.CareDeskError as exc:
            self.appointmentFailed.emit(explain(exc, self.desk.server_url))
            return
        # A later open of the same appointment (after this conversation closed) is a new one.
        self._keys.pop((appointment_id, "open"), None)
        self.desk.conversations.upsert(conv)
        self.desk.conversation.open(conv.id)
