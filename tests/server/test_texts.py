"""Texts: missed-call offers (once, in and after hours), SMS conversations, STOP, the 255
limit, delivery through the provider, Twilio's signature, and the app link."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import func, select

from backend_client import CareDeskClient, errors
from backend_client import models as m
from server.app import build_context, create_app
from server.core import texting
from server.core.context import AppContext
from server.core.orm import Conversation, EventRow, InboundText, OutboundMessage, SmsOptOut
from server.messaging import sms, texts
from server.messaging.sms import DemoSms, SendError, TwilioSms, valid_twilio_signature
from tests.support import APP_KEY, CTI_TOKEN, aircall, patient

MOBILE = "+447700900123"
# Monday 23 November 2026, noon in London (in hours); the Sunday before (closed).
MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SUNDAY_NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
CTI = {"X-CareDesk-CTI-Token": CTI_TOKEN}


def abandoned(call_id: int, ended: datetime, event: str = "call.hungup", number: str = MOBILE):
    env = aircall(
        event,
        call_id,
        raw_digits=number,
        user=None,
        ended=True,
        missed_call_reason="short_abandoned",
    )
    env["data"]["ended_at"] = int(ended.timestamp())
    env["data"]["started_at"] = int(ended.timestamp()) - 40
    return env


def texts_to(ctx: AppContext, number: str = MOBILE) -> list[OutboundMessage]:
    with ctx.db.reader() as session:
        return list(
            session.scalars(
                select(OutboundMessage)
                .where(OutboundMessage.to == number)
                .order_by(OutboundMessage.created_at)
            )
        )


async def text_in(http: httpx.AsyncClient, message_id: str, body: str, sender: str = MOBILE):
    response = await http.post(
        "/webhooks/sms",
        json={"id": message_id, "from": sender, "to": "+442079460000", "body": body},
        headers=CTI,
    )
    assert response.status_code == 200, response.text
    return response.json()


def events_of(ctx: AppContext, agent_id: str, type_: m.EventType) -> list[dict]:
    with ctx.db.reader() as session:
        return [
            e.data
            for e in session.scalars(
                select(EventRow)
                .where(EventRow.agent_id == agent_id, EventRow.type == type_.value)
                .order_by(EventRow.id)
            )
        ]


# --- missed and abandoned calls ---------------------------------------------------------------


async def test_an_abandoned_call_is_offered_one_text_however_often_the_webhooks_come(
    http, ctx
) -> None:
    hungup = abandoned(901, MONDAY_NOON)
    for envelope in (hungup, hungup, abandoned(901, MONDAY_NOON, "call.ended")):
        assert (await http.post("/webhooks/aircall", json=envelope)).status_code == 200
    ctx.drain_outboxes()
    sent = texts_to(ctx)
    assert [(t.kind, t.status) for t in sent] == [("missed_call", "sent")]
    assert "Reply to this text" in sent[0].body and len(sent[0].body) <= m.SMS_MAX_CHARS
    assert ctx.senders.sms.sent == [(MOBILE, sent[0].body)]  # type: ignore[attr-defined]
    # The number calls again and hangs up within the window: no second text.
    await http.post("/webhooks/aircall", json=abandoned(902, MONDAY_NOON))
    assert len(texts_to(ctx)) == 1


async def test_the_reply_to_a_missed_call_text_shows_it_in_the_thread(
    http, ctx, advisor: CareDeskClient
) -> None:
    await http.post("/webhooks/aircall", json=abandoned(907, MONDAY_NOON))
    conv_id = (await text_in(http, "SM13", "You called me?"))["conversation_id"]
    thread = await advisor.texts.thread(conv_id)
    assert [(t.kind, t.direction) for t in thread.items] == [
        (m.TextKind.MISSED_CALL, m.Direction.OUTBOUND),
        (m.TextKind.INBOUND, m.Direction.INBOUND),
    ]


async def test_outside_practice_hours_the_after_hours_text_goes(http, ctx) -> None:
    await http.post("/webhooks/aircall", json=abandoned(903, SUNDAY_NOON))
    (sent,) = texts_to(ctx)
    assert sent.kind == "after_hours"
    assert "Mon–Fri 08:00–20:00, Sat 09:00–13:00" in sent.body


async def test_no_text_to_a_landline_or_on_a_line_that_does_not_text(http, ctx) -> None:
    landline = "+442079460321"
    await http.post("/webhooks/aircall", json=abandoned(904, MONDAY_NOON, number=landline))
    assert texts_to(ctx, landline) == []


@pytest.fixture
def quiet_settings(settings):
    """The demo's texting file with the one line's missed-call texts switched off."""
    config = settings.texting
    line = replace(config.lines[0], missed_call_text=False)
    return replace(settings, texting=replace(config, lines=(line,)))


async def test_a_line_configured_not_to_text_offers_nothing(quiet_settings) -> None:
    ctx = build_context(quiet_settings)
    try:
        app = create_app(quiet_settings, ctx=ctx)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app), base_url="http://testserver"
        ) as http:
            await http.post("/webhooks/aircall", json=abandoned(905, MONDAY_NOON))
        assert texts_to(ctx) == []
    finally:
        ctx.close()


# --- SMS conversations ------------------------------------------------------------------------


async def test_a_reply_opens_an_sms_conversation_the_advisor_answers(
    http, ctx, advisor: CareDeskClient
) -> None:
    got = await text_in(http, "SM1", "Hi, my parcel has not come")
    conv_id = got["conversation_id"]
    with ctx.db.reader() as session:
        conv = session.get(Conversation, conv_id)
        assert conv is not None
        assert (conv.channel, conv.state, conv.agent_id) == ("sms", "ringing", "agent_advisor")
    created = events_of(ctx, "agent_advisor", m.EventType.CONVERSATION_CREATED)
    assert created[-1]["id"] == conv_id and created[-1]["channel"] == "sms"
    # A duplicate delivery of the same text changes nothing; the next text continues it.
    assert (await text_in(http, "SM1", "Hi, my parcel has not come"))["duplicate"] is True
    assert (await text_in(http, "SM2", "Order 123"))["conversation_id"] == conv_id

    quick = await advisor.texts.quick_responses(conv_id)
    call_back = next(q for q in quick.items if q.id == "call_back")
    assert "Alex" in call_back.preview and "{" not in call_back.preview
    sent = await advisor.texts.send(conv_id, quick_response="call_back")
    assert sent.body == call_back.preview and sent.kind is m.TextKind.QUICK_RESPONSE
    ctx.drain_outboxes()
    thread = await advisor.texts.thread(conv_id)
    assert [(t.direction, t.body) for t in thread.items] == [
        (m.Direction.INBOUND, "Hi, my parcel has not come"),
        (m.Direction.INBOUND, "Order 123"),
        (m.Direction.OUTBOUND, call_back.preview),
    ]
    assert thread.items[-1].status is m.TextStatus.SENT
    assert thread.items[-1].sent_by == "Alex Morgan"
    statuses = [e["status"] for e in events_of(ctx, "agent_advisor", m.EventType.TEXT_UPDATED)]
    assert statuses == ["received", "received", "queued", "sent"]
    listed = {c.id: c for c in (await advisor.conversations.list()).items}
    assert listed[conv_id].state is m.ConversationState.ACTIVE  # answering took it


async def test_a_text_is_at_most_255_characters(http, ctx, advisor: CareDeskClient) -> None:
    conv_id = (await text_in(http, "SM3", "hello"))["conversation_id"]
    with pytest.raises(ValueError):  # the contract refuses it before it leaves the desk
        m.NewText(text="x" * (m.SMS_MAX_CHARS + 1))
    with pytest.raises(errors.ValidationError):  # and the server, when something else sends one
        await advisor._request(
            "POST",
            f"/v1/conversations/{conv_id}/texts",
            None,
            json_body={"text": "x" * (m.SMS_MAX_CHARS + 1)},
            idempotency_key="long-1",
        )
    exactly = await advisor.texts.send(conv_id, text="y" * m.SMS_MAX_CHARS)
    assert len(exactly.body) == m.SMS_MAX_CHARS


async def test_stop_stops_every_text_until_start(http, ctx, advisor: CareDeskClient) -> None:
    conv_id = (await text_in(http, "SM4", "Who is this?"))["conversation_id"]
    assert (await text_in(http, "SM5", " stop "))["keyword"] == "STOP"
    with ctx.db.reader() as session:
        row = session.get(SmsOptOut, MOBILE)
        assert row is not None and row.opted_out and row.keyword == "STOP"
    assert (await advisor.texts.thread(conv_id)).opted_out is True
    with pytest.raises(errors.ConflictError) as refused:
        await advisor.texts.send(conv_id, text="Sorry to bother you")
    assert refused.value.code == "opted_out"
    await http.post("/webhooks/aircall", json=abandoned(906, MONDAY_NOON))
    assert texts_to(ctx) == []  # no missed-call text to an opted-out number either
    await text_in(http, "SM6", "START")
    assert (await advisor.texts.send(conv_id, text="Thanks, we're here")).body


async def test_a_bare_stop_opens_no_conversation(http, ctx) -> None:
    got = await text_in(http, "SM7", "STOP", sender="+447700900456")
    assert got["conversation_id"] is None and got["keyword"] == "STOP"
    with ctx.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(InboundText)) == 0


async def test_with_nobody_signed_in_a_text_waits_for_a_lead(http, ctx, lead) -> None:
    await lead.agents.set_availability(m.Availability.AWAY)
    got = await text_in(http, "SM8", "Hello?")
    with ctx.db.reader() as session:
        conv = session.get(Conversation, got["conversation_id"])
        assert conv is not None and conv.agent_id is None
    floor = await lead.floor.retrieve()
    assert got["conversation_id"] in {w.id for w in floor.waiting}


async def test_the_app_link_verifies_the_texting_patient(
    http, ctx, advisor: CareDeskClient
) -> None:
    conv_id = (await text_in(http, "SM9", "Can I change my address?"))["conversation_id"]
    link = await advisor.texts.send_app_link(conv_id)
    token = link.body.split("/confirm/")[1].split(" ")[0]
    facts = patient(ctx)
    confirm = {"token": token, "account_id": facts.account_id}
    wrong_key = await http.post("/v1/patient/conversation-links", json=confirm)
    assert wrong_key.status_code == 401
    auth = {"Authorization": f"Bearer {APP_KEY}"}
    ok = await http.post("/v1/patient/conversation-links", json=confirm, headers=auth)
    assert ok.status_code == 204, ok.text
    conv = next(c for c in (await advisor.conversations.list()).items if c.id == conv_id)
    assert conv.auth_state is m.AuthState.VERIFIED_APP and conv.account_id == facts.account_id
    again = await http.post("/v1/patient/conversation-links", json=confirm, headers=auth)
    assert again.status_code == 404  # one use


async def test_another_agents_sms_conversation_is_not_readable(
    http, ctx, advisor: CareDeskClient, pharmacist: CareDeskClient
) -> None:
    await pharmacist.agents.set_availability(m.Availability.AWAY)
    conv_id = (await text_in(http, "SM10", "hi"))["conversation_id"]
    assert (await advisor.texts.thread(conv_id)).items  # routed to the one available
    with pytest.raises(errors.PermissionDeniedError):
        await pharmacist.texts.thread(conv_id)
    with pytest.raises(errors.PermissionDeniedError):
        await pharmacist.texts.send(conv_id, text="hello")


# --- the provider -----------------------------------------------------------------------------


async def test_a_gateway_that_is_down_delays_a_text_and_one_that_refuses_fails_it(
    http, ctx
) -> None:
    class Flaky:
        name = "flaky"

        def __init__(self) -> None:
            self.calls = 0

        def send(self, to: str, body: str) -> str:
            self.calls += 1
            if self.calls == 1:
                raise SendError("down")
            if body == "refuse me":
                raise SendError("no", permanent=True)
            return f"ok-{self.calls}"

    ctx.deliver_outboxes = lambda: None  # this test delivers by hand, with its own gateway
    conv_id = (await text_in(http, "SM12", "hello"))["conversation_id"]
    with ctx.db.transaction() as session:
        conv = session.get(Conversation, conv_id)
        assert conv is not None
        texts.queue_text(session, conv, "first", m.TextKind.REPLY)
    senders = sms.Senders(Flaky(), sms.LocalMessages())
    assert sms.deliver_pending(ctx.db, senders) == 0  # the gateway was down: still queued
    assert [t.status for t in texts_to(ctx)] == ["queued"]
    assert sms.deliver_pending(ctx.db, senders) == 1
    (row,) = texts_to(ctx)
    assert (row.status, row.provider, row.provider_id, row.attempts) == ("sent", "flaky", "ok-2", 2)
    with ctx.db.transaction() as session:
        conv = session.get(Conversation, conv_id)
        assert conv is not None
        texts.queue_text(session, conv, "refuse me", m.TextKind.REPLY)
    assert sms.deliver_pending(ctx.db, senders) == 0
    assert [t.status for t in texts_to(ctx)] == ["sent", "failed"]


def twilio_signature(token: str, url: str, form: dict[str, str]) -> str:
    """Twilio's documented algorithm, written out independently of the server's."""
    data = url
    for key in sorted(form):
        data += key + form[key]
    mac = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(mac).decode()


def test_the_twilio_signature_check_matches_twilios_published_example() -> None:
    # The example in Twilio's "Webhooks security" documentation.
    url = "https://example.com/myapp.php?foo=1&bar=2"
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    token = "12345"
    expected = twilio_signature(token, url, params)
    assert valid_twilio_signature(token, url, params.items(), expected)
    assert not valid_twilio_signature(token, url, params.items(), "x" + expected[1:])
    assert not valid_twilio_signature(token, url, params.items(), None)


@pytest.fixture
def twilio_settings(settings):
    return replace(
        settings,
        twilio_account_sid="AC" + "0" * 32,
        twilio_auth_token="twilio-test-token",
        twilio_sender="+447700900999",
        public_url="https://caredesk.example",
    )


async def test_twilio_texts_in_are_accepted_only_when_signed(twilio_settings) -> None:
    ctx = build_context(twilio_settings, sms=DemoSms())
    try:
        app = create_app(twilio_settings, ctx=ctx)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app), base_url="http://testserver"
        ) as http:
            form = {
                "MessageSid": "SM" + "a" * 32,
                "From": MOBILE,
                "To": "+447700900999",
                "Body": "Is my prescription ready?",
            }
            url = "https://caredesk.example/webhooks/twilio/sms"
            good = twilio_signature("twilio-test-token", url, form)
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            forged = await http.post(
                "/webhooks/twilio/sms",
                content=urlencode(form),
                headers=headers | {"X-Twilio-Signature": good[::-1]},
            )
            assert forged.status_code == 403
            ok = await http.post(
                "/webhooks/twilio/sms",
                content=urlencode(form),
                headers=headers | {"X-Twilio-Signature": good},
            )
            assert ok.status_code == 200 and "<Response>" in ok.text
            assert ok.headers["content-type"].startswith("text/xml")
        with ctx.db.reader() as session:
            (text,) = session.scalars(select(InboundText)).all()
            assert (text.provider, text.body) == ("twilio", "Is my prescription ready?")
    finally:
        ctx.close()


def test_twilio_sends_through_the_messages_api() -> None:
    seen: list[httpx.Request] = []

    def twilio(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        form = dict(x.split("=", 1) for x in request.content.decode().split("&"))
        if form["To"] == "%2B447700900111":
            return httpx.Response(400, json={"code": 21610, "message": "unsubscribed"})
        return httpx.Response(201, json={"sid": "SM" + "b" * 32, "status": "queued"})

    provider = TwilioSms(
        "AC" + "1" * 32,
        "tok",
        "MG" + "2" * 32,
        status_callback="https://caredesk.example/webhooks/twilio/status",
        transport=httpx.MockTransport(twilio),
    )
    assert provider.send(MOBILE, "Hello") == "SM" + "b" * 32
    request = seen[0]
    assert request.url.path == f"/2010-04-01/Accounts/AC{'1' * 32}/Messages.json"
    assert request.headers["authorization"].startswith("Basic ")
    body = request.content.decode()
    assert "MessagingServiceSid=MG" in body and "Body=Hello" in body and "StatusCallback=" in body
    with pytest.raises(SendError) as refused:
        provider.send("+447700900111", "Hello")
    assert refused.value.permanent and refused.value.opted_out


# --- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        (
            '[[quick_responses]]\nid = "a"\ntitle = "A"\ntext = "Hi {first_name}"',
            "unknown placeholder",
        ),
        ('[[quick_responses]]\nid = "a"\ntitle = "A"\ntext = "' + "x" * 256 + '"', "at most 255"),
        (
            '[[lines]]\nline = "*"\nname = "L"\nhours = { mon = "20:00-08:00" }\n'
            'text = "a"\nafter_hours_text = "b"',
            "start before end",
        ),
        (
            '[[lines]]\nline = "*"\nname = "L"\ntimezone = "Mars/Olympus"\ntext = "a"\n'
            'after_hours_text = "b"',
            "not a time zone",
        ),
        ("colour = 1", "unknown key"),
    ],
)
def test_a_bad_texting_file_is_refused_with_the_key_named(tmp_path, toml, problem) -> None:
    path = tmp_path / "texting.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(texting.TextingConfigError) as refused:
        texting.load(path)
    assert problem in str(refused.value) and str(path) in str(refused.value)


def test_the_built_in_texts_fit_and_translate() -> None:
    config = texting.load(None)
    line = config.line_for("+442079460000")
    assert line is not None and line.is_open(MONDAY_NOON) and not line.is_open(SUNDAY_NOON)
    assert set(config.quick_responses[0].texts) == {"en", "pl"}
    assert line.opening_hours("pl").startswith("pon.–pt.")


async def test_two_texts_sent_at_once_both_go_once(http, ctx, advisor: CareDeskClient) -> None:
    conv_id = (await text_in(http, "SM11", "hi"))["conversation_id"]
    a, b = await asyncio.gather(
        advisor.texts.send(conv_id, text="one", idempotency_key="k-one"),
        advisor.texts.send(conv_id, text="one", idempotency_key="k-one"),
    )
    assert a.id == b.id  # one key, one text
    assert [t.body for t in texts_to(ctx)] == ["one"]
    assert json.loads(a.model_dump_json())["body"] == "one"


async def test_a_texting_caller_is_verified_by_the_challenge(
    http, ctx, advisor: CareDeskClient
) -> None:
    from tests.server.test_challenge import fact_answer

    facts = patient(ctx, "pat_00031")
    conv_id = (await text_in(http, "SM14", "It's about my order"))["conversation_id"]
    q = await advisor.challenge.questions(conv_id)
    result = await advisor.challenge.submit(
        conv_id,
        m.ChallengeAnswers(
            caller_type=m.CallerType.PATIENT,
            answers={
                "full_name": f"{facts.first_name} {facts.last_name}",
                "date_of_birth": facts.date_of_birth.isoformat(),
                "postcode": facts.postcode,
                "fact": fact_answer(q.model_dump(mode="json"), facts),
            },
        ),
    )
    assert result.verified and result.conversation.account_id == facts.account_id
    # Verified, the advisor's replies are recorded against the account.
    await advisor.texts.send(conv_id, text="Thanks, I can see your order now.")
    (sent,) = [t for t in texts_to(ctx) if t.body.startswith("Thanks, I can see")]
    assert sent.account_id == facts.account_id


async def test_the_follow_up_text_workflow_honours_stop_too(
    http, ctx, advisor: CareDeskClient
) -> None:
    await text_in(http, "SM15", "STOP")
    ring = aircall("call.answered", 908, raw_digits=MOBILE, answered=True)
    conv_id = (await http.post("/webhooks/aircall", json=ring)).json()["conversation_id"]
    request = m.ActionRequest(
        conversation_id=conv_id,
        workflow_id="follow_up_sms",
        inputs={"kind": "follow_up", "channel": "sms", "text": "We tried to call you back."},
    )
    with pytest.raises(errors.ConflictError) as refused:
        await advisor.actions.run("send_message", request)
    assert refused.value.code == "opted_out"
    assert texts_to(ctx) == []


async def test_a_missed_call_through_the_generic_cti_hook_is_offered_a_text(http, ctx) -> None:
    call = {"callId": "cti-909", "from": "07700 900123", "to": "+442079460000", "direction": "in"}
    for event in ({"event": "newCall"}, {"event": "hangup", "cause": "busy"}):
        response = await http.post("/webhooks/cti", json=call | event, headers=CTI)
        assert response.status_code == 200, response.text
    ctx.drain_outboxes()
    (sent,) = texts_to(ctx)
    assert sent.kind in ("missed_call", "after_hours") and sent.status == "sent"


async def test_only_a_webhook_that_queued_a_text_wakes_the_outbox(http, ctx) -> None:
    woken: list[int] = []
    ctx.deliver_outboxes = lambda: woken.append(1)
    ringing = aircall("call.ringing_on_agent", 910, raw_digits=MOBILE)
    assert (await http.post("/webhooks/aircall", json=ringing)).status_code == 200
    assert woken == []  # the screen pop's path: nothing queued, no outbox work
    await http.post("/webhooks/aircall", json=abandoned(910, MONDAY_NOON))
    assert woken == [1]
