"""The lead's floor (the queue with its SLA, locked challenges, agents) and the KPIs, on a day
whose answers are worked out by hand below."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backend_client import errors
from backend_client import models as m
from server.core.events import fetch_since, latest_id
from server.core.orm import Conversation, Issue, new_id
from tests.support import aircall

DAY = date(2020, 1, 8)  # a Wednesday long before the seed's data


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, second, tzinfo=UTC)


def conv(
    channel: str = "phone",
    state: str = "closed",
    start: datetime | None = None,
    answer_after: float | None = None,
    handle: float | None = None,
    account: str | None = None,
    disposition: str | None = None,
    direction: str = "inbound",
) -> Conversation:
    started = start or at(10)
    answered = started + timedelta(seconds=answer_after) if answer_after is not None else None
    ended = (
        answered + timedelta(seconds=handle)
        if answered is not None and handle is not None
        else (started + timedelta(seconds=20) if state in ("missed", "abandoned") else None)
    )
    return Conversation(
        id=new_id("conv"),
        source="test",
        external_id=new_id("x"),
        channel=channel,
        direction=direction,
        state=state,
        auth_state="verified_app" if account else "unverified",
        caller_display="+44 20 7946 0000",
        account_id=account,
        disposition=disposition,
        started_at=started,
        answered_at=answered,
        ended_at=ended,
        updated_at=started,
    )


@pytest.fixture
def known_day(ctx) -> None:  # type: ignore[no-untyped-def]
    """Calls: 4 answered (10, 20, 40, 50 s to answer; handled 60, 120, 180, 240 s), 2 missed,
    1 abandoned; an outbound call (not counted); chats answered after 30 and 90 s (handled 300
    and 600 s). Closed with an account: A resolved (no later contact), B resolved but called back
    on day 3, C follow-up: FCR 1 of 3. Two days before: one answered call (week only)."""
    rows = [
        conv(
            start=at(9, 5), answer_after=10, handle=60, account="pat_00001", disposition="resolved"
        ),
        conv(
            start=at(9, 40),
            answer_after=20,
            handle=120,
            account="pat_00002",
            disposition="resolved",
        ),
        conv(
            start=at(11), answer_after=40, handle=180, account="pat_00003", disposition="follow_up"
        ),
        conv(start=at(11, 30), answer_after=50, handle=240),
        conv(state="missed", start=at(12)),
        conv(state="missed", start=at(12, 10)),
        conv(state="abandoned", start=at(12, 20)),
        conv(start=at(13), answer_after=5, handle=30, direction="outbound"),
        conv(channel="chat", start=at(14), answer_after=30, handle=300),
        conv(channel="chat", start=at(15), answer_after=90, handle=600),
        # pat_00002 rings again two days later: not a first-contact resolution.
        conv(start=at(10) + timedelta(days=2), answer_after=15, handle=60, account="pat_00002"),
        # Two days before the day: in the week's figures only.
        conv(start=at(10) - timedelta(days=2), answer_after=25, handle=100),
    ]
    with ctx.db.transaction() as session:
        session.add_all(rows)


async def test_kpis_of_a_known_day(lead, known_day) -> None:  # type: ignore[no-untyped-def]
    day = await lead.floor.stats(m.StatsPeriod.TODAY, DAY)
    assert (day.calls_answered, day.calls_missed, day.calls_abandoned) == (4, 2, 1)
    assert day.average_answer_seconds == pytest.approx((10 + 20 + 40 + 50) / 4)
    # Handle time: the four answered calls, the outbound one and the two chats.
    assert day.average_handle_seconds == pytest.approx((60 + 120 + 180 + 240 + 30 + 300 + 600) / 7)
    assert day.chat_first_response_seconds == pytest.approx(60)
    assert day.first_contact_resolution == pytest.approx(1 / 3)
    assert (day.phone_answer_breaches, day.chat_response_breaches) == (2, 1)  # 40 s, 50 s; 90 s
    assert len(day.buckets) == 24
    by_hour = {b.label: b for b in day.buckets}
    assert (by_hour["09:00"].answered, by_hour["12:00"].missed, by_hour["12:00"].abandoned) == (
        2,
        2,
        1,
    )
    assert day.start == at(0) and day.end == at(0) + timedelta(days=1)

    week = await lead.floor.stats(m.StatsPeriod.WEEK, DAY)
    assert week.calls_answered == 5 and len(week.buckets) == 7
    assert week.start == at(0) - timedelta(days=6)


async def test_escalations_by_team_and_age(lead, ctx) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    with ctx.db.transaction() as session:
        for team, hours, status in [
            ("zz-test-team", 1, "open"),
            ("zz-test-team", 5, "claimed"),
            ("zz-test-team", 30, "open"),
            ("zz-test-team", 24 * 9, "open"),
            ("zz-test-team", 3, "resolved"),  # not open: not counted
        ]:
            session.add(
                Issue(
                    id=new_id("iss"),
                    account_id="pat_00004",
                    kind="other",
                    team=team,
                    title="t",
                    status=status,
                    created_at=now - timedelta(hours=hours),
                )
            )
    stats = await lead.floor.stats()
    (team,) = [t for t in stats.escalations if t.team == "zz-test-team"]
    assert (team.under_2h, team.under_1d, team.under_1w, team.older) == (1, 1, 1, 1)


async def test_the_floor_shows_the_queue_against_its_sla(http, lead, advisor, ctx) -> None:  # type: ignore[no-untyped-def]
    before = latest_id(ctx.db)
    # A call no agent has yet (Aircall's call.created without a user) waits on the floor.
    reply = await http.post("/webhooks/aircall", json=aircall("call.created", 7001, user=None))
    waiting_id = reply.json()["conversation_id"]
    assert any(e.type == "floor.updated" for e in fetch_since(ctx.db, "agent_lead", before))
    with ctx.db.transaction() as session:  # it has waited 45 s
        row = session.get(Conversation, waiting_id)
        assert row is not None
        row.started_at = datetime.now(UTC) - timedelta(seconds=45)
    floor = await lead.floor.retrieve()
    (waiting,) = [w for w in floor.waiting if w.id == waiting_id]
    assert waiting.sla_seconds == 30 and waiting.breached and waiting.waited_seconds >= 45
    assert floor.sla == m.SlaTargets(
        phone_answer_seconds=30, chat_first_response_seconds=60, issue_ack_minutes=120
    )
    assert {a.display_name for a in floor.agents} >= {"Alex Morgan", "Priya Shah"}
    assert set(floor.breaches_today) == {"phone", "chat", "escalations"}
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.floor.retrieve()
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.floor.stats()


async def test_figures_refuse_a_day_out_of_range(http, lead) -> None:
    headers = {"Authorization": f"Bearer {lead._access}"}
    for day in ("9999-12-31", "0001-01-01"):
        response = await http.get(f"/v1/stats?period=week&day={day}", headers=headers)
        assert response.status_code == 400, day
        assert response.json()["error"]["code"] == "bad_day"
