"""The enquiry inbox's controller: the team's enquiries from the web form, opened, answered once.

The inbox loads at sign-in and stays current from ``enquiry.updated`` events (a new one, read by
a colleague, reminded, rerouted here or away, answered). Opening one marks it read on the
server. An answer (a reply, "answered by phone", or a rejection with its reason) carries an
idempotency key kept until the server accepts it; when a colleague answered first, the server
refuses, and the advisor is told who did and sees the enquiry as answered.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from backend_client import CareDeskClient, errors
from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.controllers.explain import explain
from desktop.i18n import QT_TRANSLATE_NOOP, translate


class EnquiriesController(QObject):
    listChanged = Signal(object)  # list[m.EnquirySummary]: open oldest first, then answered
    opened = Signal(object)  # m.Enquiry, the one the advisor is reading
    done = Signal(str)  # what happened, for the panel's banner
    failed = Signal(str)
    busyChanged = Signal(bool)
    reminded = Signal(object)  # m.EnquirySummary that has just waited too long unread
    outOfOfficeSet = Signal(object)  # m.TeamOutOfOffice, as the server keeps it

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.items: dict[str, m.EnquirySummary] = {}
        self.current: m.Enquiry | None = None
        self.busy = False
        self._keys: dict[tuple[str, ...], str] = {}
        desk.session.signedIn.connect(lambda _me: self.reload())
        desk.session.signedOut.connect(lambda _why: self._clear())
        desk.feed.eventReceived.connect(self._event)
        if desk.me is not None:
            self.reload()

    @property
    def unread(self) -> int:
        return sum(1 for i in self.items.values() if i.state is m.EnquiryState.OPEN and not i.read)

    def ordered(self) -> list[m.EnquirySummary]:
        open_ = sorted(
            (i for i in self.items.values() if i.state is m.EnquiryState.OPEN),
            key=lambda i: (i.created_at, i.id),
        )
        done = sorted(
            (i for i in self.items.values() if i.state is not m.EnquiryState.OPEN),
            key=lambda i: (i.created_at, i.id),
            reverse=True,
        )
        return open_ + done

    def _clear(self) -> None:
        self.items.clear()
        self.current = None
        self._keys.clear()
        self.listChanged.emit([])

    def reload(self) -> None:
        self.desk.tasks.spawn(self._load(), name="enquiries")

    async def _load(self) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            listing = await client.enquiries.list()
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        self.items = {i.id: i for i in listing.items}
        self.listChanged.emit(self.ordered())

    def _mine(self, item: m.EnquirySummary) -> bool:
        me = self.desk.me
        return me is not None and (m.Role.LEAD in me.roles or item.team == me.team)

    def _event(self, event: m.Event) -> None:
        if event.type is not m.EventType.ENQUIRY_UPDATED:
            return
        item = m.EnquirySummary.model_validate(event.data)
        before = self.items.get(item.id)
        if self._mine(item):
            self.items[item.id] = item
            if item.reminded and (before is None or not before.reminded):
                self.reminded.emit(item)
        else:
            self.items.pop(item.id, None)  # rerouted to another team
        self.listChanged.emit(self.ordered())
        if self.current is not None and self.current.id == item.id:
            self.open(item.id)  # someone else read or answered it: show what is true now

    # --- intent ---------------------------------------------------------------------------

    def open(self, enquiry_id: str) -> None:
        self.desk.tasks.spawn(self._open(enquiry_id), name="open-enquiry")

    async def _open(self, enquiry_id: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            enquiry = await client.enquiries.open(enquiry_id)
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        self.current = enquiry
        self._remember(enquiry)
        self.opened.emit(enquiry)

    def _remember(self, enquiry: m.Enquiry) -> None:
        known = self.items.get(enquiry.id)
        self.items[enquiry.id] = m.EnquirySummary(
            id=enquiry.id,
            team=enquiry.team,
            secondary=enquiry.secondary,
            name=enquiry.name,
            subject=enquiry.subject,
            created_at=enquiry.created_at,
            read=enquiry.read_at is not None,
            reminded=enquiry.reminded_at is not None or bool(known and known.reminded),
            state=enquiry.state,
            answer_channel=enquiry.answer_channel,
            source=enquiry.source,
            attachments=len(enquiry.attachments),
            updated=bool(enquiry.messages),
        )
        self.listChanged.emit(self.ordered())

    def answer(self, enquiry_id: str, channel: m.AnswerChannel, text: str) -> None:
        body = text.strip()
        if not body or self.busy:
            return
        if channel is m.AnswerChannel.SMS and len(body) > m.SMS_MAX_CHARS:
            self.failed.emit(
                translate("Enquiries", "A text is at most {0} characters.").format(m.SMS_MAX_CHARS)
            )
            return
        parts = (enquiry_id, "answer", channel.value, body)
        self._submit(
            enquiry_id,
            parts,
            lambda client, key: client.enquiries.answer(
                enquiry_id, channel, body, idempotency_key=key
            ),
            ANSWERED[channel],
        )

    def reject(self, enquiry_id: str, reason: str) -> None:
        body = reason.strip()
        if len(body) < 3 or self.busy:
            self.failed.emit(translate("Enquiries", "Give a reason of at least 3 characters."))
            return
        parts = (enquiry_id, "reject", body)
        self._submit(
            enquiry_id,
            parts,
            lambda client, key: client.enquiries.reject(enquiry_id, body, idempotency_key=key),
            REJECTED,
        )

    def _submit(
        self,
        enquiry_id: str,
        parts: tuple[str, ...],
        call: Callable[[CareDeskClient, str], Awaitable[m.Enquiry]],
        message: str,
    ) -> None:
        """Answer under the key kept for these words until the server accepts them."""
        key = self._keys.setdefault(parts, uuid.uuid4().hex)
        self._set_busy(True)
        self.desk.tasks.spawn(self._finish(enquiry_id, parts, call, key, message))

    async def _finish(
        self,
        enquiry_id: str,
        parts: tuple[str, ...],
        call: Callable[[CareDeskClient, str], Awaitable[m.Enquiry]],
        key: str,
        message: str,
    ) -> None:
        client = self.desk.client
        try:
            if client is None:
                return
            enquiry = await call(client, key)
        except errors.ConflictError as exc:
            self._keys.pop(parts, None)
            self.failed.emit(exc.message)  # who answered first, and that nothing was sent
            self.open(enquiry_id)
            return
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        finally:
            self._set_busy(False)
        self._keys.pop(parts, None)
        self.current = enquiry
        self._remember(enquiry)
        self.opened.emit(enquiry)
        self.done.emit(translate("Enquiries", message))

    def set_out_of_office(self, team: str, message: str, until: datetime | None) -> None:
        """A lead switches a team's out-of-office reply on until ``until``, or off (None)."""
        self.desk.tasks.spawn(self._out_of_office(team, message.strip(), until), name="ooo")

    async def _out_of_office(self, team: str, message: str, until: datetime | None) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            done = await client.enquiries.set_out_of_office(team, message, until)
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        self.outOfOfficeSet.emit(done)
        self.done.emit(
            translate("Enquiries", "Out-of-office reply on for {0} until {1}.").format(
                team, done.until.astimezone().strftime("%d %b %H:%M")
            )
            if done.until
            else translate("Enquiries", "Out-of-office reply off for {0}.").format(team)
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busyChanged.emit(busy)


ANSWERED: dict[m.AnswerChannel, str] = {
    m.AnswerChannel.EMAIL: QT_TRANSLATE_NOOP("Enquiries", "Reply sent by email."),
    m.AnswerChannel.APP: QT_TRANSLATE_NOOP("Enquiries", "Reply sent to the app."),
    m.AnswerChannel.SMS: QT_TRANSLATE_NOOP("Enquiries", "Reply sent by text."),
    m.AnswerChannel.PHONE: QT_TRANSLATE_NOOP("Enquiries", "Recorded as answered by phone."),
}
REJECTED = QT_TRANSLATE_NOOP("Enquiries", "Rejected: it counts as answered.")
