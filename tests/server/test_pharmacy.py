"""The pharmacist's desk on the server: the escalations queue (order, first claim wins, the
acknowledgement SLA, the outcome back to the advisor) and the appointment diary (no double
booking under concurrency, moving, done / no-show / cancel, opening one to call the patient)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from backend_client import errors
from backend_client import models as m
from server.core.events import fetch_since, latest_id
from server.core.orm import Agent, Appointment, AuditRow, Issue
from tests.server.test_snapshot_and_actions import verified_call


async def escalate(advisor, conv: m.Conversation, title: str) -> str:  # type: ignore[no-untyped-def]
    result = await advisor.actions.run(
        "create_issue",
        m.ActionRequest(
            conversation_id=conv.id,
            workflow_id="escalate_medication_question",
            inputs={"kind": "medication_question", "title": title},
        ),
        account_id=conv.account_id,
    )
    return str(result.data["issue_id"])


def next_weekday(after: date, ahead: int = 1) -> date:
    day = after + timedelta(days=ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


async def book(advisor, conv: m.Conversation, day: date, reason: str) -> str:  # type: ignore[no-untyped-def]
    result = await advisor.actions.run(
        "book_appointment",
        m.ActionRequest(
            conversation_id=conv.id,
            workflow_id="book_pharmacist",
            inputs={"day": day.isoformat(), "reason": reason},
        ),
        account_id=conv.account_id,
    )
    return str(result.data["appointment_id"])


async def test_the_queue_is_oldest_first_and_the_first_claim_wins(
    http, advisor, pharmacist, lead, ctx
) -> None:  # type: ignore[no-untyped-def]
    conv = await verified_call(http, advisor, ctx, "pat_00041", 4101)
    first = await escalate(advisor, conv, "Can I take it with ibuprofen?")
    second = await escalate(advisor, conv, "Is the new dose right?")
    with ctx.db.transaction() as session:  # the first is an hour older
        row = session.get(Issue, first)
        assert row is not None
        row.created_at -= timedelta(hours=1)
    queue = await pharmacist.escalations.list()
    mine = [e for e in queue.items if e.id in (first, second)]
    assert [e.id for e in mine] == [first, second]
    assert mine[0].escalated_by == "Alex Morgan" and mine[0].status is m.IssueStatus.OPEN
    assert mine[0].patient_name and queue.ack_minutes == 120

    # The pharmacist and a lead claim at once: one wins, the other is told.
    results = await asyncio.gather(
        pharmacist.escalations.claim(first), lead.escalations.claim(first), return_exceptions=True
    )
    won = [r for r in results if isinstance(r, m.Escalation)]
    lost = [r for r in results if isinstance(r, errors.ConflictError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert won[0].status is m.IssueStatus.CLAIMED and won[0].acknowledged_at is not None

    # An advisor has no queue.
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.escalations.list()


async def test_resolving_tells_the_advisor_and_shows_the_outcome_on_the_account(
    http, advisor, pharmacist, ctx
) -> None:  # type: ignore[no-untyped-def]
    conv = await verified_call(http, advisor, ctx, "pat_00042", 4201)
    issue_id = await escalate(advisor, conv, "Dizzy since the new tablets")
    before = latest_id(ctx.db)
    await pharmacist.escalations.reply(issue_id, "Calling the patient back within the hour")
    resolved = await pharmacist.escalations.resolve(
        issue_id, "Spoke to the patient: take it in the evening; review in two weeks"
    )
    assert resolved.status is m.IssueStatus.RESOLVED and resolved.assignee == "Priya Shah"
    assert not any(e.id == issue_id for e in (await pharmacist.escalations.list()).items)
    with pytest.raises(errors.ConflictError):
        await pharmacist.escalations.resolve(issue_id, "again")

    events = fetch_since(ctx.db, "agent_advisor", before)
    assert {e.type for e in events} >= {"escalation.updated", "account.updated"}
    history = await advisor.accounts.history("pat_00042", conv.id)
    outcome = next(i for i in history.issues if i.id == issue_id)
    assert outcome.resolution == "Spoke to the patient: take it in the evening; review in two weeks"
    assert outcome.assignee == "Priya Shah"
    snap = await advisor.accounts.snapshot("pat_00042", conv.id)
    assert not any(i.id == issue_id for i in snap.open_issues)
    assert any("Calling the patient back" in n.body for n in snap.notes)
    assert any(n.body.startswith("Resolved by pharmacist Priya Shah") for n in snap.notes)


async def test_the_acknowledgement_sla_is_computed_from_the_settings(
    http, advisor, pharmacist, ctx
) -> None:  # type: ignore[no-untyped-def]
    conv = await verified_call(http, advisor, ctx, "pat_00043", 4301)
    late, on_time, claimed_late = (
        await escalate(advisor, conv, "Late"),
        await escalate(advisor, conv, "On time"),
        await escalate(advisor, conv, "Claimed late"),
    )
    now = datetime.now(UTC)
    with ctx.db.transaction() as session:
        for issue_id, age in ((late, 121), (on_time, 119), (claimed_late, 180)):
            session.execute(
                update(Issue)
                .where(Issue.id == issue_id)
                .values(created_at=now - timedelta(minutes=age))
            )
    await pharmacist.escalations.claim(claimed_late)  # 180 minutes after: acknowledged, but late
    by_id = {e.id: e for e in (await pharmacist.escalations.list()).items}
    assert by_id[late].breached and not by_id[on_time].breached and by_id[claimed_late].breached
    assert by_id[on_time].ack_due_at - by_id[on_time].created_at == timedelta(minutes=120)


async def test_no_double_booking_when_advisors_book_at_once(http, advisor, ctx, app) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_client

    day = next_weekday(datetime.now(UTC).date(), 3)
    conversations = []
    clients = []
    try:
        for n in range(6):
            client = make_client(app)
            await client.__aenter__()
            clients.append(client)
            await client.login("advisor", "demo")
            conversations.append(
                await verified_call(http, client, ctx, f"pat_{n + 51:05d}", 5100 + n)
            )
        ids = await asyncio.gather(
            *(
                book(c, conv, day, "Medication review")
                for c, conv in zip(clients, conversations, strict=True)
            )
        )
    finally:
        for client in clients:
            await client.__aexit__(None, None, None)
    with ctx.db.reader() as session:
        rows = session.scalars(select(Appointment).where(Appointment.id.in_(ids))).all()
    slots = [(r.pharmacist_id, r.starts_at) for r in rows]
    assert len(rows) == 6 and len(set(slots)) == 6  # six bookings, six different slots


async def test_the_diary_moves_marks_and_opens_appointments(http, advisor, pharmacist, ctx) -> None:  # type: ignore[no-untyped-def]
    conv = await verified_call(http, advisor, ctx, "pat_00061", 6101)
    day = next_weekday(datetime.now(UTC).date(), 2)
    appointment_id = await book(advisor, conv, day, "Review of blood pressure tablets")
    diary = await pharmacist.appointments.diary(day, 1)
    assert len(diary.slots) == 32  # 09:00 to 17:00 in quarters
    booked = [
        s for s in diary.slots if s.appointment is not None and s.appointment.id == appointment_id
    ]
    assert len(booked) == 1 and booked[0].appointment.reason == "Review of blood pressure tablets"  # type: ignore[union-attr]
    week = await pharmacist.appointments.diary(day - timedelta(days=day.weekday()), 7)
    assert len(week.slots) == 5 * 32  # weekdays only

    # Moving to a taken slot is refused; to a free one works.
    with ctx.db.transaction() as session:
        mine = session.get(Appointment, appointment_id)
        assert mine is not None and mine.pharmacist_id == "agent_pharmacist"
        taken_at = datetime.combine(day, datetime.min.time(), UTC).replace(hour=16, minute=30)
        session.add(
            Appointment(
                id="apt_taken",
                account_id="pat_00062",
                pharmacist_id=mine.pharmacist_id,
                starts_at=taken_at,
                minutes=15,
                reason="Inhaler technique",
                status="booked",
            )
        )
    with pytest.raises(errors.ConflictError):
        await pharmacist.appointments.move(appointment_id, taken_at)
    later = taken_at.replace(minute=45)
    moved = await pharmacist.appointments.move(appointment_id, later)
    assert moved.starts_at == later
    with pytest.raises(errors.ValidationError):
        await pharmacist.appointments.move(appointment_id, later.replace(minute=50))

    # Done before its time is refused; cancelling frees the slot for a new booking.
    with pytest.raises(errors.ConflictError):
        await pharmacist.appointments.set_status(appointment_id, "done")

    # Opening it makes a conversation verified by the booking, and the snapshot reads in it.
    opened = await pharmacist.appointments.open(appointment_id)
    assert opened.auth_state is m.AuthState.VERIFIED_APPOINTMENT
    assert opened.account_id == "pat_00061" and opened.direction is m.Direction.OUTBOUND
    assert (await pharmacist.appointments.open(appointment_id)).id == opened.id  # not twice
    snap = await pharmacist.accounts.snapshot("pat_00061", opened.id)
    assert snap.identity.account_id == "pat_00061"
    with ctx.db.reader() as session:
        audited = session.scalars(
            select(AuditRow).where(AuditRow.action == "conversation.opened_for_appointment")
        ).all()
    assert [a.conversation_id for a in audited] == [opened.id]

    cancelled = await pharmacist.appointments.set_status(appointment_id, "cancelled")
    assert cancelled.status is m.AppointmentStatus.CANCELLED
    with pytest.raises(errors.ConflictError):
        await pharmacist.appointments.set_status(appointment_id, "cancelled")
    diary = await pharmacist.appointments.diary(day, 1)
    assert all(s.appointment is None or s.appointment.id != appointment_id for s in diary.slots)


async def test_done_and_no_show_once_the_time_has_come(http, advisor, pharmacist, ctx) -> None:  # type: ignore[no-untyped-def]
    conv = await verified_call(http, advisor, ctx, "pat_00063", 6301)
    day = next_weekday(datetime.now(UTC).date(), 1)
    first = await book(advisor, conv, day, "First")
    second = await book(advisor, conv, day, "Second")
    with ctx.db.transaction() as session:  # as if the day had come
        for n, appointment_id in enumerate((first, second)):
            session.execute(
                update(Appointment)
                .where(Appointment.id == appointment_id)
                .values(starts_at=datetime(2020, 1, 6, 9, 15 * n, tzinfo=UTC))
            )
    assert (
        await pharmacist.appointments.set_status(first, "done")
    ).status is m.AppointmentStatus.DONE
    assert (
        await pharmacist.appointments.set_status(second, "no_show")
    ).status is m.AppointmentStatus.NO_SHOW
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.appointments.set_status(first, "done")


async def test_an_escalation_to_a_pharmacist_by_name(http, advisor, pharmacist, lead, ctx) -> None:  # type: ignore[no-untyped-def]
    conv = await verified_call(http, advisor, ctx, "pat_00044", 4401)
    result = await advisor.actions.run(
        "create_issue",
        m.ActionRequest(
            conversation_id=conv.id,
            workflow_id="escalate_medication_question",
            inputs={
                "kind": "medication_question",
                "title": "For Priya: the warfarin dose",
                "pharmacist": "pharmacist",
            },
        ),
        account_id=conv.account_id,
    )
    issue_id = str(result.data["issue_id"])
    (mine,) = [e for e in (await pharmacist.escalations.list()).items if e.id == issue_id]
    assert mine.assignee == "Priya Shah" and mine.status is m.IssueStatus.OPEN
    with pytest.raises(errors.ConflictError):  # someone else cannot take it
        await lead.escalations.claim(issue_id)
    assert (await pharmacist.escalations.claim(issue_id)).status is m.IssueStatus.CLAIMED
    with pytest.raises(errors.ValidationError):
        await advisor.actions.run(
            "create_issue",
            m.ActionRequest(
                conversation_id=conv.id,
                workflow_id="escalate_medication_question",
                inputs={"kind": "medication_question", "title": "Nobody", "pharmacist": "advisor"},
            ),
            account_id=conv.account_id,
        )


async def test_the_pharmacists_an_escalation_can_name(http, advisor, pharmacist, ctx) -> None:  # type: ignore[no-untyped-def]
    """Any agent may list them (the advisor's escalation form does); a pharmacist whose sign-in is
    disabled is neither listed nor accepted."""
    listed = (await advisor.agents.pharmacists()).items
    with ctx.db.reader() as session:
        everyone = session.scalars(select(Agent)).all()
        expected = sorted(
            (a.display_name, a.username) for a in everyone if "pharmacist" in (a.roles or [])
        )
    assert [(p.display_name, p.username) for p in listed] == expected
    priya = next(p for p in listed if p.username == "pharmacist")
    assert priya.display_name == "Priya Shah" and priya.availability is m.Availability.AVAILABLE
    assert "advisor" not in {p.username for p in listed}  # an advisor is not a pharmacist

    conv = await verified_call(http, advisor, ctx, "pat_00045", 4501)
    with ctx.db.transaction() as session:
        session.execute(update(Agent).where(Agent.username == "pharmacist").values(locked=True))
    assert "pharmacist" not in {p.username for p in (await advisor.agents.pharmacists()).items}
    with pytest.raises(errors.ValidationError) as refused:
        await advisor.actions.run(
            "create_issue",
            m.ActionRequest(
                conversation_id=conv.id,
                workflow_id="escalate_medication",
                inputs={
                    "kind": "medication_question",
                    "title": "For Priya",
                    "pharmacist": "pharmacist",
                },
            ),
            account_id=conv.account_id,
        )
    assert refused.value.code == "unknown_pharmacist"
