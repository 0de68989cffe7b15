"""The phone system's routing request: the app-call token redeemed before the call rings anyone,
the call recorded as the conversation its webhooks join, and whom it rings, rule by rule."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select, update

from backend_client import models as m
from server.core.context import AppContext
from server.core.orm import (
    Account,
    Agent,
    Appointment,
    AuditRow,
    Conversation,
    Issue,
    new_id,
    utcnow,
)
from server.routes.telephony import settle_late_work
from tests.support import APP_KEY, aircall, patient

ROUTING_TOKEN = "test-routing-token-0123"
LINE = "+44 20 7946 0000"
TEAMS = {"patient-care": "501", "pharmacy": "502"}
AUTH = {"Authorization": f"Bearer {ROUTING_TOKEN}"}


@pytest.fixture
def settings(settings):  # type: ignore[no-untyped-def]
    return replace(
        settings,
        routing_token=ROUTING_TOKEN,
        telephony_team_ids=TEAMS,
        line_teams={"+442079460000": "patient-care"},
    )


def ask(call_id: int | str, caller: str, digits: str | None = None) -> dict[str, Any]:
    """The body a Ring to (via API) widget is set up to send (docs/telephony.md)."""
    body: dict[str, Any] = {"call_id": call_id, "from": caller, "to": LINE}
    if digits is not None:
        body["input"] = digits
    return body


async def token(advisor, account_id: str) -> str:  # type: ignore[no-untyped-def]
    return (await advisor.patient_app.create_call_token(account_id, APP_KEY)).token


def only_rule(ctx: AppContext, *names: str) -> None:
    ctx.settings = replace(ctx.settings, routing_rules=names)


async def conversations_of(ctx: AppContext, call_id: int) -> list[Conversation]:
    with ctx.db.reader() as session:
        return list(
            session.scalars(
                select(Conversation).where(
                    Conversation.source == "aircall", Conversation.external_id == str(call_id)
                )
            )
        )


async def test_routing_is_refused_without_the_token(http) -> None:
    body = ask(1, "+447700900001")
    assert (await http.post("/telephony/route", json=body)).status_code == 401
    wrong = {"Authorization": "Bearer not-it"}
    assert (await http.post("/telephony/route", json=body, headers=wrong)).status_code == 401
    # Basic auth with the token as the password is what the widget's Basic option sends.
    basic = httpx.BasicAuth("aircall", ROUTING_TOKEN)
    reply = await http.post("/telephony/route", json=body, auth=basic)
    assert reply.status_code == 200


async def test_routing_is_refused_when_no_token_is_configured(http, ctx) -> None:
    ctx.settings = replace(ctx.settings, routing_token=None)
    reply = await http.post("/telephony/route", json=ask(1, "+447700900001"), headers=AUTH)
    assert reply.status_code == 401


async def test_right_token_lands_verified_and_is_remembered(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00003")
    only_rule(ctx)  # no rules: the line's team
    code = await token(advisor, facts.account_id)
    reply = await http.post("/telephony/route", json=ask(7001, facts.phone, code), headers=AUTH)
    assert reply.status_code == 200
    answer = reply.json()
    assert answer["verified"] is True and answer["challenge"] is False
    assert answer["ring"] == "team" and answer["team_id"] == "501" and "user_id" not in answer
    assert answer["rule"] == "team"
    # Nothing about the patient goes back to the phone system.
    assert facts.last_name not in reply.text and facts.first_name not in reply.text
    [conv] = await conversations_of(ctx, 7001)
    assert conv.auth_state == "verified_app" and conv.account_id == facts.account_id
    assert conv.routed_by == "team" and conv.id == answer["conversation_id"]
    # Asked again for the same call (a second widget), the same answer; the token stays spent.
    again = await http.post("/telephony/route", json=ask(7001, facts.phone, code), headers=AUTH)
    assert again.json() == answer


async def test_wrong_token_goes_to_the_challenge(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00004")
    code = await token(advisor, facts.account_id)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    reply = await http.post("/telephony/route", json=ask(7002, facts.phone, wrong), headers=AUTH)
    assert reply.status_code == 200
    assert reply.json()["verified"] is False and reply.json()["challenge"] is True
    [conv] = await conversations_of(ctx, 7002)
    assert conv.account_id is None and conv.pending == m.PendingCheck.CHALLENGE


async def test_token_from_another_number_asks_one_more_question(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00005")
    code = await token(advisor, facts.account_id)
    reply = await http.post(
        "/telephony/route", json=ask(7003, "+44 20 7946 0999", code), headers=AUTH
    )
    assert reply.json()["verified"] is False and reply.json()["challenge"] is True
    [conv] = await conversations_of(ctx, 7003)
    assert conv.pending == m.PendingCheck.DATE_OF_BIRTH


async def test_no_token_goes_to_the_challenge(http, advisor) -> None:
    reply = await http.post("/telephony/route", json=ask(7004, "+44 20 7946 0321"), headers=AUTH)
    assert reply.json()["verified"] is False and reply.json()["challenge"] is True
    assert reply.json()["conversation_id"]


async def test_spent_line_budget_stops_trying_tokens(http, advisor, ctx) -> None:
    ctx.settings = replace(ctx.settings, app_token_line_budget_per_hour=2)
    facts = patient(ctx, "pat_00006")
    code = await token(advisor, facts.account_id)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for n, caller in enumerate(("+44 20 7946 0401", "+44 20 7946 0402")):
        await http.post("/telephony/route", json=ask(7010 + n, caller, wrong), headers=AUTH)
    reply = await http.post("/telephony/route", json=ask(7019, facts.phone, code), headers=AUTH)
    assert reply.json()["verified"] is False and reply.json()["challenge"] is True
    with ctx.db.reader() as session:
        reasons = session.scalars(
            select(AuditRow.detail).where(AuditRow.action == "app_token.refused")
        ).all()
    assert [r.get("reason") for r in reasons] == ["throttled"]


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_webhooks_and_routing_in_any_order_are_one_conversation(
    http, advisor, ctx, seed: int
) -> None:
    facts = patient(ctx, "pat_00007")
    code = await token(advisor, facts.account_id)
    call_id = 7100 + seed
    deliveries: list[tuple[str, dict[str, Any], dict[str, str]]] = [
        ("/telephony/route", ask(call_id, facts.phone, code), AUTH),
        (
            "/webhooks/aircall",
            aircall("call.created", call_id, raw_digits=facts.phone, user=None),
            {},
        ),
        (
            "/webhooks/aircall",
            aircall("call.ringing_on_agent", call_id, raw_digits=facts.phone),
            {},
        ),
        (
            "/webhooks/aircall",
            aircall("call.answered", call_id, raw_digits=facts.phone, answered=True),
            {},
        ),
    ]
    deliveries += deliveries[1:3]  # Aircall retries
    random.Random(seed).shuffle(deliveries)  # a fixed order per seed: the test is repeatable
    for path, body, headers in deliveries:
        assert (await http.post(path, json=body, headers=headers)).status_code == 200
    [conv] = await conversations_of(ctx, call_id)
    assert conv.account_id == facts.account_id and conv.auth_state == "verified_app"
    assert conv.state == m.ConversationState.ACTIVE and conv.agent_id == "agent_advisor"
    assert conv.routed_by is not None


def _set_available(ctx: AppContext, username: str, available: bool) -> None:
    with ctx.db.transaction() as session:
        session.execute(
            update(Agent)
            .where(Agent.username == username)
            .values(availability="available" if available else "away")
        )


async def test_sticky_rings_the_advisor_who_last_handled_the_patient(http, ctx) -> None:
    only_rule(ctx, "sticky")
    facts = patient(ctx, "pat_00008")
    with ctx.db.transaction() as session:
        session.add(
            Conversation(
                id=new_id("conv"),
                source="desk",
                external_id=new_id("desk"),
                channel="phone",
                direction="inbound",
                state="closed",
                caller_number=facts.phone,
                caller_display=facts.phone,
                agent_id="agent_lead",
                account_id=facts.account_id,
                started_at=utcnow() - timedelta(days=2),
                answered_at=utcnow() - timedelta(days=2),
                ended_at=utcnow() - timedelta(days=2),
            )
        )
    reply = await http.post("/telephony/route", json=ask(7201, facts.phone), headers=AUTH)
    answer = reply.json()
    assert answer["ring"] == "user" and answer["user_id"] == "1003"
    assert answer["rule"] == "sticky" and "Sam Taylor" in answer["reason"]
    assert answer["team_id"] == "501"  # the fallback if the user does not pick up
    # Not available: the rule passes, and the line's team rings.
    _set_available(ctx, "lead", False)
    other = await http.post("/telephony/route", json=ask(7202, facts.phone), headers=AUTH)
    assert other.json()["ring"] == "team" and other.json()["rule"] == "team"


async def test_appointment_rings_its_pharmacist(http, ctx) -> None:
    only_rule(ctx, "appointment")
    facts = patient(ctx, "pat_00009")
    with ctx.db.transaction() as session:
        session.add(
            Appointment(
                id=new_id("appt"),
                account_id=facts.account_id,
                pharmacist_id="agent_pharmacist",
                starts_at=utcnow() + timedelta(minutes=5),
                reason="Medication review",
            )
        )
    answer = (await http.post("/telephony/route", json=ask(7301, facts.phone), headers=AUTH)).json()
    assert answer["ring"] == "user" and answer["user_id"] == "1002"
    assert answer["rule"] == "appointment" and "Priya Shah" in answer["reason"]
    assert "Medication review" not in answer["reason"]


async def test_polish_speaking_patient_rings_a_polish_speaking_advisor(http, ctx) -> None:
    only_rule(ctx, "language")
    facts = patient(ctx, "pat_00010")
    with ctx.db.transaction() as session:
        account = session.get(Account, facts.account_id)
        assert account is not None
        account.preferences = {**(account.preferences or {}), "language": "pl"}
    answer = (await http.post("/telephony/route", json=ask(7401, facts.phone), headers=AUTH)).json()
    assert answer["ring"] == "user" and answer["user_id"] == "1003"  # the demo's Polish speaker
    assert answer["rule"] == "language" and "Polish" in answer["reason"]
    _set_available(ctx, "lead", False)
    other = (await http.post("/telephony/route", json=ask(7402, facts.phone), headers=AUTH)).json()
    assert other["rule"] == "team"


async def test_open_escalation_rings_its_team(http, ctx) -> None:
    only_rule(ctx, "escalation")
    facts = patient(ctx, "pat_00011")
    with ctx.db.transaction() as session:
        session.add(
            Issue(
                id=new_id("iss"),
                account_id=facts.account_id,
                kind="clinical",
                team="pharmacy",
                title="Side effects",
            )
        )
    answer = (await http.post("/telephony/route", json=ask(7501, facts.phone), headers=AUTH)).json()
    assert answer["ring"] == "team" and answer["team_id"] == "502" and answer["team"] == "pharmacy"
    assert answer["rule"] == "escalation"


async def test_unknown_caller_rings_the_lines_team(http, ctx) -> None:
    answer = (
        await http.post("/telephony/route", json=ask(7601, "+44 20 7946 0777"), headers=AUTH)
    ).json()
    assert answer == {
        "ring": "team",
        "team_id": "501",
        "team": "patient-care",
        "rule": "team",
        "reason": "No rule matched: the patient-care team's line.",
        "verified": False,
        "challenge": True,
        "conversation_id": answer["conversation_id"],
    }
    [conv] = await conversations_of(ctx, 7601)
    assert conv.routing_reason == answer["reason"] and conv.team == "patient-care"


async def test_query_parameters_and_form_work_too(http) -> None:
    reply = await http.get(
        "/telephony/route",
        params={"call_id": "7701", "from": "+44 20 7946 0778", "to": LINE},
        headers=AUTH,
    )
    assert reply.status_code == 200 and reply.json()["team_id"] == "501"
    form = await http.post(
        "/telephony/route", data={"callId": "7702", "from": "+44 20 7946 0779"}, headers=AUTH
    )
    assert form.status_code == 200
    bad = await http.post("/telephony/route", json={"from": "+44 20 7946 0779"}, headers=AUTH)
    assert bad.status_code == 400 and "call_id" in bad.text


async def test_a_slow_database_still_answers_within_the_budget(http, advisor, ctx) -> None:
    """The caller is on the line: past the budget the line's team is answered, and the work
    (the conversation, the token) still completes once the database catches up."""
    ctx.settings = replace(ctx.settings, routing_budget_ms=200)
    facts = patient(ctx, "pat_00012")
    code = await token(advisor, facts.account_id)
    release = threading.Event()

    def slow(*_: Any) -> None:
        release.wait(timeout=30)  # the database is stuck until the test lets it go

    event.listen(ctx.db.engine, "before_cursor_execute", slow)
    try:
        started = time.monotonic()
        reply = await http.post("/telephony/route", json=ask(7801, facts.phone, code), headers=AUTH)
        elapsed = time.monotonic() - started
        release.set()
        await settle_late_work()
    finally:
        release.set()
        event.remove(ctx.db.engine, "before_cursor_execute", slow)
    assert reply.status_code == 200
    answer = reply.json()
    assert answer["ring"] == "team" and answer["team_id"] == "501" and answer["rule"] == "team"
    assert "conversation_id" not in answer
    assert elapsed < 5  # the database was held for up to 30 s
    [conv] = await conversations_of(ctx, 7801)
    assert conv.account_id == facts.account_id and conv.auth_state == "verified_app"
    # What the conversation says rang is what did ring: the team, for being late.
    assert conv.routed_by == "team" and conv.routing_reason == answer["reason"]
    assert "did not answer in time" in answer["reason"]


def test_an_unknown_rule_in_the_settings_is_refused(settings) -> None:
    from server.telephony import routing

    with pytest.raises(SystemExit, match="not routing rules"):
        routing.check_rules(replace(settings, routing_rules=("sticky", "horoscope")))
    assert set(routing.RULES) >= {"sticky", "appointment", "language", "escalation"}


async def test_the_leads_floor_shows_why_a_waiting_call_rang_whom(http, lead, ctx) -> None:
    only_rule(ctx, "language")
    facts = patient(ctx, "pat_00013")
    with ctx.db.transaction() as session:
        account = session.get(Account, facts.account_id)
        assert account is not None
        account.preferences = {**(account.preferences or {}), "language": "pl"}
    await http.post("/telephony/route", json=ask(7901, facts.phone), headers=AUTH)
    [waiting] = [w for w in (await lead.floor.retrieve()).waiting if w.caller_display]
    assert waiting.routed_by == "language"
    assert waiting.routing_reason == "The patient prefers Polish; Sam Taylor speaks it."
