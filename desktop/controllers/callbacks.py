"""Call-backs: callers who asked, from the queue, to be called back. The list loads at sign-in
and again whenever a ``callback.updated`` event says one was asked for, taken or done (the event
carries no number; the list is fetched as the signed-in agent).

Taking one is a race the server settles (the first taker wins): the loser is told who was
first and sees the list as it now is. The winner dials it through the phone system's
click-to-call, or through a ``tel:`` link when the server has no dialling API, and records the
outcome with one of the contact centre's dispositions. Each change carries an idempotency key
kept until the server answers, so a retry after a dropped connection never takes, dials or
records twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from backend_client import CareDeskClient, errors
from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.controllers.explain import explain
from desktop.i18n import translate

T = TypeVar("T")
NO_DIALLING = ("dial_not_configured", "no_telephony_user")


def tr(text: str) -> str:
    return translate("Callbacks", text)


class CallbacksController(QObject):
    listChanged = Signal(object)  # list[m.Callback]: waiting and taken, oldest first
    done = Signal(str)  # what happened, for the panel's banner
    failed = Signal(str)
    dialByLink = Signal(str)  # no dialling API: the number, for the softphone's tel: link
    busyChanged = Signal(bool)

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.items: list[m.Callback] = []
        self.waiting = 0
        self.late = 0
        self.sla_minutes = 0
        self.busy = False
        self._keys: dict[tuple[str, ...], str] = {}
        desk.session.signedIn.connect(lambda _me: self.reload())
        desk.session.signedOut.connect(lambda _why: self._clear())
        desk.feed.eventReceived.connect(self._event)
        if desk.me is not None:
            self.reload()

    def get(self, callback_id: str) -> m.Callback | None:
        return next((c for c in self.items if c.id == callback_id), None)

    def mine(self, callback: m.Callback) -> bool:
        me = self.desk.me
        return me is not None and callback.taken_by == me.id

    @property
    def held(self) -> int:
        """Call-backs this agent has taken and not yet finished."""
        return sum(1 for c in self.items if c.status is m.CallbackStatus.TAKEN and self.mine(c))

    def _clear(self) -> None:
        self.items, self.waiting, self.late = [], 0, 0
        self._keys.clear()
        self.listChanged.emit([])

    def reload(self) -> None:
        # Named: a change heard while a load is under way starts it again with what is true now.
        self.desk.tasks.spawn(self._load(), name="callbacks")

    async def _load(self) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            listing = await client.callbacks.list()
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        self._show(listing)

    def _show(self, listing: m.CallbackList) -> None:
        self.items = list(listing.items)
        self.waiting, self.late, self.sla_minutes = (
            listing.waiting,
            listing.late,
            listing.sla_minutes,
        )
        self.listChanged.emit(self.items)

    def _event(self, event: m.Event) -> None:
        if event.type is m.EventType.CALLBACK_UPDATED:
            self.reload()

    # --- intent ---------------------------------------------------------------------------

    def take(self, callback_id: str) -> None:
        self._submit(
            (callback_id, "take"),
            lambda client, key: client.callbacks.take(callback_id, idempotency_key=key),
            self._taken,
        )

    def dial(self, callback_id: str) -> None:
        callback = self.get(callback_id)
        if callback is None:
            return

        def dialled(result: m.DialResult) -> None:
            self.done.emit(tr("Your softphone is dialling {0}.").format(callback.number_display))

        self._submit(
            (callback_id, "dial"),
            lambda client, key: client.callbacks.dial(callback_id, idempotency_key=key),
            dialled,
            on_conflict=lambda exc: (
                self.dialByLink.emit(callback.number) if exc.code in NO_DIALLING else None
            ),
        )

    def finish(self, callback_id: str, disposition: str) -> None:
        labels = {d.code: d.label for d in self.desk.wrap_up.dispositions}
        if disposition not in labels:
            self.failed.emit(tr("Choose how the call-back ended."))
            return

        def finished(callback: m.Callback) -> None:
            self.items = [c for c in self.items if c.id != callback.id]
            self.listChanged.emit(self.items)
            self.done.emit(tr("Call-back recorded: {0}.").format(labels[disposition]))

        self._submit(
            (callback_id, "outcome", disposition),
            lambda client, key: client.callbacks.finish(
                callback_id, disposition, idempotency_key=key
            ),
            finished,
        )

    def _taken(self, callback: m.Callback) -> None:
        self.items = [callback if c.id == callback.id else c for c in self.items]
        self.waiting = max(0, self.waiting - 1)
        self.listChanged.emit(self.items)
        self.done.emit(tr("The call-back is yours: dial {0}.").format(callback.number_display))

    def _submit(
        self,
        parts: tuple[str, ...],
        call: Callable[[CareDeskClient, str], Awaitable[T]],
        then: Callable[[T], None],
        on_conflict: Callable[[errors.ConflictError], None] | None = None,
    ) -> None:
        """Send under the key kept for this change until the server has answered it."""
        if self.busy:
            return
        key = self._keys.setdefault(parts, uuid.uuid4().hex)
        self._set_busy(True)
        self.desk.tasks.spawn(self._send(parts, call, key, then, on_conflict))

    async def _send(
        self,
        parts: tuple[str, ...],
        call: Callable[[CareDeskClient, str], Awaitable[T]],
        key: str,
        then: Callable[[T], None],
        on_conflict: Callable[[errors.ConflictError], None] | None,
    ) -> None:
        client = self.desk.client
        try:
            if client is None:
                return
            result = await call(client, key)
        except errors.ConflictError as exc:
            self._keys.pop(parts, None)  # answered: a new attempt is a new change
            if on_conflict is not None and exc.code in NO_DIALLING:
                on_conflict(exc)
                return
            self.failed.emit(exc.message)  # who took it first, or that it is not yours
            self.reload()
            return
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return  # the key is kept: trying again cannot do it twice
        finally:
            self._set_busy(False)
        self._keys.pop(parts, None)
        then(result)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busyChanged.emit(busy)
