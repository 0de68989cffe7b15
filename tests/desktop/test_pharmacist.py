"""The pharmacist's desk: an escalation claimed and resolved from the queue reaches the advisor's
account view; an appointment an advisor books appears in the pharmacist's day, opens under its
own verified context, and is marked through the diary."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from backend_client import models as m
from desktop.views.diary import AppointmentsPanel
from desktop.views.escalations import EscalationsPanel
from tests.desktop.conftest import Loop, open_desk, until, widget_text
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import patient


class Softphone(QObject):
    """Stands where the system's tel: handler would: records what it was asked to dial."""

    def __init__(self) -> None:
        super().__init__()
        self.dialled: list[str] = []

    @Slot(QUrl)
    def dial(self, url: QUrl) -> None:
        self.dialled.append(url.toString())


def row_of(widget, wanted: str) -> int:  # type: ignore[no-untyped-def]
    for n in range(widget.list.count()):
        if widget.list.item(n).data(Qt.ItemDataRole.UserRole) == wanted:
            return n
    return -1


def test_a_pharmacist_claims_and_resolves_and_the_advisor_sees_the_outcome(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:  # type: ignore[no-untyped-def]
    facts = patient(live_server.ctx, "pat_00091")

    async def scenario() -> None:
        async with (
            open_desk(live_server) as advisor,
            open_desk(live_server, "pharmacist") as chemist,
        ):
            queue = chemist.window.docks.escalations
            assert isinstance(queue, EscalationsPanel) and queue.isVisible()
            assert advisor.window.docks.escalations is None  # an advisor has no queue
            await app_token_call(live_server, facts.account_id, 9101)
            await until(lambda: advisor.desk.snapshot is not None, what="the account")
            conv = advisor.desk.current
            assert conv is not None and advisor.desk.client is not None
            escalated = await advisor.desk.client.actions.run(
                "create_issue",
                m.ActionRequest(
                    conversation_id=conv.id,
                    workflow_id="escalate_medication_question",
                    inputs={
                        "kind": "medication_question",
                        "title": "Can I take it with ibuprofen?",
                        "description": "Started naproxen last week",
                    },
                ),
                account_id=facts.account_id,
                idempotency_key=uuid.uuid4().hex,
            )
            issue_id = escalated.data["issue_id"]

            # It arrives in the pharmacist's queue live, with its SLA.
            await until(lambda: row_of(queue, issue_id) >= 0, what="the escalation in the queue")
            queue.list.setCurrentRow(row_of(queue, issue_id))
            assert "Can I take it with ibuprofen?" in queue.list.currentItem().text()
            assert "claim by" in queue.list.currentItem().text()
            assert queue.details.text() == "Started naproxen last week"
            assert queue.claim.isEnabled() and not queue.resolve.isEnabled()
            qtbot.mouseClick(queue.claim, Qt.MouseButton.LeftButton)
            await until(
                lambda: (
                    chemist.window.docks.pharmacy.escalations[issue_id].assignee == "Priya Shah"
                ),  # type: ignore[union-attr]
                what="the claim",
            )
            assert not queue.claim.isEnabled()
            queue.note.setPlainText("No: take paracetamol instead; told the patient by phone")
            assert queue.resolve.isEnabled()
            qtbot.mouseClick(queue.resolve, Qt.MouseButton.LeftButton)
            await until(lambda: row_of(queue, issue_id) < 0, what="resolved off the queue")
            assert "Resolved" in queue.banner.text()

            # The idle lock: no patient in the queue, the diary or anywhere else on screen.
            chemist.desk.idle_lock.lock()
            await until(lambda: chemist.desk.locked, what="the lock")
            shown = widget_text(chemist.window)
            assert facts.full_name not in shown
            assert not any(
                e.patient_name in shown
                for e in chemist.window.docks.pharmacy.escalations.values()  # type: ignore[union-attr]
            )

            # The advisor's open account reloads and shows the outcome.
            account = advisor.window.account
            await until(
                lambda: any(
                    "Resolved by pharmacist Priya Shah" in account.activity.item(n).text()
                    for n in range(account.activity.count())
                ),
                what="the outcome in the advisor's activity",
            )
            account.tabs.setCurrentWidget(account.history_tab)
            await until(
                lambda: any(
                    "take paracetamol instead"
                    in str(account.history.data(account.history.index(r, 2)))
                    for r in range(account.history.rowCount())
                ),
                what="the outcome in the history",
            )

    aloop.run(scenario(), timeout=60)


def test_a_booked_appointment_appears_in_the_pharmacists_day_and_opens(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:  # type: ignore[no-untyped-def]
    facts = patient(live_server.ctx, "pat_00092")
    day = datetime.now(UTC).date() + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)

    async def scenario() -> None:
        async with (
            open_desk(live_server) as advisor,
            open_desk(live_server, "pharmacist") as chemist,
        ):
            diary = chemist.window.docks.appointments
            pharmacy = chemist.window.docks.pharmacy
            assert isinstance(diary, AppointmentsPanel) and pharmacy is not None
            pharmacy.load_diary(day, 1)
            await until(lambda: pharmacy.diary is not None and pharmacy.diary.start == day)
            await app_token_call(live_server, facts.account_id, 9201)
            await until(lambda: advisor.desk.snapshot is not None, what="the account")
            conv = advisor.desk.current
            assert conv is not None and advisor.desk.client is not None
            booked = await advisor.desk.client.actions.run(
                "book_appointment",
                m.ActionRequest(
                    conversation_id=conv.id,
                    workflow_id="book_pharmacist",
                    inputs={"day": day.isoformat(), "reason": "Review of the new inhaler"},
                ),
                account_id=facts.account_id,
                idempotency_key=uuid.uuid4().hex,
            )
            appointment_id = booked.data["appointment_id"]

            # The pharmacist's day shows it without a reload by hand.
            await until(lambda: row_of(diary, appointment_id) >= 0, what="the booking in the day")
            diary.list.setCurrentRow(row_of(diary, appointment_id))
            text = diary.list.currentItem().text()
            assert facts.full_name in text and "Review of the new inhaler" in text
            assert diary.open.isEnabled() and diary.call.isEnabled()
            assert not diary.done.isEnabled()  # its time has not come

            # Call: this server has no dialling API, so the softphone gets a tel: link.
            softphone = Softphone()
            QDesktopServices.setUrlHandler("tel", softphone, "dial")
            try:
                qtbot.mouseClick(diary.call, Qt.MouseButton.LeftButton)
                await until(lambda: softphone.dialled, what="the tel: link")
            finally:
                QDesktopServices.unsetUrlHandler("tel")
            assert softphone.dialled == [f"tel:{facts.phone}"]

            # Opening it: a conversation of its own, verified by the booking, the account shown.
            qtbot.mouseClick(diary.open, Qt.MouseButton.LeftButton)
            await until(lambda: chemist.desk.snapshot is not None, what="the patient's account")
            current = chemist.desk.current
            assert current is not None
            assert current.auth_state is m.AuthState.VERIFIED_APPOINTMENT
            # The view fills in turns, the name last.
            await until(lambda: chemist.window.account.name.text() == facts.full_name, what="shown")

            # Moving it to a free slot, then cancelling it, through the diary.
            diary.list.setCurrentRow(row_of(diary, appointment_id))
            last_slot = datetime.combine(day, time(16, 45), UTC).astimezone()
            target = diary.move_to.findText(last_slot.strftime("%a %d %b %H:%M"))
            assert target >= 0
            diary.move_to.setCurrentIndex(target)
            qtbot.mouseClick(diary.move, Qt.MouseButton.LeftButton)
            await until(lambda: last_slot.strftime("%H:%M") in diary.banner.text(), what="the move")
            await until(lambda: row_of(diary, appointment_id) >= 0)
            diary.list.setCurrentRow(row_of(diary, appointment_id))
            qtbot.mouseClick(diary.cancel, Qt.MouseButton.LeftButton)
            await until(lambda: row_of(diary, appointment_id) < 0, what="the cancelled slot freed")

    aloop.run(scenario(), timeout=60)
