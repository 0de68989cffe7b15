"""The enquiry inbox: in with the app key, read on opening, answered once (by reply, phone or
rejection), reminders and reroutes on a clock the test moves, out-of-office, response times."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from backend_client import CareDeskClient, errors
from backend_client import models as m
from server import maintenance
from server.core.context import AppContext
from server.core.orm import EnquiryRow, EventRow, OutboundMessage, utcnow
from server.messaging import enquiries
from tests.support import APP_KEY

APP = {"Authorization": f"Bearer {APP_KEY}"}
FORM = {
    "name": "Jo Bloggs",
    "email": "jo@example.test",
    "phone": "07700 900321",
    "subject": "Repeat prescription",
    "body": "When will my repeat be sent?",
}


async def enquire(http: httpx.AsyncClient, **changes: str) -> str:
    response = await http.post("/v1/enquiries", json=FORM | changes, headers=APP)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def row(ctx: AppContext, enquiry_id: str) -> EnquiryRow:
    with ctx.db.reader() as session:
        found = session.get(EnquiryRow, enquiry_id)
        assert found is not None
        session.expunge(found)
        return found


def messages(ctx: AppContext) -> list[OutboundMessage]:
    with ctx.db.reader() as session:
        return list(session.scalars(select(OutboundMessage).order_by(OutboundMessage.created_at)))


async def test_the_form_needs_the_app_key_and_valid_fields(http) -> None:
    assert (await http.post("/v1/enquiries", json=FORM)).status_code == 401
    bad_team = await http.post("/v1/enquiries", json=FORM | {"team": "nobody"}, headers=APP)
    assert bad_team.status_code == 422
    bad_phone = await http.post("/v1/enquiries", json=FORM | {"phone": "call me"}, headers=APP)
    assert bad_phone.status_code == 422
    extra = await http.post("/v1/enquiries", json=FORM | {"html": "<b>"}, headers=APP)
    assert extra.status_code == 422


async def test_an_enquiry_is_listed_for_its_team_unread_until_opened(
    http, ctx, advisor: CareDeskClient, pharmacist: CareDeskClient
) -> None:
    enquiry_id = await enquire(http)
    inbox = await advisor.enquiries.list()
    (item,) = [i for i in inbox.items if i.id == enquiry_id]
    assert not item.read and inbox.unread >= 1
    assert enquiry_id not in {i.id for i in (await pharmacist.enquiries.list()).items}
    with pytest.raises(errors.PermissionDeniedError):
        await pharmacist.enquiries.open(enquiry_id)
    opened = await advisor.enquiries.open(enquiry_id)
    assert opened.body == FORM["body"] and opened.read_by == "Alex Morgan"
    assert opened.phone == "+447700900321"
    (item,) = [i for i in (await advisor.enquiries.list()).items if i.id == enquiry_id]
    assert item.read
    with ctx.db.reader() as session:
        told = session.scalars(
            select(EventRow).where(
                EventRow.agent_id == "agent_advisor",
                EventRow.type == m.EventType.ENQUIRY_UPDATED.value,
            )
        ).all()
    assert [e.data["read"] for e in told if e.data["id"] == enquiry_id] == [False, True]


async def test_answered_by_phone_counts_and_sends_nothing(
    http, ctx, advisor: CareDeskClient
) -> None:
    enquiry_id = await enquire(http)
    done = await advisor.enquiries.answer(enquiry_id, m.AnswerChannel.PHONE, "Called, sorted.")
    assert done.state is m.EnquiryState.ANSWERED and done.answer_channel is m.AnswerChannel.PHONE
    assert done.answered_by == "Alex Morgan" and done.read_at is not None
    assert messages(ctx) == []


async def test_a_reply_by_text_goes_once_and_is_at_most_255(
    http, ctx, advisor: CareDeskClient
) -> None:
    enquiry_id = await enquire(http)
    with pytest.raises(errors.ValidationError):
        await advisor.enquiries.answer(enquiry_id, m.AnswerChannel.SMS, "x" * 256)
    assert row(ctx, enquiry_id).state == "open"  # a refused answer leaves it open
    await advisor.enquiries.answer(enquiry_id, m.AnswerChannel.SMS, "It goes today.")
    ctx.drain_outboxes()
    (sent,) = messages(ctx)
    assert (sent.channel, sent.to, sent.body, sent.status) == (
        "sms",
        "+447700900321",
        "It goes today.",
        "sent",
    )


async def test_two_advisors_replying_at_once_one_wins_the_other_is_told(
    http, ctx, app, advisor: CareDeskClient, lead: CareDeskClient
) -> None:
    enquiry_id = await enquire(http)
    results = await asyncio.gather(
        advisor.enquiries.answer(enquiry_id, m.AnswerChannel.EMAIL, "From Alex"),
        lead.enquiries.answer(enquiry_id, m.AnswerChannel.EMAIL, "From Sam"),
        return_exceptions=True,
    )
    won = [r for r in results if isinstance(r, m.Enquiry)]
    lost = [r for r in results if isinstance(r, errors.ConflictError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].code == "already_answered"
    assert won[0].answered_by in lost[0].message
    assert [x.body for x in messages(ctx)] == [won[0].answer]  # exactly one email queued
    # Rejecting it afterwards is refused too: it was answered.
    with pytest.raises(errors.ConflictError):
        await advisor.enquiries.reject(enquiry_id, "Duplicate of another")


async def test_rejecting_with_a_reason_counts_as_the_answer(
    http, ctx, advisor: CareDeskClient, lead: CareDeskClient
) -> None:
    enquiry_id = await enquire(http)
    done = await advisor.enquiries.reject(enquiry_id, "Spam")
    assert done.state is m.EnquiryState.REJECTED and done.answer == "Spam"
    assert messages(ctx) == []
    stats = await lead.floor.stats()
    (team,) = [t for t in stats.enquiry_response if t.team == "patient-care"]
    assert team.answered == 1 and team.median_hours is not None and team.within_day == 1.0


async def test_unread_for_two_days_reminds_and_for_three_reroutes_as_secondary(
    http, ctx, advisor: CareDeskClient, pharmacist: CareDeskClient
) -> None:
    enquiry_id = await enquire(http)
    read_id = await enquire(http, subject="Read in time")
    await advisor.enquiries.open(read_id)
    created = row(ctx, enquiry_id).created_at

    def at(delta: timedelta) -> dict[str, int]:
        return maintenance.sweep(ctx, created + delta)

    assert at(timedelta(days=2) - timedelta(seconds=1)) == {"reminded": 0, "rerouted": 0}
    assert at(timedelta(days=2, seconds=1)) == {"reminded": 1, "rerouted": 0}
    assert at(timedelta(days=2, hours=1)) == {"reminded": 0, "rerouted": 0}  # once
    (item,) = [i for i in (await advisor.enquiries.list()).items if i.id == enquiry_id]
    assert item.reminded and not item.secondary
    assert at(timedelta(days=3, seconds=1)) == {"reminded": 0, "rerouted": 1}
    assert at(timedelta(days=9)) == {"reminded": 0, "rerouted": 0}  # rerouted once only
    moved = row(ctx, enquiry_id)
    assert (moved.team, moved.secondary, moved.rerouted_from) == ("pharmacy", True, "patient-care")
    (item,) = [i for i in (await pharmacist.enquiries.list()).items if i.id == enquiry_id]
    assert item.secondary
    assert enquiry_id not in {i.id for i in (await advisor.enquiries.list()).items}
    kept = row(ctx, read_id)  # the one opened in time stayed where it was
    assert (kept.team, kept.reminded_at, kept.secondary) == ("patient-care", None, False)


async def test_out_of_office_replies_at_once_and_holds_reminders_back(
    http, ctx, advisor: CareDeskClient, lead: CareDeskClient
) -> None:
    back = utcnow() + timedelta(days=5)
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.enquiries.set_out_of_office("patient-care", "Away", back)
    await lead.enquiries.set_out_of_office("patient-care", "We're away until Monday.", back)
    response = await http.post("/v1/enquiries", json=FORM, headers=APP)
    assert response.json()["out_of_office"] is True
    enquiry_id = response.json()["id"]
    ctx.drain_outboxes()
    (reply,) = messages(ctx)
    assert (reply.channel, reply.to, reply.kind, reply.status) == (
        "email",
        FORM["email"],
        "out_of_office",
        "sent",
    )
    created = row(ctx, enquiry_id).created_at
    assert maintenance.sweep(ctx, created + timedelta(days=2, hours=1))["reminded"] == 0
    assert maintenance.sweep(ctx, back + timedelta(minutes=1))["reminded"] == 1
    assert row(ctx, enquiry_id).state == "open"  # an out-of-office reply is not an answer


def test_response_times_take_the_median_per_team(ctx) -> None:
    now = utcnow()
    with ctx.db.transaction() as session:
        for i, hours in enumerate((1, 3, 30)):
            session.add(
                EnquiryRow(
                    id=f"enq_t{i}",
                    team="patient-care",
                    secondary=False,
                    name="N",
                    subject="S",
                    body="B",
                    created_at=now - timedelta(hours=hours),
                    state="answered",
                    answered_at=now,
                    answer="x",
                    version=2,
                )
            )
    with ctx.db.reader() as session:
        (team,) = enquiries.response_times(session, now - timedelta(days=1), now + timedelta(1))
    assert (team.answered, team.median_hours, team.within_day) == (3, 3.0, round(2 / 3, 3))
